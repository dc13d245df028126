// Readings without a timestamp are stamped when civic-influx-buffer accepts them. 1,000 readings of one sensor
// accepted within one millisecond (the wall clock frozen while they arrive) must become 1,000 points in InfluxDB:
// stamped in nanoseconds, strictly increasing per series, so none overwrites another (the millisecond stamps of
// 0.1.0 kept 40 of 1,000 in a burst). Counted by a query against a real InfluxDB 1.x.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import influxBuffer from '../../nodes/civic-influx-buffer/civic-influx-buffer';
import { helper, flow, nodeById } from '../helpers/node-red';
import { influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';

const completeNode = require('@node-red/nodes/core/common/24-complete.js');
const influxNodes = require('node-red-contrib-influxdb/influxdb.js');

describe('integration: influx-buffer stamps readings without a time so that none collide', function () {
  this.timeout(60000);
  let influx: RunningServer;
  let dir: string;

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE civic');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-ib-stamp-'));
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await helper.unload();
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    await influx?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('1,000 readings accepted within one millisecond are 1,000 points in InfluxDB', async () => {
    await helper.load([influxNodes, influxBuffer, completeNode], flow(
      { id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: String(influx.port), protocol: 'http', database: 'civic', influxdbVersion: '1.x' },
      { id: 'buf', type: 'civic-influx-buffer', influxdb: 'db', measurement: 'burst', precision: 'ms', batchSize: 500, batchWait: 0.05, retryMax: 0.5, directory: dir },
      { id: 'ok', type: 'complete', scope: ['buf'], uncaught: false, wires: [['accepted']] },
      { id: 'accepted', type: 'helper' },
    ));
    let accepted = 0;
    nodeById('accepted').on('input', () => { accepted += 1; });
    const realNow = Date.now;
    const frozen = realNow();
    Date.now = () => frozen;                                      // every reading arrives in the same millisecond
    try {
      for (let i = 0; i < 1000; i++) nodeById('buf').receive({ payload: { co2: 400 + i }, device: { id: 'house-1-co2-01' } });
    } finally {
      Date.now = realNow;
    }
    const until = Date.now() + 30000;
    let count = 0;
    while (Date.now() < until) {
      const r = await influxQuery(influx.port, 'SELECT count(co2) FROM burst', 'civic');
      count = r.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0;
      if (accepted === 1000 && count >= 1000) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.strictEqual(accepted, 1000, 'every reading accepted');
    assert.strictEqual(count, 1000, 'every reading is its own point');
    const r = await influxQuery(influx.port, 'SELECT co2 FROM burst', 'civic');
    const values = (r.results[0].series[0].values as number[][]).map((v) => v[1]);
    assert.deepStrictEqual(values, Array.from({ length: 1000 }, (_, i) => 400 + i), 'in arrival order');
  });
});
