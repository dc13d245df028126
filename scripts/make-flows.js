#!/usr/bin/env node
'use strict';
// Writes the ready-made flows in flows/ from the descriptions in scripts/flows/, so that repeated parts (one
// dashboard page per house) stay identical and ids stay stable across versions. Run `node scripts/make-flows.js`
// after changing a description and commit the JSON it writes.
//
// Each flow is three files: flows/<name>.json (the domain tab), flows/<name>-ui.json (classic node-red-dashboard,
// /ui) and flows/<name>-dashboard2.json (Dashboard 2.0, /dashboard); `npm start` deploys the domain files and the
// dashboards CIVIC_DASHBOARD chooses. Import ▸ Examples gets two complete copies per flow: "<title>" (domain +
// classic) and "<title> (Dashboard 2.0)" (domain + Dashboard 2.0).
const fs = require('fs');
const path = require('path');
const { greenhouseDomain, greenhouseClassic, greenhouseDashboard2 } = require('./flows/greenhouse');
const { soilDomain, soilClassic, soilDashboard2 } = require('./flows/soil');
const { wellnessDomain, wellnessClassic, wellnessDashboard2 } = require('./flows/wellness');
const { kpiDomain, kpiClassic, kpiDashboard2 } = require('./flows/kpi');
const { platformDomain, platformClassic, platformDashboard2 } = require('./flows/wellness-platform');

const root = path.resolve(__dirname, '..');
const FLOWS = [
  { name: 'greenhouse', title: '温室モニタリング', domain: greenhouseDomain, classic: greenhouseClassic, dashboard2: greenhouseDashboard2 },
  { name: 'soil', title: '土壌モニタリング', domain: soilDomain, classic: soilClassic, dashboard2: soilDashboard2 },
  { name: 'wellness', title: '健康データ匿名加工', domain: wellnessDomain, classic: wellnessClassic, dashboard2: wellnessDashboard2 },
  { name: 'kpi', title: 'KPIボード', domain: kpiDomain, classic: kpiClassic, dashboard2: kpiDashboard2 },
  { name: 'wellness-platform', title: '健康データ分析', domain: platformDomain, classic: platformClassic, dashboard2: platformDashboard2 },
];
/** Import ▸ Examples copies: `npm start` fills ${CIVIC_…} from the environment; an imported copy gets defaults. */
const EXAMPLE_ENV = {
  CIVIC_MQTT_HOST: '127.0.0.1', CIVIC_MQTT_PORT: '1883', CIVIC_UPLINK_TOPIC: 'v3/+/devices/+/up',
  CIVIC_CHIRPSTACK_TOPIC: 'application/+/device/+/event/up',
  CIVIC_MODBUS_HOST: '127.0.0.1', CIVIC_MODBUS_PORT: '10502', CIVIC_INFLUX_HOST: '127.0.0.1', CIVIC_INFLUX_PORT: '8086',
  CIVIC_INFLUX_DB: 'civic', CIVIC_INFLUX_URL: 'http://127.0.0.1:8086',
};

function forImport(nodes) {
  return JSON.parse(JSON.stringify(nodes), (key, value) => {
    if (typeof value !== 'string') return value;
    const m = /^\$\{(CIVIC_[A-Z_]+)\}$/.exec(value);
    return m && m[1] in EXAMPLE_ENV ? EXAMPLE_ENV[m[1]] : value;
  });
}

/** Domain + one dashboard part as one importable flow (config nodes once). Links to the other dashboard stay: the
 * editor drops them on import unless that dashboard's nodes are already in the workspace (then both stay fed). */
function example(...parts) {
  const seen = new Set();
  return parts.flat().filter((n) => !seen.has(n.id) && seen.add(n.id));
}

const write = (file, nodes) => fs.writeFileSync(file, `${JSON.stringify(nodes, null, 2)}\n`);
const exampleDir = path.join(root, 'examples', 'ready-made flows');
fs.mkdirSync(exampleDir, { recursive: true });
for (const f of FLOWS) {
  const domain = f.domain();
  const classic = f.classic();
  const dashboard2 = f.dashboard2();
  write(path.join(root, 'flows', `${f.name}.json`), domain);
  write(path.join(root, 'flows', `${f.name}-ui.json`), classic);
  write(path.join(root, 'flows', `${f.name}-dashboard2.json`), dashboard2);
  write(path.join(exampleDir, `${f.title}.json`), forImport(example(domain, classic)));
  write(path.join(exampleDir, `${f.title} (Dashboard 2.0).json`), forImport(example(domain, dashboard2)));
  console.log(`flows/${f.name}{,-ui,-dashboard2}.json: ${domain.length} + ${classic.length} + ${dashboard2.length} nodes`
    + ` (examples: ${f.title}, ${f.title} (Dashboard 2.0))`);
}
