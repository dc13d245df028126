// cross-tab under malformed messages and configs (see fuzz.ts for what every run asserts): records never leak.
import assert from 'assert';
import crossTab from '../../nodes/civic-cross-tab/civic-cross-tab';
import { robustnessSuite, type Msg } from './fuzz';

const records = (n: number) => Array.from({ length: 30 }, (_, i) => ({ district: `d${n}`, sex: i % 2 ? '男' : '女', walk_slow: i % 3 === 0 }));

robustnessSuite({
  type: 'civic-cross-tab', module: crossTab, outputs: 1, privacy: true,
  config: { dimensions: [{ field: 'district', bands: '' }, { field: 'sex', bands: '' }], outcome: 'walk_slow', threshold: 10 },
  valid: (n: number): Msg[] => [{ payload: records(n) }],
  ready: (outs) => outs[0].length > 0,
  verify: (outs, n) => {
    const t = (outs[0][outs[0].length - 1] as { payload: { table: Array<Record<string, unknown>> } }).payload;
    assert.strictEqual(t.table.find((r) => r.district === `d${n}` && r.sex === '計')?.n, 30);
  },
});
