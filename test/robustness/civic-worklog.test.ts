// The work log under malformed form submissions and configs (see fuzz.ts for what every run asserts): refusals are
// translated and name a field only — never the grower's name or what was typed (privacy check) — and a valid entry
// is still saved afterwards.
import fs from 'fs';
import os from 'os';
import path from 'path';
import assert from 'assert';
import worklog from '../../nodes/civic-worklog/civic-worklog';
import storeNode from '../../nodes/civic-store/civic-store';
import { robustnessSuite, MARK, type Msg } from './fuzz';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-worklog-fuzz-'));

robustnessSuite({
  type: 'civic-worklog', module: worklog, outputs: 3, privacy: true, fixed: ['store'],
  config: { store: 'st', houses: 'house-1' },
  extra: [{ id: 'st', type: 'civic-store', backend: 'duckdb', file: path.join(dir, 'worklog.duckdb'), reconnectSeconds: 1 }],
  modules: [storeNode],
  // every config deploy opens a DuckDB file: fewer config runs keep the suite short
  settleMs: 500, configRuns: 15,
  valid: (n: number): Msg[] => [{ payload: { work: 'harvest', kg: 10 + n, grade: 'shu', house: 'house-1', who: `${MARK}山田`, date: '2025-05-01', time: '07:00' } }],
  ready: (outs) => outs[0].length > 0,
  verify: (outs) => {
    const last = outs[0].at(-1) as { payload: { ok: boolean; text: string } };
    assert.ok(last.payload.ok && /^収穫 \d+ kg 秀$/.test(last.payload.text));
  },
});
