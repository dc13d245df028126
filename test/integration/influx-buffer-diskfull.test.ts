// Disk full, on a real small file system (a 512 KiB tmpfs; see test/helpers/tmpfs.ts): civic-influx-buffer's queue
// fills the disk while InfluxDB is down. New points are refused with a translated error and a red status that
// counts the waiting points; every point accepted before stays. Space is freed (the tmpfs grows): points are
// accepted again by themselves. InfluxDB comes back: the queue drains and its written segments are deleted. After a
// restart of the node every accepted point is in InfluxDB exactly once — counted as rows by a query AND as writes
// at a proxy in front of InfluxDB (InfluxDB would hide a duplicate write by merging it).
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import influxBuffer from '../../nodes/civic-influx-buffer/civic-influx-buffer';
import { helper, flow, nodeById, withCatalog, translate } from '../helpers/node-red';
import { influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';
import { requireSmallDisk, type SmallDisk } from '../helpers/tmpfs';
import { fieldOf, startWriteProxy, type InfluxWriteProxy } from '../helpers/influx-proxy';

const completeNode = require('@node-red/nodes/core/common/24-complete.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const influxNodes = require('node-red-contrib-influxdb/influxdb.js');

const T0 = Date.parse('2026-05-10T00:00:00Z');
const NOTE = 'x'.repeat(300);                                   // ~400 bytes a record: ~1,200 records fill 512 KiB

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 30000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('integration: influx-buffer when the disk is full (real tmpfs)', function () {
  this.timeout(120000);
  let influx: RunningServer;
  let proxy: InfluxWriteProxy;
  let disk: SmallDisk;

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    disk = requireSmallDisk(this, 512);
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE civic');
    proxy = await startWriteProxy(influx.port);
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await helper.unload();
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    await proxy?.close();
    await influx?.stop();
    disk?.unmount();
  });

  const theFlow = () => flow(
    { id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: String(proxy.port), protocol: 'http', database: 'civic', influxdbVersion: '1.x' },
    { id: 'buf', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'greenhouse', precision: 'ms', maxQueueMB: 1,
      policy: 'reject-new', batchSize: 200, batchWait: 0.05, retryMax: 0.3, closeTimeout: 1, directory: path.join(disk.dir, 'queue') },
    { id: 'ok', type: 'complete', scope: ['buf'], uncaught: false, wires: [['accepted']] },
    { id: 'accepted', type: 'helper' },
    { id: 'err', type: 'catch', scope: ['buf'], uncaught: false, wires: [['refused']] },
    { id: 'refused', type: 'helper' },
  );
  const load = () => helper.load([influxNodes, withCatalog('civic-influx-buffer', influxBuffer, 'ja'), completeNode, catchNode], theFlow());

  /** Sends reading `seq` and resolves with its verdict: accepted (done()) or the refusal text (done(err)). */
  function send(seq: number): Promise<true | string> {
    return new Promise((resolve) => {
      const onOk = (msg: any) => { if (msg.payload?.seq === seq) { off(); resolve(true); } };
      // a Catch node carries the error as Node-RED renders it: "Error: <message>"
      const onBad = (msg: any) => { if (msg.payload?.seq === seq) { off(); resolve(String(msg.error?.message).replace(/^Error: /, '')); } };
      const off = () => { nodeById('accepted').removeListener('input', onOk); nodeById('refused').removeListener('input', onBad); };
      nodeById('accepted').on('input', onOk);
      nodeById('refused').on('input', onBad);
      nodeById('buf').receive({ payload: { seq, co2: 400 + seq, note: NOTE }, timestamp: T0 + seq * 1000, device: { id: 'house-1-th-01', house: 'house-1', site: 'hakui' } });
    });
  }
  const lastStatus = () => nodeById('buf').status.lastCall?.args[0] ?? {};
  const segmentBytes = () => fs.readdirSync(path.join(disk.dir, 'queue')).filter((f) => /\.log$/.test(f))
    .reduce((n, f) => n + fs.statSync(path.join(disk.dir, 'queue', f)).size, 0);

  it('refuses new points when full, keeps every accepted one, resumes when space returns, writes each once', async () => {
    await influx.kill();
    await load();
    const accepted = new Set<number>();
    const refused = new Set<number>();
    let seq = 0;
    let refusal = '';
    // bursts of 40 readings at once, as a busy flow sends them: the queue writes each burst in one go, so the disk
    // fills in the middle of a write, not only between records
    for (let burst = 0; ; burst++) {
      const seqs = Array.from({ length: 40 }, () => seq++);
      const verdicts = await Promise.all(seqs.map(send));
      verdicts.forEach((v, i) => { if (v === true) accepted.add(seqs[i]); else { refused.add(seqs[i]); refusal = v; } });
      if (verdicts.every((v) => v !== true)) break;
      assert.ok(burst < 200, 'the disk never filled');
    }
    assert.ok(accepted.size > 500, `only ${accepted.size} accepted before the disk was full`);
    const expectedText = translate('civic-influx-buffer', 'ja', 'civic-influx-buffer.errors.diskFull', { queued: accepted.size });
    assert.ok(!expectedText.includes('errors.diskFull'), 'the catalog has the disk-full message');
    assert.strictEqual(refusal, expectedText);
    await waitFor(() => lastStatus().fill === 'red', 'red status');
    assert.deepStrictEqual(lastStatus(), { fill: 'red', shape: 'ring', text: `ディスク満杯 — ${accepted.size} 件待機中` });

    disk.resize(16 * 1024);                                     // space returns
    for (let i = 0; i < 20; i++, seq++) {
      assert.strictEqual(await send(seq), true, `reading ${seq} accepted again once there is space`);
      accepted.add(seq);
    }

    await influx.start();                                       // the queue drains, its written segments go
    await waitFor(() => lastStatus().fill === 'green', 'queue drained', 60000);
    assert.ok(segmentBytes() < 64 * 1024, `written segments deleted (${segmentBytes()} bytes left)`);

    await helper.unload();                                      // restart
    await load();
    for (let i = 0; i < 5; i++, seq++) {
      assert.strictEqual(await send(seq), true);
      accepted.add(seq);
    }
    const count = async () => (await influxQuery(influx.port, 'SELECT count(co2) FROM greenhouse', 'civic'))
      .results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0;
    await waitFor(async () => (await count()) >= accepted.size, 'every accepted point written', 60000);
    await new Promise((r) => setTimeout(r, 1000));              // a second write of anything would arrive now

    const rows: unknown[][] = (await influxQuery(influx.port, 'SELECT seq FROM greenhouse', 'civic')).results[0].series[0].values;
    assert.deepStrictEqual(rows.map((r) => r[1]).sort((a: any, b: any) => a - b), [...accepted].sort((a, b) => a - b),
      'the database holds exactly the accepted readings');
    const writes = proxy.countBy((line) => fieldOf(line, 'seq'));
    const twice = [...writes].filter(([, n]) => n > 1).map(([k]) => k);
    assert.deepStrictEqual(twice, [], 'no point written twice');
    assert.strictEqual(writes.size, accepted.size, 'every accepted point written once');
    assert.ok([...refused].every((s) => !writes.has(String(s))), 'no refused point written');
  });
});
