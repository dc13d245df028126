#!/usr/bin/env node
'use strict';
// Writes the ready-made flows in flows/ from the descriptions in scripts/flows/, so that repeated parts (one
// dashboard page per house) stay identical and ids stay stable across versions. Run `node scripts/make-flows.js`
// after changing a description and commit the JSON it writes.
const fs = require('fs');
const path = require('path');
const { greenhouseFlow } = require('./flows/greenhouse');

const root = path.resolve(__dirname, '..');
const files = {
  'greenhouse.json': greenhouseFlow(),
};
for (const [name, nodes] of Object.entries(files)) {
  fs.writeFileSync(path.join(root, 'flows', name), `${JSON.stringify(nodes, null, 2)}\n`);
  console.log(`flows/${name}: ${nodes.length} nodes`);
}
