// The dashboard cards' contents, built on the server: what a farmer or city staff member reads on a tile, in the
// alert list and in a toast, from the messages civic-kpi-progress and civic-alert send (README "KPI value",
// "Alert event").
import assert from 'assert';
import { AlertList, KpiCards, kpiCardRows, toastFor } from '../../../lib/cards';
import { isCivicError } from '../../../lib/errors';
import { ALERT_STATES } from '../../../lib/alerts';

/** A record as civic-kpi-progress output 1 sends it (shape of lib/kpi/progress ProgressRecord). */
const hleMale = {
  kpi: 'hle-male-0', value: 66.24, unit: 'years', baseline: 65.9, target: 66.9, progress: 0.34, grade: 'C', asOf: '2025-03-31T15:00:00Z',
  method: 'progress', fiscalYear: 2024, name: { ja: '健康寿命（男性）', en: 'Healthy life expectancy (men)' },
};

describe('cards: the KPI card', () => {
  it('shows a KPI as a big number with its unit, grade, progress, period and target, in Japanese', () => {
    const cards = new KpiCards();
    assert.strictEqual(cards.update(hleMale), 1);
    assert.deepStrictEqual(cards.tiles(), [{
      kpi: 'hle-male-0', title: '健康寿命（男性）', valueText: '66.2', unitText: '年', grade: 'C', gradeClass: 'c', gradeText: '評価 C',
      barPercent: 34, progressText: '進捗 34%', ciText: '', periodText: '2024年度', targetText: '目標 66.9年',
    }]);
  });

  it('adds the confidence interval when the value has one', () => {
    const cards = new KpiCards();
    cards.update({ ...hleMale, ci: { lower: 65.12, upper: 67.31, level: 0.95 } });
    assert.strictEqual(cards.tiles()[0].ciText, '95%信頼区間 65.1〜67.3');
    cards.update({ ...hleMale, ciLower: 65.5, ciUpper: 66.9 });
    assert.strictEqual(cards.tiles()[0].ciText, '95%信頼区間 65.5〜66.9');
    // the names the KPI value contract uses (lib/schemas/kpi.message.schema.json: ciLow, ciHigh; 95 %)
    cards.update({ ...hleMale, ciLow: 65.31, ciHigh: 67.08 });
    assert.strictEqual(cards.tiles()[0].ciText, '95%信頼区間 65.3〜67.1');
  });

  it('names the period a value stands for: fiscal year, month or day (a daily visitor target)', () => {
    const cards = new KpiCards();
    cards.update([{ kpi: 'visitors', value: 812, unit: 'persons', period: 'day', periodKey: '2025-06-01', fiscalYear: 2025 },
      { kpi: 'monthly', value: 21000, unit: 'persons', period: 'month', periodKey: '2025-06', fiscalYear: 2025 },
      { kpi: 'yearly', value: 3, unit: 'companies', period: 'fiscalYear', periodKey: '2025', fiscalYear: 2025 }]);
    assert.deepStrictEqual(cards.tiles().map((t) => t.periodText), ['2025/06/01', '2025年6月', '2025年度']);
    const en = new KpiCards({ lang: 'en-US' });
    en.update([{ kpi: 'visitors', value: 812, period: 'day', periodKey: '2025-06-01' }, { kpi: 'monthly', value: 1, period: 'month', periodKey: '2025-06' }]);
    assert.deepStrictEqual(en.tiles().map((t) => t.periodText), ['2025-06-01', '2025-06']);
  });

  it('reads kpi-progress\'s board: one tile per row, "waiting for data" where a KPI has no value yet', () => {
    const cards = new KpiCards({ lang: 'en-US' });
    cards.update([
      { kpi: 'smart-farming-entrants', name: 'Smart-farming entrants', unit: 'persons', value: 4, progressPercent: 40, grade: 'B', fiscalYear: 2025 },
      { kpi: 'smart-farming-companies', name: 'Smart-farming companies', unit: 'companies', value: null, progressPercent: null, grade: null },
    ]);
    const [entrants, companies] = cards.tiles();
    assert.strictEqual(entrants.valueText, '4');
    assert.strictEqual(entrants.unitText, 'persons');
    assert.strictEqual(entrants.progressText, 'Progress 40%');
    assert.strictEqual(entrants.periodText, 'FY2025');
    assert.strictEqual(companies.valueText, 'waiting for data');
    assert.strictEqual(companies.barPercent, null);
    assert.strictEqual(companies.gradeClass, 'none');
  });

  it('shows only the KPIs of its table, in table order, with the table\'s titles, units and decimals', () => {
    const cards = new KpiCards({ rows: [{ kpi: 'visitors', label: '来場者数（本日）', unit: '人', decimals: 0 }, { kpi: 'hle-male-0', label: '', decimals: 2 }] });
    assert.strictEqual(cards.update([hleMale, { kpi: 'other', value: 1, unit: 'count' }, { kpi: 'visitors', value: 1234.4, unit: 'count' }]), 2);
    const tiles = cards.tiles();
    assert.deepStrictEqual(tiles.map((t) => t.kpi), ['visitors', 'hle-male-0']);
    assert.deepStrictEqual([tiles[0].title, tiles[0].valueText, tiles[0].unitText], ['来場者数（本日）', '1,234', '人']);
    assert.deepStrictEqual([tiles[1].title, tiles[1].valueText], ['健康寿命（男性）', '66.24']);
  });

  it('keeps the bar within 0–100 % while the text says how far off the plan the KPI is', () => {
    const cards = new KpiCards();
    cards.update({ ...hleMale, progress: 1.32 });
    assert.deepStrictEqual([cards.tiles()[0].barPercent, cards.tiles()[0].progressText], [100, '進捗 132%']);
    cards.update({ ...hleMale, progress: -0.2 });
    assert.deepStrictEqual([cards.tiles()[0].barPercent, cards.tiles()[0].progressText], [0, '進捗 -20%']);
  });

  it('refuses what is not a KPI value with an error naming its position, and keeps nothing of that message', () => {
    const cards = new KpiCards();
    for (const bad of [null, 'x', 42, {}, { kpi: 'a' }, { kpi: '', value: 1 }, { kpi: 'a', value: '66' }, { kpi: 'a', value: Infinity }]) {
      assert.throws(() => cards.update(bad), (e: unknown) => isCivicError(e) && e.key === 'shared.cards.errors.badKpi' && e.params.index === 1);
    }
    assert.throws(() => cards.update([hleMale, { kpi: 'b' }]), (e: unknown) => isCivicError(e) && e.params.index === 2);
    assert.deepStrictEqual(cards.tiles(), []);
  });

  it('keeps at most maxKpis KPIs (a sender inventing ids cannot grow memory)', () => {
    const cards = new KpiCards({ maxKpis: 2 });
    cards.update([{ kpi: 'a', value: 1 }, { kpi: 'b', value: 2 }]);
    assert.throws(() => cards.update({ kpi: 'c', value: 3 }), (e: unknown) => isCivicError(e) && e.key === 'shared.cards.errors.tooMany');
    cards.update({ kpi: 'a', value: 5 });
    assert.deepStrictEqual(cards.tiles().map((t) => t.valueText), ['5', '2']);
  });

  it('survives a restart: the snapshot brings every tile back', () => {
    const cards = new KpiCards();
    cards.update({ ...hleMale, ci: [65, 67] });
    const again = new KpiCards();
    again.restore(JSON.parse(JSON.stringify(cards.snapshot())));
    assert.deepStrictEqual(again.tiles(), cards.tiles());
    again.restore([{ nonsense: true }, 'x']);
    assert.strictEqual(again.tiles().length, 1);
  });
});

const heat = { id: 'house-1-th-01/heat/abc', ruleId: 'heat', deviceId: 'house-1-th-01', house: 'house-1', metric: 'airTemperature', state: 'firing',
  severity: 'critical', value: 33.2, threshold: 30, since: Date.UTC(2025, 6, 1, 3, 5), message: 'ハウス1 気温 33.2°C が 30°C を超えています' };
const dry = { ...heat, id: 'house-2-soil-01/dry/def', ruleId: 'dry', deviceId: 'house-2-soil-01', house: 'house-2', severity: 'warning', since: Date.UTC(2025, 6, 1, 2, 0), message: '土壌水分が低い' };

describe('cards: the alert list and the toast', () => {
  it('lists the active alerts most severe first, with state, time and an acknowledge button where one helps', () => {
    const list = new AlertList();
    list.update([dry, heat, { ...heat, id: 'x/old/1', state: 'acknowledged', severity: 'info', since: 0, message: '確認済みの警報' }]);
    assert.deepStrictEqual(list.rows(), [
      { id: heat.id, severity: 'critical', severityText: '重大', stateText: '発生中', message: heat.message, sinceText: '2025/07/01 12:05', canAck: true },
      { id: dry.id, severity: 'warning', severityText: '警告', stateText: '発生中', message: '土壌水分が低い', sinceText: '2025/07/01 11:00', canAck: true },
      { id: 'x/old/1', severity: 'info', severityText: '情報', stateText: '確認済み', message: '確認済みの警報', sinceText: '1970/01/01 09:00', canAck: false },
    ]);
  });

  it('follows single alert events: added when firing, updated when acknowledged, gone when resolved', () => {
    const list = new AlertList({ lang: 'en-US' });
    list.update(heat);
    assert.deepStrictEqual(list.rows().map((r) => r.stateText), ['firing']);
    list.update({ ...heat, state: 'acknowledged' });
    assert.deepStrictEqual(list.rows().map((r) => [r.stateText, r.canAck]), [['acknowledged', false]]);
    list.update({ ...heat, state: 'resolved' });
    assert.deepStrictEqual(list.rows(), []);
  });

  it('takes every state civic-alert reports: a snoozed or escalated alert stays listed and can be acknowledged', () => {
    for (const state of ALERT_STATES) assert.doesNotThrow(() => new AlertList().update({ ...heat, state }), state);
    const list = new AlertList();
    list.update(heat);
    list.update({ ...heat, state: 'escalated' });
    assert.deepStrictEqual(list.rows().map((r) => [r.stateText, r.canAck]), [['未対応', true]]);
    list.update({ ...heat, state: 'snoozed' });
    assert.deepStrictEqual(list.rows().map((r) => [r.stateText, r.canAck]), [['一時停止', true]]);
    assert.deepStrictEqual(list.ackFor({ ack: 'all' }), { topic: 'ack', payload: 'all' });
    assert.strictEqual(toastFor({ ...heat, state: 'escalated' }, { states: ['escalated'] })?.severity, 'critical');
  });

  it('acknowledges only alerts it lists; "all" on a house\'s list acknowledges that house', () => {
    const list = new AlertList({ house: 'house-1' });
    list.update([heat, dry]);
    assert.deepStrictEqual(list.rows().map((r) => r.id), [heat.id], 'the other house is not on this list');
    assert.deepStrictEqual(list.ackFor({ ack: heat.id }), { topic: 'ack', payload: heat.id });
    assert.strictEqual(list.ackFor({ ack: dry.id }), undefined);
    assert.strictEqual(list.ackFor({ ack: 'house-9/forged/1' }), undefined);
    assert.strictEqual(list.ackFor({ ack: 42 }), undefined);
    assert.strictEqual(list.ackFor(null), undefined);
    assert.deepStrictEqual(list.ackFor({ ack: 'all' }), { topic: 'ack', payload: { house: 'house-1' } });
    const all = new AlertList();
    all.update([heat]);
    assert.deepStrictEqual(all.ackFor({ ack: 'all' }), { topic: 'ack', payload: 'all' });
    all.update({ ...heat, state: 'acknowledged' });
    assert.strictEqual(all.ackFor({ ack: 'all' }), undefined, 'nothing left to acknowledge');
  });

  it('refuses what is not an alert with an error naming its position, and keeps the list as it was', () => {
    const list = new AlertList();
    list.update([heat]);
    for (const bad of [null, 'x', {}, { ...heat, state: 'burning' }, { ...heat, severity: 'high' }, { ...heat, id: '' }]) {
      assert.throws(() => list.update([heat, bad]), (e: unknown) => isCivicError(e) && e.key === 'shared.cards.errors.badAlert' && e.params.index === 2);
    }
    assert.deepStrictEqual(list.rows().map((r) => r.id), [heat.id]);
  });

  it('a toast for firing and no-data events by default, coloured by severity; nothing for other states', () => {
    const states = ['firing', 'nodata'];
    assert.deepStrictEqual(toastFor(heat, { states }), { title: '重大 · 発生中', text: heat.message, color: '#c62828', severity: 'critical', state: 'firing' });
    assert.strictEqual(toastFor({ ...heat, state: 'resolved' }, { states }), undefined);
    assert.strictEqual(toastFor({ ...heat, state: 'resolved' }, { states: ['resolved'], lang: 'en-US' })?.title, 'critical · resolved');
    assert.strictEqual(toastFor({ ...heat, state: 'resolved' }, { states: ['resolved'] })?.color, '#2e7d32');
    assert.throws(() => toastFor({ state: 'firing' }, { states }), (e: unknown) => isCivicError(e) && e.key === 'shared.cards.errors.badAlert');
  });

  it('survives a restart: the snapshot brings the list back', () => {
    const list = new AlertList();
    list.update([heat, dry]);
    const again = new AlertList();
    again.restore(JSON.parse(JSON.stringify(list.snapshot())));
    assert.deepStrictEqual(again.rows(), list.rows());
  });
});

describe('cards: heights on the classic dashboard (it measures a widget once)', () => {
  it('gives a KPI card room for its tiles, two per row in a 6-column group, one per row in 3 columns', () => {
    assert.strictEqual(kpiCardRows(3, 6), 8, 'two rows of tiles');
    assert.strictEqual(kpiCardRows(4, 6), 8);
    assert.strictEqual(kpiCardRows(5, 6), 12, 'three rows of tiles');
    assert.strictEqual(kpiCardRows(2, 3), 8, 'one tile per row');
    assert.strictEqual(kpiCardRows(0, 6), 8, 'KPIs not listed: two rows of tiles, the card scrolls beyond');
  });
});
