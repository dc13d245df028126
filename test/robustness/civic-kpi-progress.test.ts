// kpi-progress under malformed KPI values and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import kpiProgress from '../../nodes/civic-kpi-progress/civic-kpi-progress';
import { robustnessSuite, type Msg } from './fuzz';

const JUNE = Date.parse('2025-06-01T00:00:00+09:00');

robustnessSuite({
  type: 'civic-kpi-progress', module: kpiProgress, outputs: 2,
  config: { timeZone: 'Asia/Tokyo', lang: 'ja' },
  valid: (n: number): Msg[] => [{ topic: 'smart-farming-entrants', payload: 6 + (n % 3), timestamp: JUNE }],
  topics: ['board', 'kpi-board', 'smart-farming-entrants'],
  ready: (outs) => outs[0].length >= 1 && outs[1].length >= 1,
  verify: (outs, n) => {
    const rec = outs[0][0] as { topic: string; payload: Record<string, unknown> };
    assert.strictEqual(rec.topic, 'smart-farming-entrants');
    assert.strictEqual(rec.payload.value, 6 + (n % 3));
    assert.ok(Array.isArray((outs[1][0] as { payload: unknown }).payload));
  },
});
