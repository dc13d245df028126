// NGSI export, sharing between towns and the season replay through the real runtime.
import assert from 'assert';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import ngsiNode from '../../nodes/civic-ngsi-export/civic-ngsi-export';
import shareNode from '../../nodes/civic-farm-share/civic-farm-share';
import simNode from '../../nodes/civic-season-sim/civic-season-sim';
import metricsNode from '../../nodes/civic-agri-metrics/civic-agri-metrics';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, collect, until } from '../helpers/node-red';
import { freePort } from '../helpers/servers';
import { farmPseudonym } from '../../lib/farm';

const daily = { topic: 'daily/house-1-th-01', date: '2025-06-01', timestamp: Date.parse('2025-06-01T00:00:00+09:00'), device: { id: 'house-1-th-01', house: 'house-1' },
  payload: { tmean: 22.4, airHumidityMean: 78.5, soilMoistureMean: 38, soilECMean: 2.4, soilTemperatureMean: 20 } };

describe('farm exchange nodes (civic-ngsi-export, civic-farm-share, civic-season-sim)', function () {
  this.timeout(60000);
  let dir: string;
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-farm-x-')); });
  afterEach(async () => { await helper.unload(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('civic-ngsi-export POSTs the day to a context broker with the token credential, and says why it failed in Japanese', async () => {
    const port = await freePort();
    const bodies: any[] = [];
    let status = 204;
    const server = http.createServer((req, res) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => { bodies.push({ headers: req.headers, body: JSON.parse(b) }); res.statusCode = status; res.end(); }); });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      await helper.load(withCatalog('civic-ngsi-export', ngsiNode, 'ja'), flow(
        { id: 'ngsi', type: 'civic-ngsi-export', target: 'broker', format: 'keyValues', url: `http://127.0.0.1:${port}`, service: 'hakui', wires: [['out']] },
        { id: 'out', type: 'helper' }), { ngsi: { token: 'tok-123' } });
      const out = nextMessage<any>('out');
      nodeById('ngsi').receive(structuredClone(daily));
      const msg = await out;
      assert.strictEqual(msg.statusCode, 204);
      assert.deepStrictEqual(msg.payload.map((e: any) => e.type), ['WeatherObserved', 'AgriParcelRecord']);
      assert.strictEqual(bodies[0].headers['x-auth-token'], 'tok-123');
      status = 500;
      const err = nextError('ngsi');
      nodeById('ngsi').receive(structuredClone(daily));
      assert.strictEqual(await err, 'コンテキストブローカーが 500 を返しました');
      const bad = nextError('ngsi');
      nodeById('ngsi').receive({ payload: 'secret text' });
      assert.strictEqual(await bad, '日報ではありません (civic-agri-metrics の出力2 をつないでください)');
    } finally { server.close(); }
  });

  it('civic-ngsi-export writes one file per day, entities merged by id', async () => {
    await helper.load(withCatalog('civic-ngsi-export', ngsiNode), flow({ id: 'ngsi', type: 'civic-ngsi-export', target: 'file', directory: dir, wires: [['out']] }, { id: 'out', type: 'helper' }));
    for (let i = 0; i < 2; i++) {
      const out = nextMessage<any>('out');
      nodeById('ngsi').receive(structuredClone(daily));
      await out;
    }
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'ngsi-2025-06-01.json'), 'utf8'));
    assert.strictEqual(file.length, 2);
    assert.strictEqual(file[0].temperature.metadata.unitCode.value, 'CEL');
  });

  it('civic-farm-share (benchmark) compares its own house with the region and ignores what is not an indicator', async () => {
    const key = 'benchmark-test-key-0000';
    await helper.load(withCatalog('civic-farm-share', shareNode, 'ja'), flow({ id: 'share', type: 'civic-farm-share', mode: 'benchmark', town: 'hakui', houses: 'house-1', wires: [['cards']] },
      { id: 'cards', type: 'helper' }), { share: { key } });
    const cards = collect<any>('cards');
    const week = '2025-05-05';
    const mine = { town: 'hakui', farm: farmPseudonym(key, 'hakui', 'house-1'), crop: 'tomato', week, days: 7, gdd: 90, timeInBand: 0.6, yieldIndex: 40 };
    for (const x of [mine, { ...mine, town: 'shika', farm: 'F-aaaaaaaaaaaa', yieldIndex: 20 }, { ...mine, town: 'shika', farm: 'F-bbbbbbbbbbbb', yieldIndex: 30 }]) {
      nodeById('share').receive({ topic: `civic/share/${x.town}/${x.farm}/weekly`, payload: JSON.stringify(x) });
    }
    const err = nextError('share');
    nodeById('share').receive({ payload: '{"farm":"house-1"}' });
    assert.strictEqual(await err, '週ごとの指標ではありません (形が違うので使いません)');
    await until(() => cards.length >= 3, 'three benchmark cards');
    const last = cards.at(-1).payload;
    assert.deepStrictEqual([last.house, last.farms, last.towns, last.median.yieldIndex, last.yieldVsMedian], ['house-1', 3, 2, 30, 133.3]);
  });

  it('civic-farm-share without a pseudonym key (an imported flow) asks for it and answers messages with the reason', async () => {
    await helper.load(withCatalog('civic-farm-share', shareNode, 'ja'), flow({ id: 'share', type: 'civic-farm-share', mode: 'benchmark', town: 'hakui' }));
    assert.ok(nodeById('share').status.args.some((a: any[]) => a[0].fill === 'yellow' && a[0].text === '鍵を設定してください'));
    const err = nextError('share');
    nodeById('share').receive({ payload: '{}' });
    assert.match(await err, /鍵|key/);
  });

  it('civic-season-sim plays a short season quickly; agri-metrics closing days by readings sends one summary per house device and day', async () => {
    await helper.load([withCatalog('civic-agri-metrics', metricsNode), withCatalog('civic-season-sim', simNode)], flow(
      { id: 'sim', type: 'civic-season-sim', houses: 'farm-a', start: '2025-03-01', days: 5, seasons: 1, speed: 20, stepMinutes: 60, wires: [['metrics'], ['log'], ['done']] },
      { id: 'metrics', type: 'civic-agri-metrics', closeDays: 'readings', wires: [[], ['daily']] },
      { id: 'log', type: 'helper' }, { id: 'daily', type: 'helper' }, { id: 'done', type: 'helper' }));
    const log = collect<any>('log');
    const days = collect<any>('daily');
    const finished = nextMessage<any>('done', 30000);
    nodeById('sim').receive({ payload: 'go' });
    assert.deepStrictEqual((await finished).payload, { houses: ['farm-a'], seasons: 1, days: 5 });
    await until(() => days.length >= 8, 'eight daily summaries');
    // 5 days: the first 4 close when the next day's readings arrive (2 devices each)
    assert.deepStrictEqual(days.map((d) => `${d.device.id} ${d.date}`).sort(), ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04']
      .flatMap((date) => [`farm-a-soil-01 ${date}`, `farm-a-th-01 ${date}`]).sort());
    assert.ok(days.every((d) => d.payload.samples === 24 || d.payload.soilECMean !== undefined));
    assert.deepStrictEqual([log[0].payload.work, log.at(-1).payload.work], ['planting', 'seasonEnd']);
  });
});
