// Fault test: InfluxDB 1.x stops while 1,000 readings flow through influx-buffer, and starts again; afterwards
// every reading is in the database exactly once, with its values — counted as rows by a query, and as WRITES at a
// proxy in front of InfluxDB (InfluxDB merges a point written twice, so rows alone cannot show a duplicate). The
// outage lasts INFLUX_OUTAGE_S seconds (default 10 to keep `npm test` short; the scenario is 30: INFLUX_OUTAGE_S=30 npm test).
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import influxBuffer from '../../nodes/civic-influx-buffer/civic-influx-buffer';
import { helper, flow, nodeById } from '../helpers/node-red';
import { influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';
import { fieldOf, startWriteProxy, type InfluxWriteProxy } from '../helpers/influx-proxy';

 
const influxNodes = require('node-red-contrib-influxdb/influxdb.js');

const OUTAGE_S = Number(process.env.INFLUX_OUTAGE_S ?? 10);
const READINGS = 1000;
const T0 = Date.parse('2026-05-10T00:00:00Z');

describe('integration: influx-buffer through an InfluxDB outage', function () {
  this.timeout((OUTAGE_S + 60) * 1000);
  let influx: RunningServer;
  let proxy: InfluxWriteProxy;
  let dir: string;

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE civic');
    proxy = await startWriteProxy(influx.port);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-ib-outage-'));
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await helper.unload();
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    await proxy?.close();
    if (influx) await influx.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`writes all ${READINGS} readings exactly once after a ${OUTAGE_S} s outage`, async () => {
    await helper.load([influxNodes, influxBuffer], flow(
      { id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: String(proxy.port), protocol: 'http', database: 'civic', influxdbVersion: '1.x' },
      { id: 'buf', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'greenhouse', precision: 'ms', batchSize: 100, batchWait: 0.2, retryMax: 1, directory: dir },
    ));
    const node = nodeById('buf');
    // readings flow evenly over (outage + 4 s): the first quarter before the stop, the rest during and after it
    const span = (OUTAGE_S + 4) * 1000;
    const started = Date.now();
    let sent = 0;
    let stopped = false;
    let restarted = false;
    while (sent < READINGS || !restarted) {
      const elapsed = Date.now() - started;
      const due = Math.min(READINGS, Math.floor((elapsed / span) * READINGS));
      for (; sent < due; sent++) {
        node.receive({
          payload: { airTemperature: 20 + (sent % 100) / 10, co2: 400 + sent },
          timestamp: T0 + sent * 1000,
          device: { id: `house-1-th-${String(sent % 4).padStart(2, '0')}`, site: 'hakui', house: 'house-1' },
        });
      }
      if (!stopped && elapsed >= 2000) { await influx.kill(); stopped = true; }
      if (stopped && !restarted && elapsed >= 2000 + OUTAGE_S * 1000) { await influx.start(); restarted = true; }
      await new Promise((r) => setTimeout(r, 20));
    }
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const r = await influxQuery(influx.port, 'SELECT count(co2) FROM greenhouse', 'civic').catch(() => undefined);
      const count = r?.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0;
      if (count >= READINGS) break;
      await new Promise((res) => setTimeout(res, 250));
    }
    await new Promise((res) => setTimeout(res, 1500));       // anything written twice would show now
    const r = await influxQuery(influx.port, 'SELECT co2, airTemperature, device FROM greenhouse', 'civic');
    const series = r.results[0].series[0];
    const rows: unknown[][] = series.values;
    assert.strictEqual(rows.length, READINGS, 'every reading once');
    const col = (n: string) => series.columns.indexOf(n);
    rows.forEach((row, i) => {
      assert.strictEqual(Date.parse(String(row[col('time')])), T0 + i * 1000);
      assert.strictEqual(row[col('co2')], 400 + i);
      assert.strictEqual(row[col('airTemperature')], 20 + (i % 100) / 10);
      assert.strictEqual(row[col('device')], `house-1-th-${String(i % 4).padStart(2, '0')}`);
    });
    const count2 = (await influxQuery(influx.port, 'SELECT count(co2) FROM greenhouse', 'civic')).results[0].series[0].values[0][1];
    assert.strictEqual(count2, READINGS);
    const writes = proxy.countBy((line) => fieldOf(line, 'co2'));
    assert.deepStrictEqual([...writes].filter(([, n]) => n !== 1), [], 'every reading written exactly once (writes counted at the proxy)');
    assert.strictEqual(writes.size, READINGS);
  });
});
