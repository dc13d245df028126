import assert from 'assert';
import fc from 'fast-check';
import { kAnonymize, encode, search, bruteForce, generateRecords, SYNTHETIC_QIS, buildHierarchy,
  type KAnonymityConfig } from '../../../lib/privacy';
import { isCivicError } from '../../../lib/errors';

/** Sizes of the equivalence classes of the output, counted directly. */
function classes(records: Array<Record<string, unknown>>, fields: string[]): Map<string, Array<Record<string, unknown>>> {
  const m = new Map<string, Array<Record<string, unknown>>>();
  for (const r of records) {
    const key = JSON.stringify(fields.map((f) => r[f]));
    if (!m.has(key)) m.set(key, []);
    m.get(key)!.push(r);
  }
  return m;
}

const data = generateRecords(2000, 11) as unknown as Array<Record<string, unknown>>;

describe('privacy: k-anonymity', () => {
  it('hierarchies generalise as documented', () => {
    const age = buildHierarchy({ field: 'age', hierarchy: 'age' });
    assert.deepStrictEqual([0, 1, 2, 3, 4].map((l) => age.generalize('43', l)), ['43', '40-44', '40-49', '40-59', '*']);
    assert.strictEqual(age.generalize('95', 3), '90+');
    assert.strictEqual(age.generalize('85', 3), '80-89');
    const date = buildHierarchy({ field: 'd', hierarchy: 'date' });
    assert.deepStrictEqual([0, 1, 2, 3].map((l) => date.generalize('S50.3.1', l)), ['1975-03-01', '1975-03', '1975', '*']);
    const pc = buildHierarchy({ field: 'p', hierarchy: 'postcode' });
    assert.deepStrictEqual([0, 1, 2].map((l) => pc.generalize('〒925-0001', l)), ['925-0001', '925', '*']);
    const ad = buildHierarchy({ field: 'a', hierarchy: 'address' });
    assert.deepStrictEqual([0, 1, 2, 3].map((l) => ad.generalize('石川県羽咋郡志賀町末吉1', l)),
      ['石川県羽咋郡志賀町末吉1', '石川県羽咋郡志賀町', '石川県', '*']);
  });

  for (const k of [2, 5, 10]) {
    it(`every output class has at least ${k} records (counted in the output), without suppression`, () => {
      const cfg: KAnonymityConfig = { quasiIdentifiers: SYNTHETIC_QIS.slice(0, 5), k };
      const { records, report } = kAnonymize(data, cfg);
      const cls = classes(records, cfg.quasiIdentifiers.map((q) => q.field));
      for (const [key, members] of cls) assert.ok(members.length >= k, `${key}: ${members.length}`);
      assert.strictEqual(records.length, data.length);
      assert.strictEqual(report.suppressed, 0);
      assert.strictEqual(report.classes, cls.size);
      assert.strictEqual(report.risk.prosecutor.highest, 1 / Math.min(...[...cls.values()].map((m) => m.length)));
      assert.strictEqual(report.risk.marketer, cls.size / records.length);
    });
  }

  it('suppresses at most the allowed share and keeps the rest k-anonymous', () => {
    const cfg: KAnonymityConfig = { quasiIdentifiers: SYNTHETIC_QIS.slice(0, 6), k: 5, suppressionLimit: 0.04 };
    const { records, report } = kAnonymize(data, cfg);
    assert.ok(report.suppressed <= Math.floor(0.04 * data.length));
    assert.strictEqual(records.length, data.length - report.suppressed);
    for (const members of classes(records, cfg.quasiIdentifiers.map((q) => q.field)).values()) assert.ok(members.length >= 5);
  });

  it('masks suppressed records instead of removing them on request', () => {
    const cfg: KAnonymityConfig = { quasiIdentifiers: SYNTHETIC_QIS.slice(0, 6), k: 5, suppressionLimit: 0.04, suppressedRecords: 'mask' };
    const { records, report } = kAnonymize(data, cfg);
    assert.strictEqual(records.length, data.length);
    const allStars = records.filter((r) => cfg.quasiIdentifiers.every((q) => r[q.field] === '*')).length;
    assert.ok(report.suppressed > 0 && allStars >= report.suppressed, `${allStars} ${report.suppressed}`);
  });

  it('l-diversity: every class holds at least l distinct diagnoses (counted in the output)', () => {
    const cfg: KAnonymityConfig = { quasiIdentifiers: SYNTHETIC_QIS.slice(0, 4), k: 3, l: 3, sensitive: 'diagnosis', suppressionLimit: 0.02 };
    const { records } = kAnonymize(data, cfg);
    for (const [key, members] of classes(records, ['age', 'sex', 'address', 'postcode'])) {
      assert.ok(new Set(members.map((m) => m.diagnosis)).size >= 3, key);
      assert.ok(members.length >= 3);
    }
  });

  it('finds the same optimum as brute force on small datasets (random, every metric, with and without suppression)', function () {
    this.timeout(60000);
    const qis = [SYNTHETIC_QIS[0], SYNTHETIC_QIS[1], SYNTHETIC_QIS[2], SYNTHETIC_QIS[3], SYNTHETIC_QIS[6]];
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 30, max: 300 }), fc.integer({ min: 2, max: 6 }),
      fc.constantFrom(0, 0.02, 0.1), fc.constantFrom('entropy', 'loss', 'precision'), fc.constantFrom(0, 2),
      (seed, n, k, sup, metric, l) => {
        const recs = generateRecords(n, seed) as unknown as Array<Record<string, unknown>>;
        const cfg: KAnonymityConfig = { quasiIdentifiers: qis, k, suppressionLimit: sup, metric: metric as KAnonymityConfig['metric'],
          l, sensitive: 'diagnosis' };
        const e = encode(recs, cfg);
        const fast = search(e, cfg).best;
        const brute = bruteForce(e, cfg);
        assert.strictEqual(Boolean(fast), Boolean(brute));
        if (fast && brute) {
          assert.ok(Math.abs(fast.loss - brute.loss) <= 1e-9 * Math.max(1, e.top), `${fast.loss} vs ${brute.loss}`);
          assert.deepStrictEqual(fast.levels, brute.levels);
          assert.strictEqual(fast.suppressed, brute.suppressed);
        }
      }), { numRuns: 40, seed: 20261124 });
  });

  it('handles 30,000 records × 9 quasi-identifiers and checks only part of the lattice', function () {
    this.timeout(120000);
    const big = generateRecords(30000, 7) as unknown as Array<Record<string, unknown>>;
    const { records, report } = kAnonymize(big, { quasiIdentifiers: SYNTHETIC_QIS, k: 5 });
    assert.strictEqual(report.levels.length, 9);
    assert.ok(report.search.evaluated < report.search.nodes / 10, `${report.search.evaluated} of ${report.search.nodes}`);
    for (const members of classes(records, SYNTHETIC_QIS.map((q) => q.field)).values()) assert.ok(members.length >= 5);
  });

  it('says so when no transformation can reach k', () => {
    assert.throws(() => kAnonymize(data.slice(0, 3), { quasiIdentifiers: SYNTHETIC_QIS.slice(0, 2), k: 5 }),
      (e: unknown) => isCivicError(e) && e.key === 'civic-k-anonymize.errors.noSolution');
  });

  it('rejects a user table that is not a hierarchy', () => {
    const recs = [{ x: 'a' }, { x: 'b' }, { x: 'c' }];
    assert.throws(() => kAnonymize(recs, { k: 2, quasiIdentifiers: [{ field: 'x', hierarchy: 'table',
      table: { a: ['g1', 'G'], b: ['g1', 'H'], c: ['g2', 'H'] } }] }), (e: unknown) => isCivicError(e) && e.key === 'civic-k-anonymize.errors.notHierarchy');
  });
});
