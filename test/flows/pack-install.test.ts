// The published package as a user gets it: the tarball of `npm pack`, installed with the palette manager's npm
// flags into a fresh Node-RED user dir where none of the optional packages (dashboards, Modbus, InfluxDB) is
// installed. Every example is fetched from Node-RED's examples endpoint (what Import ▸ Examples shows); an example
// that needs another package must say which in its file name, and every other one is deployed — all of them
// together — and must run: no error, no "waiting for missing types" (which would stop every flow of the user).
// Runs with Node-RED 4.1 here and Node-RED 5 in the Node 22 job (.ci/node22).
import assert from 'assert';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { freePort, influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';
import { install, pack, root, startInstalled, type Installed, type PackResult, type RunningNodeRed } from './packed';

const PKG = 'node-red-contrib-civic-iot';
const pkgJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const ourTypes = Object.keys(pkgJson['node-red'].nodes);
/** The optional packages, how an example's file name names them, and the node types they provide. */
const OPTIONAL = [
  { pkg: 'node-red-dashboard', names: ['node-red-dashboard'], types: /^ui_/ },
  { pkg: '@flowfuse/node-red-dashboard', names: ['FlowFuse node-red-dashboard'], types: /^ui-/ },
  { pkg: 'node-red-contrib-modbus', names: ['node-red-contrib-modbus'], types: /^modbus-/ },
  { pkg: 'node-red-contrib-influxdb', names: ['node-red-contrib-influxdb'], types: /^influxdb/ },
];

/** The packages an example's name says it needs: "… (needs <pkg>)" or "… (<pkg> が必要)". */
function declaredNeeds(name: string): typeof OPTIONAL {
  const m = /\((?:needs (.+)|(.+) が必要)\)$/.exec(name);
  const said = m ? (m[1] ?? m[2]) : undefined;
  return said === undefined ? [] : OPTIONAL.filter((o) => o.names.includes(said));
}

type FlowNode = Record<string, any>;
interface Example { name: string; nodes: FlowNode[] }

/** Every flow under examples/ through GET /library/examples/flows/<module>/…, as the editor's Import menu reads it. */
async function fetchExamples(nr: RunningNodeRed, dir = ''): Promise<Example[]> {
  const res = await nr.request('GET', `/library/examples/flows/${encodeURIComponent(PKG)}${dir ? `/${dir.split('/').map(encodeURIComponent).join('/')}` : ''}`);
  assert.strictEqual(res.status, 200, res.body);
  const out: Example[] = [];
  for (const entry of JSON.parse(res.body) as Array<string | { fn: string }>) {
    if (typeof entry === 'string') out.push(...await fetchExamples(nr, dir ? `${dir}/${entry}` : entry));
    else {
      const name = dir ? `${dir}/${entry.fn}` : entry.fn;
      const flow = await nr.request('GET', `/library/examples/flows/${encodeURIComponent(PKG)}/${name.split('/').map(encodeURIComponent).join('/')}`);
      assert.strictEqual(flow.status, 200, `${name}: ${flow.body}`);
      out.push({ name, nodes: JSON.parse(flow.body) });
    }
  }
  return out;
}

function repoExamples(dir = path.join(root, 'examples'), prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? repoExamples(path.join(dir, e.name), `${prefix}${e.name}/`)
    : e.name.endsWith('.json') ? [`${prefix}${e.name.replace(/\.json$/, '')}`] : []));
}

/**
 * All examples as one deployment, as if imported one after another: nodes without a tab go on a tab of their own
 * (the editor puts them on the open tab), config nodes shared by several examples must be identical, any other id
 * must be unique (two examples sharing ids would replace each other's nodes on import).
 */
function merge(examples: Example[], brokerPort: number, influxPort: number): FlowNode[] {
  const byId = new Map<string, { node: FlowNode; from: string }>();
  const out: FlowNode[] = [];
  examples.forEach((ex, i) => {
    const tabId = `packed-ex-${i}`;
    const needsTab = ex.nodes.some((n) => n.x !== undefined && !ex.nodes.some((t) => t.type === 'tab' && t.id === n.z));
    if (needsTab) out.push({ id: tabId, type: 'tab', label: ex.name });
    for (const original of ex.nodes) {
      const n: FlowNode = { ...original };
      if (n.x !== undefined && !ex.nodes.some((t) => t.type === 'tab' && t.id === n.z)) n.z = tabId;
      // the servers a user points the examples at: a broker and an InfluxDB on free loopback ports
      if (n.type === 'mqtt-broker') Object.assign(n, { broker: '127.0.0.1', port: String(brokerPort) });
      if (n.type === 'civic-influxdb') Object.assign(n, { url: `http://127.0.0.1:${influxPort}` });
      const seen = byId.get(n.id);
      if (seen) {
        const config = n.x === undefined && n.type !== 'tab';
        assert.ok(config && JSON.stringify(seen.node) === JSON.stringify(n), `node ${n.id} is in both ${seen.from} and ${ex.name}`);
        continue;
      }
      byId.set(n.id, { node: n, from: ex.name });
      out.push(n);
    }
  });
  return out;
}

async function waitFor<T>(what: string, check: () => T | undefined, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('package: the packed tarball installed into a fresh Node-RED user dir', function () {
  this.timeout(240000);
  let tmp: string;
  let packed: PackResult;
  let inst: Installed;
  let nr: RunningNodeRed;
  let examples: Example[];
  let known: Set<string>;
  let broker: { port: number; topics: string[]; close(): Promise<void> };
  let influx: RunningServer | undefined;

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE civic');       // the database the examples name
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-pack-'));
    packed = await pack(tmp);
    inst = await install(path.join(tmp, packed.filename));
    const { Aedes } = require('aedes');
    const aedes = await Aedes.createBroker();
    const topics: string[] = [];
    aedes.on('publish', (p: { topic: string }) => { topics.push(p.topic); });
    const server = net.createServer(aedes.handle);
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    broker = { port, topics, close: () => new Promise<void>((r) => { aedes.close(() => server.close(() => r())); }) };
    nr = await startInstalled(inst);
  });

  after(async () => {
    await nr?.stop();
    await broker?.close();
    await influx?.stop();
    inst?.cleanup();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('packs no source map, no .d.ts of nodes, no second copy of the flows, and the full licence', () => {
    const files = packed.files.map((f) => f.path);
    console.log(`      tarball ${packed.size} bytes, unpacked ${packed.unpackedSize} bytes, ${files.length} files`);
    assert.deepStrictEqual(files.filter((f) => f.endsWith('.map')), []);
    assert.deepStrictEqual(files.filter((f) => /^dist\/(nodes|node-kit)\/.*\.d\.ts$/.test(f)), []);
    assert.deepStrictEqual(files.filter((f) => f.startsWith('flows/')), [], 'examples/ready-made flows is the only copy');
    for (const file of Object.values(pkgJson['node-red'].nodes) as string[]) {
      assert.ok(files.includes(file) && files.includes(file.replace(/\.js$/, '.html')), file);
    }
    const licence = packed.files.find((f) => f.path === 'LICENSE');
    assert.ok(licence && licence.size > 11000, 'the Apache-2.0 text, not a short notice');
  });

  it('installs without Node-RED itself and without any optional package', () => {
    assert.ok(inst.modules.includes(PKG), inst.modules.join(', '));
    console.log(`      installed: ${inst.installedBytes} bytes in node_modules (${inst.modules.join(', ')})`);
    const unwanted = ['node-red', ...OPTIONAL.map((o) => o.pkg)].filter((m) => inst.modules.includes(m));
    assert.deepStrictEqual(unwanted, []);
  });

  it('registers every node type with no error, and nothing from another pack', async () => {
    const res = await nr.request('GET', '/nodes');
    const sets = JSON.parse(res.body) as Array<{ module: string; types: string[]; enabled: boolean; err?: string }>;
    const ours = sets.filter((s) => s.module === PKG);
    assert.deepStrictEqual(ours.filter((s) => !s.enabled || s.err).map((s) => `${s.types}: ${s.err}`), []);
    assert.deepStrictEqual(ours.flatMap((s) => s.types).sort(), [...ourTypes].sort());
    assert.deepStrictEqual([...new Set(sets.map((s) => s.module))].sort(), ['node-red', PKG].sort());
    known = new Set(['tab', 'subflow', 'group', 'junction', ...sets.flatMap((s) => s.types)]);
  });

  it('serves every example of the repository under Import ▸ Examples', async () => {
    examples = await fetchExamples(nr);
    assert.deepStrictEqual(examples.map((e) => e.name).sort(), repoExamples().sort());
  });

  it('says in its name which package an example needs, and needs nothing else', () => {
    for (const ex of examples) {
      const missing = [...new Set(ex.nodes.map((n) => n.type as string).filter((t) => !known.has(t)))];
      const needs = declaredNeeds(ex.name);
      if (needs.length === 0) {
        assert.deepStrictEqual(missing, [], `${ex.name} needs types that are not installed`);
        continue;
      }
      assert.ok(missing.length > 0, `${ex.name} says it needs ${needs[0].pkg} but runs without it`);
      assert.deepStrictEqual(missing.filter((t) => !needs.some((o) => o.types.test(t))), [], ex.name);
      const comments = ex.nodes.filter((n) => n.type === 'comment').map((n) => `${n.name} ${n.info ?? ''}`).join(' ');
      assert.ok(comments.includes(needs[0].pkg), `${ex.name}: no comment names ${needs[0].pkg}`);
    }
  });

  it('deploys every other example at once: they run, with no error and no missing type', async () => {
    const runnable = examples.filter((e) => declaredNeeds(e.name).length === 0);
    assert.ok(runnable.length >= ourTypes.length + 4, `${runnable.length} runnable examples`);
    const before = nr.log().length;
    // an error a Catch node of an example handles is not logged: show it in the log as well (a console debug node
    // beside each Catch node's own wiring), so that it counts as an error here
    const flows = merge(runnable, broker.port, influx!.port);
    for (const c of flows.filter((n) => n.type === 'catch')) {
      flows.push({ id: `${c.id}-seen`, type: 'debug', z: c.z, name: 'caught-by-example', active: true, tosidebar: false, console: true,
        tostatus: false, complete: 'error.message', targetType: 'msg', x: 0, y: 0, wires: [] });
      c.wires = [[...(c.wires?.[0] ?? []), `${c.id}-seen`]];
    }
    const res = await nr.request('POST', '/flows', flows);
    assert.ok(res.status === 200 || res.status === 204, `deploy: ${res.status} ${res.body}`);
    const log = () => nr.log().slice(before);
    await waitFor('flows started', () => (/Started flows|フローを開始しました|Waiting for missing types/.test(log()) ? true : undefined), 30000);
    // the ready-made greenhouse copy decodes the simulator's uplinks and shares readings over MQTT
    await waitFor('a greenhouse reading shared on civic/hakui/…/reading', () => broker.topics.find((t) => /^civic\/hakui\/house-\d\/[^/]+\/reading$/.test(t)), 60000);
    // the wellness copy de-identifies its embedded sample into folders below the folder Node-RED runs in
    const wellness = path.join(inst.userDir, 'civic-iot', 'wellness');
    const written = (sub: string, ext: string) => (fs.existsSync(path.join(wellness, sub))
      ? fs.readdirSync(path.join(wellness, sub)).find((f) => f.endsWith(ext)) : undefined);
    await waitFor('the de-identified CSV in civic-iot/wellness/outbox', () => written('outbox', '.csv'), 90000);
    await waitFor('the processing report in civic-iot/wellness/reports', () => written('reports', '.json'), 30000);
    // and whatever the examples start by themselves (inject once, after a delay) has had its turn
    const onceDelays = runnable.flatMap((e) => e.nodes).filter((n) => n.type === 'inject' && n.once && !n.d).map((n) => Number(n.onceDelay) || 0);
    const started = Date.now();
    await waitFor('the examples\' start-up injects', () => (Date.now() - started >= (Math.max(0, ...onceDelays) + 5) * 1000 ? true : undefined), 90000);
    const problems = log().split('\n').filter((l) => /\[error\]|caught-by-example|Waiting for missing types|Uncaught|TypeError/.test(l));
    assert.deepStrictEqual(problems, []);
    assert.match(log(), /Started flows|フローを開始しました/);
  });

  it('loads the dashboard cards without either dashboard: each says why it shows nothing, and the flows start', async () => {
    const cards = ['civic-ui-kpi-card', 'civic-ui-alert-list', 'civic-ui-alert-toast', 'civic-d2-kpi-card', 'civic-d2-alert-list', 'civic-d2-alert-toast'];
    const before = nr.log().length;
    const flows = [
      { id: 'cards-tab', type: 'tab', label: 'cards' },
      ...cards.map((type, i) => ({ id: `card-${i}`, type, z: 'cards-tab', x: 200, y: 60 + 40 * i, wires: type.endsWith('alert-list') ? [[]] : [],
        ...(type === 'civic-d2-alert-toast' ? { ui: 'no-such-dashboard' } : { group: 'no-such-group' }) })),
    ];
    const res = await nr.request('POST', '/flows', flows);
    assert.ok(res.status === 200 || res.status === 204, `deploy: ${res.status} ${res.body}`);
    const log = () => nr.log().slice(before);
    await waitFor('six card errors', () => (log().split('\n').filter((l) => /\[error\] \[civic-(ui|d2)-/.test(l)).length >= 6 ? true : undefined), 30000);
    assert.match(log(), /Started flows|フローを開始しました/);
    assert.doesNotMatch(log(), /Waiting for missing types|Uncaught|TypeError/);
    const errors = log().split('\n').filter((l) => /\[error\]/.test(l));
    assert.strictEqual(errors.filter((l) => /\[civic-ui-[a-z-]+:[^\]]+\] .*node-red-dashboard/.test(l)).length, 3, errors.join('\n'));
    assert.strictEqual(errors.filter((l) => /\[civic-d2-[a-z-]+:[^\]]+\] /.test(l)).length, 3, errors.join('\n'));
    assert.strictEqual(errors.length, 6, errors.join('\n'));
  });
});
