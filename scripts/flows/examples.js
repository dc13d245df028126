'use strict';
// The Import ▸ Examples copies of the ready-made flows. `npm start` gives the flows their settings through
// environment variables; an imported copy must run in anybody's Node-RED without them, and must never make Node-RED
// wait for a node type that is not installed ("waiting for missing types" stops every flow). So each ready-made flow
// becomes a folder of files:
//   1 <title>.json                      the domain tab with only core nodes and this pack: runs everywhere
//   2 <part> (<package> が必要).json     the nodes that need another package (Modbus, InfluxDB), on their own tab
//   … ダッシュボード / Dashboard 2.0      the dashboard tabs, each naming the dashboard package it needs
// Parts talk through link nodes, so they can be imported in any order and any part can be left out.
const fs = require('fs');
const path = require('path');

/** Settings of the import copies: `${VAR}` in a node property is replaced; `$env('VAR')` gets a tab variable. */
const EXAMPLE_ENV = {
  CIVIC_MQTT_HOST: '127.0.0.1', CIVIC_MQTT_PORT: '1883',
  // only the simulator's own application (a network server serves other use cases too: README "Adapting them")
  CIVIC_UPLINK_TOPIC: 'v3/civic-iot@ttn/devices/+/up',
  CIVIC_CHIRPSTACK_TOPIC: 'application/civic-iot/device/+/event/up',
  CIVIC_MODBUS_HOST: '127.0.0.1', CIVIC_MODBUS_PORT: '10502',
  CIVIC_INFLUX_HOST: '127.0.0.1', CIVIC_INFLUX_PORT: '8086', CIVIC_INFLUX_DB: 'civic', CIVIC_INFLUX_URL: 'http://127.0.0.1:8086',
  CIVIC_HISTORY: 'off',
  CIVIC_WORKER_INDEX: '0', CIVIC_WORKER_COUNT: '1',
  // relative paths: below the folder Node-RED runs in (or settings.fileWorkingDirectory), never the file-system root
  CIVIC_WELLNESS_DIR: 'civic-iot/wellness', CIVIC_WELLNESS_INBOX: 'civic-iot/wellness/inbox',
};

/** Packages whose node types the domain tabs may use, and how the part that needs one is called. */
const OPTIONAL = [
  { pkg: 'node-red-contrib-modbus', part: 'Modbus 機器', slug: 'modbus', types: /^modbus-/ },
  { pkg: 'node-red-contrib-influxdb', part: 'InfluxDB 履歴', slug: 'influxdb', types: /^influxdb( in| out| batch)?$/ },
];
/** The dashboards, one file each. */
const DASHBOARD_PARTS = {
  classic: { pkg: 'node-red-dashboard', label: 'ダッシュボード (node-red-dashboard が必要)' },
  dashboard2: { pkg: '@flowfuse/node-red-dashboard', label: 'Dashboard 2.0 (FlowFuse node-red-dashboard が必要)' },
};

const isFlowNode = (n) => n.type !== 'tab' && typeof n.z === 'string';
const refsOf = (n, byId) => Object.entries(n)
  .filter(([k, v]) => k !== 'id' && k !== 'z' && typeof v === 'string' && byId.has(v)).map(([, v]) => byId.get(v));

/** Sample files (`${CIVIC_SAMPLES}/<file>`) as text: UTF-8, or Shift_JIS (CP932) when it is not valid UTF-8. */
function sampleText(samplesDir, file) {
  const bytes = fs.readFileSync(path.join(samplesDir, file));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

/**
 * A file in node reading a sample becomes a template node holding the sample (same id and wires): the copy needs no
 * file. An inject node that starts only that reader also sets msg.filename, as the file in node would have.
 */
function embedSamples(nodes, samplesDir) {
  const readers = new Map();
  const out = nodes.map((n) => {
    const m = n.type === 'file in' && /^\$\{CIVIC_SAMPLES\}\/(.+)$/.exec(n.filename ?? '');
    if (!m) return n;
    readers.set(n.id, m[1]);
    return {
      id: n.id, type: 'template', z: n.z, name: `見本データ (${m[1]})`, field: 'payload', fieldType: 'msg', format: 'text',
      syntax: 'plain', template: sampleText(samplesDir, m[1]), output: 'str', x: n.x, y: n.y, wires: n.wires,
    };
  });
  return out.map((n) => {
    const targets = n.type === 'inject' ? (n.wires ?? []).flat() : [];
    if (targets.length !== 1 || !readers.has(targets[0])) return n;
    return { ...n, props: [...(n.props ?? []).filter((p) => p.p !== 'filename'), { p: 'filename', v: readers.get(targets[0]), vt: 'str' }] };
  });
}

/**
 * The environment variable names a node reads at run time: `$env('X')` in JSONata, a property typed 'env', or
 * `${X}` inside a longer value (an env-typed path such as `${CIVIC_WELLNESS_DIR}/demo/checkups.csv`).
 */
function envNamesOf(node) {
  const names = new Set();
  const text = JSON.stringify(node);
  for (const m of text.matchAll(/\$env\(\\?['"]([A-Z0-9_]+)\\?['"]\)/g)) names.add(m[1]);
  for (const m of text.matchAll(/\$\{([A-Z0-9_]+)\}/g)) names.add(m[1]);
  for (const [k, v] of Object.entries(node)) {
    if (k.endsWith('Type') && v === 'env') {
      const value = node[k.slice(0, -4)];
      if (typeof value === 'string' && /^[A-Z0-9_]+$/.test(value)) names.add(value);
    }
  }
  return names;
}

function exampleValue(name) {
  if (!(name in EXAMPLE_ENV)) {
    throw new Error(`scripts/flows/examples.js: no import default for ${name}; add it to EXAMPLE_ENV`);
  }
  return EXAMPLE_ENV[name];
}

/**
 * Gives the copy its settings: `${VAR}` values are replaced by the defaults, and each tab gets the variables its
 * nodes read at run time as tab environment variables (visible and editable in the tab's properties).
 */
function withDefaults(nodes) {
  const replaced = JSON.parse(JSON.stringify(nodes), (key, value) => {
    const m = typeof value === 'string' && /^\$\{([A-Z0-9_]+)\}$/.exec(value);
    return m ? exampleValue(m[1]) : value;
  });
  const partial = replaced.filter((n) => !isFlowNode(n) && n.type !== 'tab' && /\$\{[A-Z0-9_]+\}/.test(JSON.stringify(n)));
  if (partial.length) throw new Error(`scripts/flows/examples.js: config node ${partial[0].id} reads a \${…} inside a value; a copy has no tab to set it`);
  const perTab = new Map();
  for (const n of replaced.filter(isFlowNode)) {
    for (const name of envNamesOf(n)) perTab.set(n.z, new Set([...(perTab.get(n.z) ?? []), name]));
  }
  return replaced.map((n) => {
    const names = n.type === 'tab' ? [...(perTab.get(n.id) ?? [])].sort() : [];
    if (names.length === 0) return n;
    const env = names.map((name) => ({ name, value: exampleValue(name), type: 'str' }));
    return { ...n, env: [...(n.env ?? []).filter((e) => !names.includes(e.name)), ...env] };
  });
}

/**
 * Nodes that need a secret key (a credential, never in a flow file): a de-identification policy with keyed
 * pseudonyms, and the records store's writers and record linkage, which pseudonymise with the store's key.
 */
function needsKey(n) {
  if (n.type === 'civic-store-write' || n.type === 'civic-record-link') return true;
  if (n.type !== 'civic-deidentify') return false;
  const { privacy } = require('../../dist/lib');
  try {
    new privacy.Deidentifier({ ...n, rules: (n.rules ?? []).filter((r) => r.field) });
    return false;
  } catch (err) {
    return /key/i.test(`${err.key ?? ''} ${err.message}`);
  }
}

/**
 * Nodes that cannot start in a fresh Node-RED start disabled in the copy, and say what to do: a watch node on a
 * folder that need not exist yet, a file in node reading what `npm start` generates (not a sample the copy embeds),
 * a node that needs a secret key.
 */
function disableUnready(nodes) {
  return nodes.map((n) => {
    if (n.d) return n;
    if (n.type === 'watch') return { ...n, d: true, name: `${n.name} — フォルダを作ってから有効に` };
    if (n.type === 'file in' && /\$\{[A-Z0-9_]+\}/.test(n.filename ?? '')) return { ...n, d: true, name: `${n.name || n.id} — 読むファイルを指定してから有効に` };
    if (needsKey(n)) return { ...n, d: true, name: `${n.name} — 鍵を設定してから有効に` };
    return n;
  });
}

module.exports = {
  EXAMPLE_ENV, OPTIONAL, DASHBOARD_PARTS, isFlowNode, refsOf, embedSamples, withDefaults, disableUnready, envNamesOf,
};
