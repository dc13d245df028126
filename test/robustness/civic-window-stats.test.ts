// window-stats under malformed readings and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import windowStats from '../../nodes/civic-window-stats/civic-window-stats';
import { robustnessSuite, type Msg } from './fuzz';

robustnessSuite({
  type: 'civic-window-stats', module: windowStats, outputs: 2,
  config: { unit: 'hour', timeZone: 'Asia/Tokyo', timestamp: 'now' },
  valid: (n: number): Msg[] => [{ topic: `probe-${n}`, payload: { v: 4 } }, { topic: `probe-${n}`, payload: { v: 6 } }, { topic: 'flush' }],
  topics: ['flush'],
  ready: (outs, n) => outs[0].some((m) => (m as { topic: string }).topic === `probe-${n}`),
  verify: (outs, n) => {
    const m = outs[0].find((o) => (o as { topic: string }).topic === `probe-${n}`) as { payload: Record<string, Record<string, number>> };
    assert.deepStrictEqual([m.payload.v.count, m.payload.v.mean, m.payload.v.min, m.payload.v.max], [2, 5, 4, 6]);
  },
});
