// What civic-influx-buffer says when InfluxDB cannot take the points, against a real InfluxDB 1.x: a missing
// database is named with the command that creates it (not an HTTP code or a socket error), a server that does not
// answer is said so, and the status texts are whole sentences, short by meaning, never cut mid-word.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import influxBuffer from '../../nodes/civic-influx-buffer/civic-influx-buffer';
import civicInfluxdb from '../../nodes/civic-influxdb/civic-influxdb';
import { helper, flow, nodeById, withCatalog } from '../helpers/node-red';
import { freePort, influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';

const influxNodes = require('node-red-contrib-influxdb/influxdb.js');

async function waitFor<T>(get: () => T | undefined, what: string, ms = 15000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('integration: influx-buffer explains why InfluxDB does not take the points', function () {
  this.timeout(60000);
  let influx: RunningServer;
  let dir: string;

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    influx = await startInflux();                                  // no database created
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-ib-err-')); });
  afterEach(async () => {
    await helper.unload();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    await influx?.stop();
  });

  const load = (port: number, lang: string) => helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, lang)], flow(
    { id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: String(port), protocol: 'http', database: 'farm', influxdbVersion: '1.x' },
    { id: 'buf', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'greenhouse', batchWait: 0.05, retryMax: 5, directory: dir },
  ));
  const warnings = () => {
    const out: string[] = [];
    nodeById('buf').on('call:warn', (c: { args: unknown[] }) => out.push(String(c.args[0])));
    return out;
  };
  const statusWith = (fill: string) => {
    const calls: Array<{ args: any[] }> = nodeById('buf').status.getCalls();
    return calls.map((c) => c.args[0]).reverse().find((s) => s.fill === fill);
  };

  it('names the missing database, where, and how to create it (English)', async () => {
    await load(influx.port, 'en-US');
    const warned = warnings();
    nodeById('buf').receive({ payload: { co2: 400 }, timestamp: 1778382000000 });
    const warning = await waitFor(() => warned[0], 'warning');
    assert.strictEqual(warning, `database "farm" not found on http://127.0.0.1:${influx.port} — create it with CREATE DATABASE "farm" `
      + '(influx shell) or enable auto-create in the server settings; 1 points kept on disk, retrying');
    const status = await waitFor(() => statusWith('yellow'), 'yellow status');
    assert.deepStrictEqual(status, { fill: 'yellow', shape: 'ring', text: 'no database — 1 queued' });
  });

  it('names the missing database in Japanese, and writes once it exists', async () => {
    await load(influx.port, 'ja');
    const warned = warnings();
    nodeById('buf').receive({ payload: { co2: 400 }, timestamp: 1778382000000 });
    const warning = await waitFor(() => warned[0], 'warning');
    assert.strictEqual(warning, `データベース "farm" が http://127.0.0.1:${influx.port} にありません — influx で CREATE DATABASE "farm" を実行して作るか、`
      + 'サーバ設定で自動作成を有効にしてください。1 件をディスクに保持して再試行します');
    assert.deepStrictEqual(await waitFor(() => statusWith('yellow'), 'yellow status'),
      { fill: 'yellow', shape: 'ring', text: 'データベースなし — 1 件待機中' });
    await influxQuery(influx.port, 'CREATE DATABASE farm');
    const written = await waitFor(() => { const st = nodeById('buf').status.lastCall?.args[0]; return st?.fill === 'green' && st.text.includes('送信 1') ? st : undefined; }, 'written', 30000);
    assert.deepStrictEqual(written, { fill: 'green', shape: 'dot', text: '待機 0 件・送信 1 件' });
  });

  it('says that InfluxDB does not answer instead of a socket error code', async () => {
    const closed = await freePort();
    await load(closed, 'en-US');
    const warned = warnings();
    nodeById('buf').receive({ payload: { co2: 400 }, timestamp: 1778382000000 });
    const warning = await waitFor(() => warned[0], 'warning');
    assert.strictEqual(warning, `InfluxDB at http://127.0.0.1:${closed} does not answer (connection refused); 1 points kept on disk, retrying`);
    assert.deepStrictEqual(await waitFor(() => statusWith('yellow'), 'yellow status'),
      { fill: 'yellow', shape: 'ring', text: 'InfluxDB down — 1 queued' });
  });

  it('creates the missing database itself when the server settings say so (auto-create), and writes', async () => {
    await helper.load([civicInfluxdb, influxBuffer], flow(
      { id: 'srv', type: 'civic-influxdb', url: `http://127.0.0.1:${influx.port}`, apiVersion: '1.x', database: 'made_here', autoCreate: true },
      { id: 'buf', type: 'civic-influx-buffer', server: 'srv', measurement: 'greenhouse', batchWait: 0.05, retryMax: 1, directory: dir },
    ));
    const warned = warnings();
    nodeById('buf').receive({ payload: { co2: 777 }, timestamp: 1778382000000 });
    const until = Date.now() + 15000;
    let rows: unknown[][] = [];
    while (Date.now() < until && !rows.length) {
      const r = await influxQuery(influx.port, 'SELECT co2 FROM greenhouse', 'made_here');
      rows = r.results?.[0]?.series?.[0]?.values ?? [];
      if (!rows.length) await new Promise((res) => setTimeout(res, 100));
    }
    assert.deepStrictEqual(rows, [['2026-05-10T03:00:00Z', 777]]);
    assert.deepStrictEqual(warned, [], 'no outage was reported');
  });
});
