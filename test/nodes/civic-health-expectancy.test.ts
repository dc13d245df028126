import assert from 'assert';
import healthExpectancy from '../../nodes/civic-health-expectancy/civic-health-expectancy';
import { helper, withCatalog, flow, nextMessage, nextError, collect, nodeById } from '../helpers/node-red';

// the hand-built worked example of test/unit/kpi/life-table.test.ts (e0 29.380, HLE0 25.334, SE0 0.079)
const ROWS = [
  { age: '0', population: 1000, deaths: 10, unhealthy: 0 },
  { age: '1-4', population: 4000, deaths: 8, unhealthy: 40 },
  { age: '5-9', population: 5000, deaths: 5, unhealthy: 100 },
  { age: '10+', population: 10000, deaths: 500, unhealthy: 2000 },
];
const tick = () => new Promise((r) => setImmediate(r));

describe('health-expectancy node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const heFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'he', type: 'civic-health-expectancy', ages: '0,10', wires: [['table'], ['kpi']], ...config },
    { id: 'table', type: 'helper' },
    { id: 'kpi', type: 'helper' },
  );

  it('builds the life table and sends KPI values for men at 0 and 10', async () => {
    await helper.load(healthExpectancy, heFlow());
    const kpis = collect<any>('kpi');
    const table = nextMessage<any>('table');
    nodeById('he').receive({ payload: ROWS, sex: '男性', asOf: '2025-03-31T12:00:00+09:00' });
    const t = await table;
    await tick();
    assert.strictEqual(t.topic, 'male');
    assert.strictEqual(t.fiscalYear, 2024);
    assert.ok(Math.abs(t.payload[0].e - 29.38026628) < 1e-6);
    assert.ok(Math.abs(t.payload[0].hle - 25.3338015) < 1e-6);
    assert.ok(Math.abs(t.payload[3].se - 0.08) < 1e-9);
    assert.deepStrictEqual(kpis.map((m) => [m.topic, m.payload.value, m.payload.method]), [
      ['hle-male-0', 25.33, 'sullivan'], ['le-male-0', 29.38, 'life-table'],
      ['hle-male-10', 16, 'sullivan'], ['le-male-10', 20, 'life-table']]);
    assert.deepStrictEqual([kpis[0].payload.unit, kpis[0].payload.se, kpis[0].payload.fiscalYear, kpis[0].payload.asOf],
      ['years', 0.08, 2024, '2025-03-31T03:00:00.000Z']);
  });

  it('takes both sexes at once from CSV-style objects with Japanese headers (KDB preset)', async () => {
    await helper.load(healthExpectancy, heFlow({ preset: 'kdb', ages: '0', leKpi: '' }));
    const kpis = collect<any>('kpi');
    const jp = ROWS.map((r) => ({ 年齢階級: r.age, 人口: String(r.population), 死亡数: String(r.deaths), 要介護2以上: String(r.unhealthy), 調査人数: '5' }));
    const table = nextMessage<any>('table');
    nodeById('he').receive({ payload: { 男: jp, 女: jp } });
    const t = await table;
    await tick();
    assert.deepStrictEqual(Object.keys(t.payload), ['male', 'female']);
    assert.deepStrictEqual(kpis.map((m) => [m.topic, m.payload.value, m.payload.se]), [['hle-male-0', 25.33, 0.08], ['hle-female-0', 25.33, 0.08]]);
  });

  it('names the bad row in Japanese, keeps running', async () => {
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy, 'ja'), heFlow());
    const err = nextError('he');
    const bad = ROWS.map((r) => ({ ...r }));
    bad[2].deaths = 6000;
    nodeById('he').receive({ payload: bad, sex: 'female' });
    assert.strictEqual(await err, '3行目 (5-9): 死亡数 (6000) が人口 (5000) を超えています');
    const table = nextMessage<any>('table');
    nodeById('he').receive({ payload: ROWS, sex: 'female' });
    assert.strictEqual((await table).topic, 'female');
  });

  it('reports a missing age group in English', async () => {
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy), heFlow());
    const err = nextError('he');
    nodeById('he').receive({ payload: [ROWS[0], ROWS[1], ROWS[3]] });
    assert.strictEqual(await err, 'Row 3 (10+): ages 5–9 are missing');
  });

  it('shows a red status for a bad config instead of crashing', async () => {
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy), heFlow({ a: 3 }));
    const node = nodeById('he');
    assert.strictEqual(node.status.lastCall?.args[0].text ?? node.status.args.at(-1)?.[0].text, 'invalid config');
  });
});
