'use strict';
// Reads the ready-made flow files (flows/*.json) into one Node-RED flow array. Config nodes that several files
// share (the MQTT broker, the dashboard base) must be identical wherever they appear.
const fs = require('fs');
const path = require('path');

function assembleFlows(dir) {
  const byId = new Map();
  const out = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const nodes = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (!Array.isArray(nodes)) throw new Error(`flows/${file}: not a flow array`);
    for (const node of nodes) {
      const seen = byId.get(node.id);
      if (seen) {
        if (JSON.stringify(seen.node) !== JSON.stringify(node)) {
          throw new Error(`flows/${file}: node ${node.id} differs from the one in flows/${seen.file}`);
        }
        continue;
      }
      byId.set(node.id, { node, file });
      out.push(node);
    }
  }
  return out;
}

module.exports = { assembleFlows };
