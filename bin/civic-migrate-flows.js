#!/usr/bin/env node
'use strict';
// Rewrites a Node-RED flow file saved with this pack's 0.1.0 node type names (sensor-decode, greenhouse-alert, …)
// to the current civic-… names. Usage: civic-migrate-flows <flows.json> [more files…]
// Keeps a copy of each changed file as <file>.before-civic-rename and changes nothing when no old name is found.
// Stop Node-RED first (it rewrites flows.json on deploy), or convert in the editor with the button the pack shows.
const fs = require('fs');
const path = require('path');
const { migrateFlowTypes } = require(path.join(__dirname, '..', 'dist', 'lib', 'migrations'));

const files = process.argv.slice(2);
if (files.length === 0 || files.includes('--help')) {
  console.log('usage: civic-migrate-flows <flows.json> [more files…]\n'
    + '使い方: civic-migrate-flows <flows.json> — 0.1.0 のノード名を新しい名前 (civic-…) に書き換えます');
  process.exit(files.length === 0 ? 2 : 0);
}
let failed = false;
for (const file of files) {
  try {
    const { flows, renamed } = migrateFlowTypes(JSON.parse(fs.readFileSync(file, 'utf8')));
    const count = Object.values(renamed).reduce((a, b) => a + b, 0);
    if (count === 0) {
      console.log(`${file}: no old node names / 古い名前のノードはありません`);
      continue;
    }
    fs.copyFileSync(file, `${file}.before-civic-rename`);
    fs.writeFileSync(file, `${JSON.stringify(flows, null, 4)}\n`);
    const list = Object.entries(renamed).map(([t, n]) => `${t}×${n}`).join(', ');
    console.log(`${file}: renamed ${count} nodes (${list}) / ${count} 個のノードの名前を更新しました; backup: ${file}.before-civic-rename`);
  } catch (err) {
    failed = true;
    console.error(`${file}: ${err.message}`);
  }
}
process.exit(failed ? 1 : 0);
