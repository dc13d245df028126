// Regressions found by the robustness suite (test/robustness): a quasi-identifier value String() throws on.
import assert from 'assert';
import { kAnonymize } from '../../../lib/privacy';

describe('k-anonymity: quasi-identifier values without a usable toString', () => {
  it('are generalised like any other unreadable value instead of crashing the search', () => {
    const records = Array.from({ length: 6 }, (_v, i) => ({ sex: i % 2 ? '男' : '女', code: i < 3 ? [Object.create(null)] : JSON.parse('{"toString":"x"}') }));
    const { report } = kAnonymize(records, { quasiIdentifiers: [{ field: 'sex', hierarchy: 'category' }, { field: 'code', hierarchy: 'category' }], k: 2, suppressionLimit: 0 });
    assert.strictEqual(report.released + report.suppressed, 6);
  });
});
