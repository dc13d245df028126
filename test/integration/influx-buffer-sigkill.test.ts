// Fault test: a real Node-RED process (the pack installed in its user dir) accepts readings over HTTP into
// influx-buffer while InfluxDB is down, and is killed with SIGKILL mid-stream. Restarted with InfluxDB up, it
// writes every reading it had accepted (answered 200 = durably queued) exactly once — counted as rows by a query and
// as WRITES at a proxy in front of InfluxDB (InfluxDB merges a point written twice, so rows alone cannot show it).
import assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { freePort, influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';
import { fieldOf, startWriteProxy, type InfluxWriteProxy } from '../helpers/influx-proxy';

const T0 = Date.parse('2026-05-10T00:00:00Z');

/** The repository root (where package.json names this pack); CIVIC_IOT_PACK_DIR overrides it for partial builds. */
function packDir(): string {
  if (process.env.CIVIC_IOT_PACK_DIR) return process.env.CIVIC_IOT_PACK_DIR;
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'node-red-contrib-civic-iot') return dir;
    dir = path.dirname(dir);
  }
  throw new Error('package root not found');
}

function post(port: number, body: unknown): Promise<number> {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, path: '/reading', method: 'POST', agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(data);
  });
}

function get(port: number, p: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

describe('integration: influx-buffer when Node-RED is killed (SIGKILL)', function () {
  this.timeout(90000);
  let influx: RunningServer;
  let proxy: InfluxWriteProxy;
  let userDir: string;
  let child: ChildProcess | undefined;
  let log = '';

  async function startNodeRed(port: number): Promise<void> {
    log = '';
    const red = require.resolve('node-red/red.js');
    child = spawn(process.execPath, [red, '-u', userDir, '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => { log = (log + d).slice(-20000); });
    child.stderr!.on('data', (d) => { log = (log + d).slice(-20000); });
    const until = Date.now() + 30000;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`Node-RED exited:\n${log}`);
      if (log.includes('Started flows') && (await get(port, '/settings')) === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Node-RED did not start within 30 s:\n${log}`);
  }

  async function stopNodeRed(signal: NodeJS.Signals): Promise<void> {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => c.kill('SIGKILL'), 10000);
      c.once('exit', () => { clearTimeout(timer); resolve(); });
      c.kill(signal);
    });
  }

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    const pack = packDir();
    const pkg = JSON.parse(fs.readFileSync(path.join(pack, 'package.json'), 'utf8'));
    const nodeFile = pkg['node-red']?.nodes?.['civic-influx-buffer'];
    if (!nodeFile || !fs.existsSync(path.join(pack, nodeFile))) throw new Error(`influx-buffer is not built in ${pack} (npm run build)`);
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE civic');
    proxy = await startWriteProxy(influx.port);
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-ib-kill-'));
    fs.mkdirSync(path.join(userDir, 'node_modules'));
    fs.symlinkSync(pack, path.join(userDir, 'node_modules', 'node-red-contrib-civic-iot'), 'dir');
    fs.writeFileSync(path.join(userDir, 'settings.js'), `module.exports = { uiHost: '127.0.0.1', flowFile: 'flows.json',
      credentialSecret: false, logging: { console: { level: 'info' } }, editorTheme: { tours: false } };\n`);
    const at = (x: number, y: number) => ({ x, y, z: 'tab' });
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify([
      { id: 'tab', type: 'tab', label: 'kill test' },
      { id: 'influx-server', type: 'influxdb', hostname: '127.0.0.1', port: String(proxy.port), protocol: 'http', database: 'civic', influxdbVersion: '1.x', name: 'local InfluxDB' },
      { id: 'in', type: 'http in', url: '/reading', method: 'post', upload: false, ...at(100, 100), wires: [['buf']] },
      { id: 'buf', type: 'civic-influx-buffer', influxdb: 'influx-server', measurement: 'greenhouse', precision: 'ms', batchSize: 50, batchWait: 0.1, retryMax: 0.5, ...at(300, 100), wires: [] },
      { id: 'cmp', type: 'complete', scope: ['buf'], uncaught: false, ...at(100, 200), wires: [['ok']] },
      { id: 'ok', type: 'http response', statusCode: '200', headers: {}, ...at(300, 200), wires: [] },
      { id: 'err', type: 'catch', scope: ['buf'], uncaught: false, ...at(100, 300), wires: [['bad']] },
      { id: 'bad', type: 'http response', statusCode: '500', headers: {}, ...at(300, 300), wires: [] },
    ]));
  });

  after(async () => {
    await stopNodeRed('SIGTERM');
    await proxy?.close();
    if (influx) await influx.stop();
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('writes every reading accepted before the kill, exactly once, after the restart', async () => {
    await influx.kill();                                          // InfluxDB is down during the first run
    const port = await freePort();
    await startNodeRed(port);
    const accepted = new Set<number>();
    const sentSeqs = new Set<number>();
    let seq = 0;
    let killing = false;
    const client = async () => {
      while (!killing) {
        const n = seq++;
        sentSeqs.add(n);
        const status = await post(port, [{ seq: n, co2: 400 + n, time: T0 + n * 1000 }, { device: `d${n % 5}` }]);
        if (status === 200) accepted.add(n);
        else if (!killing) throw new Error(`POST answered ${status}:\n${log}`);
      }
    };
    const clients = Array.from({ length: 8 }, client);
    const acceptBy = Date.now() + 20000;
    while (accepted.size < 400) {
      if (Date.now() > acceptBy) { killing = true; throw new Error(`only ${accepted.size} readings accepted in 20 s:\n${log}`); }
      await new Promise((r) => setTimeout(r, 20));
    }
    killing = true;
    child!.kill('SIGKILL');                                       // with requests in flight
    await Promise.all(clients);
    await stopNodeRed('SIGKILL');
    const queueDir = path.join(userDir, 'civic-iot', 'influx-buffer', 'buf');
    assert.ok(fs.readdirSync(queueDir).some((f) => f.startsWith('rec-')), 'the queue is where the docs say');

    await influx.start();
    await startNodeRed(port);
    let rows: unknown[][];
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const r = await influxQuery(influx.port, 'SELECT seq, co2 FROM greenhouse', 'civic').catch(() => undefined);
      rows = r?.results?.[0]?.series?.[0]?.values ?? [];
      const have = new Set(rows.map((v) => v[1] as number));
      if ([...accepted].every((n) => have.has(n))) break;
      await new Promise((res) => setTimeout(res, 250));
    }
    await new Promise((res) => setTimeout(res, 1500));            // a second write of anything would show now
    rows = (await influxQuery(influx.port, 'SELECT seq, co2 FROM greenhouse', 'civic')).results?.[0]?.series?.[0]?.values ?? [];
    assert.ok(rows.length, `nothing written after the restart:\n${log}`);
    const seqs = rows.map((v) => v[1] as number);
    assert.strictEqual(new Set(seqs).size, seqs.length, 'no reading twice');
    const missing = [...accepted].filter((n) => !seqs.includes(n));
    assert.deepStrictEqual(missing, [], `every accepted reading written (${accepted.size} accepted, ${seqs.length} in the database)`);
    assert.ok(seqs.every((n) => sentSeqs.has(n)), 'nothing that was never sent');
    for (const v of rows) assert.strictEqual(v[2], 400 + (v[1] as number), 'values intact');
    for (const v of rows) assert.strictEqual(Date.parse(String(v[0])), T0 + (v[1] as number) * 1000, 'time intact');
    const writes = proxy.countBy((line) => fieldOf(line, 'seq'));
    assert.deepStrictEqual([...writes].filter(([, n]) => n !== 1), [], 'no reading written twice (writes counted at the proxy)');
    assert.ok([...accepted].every((n) => writes.has(String(n))), 'every accepted reading written');
  });
});
