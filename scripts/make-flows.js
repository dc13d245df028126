#!/usr/bin/env node
'use strict';
// Writes the ready-made flows in flows/ from the descriptions in scripts/flows/, so that repeated parts (one
// dashboard page per house) stay identical and ids stay stable across versions. Run `node scripts/make-flows.js`
// after changing a description and commit the JSON it writes.
const fs = require('fs');
const path = require('path');
const { greenhouseFlow } = require('./flows/greenhouse');
const { soilFlow } = require('./flows/soil');
const { wellnessFlow } = require('./flows/wellness');
const { kpiFlow } = require('./flows/kpi');

const root = path.resolve(__dirname, '..');
const files = {
  'greenhouse.json': greenhouseFlow(),
  'soil.json': soilFlow(),
  'wellness.json': wellnessFlow(),
  'kpi.json': kpiFlow(),
};
/** Import ▸ Examples copies: `npm start` fills ${CIVIC_…} from the environment; an imported copy gets defaults. */
const EXAMPLE_ENV = {
  CIVIC_MQTT_HOST: '127.0.0.1', CIVIC_MQTT_PORT: '1883', CIVIC_UPLINK_TOPIC: 'v3/+/devices/+/up',
  CIVIC_CHIRPSTACK_TOPIC: 'application/+/device/+/event/up',
  CIVIC_MODBUS_HOST: '127.0.0.1', CIVIC_MODBUS_PORT: '10502', CIVIC_INFLUX_HOST: '127.0.0.1', CIVIC_INFLUX_PORT: '8086',
  CIVIC_INFLUX_DB: 'civic',
};
const TITLES = { 'greenhouse.json': '温室モニタリング', 'soil.json': '土壌モニタリング', 'wellness.json': '健康データ匿名加工', 'kpi.json': 'KPIボード' };

function forImport(nodes) {
  return JSON.parse(JSON.stringify(nodes), (key, value) => {
    if (typeof value !== 'string') return value;
    const m = /^\$\{(CIVIC_[A-Z_]+)\}$/.exec(value);
    return m && m[1] in EXAMPLE_ENV ? EXAMPLE_ENV[m[1]] : value;
  });
}

const exampleDir = path.join(root, 'examples', 'ready-made flows');
fs.mkdirSync(exampleDir, { recursive: true });
for (const [name, nodes] of Object.entries(files)) {
  fs.writeFileSync(path.join(root, 'flows', name), `${JSON.stringify(nodes, null, 2)}\n`);
  const title = TITLES[name] || name.replace(/\.json$/, '');
  fs.writeFileSync(path.join(exampleDir, `${title}.json`), `${JSON.stringify(forImport(nodes), null, 2)}\n`);
  console.log(`flows/${name}: ${nodes.length} nodes (example: ${title})`);
}
