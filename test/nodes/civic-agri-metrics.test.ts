import assert from 'assert';
import agriMetrics from '../../nodes/civic-agri-metrics/civic-agri-metrics';
import { helper, withCatalog, flow, collect, nodeById, nextError, nextMessage, until } from '../helpers/node-red';
import { validate } from '../../lib/schemas';

const JST = (iso: string) => Date.parse(`${iso}+09:00`);
// Node-RED deletes a node's context when it stops unless a context store is configured (settings.js
// contextStorage), so the restart tests configure one, as the docs tell users to. The helper never loads the
// stores itself: the node module wrapper does it before the flow starts.
type NodeModule = (RED: never) => void;
async function withContextStore<T>(mod: T, body: (wrapped: NodeModule) => Promise<void>): Promise<void> {
  helper.settings({ contextStorage: { default: { module: 'memory' } } });
  const context = (helper as unknown as { _context: { load(): Promise<void> } })._context;
  try {
    await body((async (RED: never) => { await context.load(); (mod as unknown as NodeModule)(RED); }) as unknown as NodeModule);
  } finally {
    helper.settings({});
  }
}

describe('agri-metrics node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const agriFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'am', type: 'civic-agri-metrics', gddBase: 10, wires: [['out'], ['daily']], ...config },
    { id: 'out', type: 'helper' },
    { id: 'daily', type: 'helper' },
  );
  const reading = (iso: string, payload: Record<string, number>) => ({
    topic: 'house-1-th-01', payload, units: { airTemperature: '°C', airHumidity: '%' }, timestamp: JST(iso),
    device: { id: 'house-1-th-01', house: 'house-1' }, meta: { source: 'test', warnings: [] },
  });

  it('adds VPD, 飽差, dew point and absolute humidity with their units', async () => {
    await helper.load(agriMetrics, agriFlow());
    const out = nextMessage<any>('out');
    nodeById('am').receive(reading('2025-06-01T12:00:00', { airTemperature: 25, airHumidity: 60 }));
    const msg = await out;
    assert.deepStrictEqual(msg.payload, { airTemperature: 25, airHumidity: 60, vpd: 1.267, humidityDeficit: 9.21, dewPoint: 16.7, absoluteHumidity: 13.82, gdd: 0 });
    assert.strictEqual(msg.units.humidityDeficit, 'g/m³');
    assert.strictEqual(msg.units.vpd, 'kPa');
    assert.ok(validate('reading.message', msg).ok);
  });

  it('sends the daily summary (local Tokyo day) when the next day starts, and adds the season total', async () => {
    await helper.load(agriMetrics, agriFlow());
    const daily = collect<any>('daily');
    const out = collect<any>('out');
    const am = nodeById('am');
    am.receive(reading('2025-06-01T06:00:00', { airTemperature: 16, ppfd: 500 }));
    am.receive(reading('2025-06-01T18:00:00', { airTemperature: 28, ppfd: 0 }));
    am.receive(reading('2025-06-02T00:10:00', { airTemperature: 15, ppfd: 0 }));
    await until(() => out.length === 3 && daily.length >= 1, 'the three readings and the summary');
    assert.strictEqual(daily.length, 1);
    const d = daily[0];
    assert.strictEqual(d.topic, 'daily/house-1-th-01');
    assert.strictEqual(d.date, '2025-06-01');
    assert.strictEqual(d.timestamp, JST('2025-06-01T00:00:00'));
    // 06:00 and 18:00 JST on 1 June are both in daylight at Hakui (sunrise ≈ 04:35, sunset ≈ 19:10): a day mean, no night mean
    assert.deepStrictEqual(d.payload, { samples: 2, gddTotal: 12, tmin: 16, tmax: 28, tmean: 22, tday: 22, gdd: 12, dli: 1.8,
      timeInRangeMinutes: 0, timeInRangeFraction: 0 });
    assert.ok(validate('agri-daily.message', d).ok);
    assert.strictEqual(out[2].payload.gdd, 12);
  });

  it('keeps the season totals across a redeploy', () => withContextStore(agriMetrics, async (mod) => {
    await helper.load(mod as never, agriFlow());
    const before = collect<any>('out');
    nodeById('am').receive(reading('2025-06-01T12:00:00', { airTemperature: 25 }));
    nodeById('am').receive(reading('2025-06-02T12:00:00', { airTemperature: 25 }));
    await until(() => before.length === 2, 'the two readings');
    await helper.setFlows(agriFlow({ name: 'renamed' }) as never, 'full');
    const out = nextMessage<any>('out');
    nodeById('am').receive(reading('2025-06-02T13:00:00', { airTemperature: 25 }));
    assert.strictEqual((await out).payload.gdd, 15);
  }));

  it('answers a payload that is not an object with a translated error (Japanese)', async () => {
    await helper.load(withCatalog('civic-agri-metrics', agriMetrics, 'ja'), agriFlow());
    const err = nextError('am');
    nodeById('am').receive({ topic: 'x', payload: 'warm' });
    assert.strictEqual(await err, 'msg.payload は計測値のオブジェクトにしてください (受信: string)');
  });

  it('refuses an unknown time zone on deploy', async () => {
    await helper.load(withCatalog('civic-agri-metrics', agriMetrics, 'en-US'), agriFlow({ timeZone: 'Asia/Hakui' }));
    const am = nodeById('am');
    assert.deepStrictEqual(am.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: 'invalid config' });
    assert.strictEqual(am.error.getCall(0).args[0], 'Unknown time zone "Asia/Hakui" (use an IANA name such as Asia/Tokyo)');
  });
});
