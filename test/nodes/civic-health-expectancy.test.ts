import assert from 'assert';
import healthExpectancy from '../../nodes/civic-health-expectancy/civic-health-expectancy';
import { lifeTable, decompose } from '../../lib/kpi';
import { validate } from '../../lib/schemas';
import { helper, withCatalog, flow, nextMessage, nextError, collect, nodeById } from '../helpers/node-red';

// the hand-built example of test/unit/kpi/life-table.test.ts: two of its groups have fewer than 10 deaths
const ROWS = [
  { age: '0', population: 1000, deaths: 10, unhealthy: 0 },
  { age: '1-4', population: 4000, deaths: 8, unhealthy: 40 },
  { age: '5-9', population: 5000, deaths: 5, unhealthy: 100 },
  { age: '10+', population: 10000, deaths: 500, unhealthy: 2000 },
];
const tick = () => new Promise((r) => setImmediate(r));
const r2 = (x: number | null) => Math.round((x as number) * 100) / 100;

describe('health-expectancy node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const heFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'he', type: 'civic-health-expectancy', ages: '0,10', wires: [['table'], ['kpi'], ['analysis']], ...config },
    { id: 'table', type: 'helper' },
    { id: 'kpi', type: 'helper' },
    { id: 'analysis', type: 'helper' },
  );

  it('builds the life table and sends KPI values with 95 % intervals; warns about small numbers in status and message', async () => {
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy, 'ja'), heFlow());
    const kpis = collect<any>('kpi');
    const table = nextMessage<any>('table');
    nodeById('he').receive({ payload: ROWS, sex: '男性', asOf: '2025-03-31T12:00:00+09:00' });
    const t = await table;
    await tick();
    const expected = lifeTable(ROWS);
    assert.strictEqual(t.topic, 'male');
    assert.strictEqual(t.fiscalYear, 2024);
    assert.strictEqual(t.payload[0].hle, expected[0].hle);
    assert.strictEqual(t.payload[3].e, 20);
    assert.deepStrictEqual(kpis.map((m) => [m.topic, m.payload.value, m.payload.method]), [
      ['hle-male-0', r2(expected[0].hle), 'sullivan'], ['le-male-0', r2(expected[0].e), 'life-table'],
      ['hle-male-10', 16, 'sullivan'], ['le-male-10', 20, 'life-table']]);
    const k = kpis[0].payload;
    assert.deepStrictEqual([k.unit, k.fiscalYear, k.asOf, k.ciLow, k.ciHigh],
      ['years', 2024, '2025-03-31T03:00:00.000Z', r2(expected[0].ciLow), r2(expected[0].ciHigh)]);
    assert.ok(k.seMortality > 0 && k.sePrevalence > 0, 'both variance terms by default');
    assert.deepStrictEqual(t.smallNumbers.fewDeaths, [1, 5]);
    assert.ok(validate('life-table.message', JSON.parse(JSON.stringify(t))).ok, 'the life-table message schema');
    for (const m of kpis) assert.ok(validate('kpi.message', m).ok, `${m.topic}: the KPI value schema`);
    assert.strictEqual(t.warnings[0], '死亡数が 10 未満の年齢区分が 2 個あります (1, 5 歳から始まる区分)。年ごとの変動が大きいので、信頼区間も見てください');
    const status = nodeById('he').status.lastCall.args[0];
    assert.deepStrictEqual([status.fill, status.text], ['yellow', `男性 ${expected[0].hle?.toFixed(1)}年・少数注意`]);
  });

  it('splits a file with 性別 and 年度 columns; output 3 has the what-if, the cut for +1 year and the change since last year', async () => {
    await helper.load(healthExpectancy, heFlow({ ages: '0', leKpi: '', prevalenceCut: 20, whatIfFrom: 10 }));
    const later = ROWS.map((r, i) => ({ ...r, deaths: i === 3 ? 450 : r.deaths, unhealthy: i === 3 ? 1800 : r.unhealthy }));
    const rows = [...ROWS.map((r) => ({ ...r, 年度: 2023, 性別: '女' })), ...later.map((r) => ({ ...r, 年度: 2024, 性別: '女' }))];
    const tables = collect<any>('table');
    const kpis = collect<any>('kpi');
    const analysis = nextMessage<any>('analysis');
    nodeById('he').receive({ payload: rows });
    const a = (await analysis).payload;
    await tick();
    assert.deepStrictEqual(tables.map((m) => [m.sex, m.fiscalYear]), [['female', 2023], ['female', 2024]]);
    assert.deepStrictEqual(kpis.map((m) => [m.topic, m.payload.fiscalYear]), [['hle-female-0', 2023], ['hle-female-0', 2024]]);
    assert.strictEqual(a.fiscalYear, 2024);
    const before = lifeTable(ROWS), after = lifeTable(later);
    const d = decompose(before, after);
    const c = a.comparisons[0];
    assert.deepStrictEqual([c.from, c.to, c.age], [2023, 2024, 0]);
    assert.ok(Math.abs(c.decomposition.mortality - d.mortality) < 1e-12 && Math.abs(c.decomposition.disability - d.disability) < 1e-12);
    assert.ok(Math.abs(c.test.difference - ((after[0].hle as number) - (before[0].hle as number))) < 1e-12);
    assert.ok(a.whatIf.ages[0].gain > 0, 'a lower unhealthy share from age 10 raises HLE');
    const check = validate('health-analysis.message', { topic: 'analysis-female', payload: a });
    assert.ok(check.ok, JSON.stringify(check));
    assert.strictEqual(a.required[0].reachable, true);
  });

  it('remembers last year: a table of the next year sent later is compared with it', async () => {
    await helper.load(healthExpectancy, heFlow({ ages: '0', sex: 'female' }));
    const first = nextMessage<any>('analysis');
    nodeById('he').receive({ payload: ROWS, fiscalYear: 2023 });
    assert.deepStrictEqual((await first).payload.comparisons, []);
    const second = nextMessage<any>('analysis');
    nodeById('he').receive({ payload: ROWS.map((r) => ({ ...r, unhealthy: Math.round(r.unhealthy / 2) })), fiscalYear: 2024 });
    const c = (await second).payload.comparisons[0];
    assert.deepStrictEqual([c.from, c.to], [2023, 2024]);
    assert.ok(c.decomposition.disability > 0 && Math.abs(c.decomposition.mortality) < 1e-12);
  });

  it('takes both sexes at once (平均自立期間 preset: N = population, survey columns ignored)', async () => {
    await helper.load(healthExpectancy, heFlow({ preset: 'kdb', ages: '0', leKpi: '' }));
    const kpis = collect<any>('kpi');
    const jp = ROWS.map((r) => ({ 年齢階級: r.age, 人口: String(r.population), 死亡数: String(r.deaths), 要介護2以上: String(r.unhealthy), 調査人数: '5' }));
    const tables = collect<any>('table');
    nodeById('he').receive({ payload: { 男: jp, 女: jp } });
    await nextMessage<any>('analysis');
    await tick();
    assert.deepStrictEqual(tables.map((m) => m.topic), ['male', 'female']);
    const expected = r2(lifeTable(ROWS)[0].hle);
    assert.deepStrictEqual(kpis.map((m) => [m.topic, m.payload.value, m.payload.definition]),
      [['hle-male-0', expected, 'independent-life'], ['hle-female-0', expected, 'independent-life']]);
  });

  it('reads the rows from the property chosen in the dialog', async () => {
    await helper.load(healthExpectancy, heFlow({ property: 'data.rows', ages: '0' }));
    const table = nextMessage<any>('table');
    nodeById('he').receive({ data: { rows: ROWS }, sex: 'total' });
    assert.strictEqual((await table).payload.length, 4);
  });

  it('names the bad row and field in Japanese without repeating the file, and keeps running', async () => {
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy, 'ja'), heFlow());
    let err = nextError('he');
    const bad = ROWS.map((r) => ({ ...r }));
    bad[2].deaths = 6000;
    nodeById('he').receive({ payload: bad, sex: 'female' });
    assert.strictEqual(await err, '3行目: 死亡数が人口を超えています');
    err = nextError('he');
    nodeById('he').receive({ payload: ROWS.map((r, i) => (i === 1 ? { ...r, deaths: 'abc' } : r)), sex: 'female' });
    assert.strictEqual(await err, '2行目: 死亡数 が数値ではありません');
    err = nextError('he');
    nodeById('he').receive({ payload: [ROWS[0], ROWS[2], ROWS[1], ROWS[3]] });
    assert.strictEqual(await err, '3行目: 年齢階級が年齢の順に並んでいません');
    const table = nextMessage<any>('table');
    nodeById('he').receive({ payload: ROWS, sex: 'female' });
    assert.strictEqual((await table).topic, 'female');
  });

  it('reports a missing age group and an impossible q0 setting in English', async () => {
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy), heFlow({ q0Method: 'births' }));
    let err = nextError('he');
    nodeById('he').receive({ payload: [ROWS[0], ROWS[1], ROWS[3]] });
    assert.strictEqual(await err, 'Row 3: ages 5–9 are missing');
    err = nextError('he');
    nodeById('he').receive({ payload: ROWS });
    assert.strictEqual(await err, 'The number of live births is needed (setting, msg.births or a 出生数 column)');
    const kpi = nextMessage<any>('kpi');
    nodeById('he').receive({ payload: ROWS, births: 900 });
    assert.strictEqual((await kpi).payload.kpi, 'hle-total-0');
  });

  it('loads a flow saved with version 1 (L0 = 0.2·l0 + 0.8·l1 becomes a0 = 0.2 for q0 too)', async () => {
    await helper.load(healthExpectancy, heFlow({ version: 1, infant: 'fixed', a0: '', ages: '0' }));
    const table = nextMessage<any>('table');
    nodeById('he').receive({ payload: ROWS });
    const t = await table;
    assert.ok(Math.abs(t.payload[0].q - 0.01 / 1.008) < 1e-15);
    assert.ok(Math.abs(t.payload[0].L - (0.2 * 100000 + 0.8 * t.payload[1].l)) < 1e-9);
  });

  it('shows a red status for a bad config instead of crashing', async () => {
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy), heFlow({ a: 3 }));
    const node = nodeById('he');
    assert.strictEqual(node.status.lastCall?.args[0].text ?? node.status.args.at(-1)?.[0].text, 'invalid config');
  });
});
