import assert from 'assert';
import { distinctKpiMessage, windowMessage, type WindowResult } from '../../../lib/kpi';

const START = Date.parse('2026-03-31T00:00:00+09:00');
const END = Date.parse('2026-04-01T00:00:00+09:00');
const result = { topic: 'house-1-soil-01', start: START, end: END, kind: 'tumbling', count: 2, late: 0,
  metrics: { soilMoisture: { count: 2, mean: 30, min: 28, max: 32, sum: 60, last: 32, stddev: 2.83 } },
  distinct: { count: 3, capped: false } } as unknown as WindowResult;

describe('kpi: window-stats output messages', () => {
  it('gives the window with nested or flat statistics', () => {
    const nested = windowMessage(result, { output: 'nested', distinctField: 'payload.farmerId' });
    assert.strictEqual(nested.topic, 'house-1-soil-01');
    assert.strictEqual(nested.timestamp, END);
    assert.deepStrictEqual(nested.payload, result.metrics);
    assert.deepStrictEqual(nested.window, { start: START, end: END, startIso: new Date(START).toISOString(),
      endIso: new Date(END).toISOString(), kind: 'tumbling', count: 2, late: 0 });
    assert.deepStrictEqual(nested.distinct, { field: 'payload.farmerId', count: 3, capped: false });
    const flat = windowMessage(result, { output: 'flat' }).payload as Record<string, number>;
    assert.strictEqual(flat.soilMoisture_mean, 30);
  });

  it('dates a distinct-count KPI inside its window, so 31 March stays in the old fiscal year', () => {
    const kpi = distinctKpiMessage(result, 'smart-farming-entrants');
    assert.strictEqual(kpi.topic, 'smart-farming-entrants');
    const payload = kpi.payload as Record<string, unknown>;
    assert.strictEqual(payload.value, 3);
    assert.strictEqual(payload.asOf, new Date(END - 1).toISOString());
    assert.strictEqual(payload.group, 'house-1-soil-01');
  });

  it('says why late readings were left out, and gives counts per value as the payload in count mode', () => {
    const late = windowMessage({ ...result, late: 3 } as WindowResult, { output: 'nested', graceSeconds: 0 });
    assert.deepStrictEqual((late.window as Record<string, unknown>).lateReason, { closedBeforeArrival: true, graceSeconds: 0 });
    const counted = windowMessage({ ...result, counts: { values: { はい: 2 }, total: 2, capped: false } } as WindowResult,
      { output: 'flat', countField: 'payload.answer' });
    assert.deepStrictEqual(counted.payload, { はい: 2 });
    assert.deepStrictEqual((counted.counts as Record<string, unknown>).total, 2);
  });
});
