'use strict';
// Reads the ready-made flow files (flows/*.json) into one Node-RED flow array. Config nodes that several files
// share (the MQTT broker, the dashboard bases) must be identical wherever they appear.
//
// Each ready-made flow is a domain file (flows/<name>.json) plus one file per dashboard: flows/<name>-ui.json for
// the classic node-red-dashboard (/ui) and flows/<name>-dashboard2.json for Dashboard 2.0 (/dashboard). The parts
// talk through link nodes; a link to a part that is left out is dropped, so any choice runs on its own.
const fs = require('fs');
const path = require('path');

/** Which dashboard parts each choice deploys (CIVIC_DASHBOARD in scripts/start.js). */
const DASHBOARDS = { both: ['ui', 'dashboard2'], classic: ['ui'], dashboard2: ['dashboard2'] };

/** The part a flow file belongs to: '' for the domain, 'ui' or 'dashboard2' for a dashboard. */
function partOf(file) {
  const m = /-(ui|dashboard2)\.json$/.exec(file);
  return m ? m[1] : '';
}

/**
 * The ready-made flows in `dir` as one array: every domain file and the dashboard parts of `dashboard`
 * ("both" (default), "classic" or "dashboard2"); per flow the domain tab first, then /ui, then Dashboard 2.0.
 */
function assembleFlows(dir, dashboard = 'both') {
  const parts = DASHBOARDS[dashboard];
  if (!parts) throw new Error(`unknown dashboard choice "${dashboard}" (use ${Object.keys(DASHBOARDS).join(', ')})`);
  const rank = { '': 0, ui: 1, dashboard2: 2 };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'))
    .filter((f) => partOf(f) === '' || parts.includes(partOf(f)))
    .map((f) => ({ f, base: f.replace(/(-(ui|dashboard2))?\.json$/, ''), rank: rank[partOf(f)] }))
    .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : a.rank - b.rank))
    .map((x) => x.f);
  const byId = new Map();
  const out = [];
  for (const file of files) {
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
  return out.map((n) => (Array.isArray(n.links) && /^link /.test(n.type)
    ? { ...n, links: n.links.filter((id) => byId.has(id)) } : n));
}

module.exports = { assembleFlows, DASHBOARDS };
