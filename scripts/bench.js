#!/usr/bin/env node
'use strict';
// `npm run bench`: runs every compiled bench file (dist/bench/*.js except the harness), each in its own process
// so one workload's heap and JIT state do not colour the next. `npm run bench -- decode` runs only matching files.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const dir = path.resolve(__dirname, '..', 'dist', 'bench');
const filter = process.argv[2];
const files = fs.readdirSync(dir)
  .filter((f) => f.endsWith('.js') && f !== 'harness.js' && (!filter || f.includes(filter)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file.replace(/\.js$/, '.ts')} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
