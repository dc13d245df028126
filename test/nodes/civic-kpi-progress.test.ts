import assert from 'assert';
import kpiProgress from '../../nodes/civic-kpi-progress/civic-kpi-progress';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById } from '../helpers/node-red';
import { validate } from '../../lib/schemas';

// Node-RED deletes a node's context on stop unless a context store is configured (as users do to keep state
// across restarts): configure the memory store the way settings.js would, then load the stores.
 
const contextModule = require('@node-red/runtime/lib/nodes/context') as { load(): Promise<void> };
async function loadWithStore(load: () => Promise<unknown>): Promise<void> {
  helper.settings({ contextStorage: { default: { module: 'memory' } } });
  await load();
  await contextModule.load();
}

describe('kpi-progress node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(async () => {
    await helper.unload();
    helper.settings({});
  });

  const kpFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'kp', type: 'civic-kpi-progress', wires: [['rec'], ['board']], ...config },
    { id: 'rec', type: 'helper' },
    { id: 'board', type: 'helper' },
  );

  it('grades a value sent as topic + number and sends the board of the four city KPIs', async () => {
    await helper.load(kpiProgress, kpFlow());
    const rec = nextMessage<any>('rec');
    const board = nextMessage<any>('board');
    nodeById('kp').receive({ topic: 'smart-farming-entrants', payload: 6, timestamp: Date.parse('2025-06-01T00:00:00+09:00') });
    const r = await rec;
    assert.deepStrictEqual([r.topic, r.payload.value, r.payload.progress, r.payload.grade, r.payload.fiscalYear, r.payload.unit],
      ['smart-farming-entrants', 6, 0.6, 'B', 2025, 'persons']);
    const b = (await board).payload;
    assert.deepStrictEqual(b.map((x: any) => x.kpi), ['hle-male-0', 'hle-female-0', 'smart-farming-entrants', 'smart-farming-companies']);
    assert.strictEqual(b[2].progressPercent, 60);
  });

  it('takes KPI value messages, lower-is-better KPIs and ratio, and keeps one value per fiscal year', async () => {
    const kpis = [{ id: 'waste', nameJa: 'ごみ', nameEn: 'waste', unit: 't', baseline: 100, baselineYear: 2023, target: 80, targetYear: 2028, direction: 'lower', method: 'ratio', interim: false, bands: '' }];
    await helper.load(kpiProgress, kpFlow({ kpis }));
    let rec = nextMessage<any>('rec');
    nodeById('kp').receive({ payload: { kpi: 'waste', value: 90, unit: 't', asOf: '2025-03-31T23:59:00+09:00', method: 'survey' } });
    let r = (await rec).payload;
    assert.deepStrictEqual([r.fiscalYear, r.grade, r.direction, r.method, r.source], [2024, 'B', 'lower', 'ratio', 'survey']);
    assert.ok(Math.abs(r.achievement - 80 / 90) < 1e-12);
    rec = nextMessage<any>('rec');
    nodeById('kp').receive({ payload: { kpi: 'waste', value: 78, asOf: '2025-04-01T00:00:00+09:00' } });
    r = (await rec).payload;
    assert.deepStrictEqual([r.fiscalYear, r.grade, r.met], [2025, 'A', true]);
    assert.deepStrictEqual(r.history.map((h: any) => [h.fiscalYear, h.value]), [[2024, 90], [2025, 78]]);
  });

  it('remembers values across a redeploy (context)', async () => {
    const f = kpFlow();
    await loadWithStore(() => helper.load(kpiProgress, f));
    const rec = nextMessage<any>('rec');
    nodeById('kp').receive({ topic: 'hle-male-0', payload: 66.5 });
    await rec;
    await helper.setFlows(f, 'full');
    const board = nextMessage<any>('board');
    nodeById('kp').receive({ topic: 'board' });
    const rows = (await board).payload;
    assert.strictEqual(rows[0].value, 66.5);
    assert.strictEqual(rows[0].grade, 'B');
  });

  it('rejects an unknown KPI with a translated error', async () => {
    await helper.load(withCatalog('civic-kpi-progress', kpiProgress, 'ja'), kpFlow());
    const err = nextError('kp');
    nodeById('kp').receive({ topic: 'bus-riders', payload: 5 });
    assert.strictEqual(await err, 'KPI「bus-riders」は表にありません。KPI の表に追加してください (msg.topic か msg.payload.kpi は表の ID にします)');
  });

  it('a daily visitor target: one value per local day, history for the trend, the record valid as a KPI value', async () => {
    const visitors = { id: 'visitors', nameJa: '来訪者数 (1日)', nameEn: 'Visitors a day', unit: 'persons', baseline: 600, baselineYear: 2025,
      target: 1000, targetYear: 2026, direction: 'higher', method: 'ratio', period: 'day', interim: false, bands: '' };
    await helper.load(kpiProgress, kpFlow({ kpis: [visitors] }));
    for (const [day, value] of [['2026-05-01', 820], ['2026-05-02', 1040]] as const) {
      const rec = nextMessage<any>('rec');
      nodeById('kp').receive({ topic: 'visitors', payload: value, asOf: `${day}T18:00:00+09:00` });
      const r = (await rec).payload;
      assert.strictEqual(r.periodKey, day);
      assert.ok(validate('kpi.message', { payload: r }).ok);
      if (day === '2026-05-02') {
        assert.deepStrictEqual([r.grade, r.fiscalYear, r.history.map((h: any) => [h.period, h.value])],
          ['A', 2026, [['2026-05-01', 820], ['2026-05-02', 1040]]]);
      }
    }
  });
});
