// influx-buffer in the real Node-RED runtime, with node-red-contrib-influxdb's `influxdb` config node, writing to
// a local HTTP server that answers like InfluxDB (so outages and refusals can be staged).
import assert from 'assert';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import influxBuffer from '../../nodes/civic-influx-buffer/civic-influx-buffer';
import civicInfluxdb from '../../nodes/civic-influxdb/civic-influxdb';
import { migrateConfig } from '../../lib/migrations';
import { frameRecord } from '../../lib/storage';
import { helper, withCatalog, flow, nextError, nodeById } from '../helpers/node-red';

 
const influxNodes = require('node-red-contrib-influxdb/influxdb.js');
 
const completeNode = require('@node-red/nodes/core/common/24-complete.js');

interface Seen { url: string; auth?: string; body: string }

async function waitFor(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('influx-buffer node', () => {
  let server: http.Server;
  let port = 0;
  const seen: Seen[] = [];
  let status = 204;
  let dir = '';
  /** while set, the fake InfluxDB holds its answers (the writes are in flight, not yet written) */
  let held: Array<() => void> | undefined;
  let answered2xx = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        seen.push({ url: req.url!, auth: req.headers.authorization, body });
        const answer = () => {
          if (status < 300) answered2xx += 1;
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(status === 204 ? '' : JSON.stringify({ error: status === 400 ? "partial write: field type conflict: input field \"co2\" on measurement \"greenhouse\" is type string, already exists as type float dropped=1" : 'timeout' }));
        };
        if (held) held.push(answer); else answer();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    server.close();
  });
  beforeEach(() => {
    seen.length = 0;
    status = 204;
    held = undefined;
    answered2xx = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-ib-node-'));
  });
  afterEach(async () => {
    await helper.unload();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const v1Server = () => ({ ...v1 });
  const v1 = { id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: '', protocol: 'http', database: 'civic', influxdbVersion: '1.x', name: 'db' };
  const bufferFlow = (config: Record<string, unknown> = {}, server: Record<string, unknown> = {}) => flow(
    { ...v1, port: String(port), ...server },
    { id: 'buf', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'greenhouse', precision: 'ms', batchWait: 0.05, retryMax: 0.2, directory: dir, ...config },
  );
  const reading = (i: number) => ({
    payload: { airTemperature: 20 + i / 10, co2: 400 + i },
    timestamp: 1778382000000 + i * 1000,
    device: { id: 'house-1-th-01', site: 'hakui', house: 'house-1' },
  });

  it('writes readings to the 1.x write API with device, site and house tags, at their measurement time', async () => {
    await helper.load([influxNodes, influxBuffer], bufferFlow(), { db: { username: 'nr', password: 'pw' } });
    nodeById('buf').receive(reading(0));
    nodeById('buf').receive(reading(1));
    await waitFor(() => seen.length > 0 && seen.flatMap((s) => s.body.split('\n')).length === 2, 'write');
    assert.strictEqual(seen[0].url, '/write?db=civic&precision=ns');
    assert.strictEqual(seen[0].auth, `Basic ${Buffer.from('nr:pw').toString('base64')}`);
    assert.deepStrictEqual(seen.flatMap((s) => s.body.split('\n')), [
      'greenhouse,device=house-1-th-01,house=house-1,site=hakui airTemperature=20,co2=400 1778382000000000000',
      'greenhouse,device=house-1-th-01,house=house-1,site=hakui airTemperature=20.1,co2=401 1778382001000000000',
    ]);
  });

  it('calls done once the point is on disk, before it is written (a complete node sees it)', async () => {
    held = [];                                               // InfluxDB takes the write but does not answer yet
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'en-US'), completeNode], [...bufferFlow({ batchWait: 0 }),
      ...flow({ id: 'complete', type: 'complete', scope: ['buf'], uncaught: false, wires: [['out']] }, { id: 'out', type: 'helper' })]);
    const completed = new Promise<any>((resolve) => nodeById('out').on('input', resolve));
    nodeById('buf').receive({ ...reading(0), _msgid: 'm1' });
    const msg = await completed;
    assert.strictEqual(msg.payload.co2, 400);
    const segment = fs.readdirSync(dir).find((f) => f.startsWith('rec-'))!;
    assert.ok(fs.readFileSync(path.join(dir, segment)).includes('co2=400 1778382000000000000'), 'the point is in the queue file');
    assert.strictEqual(answered2xx, 0, 'InfluxDB has not acknowledged anything when done() came');
    await waitFor(() => held!.length === 1, 'the write in flight');
    const answers = held!;
    held = undefined;
    answers.forEach((a) => a());
    await waitFor(() => nodeById('buf').status.lastCall?.args[0].text === '0 queued, 1 sent', 'written');
    assert.strictEqual(answered2xx, 1);
  });

  it('keeps points while InfluxDB answers 503 and writes each once when InfluxDB is back', async () => {
    status = 503;
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'en-US')], bufferFlow());
    const node = nodeById('buf');
    const warnings: string[] = [];
    node.on('call:warn', (c: { args: unknown[] }) => warnings.push(String(c.args[0])));
    for (let i = 0; i < 50; i++) node.receive(reading(i));
    await waitFor(() => seen.length >= 2, 'retries');
    const yellow = await new Promise<any>((resolve, reject) => {
      // a deadline: without one a status missed here would hang the test until mocha's timeout, saying nothing
      const timer = setTimeout(() => reject(new Error('no yellow status within 15000 ms')), 15000);
      const check = (c: { args: any[] }) => { if (c.args[0].fill === 'yellow') { clearTimeout(timer); resolve(c.args[0]); } };
      node.on('call:status', check);
    });
    assert.strictEqual(yellow.text, 'HTTP 503 — 50 queued');
    assert.strictEqual(warnings.length, 1, 'one warning per outage, not one per retry');
    assert.match(warnings[0], /HTTP 503 timeout.*50 points kept on disk/);
    seen.length = 0;
    status = 204;
    await waitFor(() => seen.filter((s) => s.body).length > 0 && seen.flatMap((s) => s.body.split('\n')).length >= 50, 'replay');
    await new Promise((r) => setTimeout(r, 300));
    const lines = seen.flatMap((s) => s.body.split('\n'));
    assert.strictEqual(lines.length, 50, 'each point once');
    assert.deepStrictEqual(lines.map((l) => l.split(' ')[2]), Array.from({ length: 50 }, (_, i) => `${1778382000000 + i * 1000}000000`), 'in order');
    await waitFor(() => node.status.lastCall?.args[0].fill === 'green', 'green status');
    assert.strictEqual(node.status.lastCall.args[0].text, '0 queued, 50 sent');
  });

  it('replays what was queued before a redeploy (the queue folder outlives the node)', async () => {
    status = 503;
    const theFlow = bufferFlow({ closeTimeout: 0.1 });
    await helper.load([influxNodes, influxBuffer], theFlow);
    for (let i = 0; i < 5; i++) nodeById('buf').receive(reading(i));
    await waitFor(() => seen.length >= 1, 'first attempt');
    await helper.unload();
    seen.length = 0;
    status = 204;
    await helper.load([influxNodes, influxBuffer], theFlow);
    await waitFor(() => seen.flatMap((s) => s.body.split('\n')).filter(Boolean).length >= 5, 'replay after restart');
    await new Promise((r) => setTimeout(r, 500));            // a second write of anything would arrive now
    const lines = seen.flatMap((s) => s.body.split('\n'));
    assert.strictEqual(lines.length, 5, 'five writes of points');
    assert.strictEqual(new Set(lines).size, 5, 'five different points, each once');
  });

  it('says at start that damaged records were moved to quarantine, and writes every intact one', async () => {
    fs.writeFileSync(path.join(dir, `rec-${'1'.padStart(16, '0')}.log`), Buffer.concat([
      frameRecord('greenhouse v=1 1778382000000000000'), Buffer.from('garbage from a disk fault'), frameRecord('greenhouse v=2 1778382001000000000')]));
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'en-US')], bufferFlow());
    const node = nodeById('buf');
    await waitFor(() => seen.length === 1, 'write');
    assert.strictEqual(seen[0].body, 'greenhouse v=1 1778382000000000000\ngreenhouse v=2 1778382001000000000');
    const warned = node.warn.getCalls().filter((c: any) => c.thisValue?.id === 'buf').map((c: any) => String(c.args[0]));
    assert.strictEqual(warned.length, 1);
    assert.match(warned[0], /^on start, 1 damaged stretch\(es\) of the buffer \(25 bytes\) were moved to .*quarantine.*\.bin; every intact point was kept$/);
  });

  it('moves a batch InfluxDB refuses (400) to the dead-letter file, warns, and goes on', async () => {
    status = 400;
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'en-US')], bufferFlow());
    const node = nodeById('buf');
    const warned = new Promise<string>((resolve) => node.on('call:warn', (c: { args: unknown[] }) => resolve(String(c.args[0]))));
    node.receive({ payload: { co2: 'high' } });
    const warning = await warned;
    assert.match(warning, /InfluxDB refused 1 points \(HTTP 400 partial write: field type conflict/);
    assert.ok(warning.includes(path.join(dir, 'dead-letter.lp')));
    assert.match(fs.readFileSync(path.join(dir, 'dead-letter.lp'), 'utf8'), /\ngreenhouse co2="high" \d+\n$/);
    status = 204;
    seen.length = 0;
    node.receive(reading(1));
    await waitFor(() => seen.length === 1, 'next point written');
  });

  it('writes to InfluxDB 2 with org, bucket and the token from the config node credentials', async () => {
    await helper.load([influxNodes, influxBuffer], bufferFlow({ org: 'city', bucket: 'farm', precisionV18FluxV20: 's' },
      { influxdbVersion: '2.0', url: `http://127.0.0.1:${port}` }), { db: { token: 'secret-token' } });
    nodeById('buf').receive({ payload: [{ v: 1 }, { zone: 'a b' }], timestamp: 1778382000000 });
    await waitFor(() => seen.length === 1, 'write');
    assert.strictEqual(seen[0].url, '/api/v2/write?org=city&bucket=farm&precision=ns');
    assert.strictEqual(seen[0].auth, 'Token secret-token');
    assert.strictEqual(seen[0].body, 'greenhouse,zone=a\\ b v=1 1778382000000000000');
  });

  it('answers bad input with a translated error for Catch nodes, and keeps working', async () => {
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'ja')], bufferFlow());
    const node = nodeById('buf');
    let err = nextError('buf');
    node.receive({ payload: { reading: { nested: 'secret' } } });
    assert.strictEqual(await err, '1件目: 項目 reading の値が object 型です。数値・文字列・true/false にしてください');
    err = nextError('buf');
    node.receive({ payload: { v: 1 }, measurement: '' , timestamp: 'secret' });
    assert.strictEqual(await err, 'msg.timestamp が時刻として使えません (受信した型: string)');
    node.receive(reading(2));
    await waitFor(() => seen.length === 1, 'still writes');
  });

  it('refuses new points with an error when the buffer is full and the policy says so', async () => {
    status = 503;
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'en-US')],
      bufferFlow({ maxQueueMB: 1, policy: 'reject-new', retryMax: 60 }));
    const node = nodeById('buf');
    const big = 'x'.repeat(100000);
    let message = '';
    node.on('call:error', (c: { args: unknown[] }) => { message = c.args[0] instanceof Error ? (c.args[0] as Error).message : String(c.args[0]); });
    for (let i = 0; i < 12; i++) node.receive({ payload: { note: big }, timestamp: 1778382000000 + i });
    await waitFor(() => message !== '', 'full');
    assert.match(message, /^buffer full \(1 MiB, \d+ points waiting\): new points are refused$/);
  });

  it('shows a red status and a translated log line without a server config', async () => {
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'en-US')], flow(
      { id: 'buf', type: 'civic-influx-buffer', influxdb: 'nope', measurement: 'm', directory: dir }));
    const node = nodeById('buf');
    assert.strictEqual(node.status.lastCall?.args[0].fill ?? 'red', 'red');
    const logged = (helper as any).log().args.map((a: any[]) => a[0]?.msg).filter(Boolean).map(String);
    assert.ok(logged.some((m: string) => m.includes('no InfluxDB server selected')), logged.join('\n'));
  });

  it('refuses to start a second node on the same queue folder, with a clear error; the first keeps working', async () => {
    await helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'en-US')], [
      ...bufferFlow(),
      ...flow({ id: 'buf2', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'other', batchWait: 0.05, directory: dir }),
    ]);
    // the helper's spies are shared by all nodes: tell the calls apart by the node they were made on
    const callsOf = (spy: any, id: string) => spy.getCalls().filter((c: any) => c.thisValue?.id === id).map((c: any) => c.args[0]);
    const refused = () => ['buf', 'buf2'].filter((id) => callsOf(nodeById(id).status, id).some((s: any) => s.fill === 'red'));
    await waitFor(() => refused().length > 0, 'a refusal');
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(refused().length, 1, 'exactly one of the two nodes refuses');
    const loser = refused()[0];
    const winner = loser === 'buf' ? 'buf2' : 'buf';
    assert.deepStrictEqual(callsOf(nodeById(loser).status, loser).pop(), { fill: 'red', shape: 'ring', text: 'folder in use' });
    assert.deepStrictEqual(callsOf(nodeById(loser).error, loser).map(String), [`the buffer folder ${dir} is already used by another `
      + `civic-influx-buffer node (${winner}, in this Node-RED); give each node its own folder`]);
    nodeById(winner).receive(reading(7));
    await waitFor(() => seen.some((s) => s.body.includes('co2=407')), 'the other node still writes');
  });

  describe('with the pack\'s own server settings (civic-influxdb), no node-red-contrib-influxdb loaded', () => {
    const ours = (settings: Record<string, unknown>, config: Record<string, unknown> = {}) => flow(
      { id: 'srv', type: 'civic-influxdb', url: `http://127.0.0.1:${port}`, apiVersion: '1.x', database: 'farm', ...settings },
      { id: 'buf', type: 'civic-influx-buffer', server: 'srv', measurement: 'greenhouse', batchWait: 0.05, retryMax: 0.2, directory: dir, ...config },
    );

    it('writes to InfluxDB 1.x with the database, retention policy and login of the server settings', async () => {
      await helper.load([civicInfluxdb, influxBuffer], ours({}, { retentionPolicy: 'month' }), { srv: { username: 'nr', password: 'pw' } });
      nodeById('buf').receive(reading(0));
      await waitFor(() => seen.length === 1, 'write');
      assert.strictEqual(seen[0].url, '/write?db=farm&rp=month&precision=ns');
      assert.strictEqual(seen[0].auth, `Basic ${Buffer.from('nr:pw').toString('base64')}`);
      assert.strictEqual(seen[0].body, 'greenhouse,device=house-1-th-01,house=house-1,site=hakui airTemperature=20,co2=400 1778382000000000000');
    });

    it('writes to InfluxDB 2.x with organisation, bucket and token, reading numeric times in the chosen precision', async () => {
      await helper.load([civicInfluxdb, influxBuffer], ours({ apiVersion: '2.x', org: 'city', bucket: 'farm2' }, { precisionV18FluxV20: 's' }),
        { srv: { token: 'secret-token' } });
      nodeById('buf').receive({ payload: { v: 1, time: 1778382000 } });
      await waitFor(() => seen.length === 1, 'write');
      assert.strictEqual(seen[0].url, '/api/v2/write?org=city&bucket=farm2&precision=ns');
      assert.strictEqual(seen[0].auth, 'Token secret-token');
      assert.strictEqual(seen[0].body, 'greenhouse v=1 1778382000000000000');
    });

    it('reads the fields from the property chosen in the dialog (typedInput)', async () => {
      await helper.load([civicInfluxdb, influxBuffer], ours({}, { property: 'data.fields', propertyType: 'msg' }));
      nodeById('buf').receive({ payload: 'not this', data: { fields: { co2: 812 } }, timestamp: 1778382000000 });
      await waitFor(() => seen.length === 1, 'write');
      assert.strictEqual(seen[0].body, 'greenhouse co2=812 1778382000000000000');
    });

    it('refuses to start with a translated reason when the server settings are incomplete', async () => {
      await helper.load([civicInfluxdb, withCatalog('civic-influx-buffer', influxBuffer, 'ja')], ours({ database: '' }));
      const logged = (helper as any).log().args.map((a: any[]) => a[0]?.msg).filter(Boolean).map(String);
      assert.ok(logged.some((m: string) => m.includes('データベースがありません')), logged.join('\n'));
    });
  });

  it('runs a node saved by 0.1.0 (config version 1, contrib server, no policy saved) unchanged', async () => {
    const v1 = { id: 'buf', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'greenhouse', precision: 'ms', batchWait: 0.05, directory: dir };
    const migrated = migrateConfig('civic-influx-buffer', v1);
    assert.deepStrictEqual({ version: migrated.version, server: migrated.server, influxdb: migrated.influxdb, property: migrated.property,
      propertyType: migrated.propertyType, policy: migrated.policy },
    { version: 2, server: '', influxdb: 'db', property: 'payload', propertyType: 'msg', policy: 'drop-oldest' },
    'the contrib server is kept, msg.payload read as before, and the 0.1.0 default policy kept');
    await helper.load([influxNodes, influxBuffer], flow({ ...v1Server(), port: String(port) }, v1));
    nodeById('buf').receive(reading(3));
    await waitFor(() => seen.length === 1, 'write');
    assert.match(seen[0].body, /co2=403 1778382003000000000$/);
  });

  it('puts its queue under <Node-RED user dir>/civic-iot/influx-buffer/<node id> by default', async () => {
    helper.settings({ userDir: dir });
    try {
      await helper.load([influxNodes, influxBuffer], flow({ ...v1, port: String(port) },
        { id: 'buf', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'm', batchWait: 0.05 }));
      nodeById('buf').receive(reading(0));
      const expected = path.join(dir, 'civic-iot', 'influx-buffer', 'buf');
      await waitFor(() => fs.existsSync(expected) && fs.readdirSync(expected).some((f) => f.startsWith('rec-')), 'folder created');
      await waitFor(() => seen.length === 1, 'written');
    } finally {
      helper.settings({});
    }
  });
});
