// correlate under malformed messages and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import correlate from '../../nodes/civic-correlate/civic-correlate';
import { robustnessSuite, type Msg } from './fuzz';

robustnessSuite({
  type: 'civic-correlate', module: correlate, outputs: 1, privacy: true,
  config: { columns: 'x, y', methods: ['pearson'], minPairs: 10 },
  valid: (n: number): Msg[] => [{ payload: Array.from({ length: 12 }, (_, i) => ({ x: i + n, y: 2 * i })) }],
  ready: (outs) => outs[0].length > 0,
  verify: (outs) => {
    const r = (outs[0][outs[0].length - 1] as { payload: { results: Array<{ r: number }> } }).payload.results[0].r;
    assert.ok(Math.abs(r - 1) < 1e-12);
  },
});
