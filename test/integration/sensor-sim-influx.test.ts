// sensor-sim reading messages → node-red-contrib-influxdb `influxdb out` → a real InfluxDB 1.x: the flat payload
// of numbers becomes one point per reading at its measurement time, tagged by device and house, and reads back
// with the same values.
import assert from 'assert';
import sensorSim from '../../nodes/civic-sensor-sim/civic-sensor-sim';
import { helper, flow, nodeById } from '../helpers/node-red';
import { greenhouseAt } from '../../lib/sim';
import { HAKUI } from '../../lib/sun';
import { influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';

 
const influxNodes = require('node-red-contrib-influxdb/influxdb.js');
 
const changeNode = require('@node-red/nodes/core/function/15-change.js');

describe('integration: sensor-sim → influxdb out → InfluxDB 1.x', function () {
  let influx: RunningServer;

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE civic');
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    if (influx) await influx.stop();
  });
  afterEach(() => helper.unload());

  it('stores each reading with device and house tags and the simulated values', async () => {
    const t0 = Date.parse('2026-05-10T12:00:00+09:00');
    await helper.load([influxNodes, changeNode, sensorSim], flow(
      { id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: String(influx.port), protocol: 'http',
        database: 'civic', influxdbVersion: '1.x', name: 'test' },
      { id: 'sim', type: 'civic-sensor-sim', devices: 2, kind: 'greenhouse', interval: 0, houses: 'house-1,house-2',
        wires: [['tags']] },
      { id: 'tags', type: 'change', rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: '[$merge([payload, {"time": timestamp}]), {"device": device.id, "house": device.house}]', tot: 'jsonata' },
      ], wires: [['write']] },
      { id: 'write', type: 'influxdb out', influxdb: 'db', measurement: 'greenhouse', precision: 'ms', retentionPolicy: '' },
    ));
    const sim = nodeById('sim');
    for (let i = 0; i < 3; i++) sim.receive({ timestamp: t0 + i * 60000 });
    let series: any;
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      const r = await influxQuery(influx.port, 'SELECT * FROM greenhouse', 'civic');
      series = r.results?.[0]?.series?.[0];
      if (series && series.values.length >= 6) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(series, 'points written');
    assert.strictEqual(series.values.length, 6);
    const col = (name: string) => series.columns.indexOf(name);
    const houses = new Set(series.values.map((v: unknown[]) => v[col('house')]));
    assert.deepStrictEqual([...houses].sort(), ['house-1', 'house-2']);
    const rows = series.values.filter((v: unknown[]) => v[col('device')] === 'house-2-th-01');
    assert.deepStrictEqual(rows.map((v: unknown[]) => Date.parse(String(v[col('time')]))), [t0, t0 + 60000, t0 + 120000],
      'the measurement time, not the write time');
    const expected = greenhouseAt(1, 1, t0, HAKUI);
    assert.strictEqual(rows[0][col('co2')], expected.co2);
    assert.strictEqual(rows[0][col('airTemperature')], expected.airTemperature);
  });
});
