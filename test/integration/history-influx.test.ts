// civic-history against a real InfluxDB 1.x holding a season of readings (90 days every 10 minutes, two sensors in
// two houses, one heat spike): what the dashboards' charts receive after deploy, for a chosen range, per method, for
// one house, and what the user is told when the database is missing or InfluxDB does not answer.
import assert from 'assert';
import http from 'http';
import historyNode from '../../nodes/civic-history/civic-history';
import civicInfluxdb from '../../nodes/civic-influxdb/civic-influxdb';
import { helper, flow, nodeById, withCatalog } from '../helpers/node-red';
import { freePort, influxQuery, requireBinary, startInflux, type RunningServer } from '../helpers/servers';

const DAY = 86400000;
const END = Date.parse('2026-05-10T00:00:00Z');
const START = END - 90 * DAY;
const STEP = 600000;
const SPIKE = START + 40 * DAY + 13 * 3600000;
const value = (t: number, d: number) => (t === SPIKE && d === 1 ? 48.5 : 20 + d + 6 * Math.sin((t / DAY) * 2 * Math.PI));

function write(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/write?db=farm&precision=ms' }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end(body);
  });
}

describe('integration: civic-history reads a season from InfluxDB for both dashboards', function () {
  this.timeout(90000);
  let influx: RunningServer;

  before(async function () {
    requireBinary(this, 'influxd', 'influxdb');
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE farm');
    const lines: string[] = [];
    for (let t = START; t < END; t += STEP) {
      for (const d of [1, 2]) lines.push(`greenhouse,device=d${d},house=house-${d} airTemperature=${value(t, d)} ${t}`);
    }
    for (let i = 0; i < lines.length; i += 5000) assert.strictEqual(await write(influx.port, lines.slice(i, i + 5000).join('\n')), 204);
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    await influx?.stop();
  });
  afterEach(() => helper.unload());

  const load = (config: Record<string, unknown> = {}, server: Record<string, unknown> = {}, lang = 'en-US') => helper.load(
    [civicInfluxdb, withCatalog('civic-history', historyNode, lang)], flow(
      { id: 'srv', type: 'civic-influxdb', url: `http://127.0.0.1:${influx.port}`, apiVersion: '1.x', database: 'farm', ...server },
      { id: 'hist', type: 'civic-history', server: 'srv', measurement: 'greenhouse', field: 'airTemperature', range: '90d', points: 300,
        onStart: false, wires: [['classic'], ['d2']], ...config },
      { id: 'classic', type: 'helper' }, { id: 'd2', type: 'helper' },
    ));
  const outputs = () => {
    const classic: any[] = [];
    const d2: any[] = [];
    nodeById('classic').on('input', (m: any) => classic.push(m));
    nodeById('d2').on('input', (m: any) => d2.push(m));
    return { classic, d2 };
  };
  async function until(check: () => boolean, what: string): Promise<void> {
    const end = Date.now() + 20000;
    while (!check()) {
      if (Date.now() > end) throw new Error(`${what}: not within 20 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const trigger = (payload: unknown) => nodeById('hist').receive({ payload, _now: true });

  it('after deploy, sends 90 days as at most 300 points per sensor line, in both chart formats, the spike kept', async () => {
    const realNow = Date.now;
    Date.now = () => END;                                        // "now" is the end of the season
    try {
      await load({ onStart: true });
      const out = outputs();
      await until(() => out.classic.length === 1 && out.d2.length === 2, 'charts');
      const [chart] = out.classic[0].payload;
      assert.deepStrictEqual(chart.series, ['d1', 'd2']);
      assert.deepStrictEqual(chart.labels, ['']);
      for (const line of chart.data) {
        assert.strictEqual(line.length, 300);
        assert.ok(line.every((p: any, i: number) => i === 0 || p.x > line[i - 1].x), 'in time order');
        assert.ok(line[0].x >= START && line[line.length - 1].x < END);
      }
      assert.ok(chart.data[0].some((p: any) => p.y > 30), 'the heat spike of d1 is on the chart');
      assert.deepStrictEqual(out.d2.map((m) => [m.topic, m.action, m.payload.length]), [['d1', 'replace', 300], ['d2', 'append', 300]]);
      assert.deepStrictEqual(out.d2[1].payload[0], { x: chart.data[1][0].x, y: chart.data[1][0].y, series: 'd2' });
      assert.deepStrictEqual(out.classic[0].range, { start: START, end: END });
      assert.deepStrictEqual(nodeById('hist').status.lastCall.args[0], { fill: 'green', shape: 'dot', text: '2 lines · 600 points' });
    } finally {
      Date.now = realNow;
    }
  });

  it('min/max keeps every peak exactly; a range from the dashboard and a house filter narrow it down', async () => {
    await load({ method: 'minmax', filters: [{ tag: 'house', value: 'house-1' }] });
    const out = outputs();
    trigger({ start: START + 39 * DAY, end: START + 42 * DAY });
    await until(() => out.classic.length === 1, 'chart');
    const [chart] = out.classic[0].payload;
    assert.deepStrictEqual(chart.series, ['d1'], 'only house-1');
    const ys = chart.data[0].map((p: any) => p.y);
    assert.strictEqual(Math.max(...ys), 48.5, 'the spike, exactly');
    assert.ok(chart.data[0].length <= 300);
    assert.ok(chart.data[0].every((p: any) => p.x >= START + 39 * DAY && p.x < START + 42 * DAY));
  });

  it('a tag value with quotes is data, never InfluxQL', async () => {
    await load({ filters: [{ tag: 'house', value: "house-1' OR house='house-2" }] });
    const out = outputs();
    trigger('7d');
    await until(() => out.classic.length === 1, 'chart');
    assert.deepStrictEqual(out.classic[0].payload, [], 'no house has that name');
    assert.deepStrictEqual(out.d2.map((m) => m.payload), [[]], 'the Dashboard 2.0 chart is cleared');
  });

  it('says in Japanese that the database is missing, and that InfluxDB does not answer', async () => {
    await load({}, { database: 'nothing_here' }, 'ja');
    let err = new Promise<string>((resolve) => nodeById('hist').on('call:error', (c: any) => resolve(String(c.args[0]?.message ?? c.args[0]))));
    trigger('24h');
    assert.strictEqual(await err, `データベース "nothing_here" が http://127.0.0.1:${influx.port} にありません — まだ何も書き込まれていないか、サーバ設定の名前が違います`);
    assert.deepStrictEqual(nodeById('hist').status.lastCall.args[0], { fill: 'red', shape: 'ring', text: 'データベースなし' });
    await helper.unload();
    const closed = await freePort();
    await load({}, { url: `http://127.0.0.1:${closed}` }, 'ja');
    err = new Promise<string>((resolve) => nodeById('hist').on('call:error', (c: any) => resolve(String(c.args[0]?.message ?? c.args[0]))));
    trigger('24h');
    assert.strictEqual(await err, `http://127.0.0.1:${closed} の InfluxDB が応答しません (接続を拒否されました)`);
    assert.deepStrictEqual(nodeById('hist').status.lastCall.args[0], { fill: 'red', shape: 'ring', text: 'InfluxDB 応答なし' });
  });
});
