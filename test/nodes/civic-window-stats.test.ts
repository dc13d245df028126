import assert from 'assert';
import sinon from 'sinon';
import windowStats from '../../nodes/civic-window-stats/civic-window-stats';
import { validate } from '../../lib/schemas';
import { helper, withCatalog, flow, nextMessage, nextError, collect, nodeById } from '../helpers/node-red';

const T0 = Date.parse('2025-05-01T10:00:00+09:00');
const tick = () => new Promise((r) => setImmediate(r));

// Node-RED deletes a node's context on stop unless a context store is configured (as users do to keep state
// across restarts): configure the memory store the way settings.js would, then load the stores.
 
const contextModule = require('@node-red/runtime/lib/nodes/context') as { load(): Promise<void> };
async function loadWithStore(load: () => Promise<unknown>): Promise<void> {
  helper.settings({ contextStorage: { default: { module: 'memory' } } });
  await load();
  await contextModule.load();
}

describe('window-stats node', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(async () => {
    clock?.restore();
    clock = undefined;
    await helper.unload();
    helper.settings({});
  });

  const wsFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'ws', type: 'civic-window-stats', unit: 'minute', wires: [['out'], ['kpi']], ...config },
    { id: 'out', type: 'helper' },
    { id: 'kpi', type: 'helper' },
  );
  // the node's clock and timer are faked after deploy; message delivery (setImmediate) stays real
  const fakeClock = (now: number) => { clock = sinon.useFakeTimers({ now, toFake: ['Date', 'setTimeout', 'clearTimeout'] }); };

  it('sends the minute statistics when the minute ends, not before', async () => {
    await helper.load(windowStats, wsFlow({ ranges: 'airTemperature=18..27', percentiles: '50' }));
    const out = collect<any>('out');
    fakeClock(T0 + 5000);
    for (const [s, v] of [[5, 20], [20, 24], [40, 30]]) {
      nodeById('ws').receive({ topic: 'house-1-th-01', payload: { airTemperature: v, co2: 500 }, timestamp: T0 + s * 1000 });
    }
    await tick();
    clock!.tick(54_000); // 10:00:59
    await tick();
    assert.strictEqual(out.length, 0);
    clock!.tick(1_000);  // 10:01:00
    await tick();
    assert.strictEqual(out.length, 1);
    const m = out[0];
    assert.strictEqual(m.topic, 'house-1-th-01');
    assert.deepStrictEqual([m.window.start, m.window.end, m.window.count], [T0, T0 + 60_000, 3]);
    assert.deepStrictEqual([m.payload.airTemperature.mean, m.payload.co2.count], [74 / 3, 3]);
    assert.ok(Math.abs(m.payload.airTemperature.p50 - 24) <= 0.24, 'p50 within the sketch accuracy (1 %)');
    assert.strictEqual(m.payload.airTemperature.timeInRange, 35 / 55); // 20 held 15 s + 24 held 20 s of 55 s
  });

  it('closes day windows at local midnight in Asia/Tokyo and waits for the grace', async () => {
    await helper.load(windowStats, wsFlow({ unit: 'day', grace: 60, output: 'flat' }));
    const out = collect<any>('out');
    const midnight = Date.parse('2025-05-02T00:00:00+09:00');
    fakeClock(midnight - 3_600_000);
    nodeById('ws').receive({ topic: 'soil-1', payload: { soilMoisture: 30 }, timestamp: midnight - 3_600_000 });
    await tick();
    clock!.tick(3_600_000 + 30_000); // 00:00:30, within the grace
    nodeById('ws').receive({ topic: 'soil-1', payload: { soilMoisture: 34 }, timestamp: midnight - 1 }); // late but in grace
    await tick();
    assert.strictEqual(out.length, 0);
    clock!.tick(30_000);
    await tick();
    assert.strictEqual(out.length, 1);
    assert.deepStrictEqual([out[0].window.startIso, out[0].payload.soilMoisture_mean, out[0].payload.soilMoisture_count],
      ['2025-04-30T15:00:00.000Z', 32, 2]);
  });

  it('counts distinct farmers and sends them as a KPI value', async () => {
    await helper.load(windowStats, wsFlow({ groupBy: 'all', distinctField: 'payload.farmerId', distinctKpi: 'smart-farming-entrants' }));
    const kpi = nextMessage<any>('kpi');
    const out = nextMessage<any>('out');
    for (const f of ['f1', 'f2', 'f1', 'f3']) nodeById('ws').receive({ topic: 'report', payload: { farmerId: f, harvestKg: 10 } });
    nodeById('ws').receive({ topic: 'flush' });
    const [k, o] = await Promise.all([kpi, out]);
    assert.deepStrictEqual([k.topic, k.payload.value, k.payload.unit, k.payload.method], ['smart-farming-entrants', 3, 'count', 'distinct-count']);
    assert.deepStrictEqual([o.topic, o.distinct.count, o.payload.harvestKg.sum, o.payload.farmerId], ['all', 3, 40, undefined]);
  });

  it('restores open windows after a restart', async () => {
    const f = wsFlow({ unit: 'hour' });
    await loadWithStore(() => helper.load(windowStats, f));
    const now = Date.now();
    nodeById('ws').receive({ topic: 'a', payload: { v: 1 }, timestamp: now });
    nodeById('ws').receive({ topic: 'a', payload: { v: 3 }, timestamp: now });
    await tick();
    await helper.setFlows(f, 'full');
    const out = nextMessage<any>('out');
    nodeById('ws').receive({ topic: 'a', payload: { v: 5 }, timestamp: now });
    nodeById('ws').receive({ topic: 'flush' });
    const m = await out;
    assert.deepStrictEqual([m.payload.v.count, m.payload.v.mean], [3, 3]);
  });

  it('rejects a payload that is not a reading, in Japanese', async () => {
    await helper.load(withCatalog('civic-window-stats', windowStats, 'ja'), wsFlow());
    const err = nextError('ws');
    nodeById('ws').receive({ topic: 'a', payload: 'hello' });
    assert.strictEqual(await err, '計測値 (payload) は数値の入ったオブジェクトにしてください');
  });

  it('says in the status and in the window message that late readings were left out, and why', async () => {
    await helper.load(withCatalog('civic-window-stats', windowStats, 'ja'), wsFlow());
    const out = collect<any>('out');
    fakeClock(T0 + 5000);
    nodeById('ws').receive({ topic: 'a', payload: { v: 1 }, timestamp: T0 + 1000 });
    await tick();
    clock!.tick(60_000);                                        // the minute closed
    await tick();
    for (let i = 0; i < 2; i++) nodeById('ws').receive({ topic: 'a', payload: { v: 2 }, timestamp: T0 + 2000 });  // back-filled
    await tick();
    assert.strictEqual(nodeById('ws').status.lastCall.args[0].text, '遅延2件 猶予0秒');
    nodeById('ws').receive({ topic: 'a', payload: { v: 3 }, timestamp: Date.now() });
    nodeById('ws').receive({ topic: 'flush' });
    await tick();
    const m = out[out.length - 1];
    assert.deepStrictEqual([m.window.late, m.window.lateReason], [2, { closedBeforeArrival: true, graceSeconds: 0 }]);
    assert.ok(validate('window-stats.message', m).ok, 'the window-stats message schema');
    assert.match(m.warnings[0], /^この期間が閉じた後に届いた計測値 2 件は数えていません \(猶予 0 秒\)/);
    assert.strictEqual(nodeById('ws').status.lastCall.args[0].text, '1件送信 遅延2件');
  });

  it('counts survey answers per value (count-per-value mode, no code)', async () => {
    await helper.load(windowStats, wsFlow({ aggregate: 'counts', countField: 'payload.answer', groupBy: 'all', unit: 'day' }));
    const out = nextMessage<any>('out');
    for (const answer of ['はい', 'いいえ', 'はい']) nodeById('ws').receive({ payload: { answer } });
    nodeById('ws').receive({ topic: 'flush' });
    const m = await out;
    assert.deepStrictEqual(m.payload, { はい: 2, いいえ: 1 });
    assert.strictEqual(m.counts.total, 3);
  });
});
