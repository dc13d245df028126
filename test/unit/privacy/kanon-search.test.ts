// The fast paths of the k-anonymity search checked against plain computations: class counting (mixed-radix keys,
// direct and hashed numbering, exact chunks past 2^53, roll-up from kept partitions, early stops), the row merging
// of the encoder, the hierarchy shortcuts, and the search itself against brute force on census-like data with
// deeper user hierarchies.
import assert from 'assert';
import fc from 'fast-check';
import { encode, search, bruteForce, ClassCounter, ColumnEncoder, buildHierarchy, normalizeIdentifier, parseDate, rng,
  type KAnonymityConfig, type QuasiIdentifier, type Encoded } from '../../../lib/privacy';

/** Census-like records: an age and small categorical domains with two-level user tables. */
function censusLike(n: number, seed: number): { records: Array<Record<string, unknown>>; qis: QuasiIdentifier[] } {
  const r = rng(seed);
  const edu = ['pre', 'prim1', 'prim2', 'hs1', 'hs2', 'hs3', 'coll', 'bach', 'mast', 'doc'];
  const eduTable: Record<string, string[]> = {};
  for (const [i, v] of edu.entries()) eduTable[v] = [i < 3 ? 'primary' : i < 6 ? 'secondary' : i < 8 ? 'under' : 'grad', i < 6 ? 'lower' : 'higher'];
  const occ = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const occTable: Record<string, string[]> = Object.fromEntries(occ.map((v, i) => [v, [i < 3 ? 'tech' : 'other']]));
  const country = ['us', 'us', 'us', 'us', 'us', 'us', 'mx', 'ca', 'de', 'jp', 'in'];
  const countryTable: Record<string, string[]> = { us: ['NA'], mx: ['NA'], ca: ['NA'], de: ['EU'], jp: ['AS'], in: ['AS'] };
  const records: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const skew = (a: readonly string[]) => a[Math.floor(a.length * r() * r())];
    records.push({ age: 17 + Math.floor(r() * 60), sex: r() < 0.65 ? 'M' : 'F', edu: skew(edu), occ: skew(occ),
      country: country[Math.floor(r() * country.length)], salary: r() < 0.25 ? '>50K' : '<=50K' });
  }
  return { records, qis: [
    { field: 'age', hierarchy: 'numeric', widths: [5, 10, 20], topCode: 0 },
    { field: 'sex', hierarchy: 'category' },
    { field: 'edu', hierarchy: 'table', table: eduTable },
    { field: 'occ', hierarchy: 'table', table: occTable },
    { field: 'country', hierarchy: 'table', table: countryTable },
  ] };
}

/** Classes, suppressed records and loss of a transformation, counted plainly from the records. */
function plain(e: Encoded, records: Array<Record<string, unknown>>, levels: number[], k: number, l: number, sensitive?: string) {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < e.n; i++) {
    const t = e.recTuple[i];
    const key = levels.map((lv, j) => e.gen[j][lv][e.cols[j][t]]).join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  }
  let suppressed = 0;
  for (const members of groups.values()) {
    const distinct = new Set(members.map((i) => String(records[i][sensitive ?? ''])));
    if (members.length < k || (l > 1 && distinct.size < l)) suppressed += members.length;
  }
  return { classes: groups.size, suppressed };
}

function randomLevels(e: Encoded, r: () => number): number[] {
  return e.levels.map((h) => Math.floor(r() * h));
}

describe('privacy: k-anonymity search internals', () => {
  it('counts classes and suppressed records like a plain count, from the raw tuples and rolled up, past 2^53', () => {
    // six QIs with thousands of distinct values each: the radix product overflows 2^53 at the bottom
    const r = rng(5);
    const records = Array.from({ length: 3000 }, () => ({ a: Math.floor(r() * 4000), b: Math.floor(r() * 4000),
      c: Math.floor(r() * 3000), d: Math.floor(r() * 5000), e: Math.floor(r() * 200), f: Math.floor(r() * 9), s: Math.floor(r() * 4) }));
    const qis: QuasiIdentifier[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((field) => ({ field, hierarchy: 'numeric', widths: [10, 100, 1000], topCode: 0 }));
    for (const l of [0, 2]) {
      const cfg: KAnonymityConfig = { quasiIdentifiers: qis, k: 3, l, sensitive: 's' };
      const e = encode(records, cfg);
      let product = 1;
      for (const c of e.card) product *= c[0];
      assert.ok(product > 2 ** 53, `radix product ${product}`);
      const rolling = new ClassCounter(e);
      for (let i = 0; i < 150; i++) {
        const levels = i === 0 ? e.levels.map(() => 0) : randomLevels(e, r);
        const expected = plain(e, records, levels, 3, l, 's');
        const full = new ClassCounter(e, 0).evaluate(levels, 3, l, e.n, true);
        assert.strictEqual(full.classes, expected.classes, `classes at ${levels}`);
        assert.strictEqual(full.suppressed, expected.suppressed, `suppressed at ${levels}`);
        // through the cache, with no stopping (the limit is every record)
        const rolled = rolling.evaluate(levels, 3, l, e.n);
        assert.strictEqual(rolled.classes, expected.classes);
        assert.strictEqual(rolled.suppressed, expected.suppressed);
        assert.ok(Math.abs(rolled.loss - full.loss) <= 1e-9 * Math.max(1, e.top), `${rolled.loss} vs ${full.loss}`);
      }
    }
  });

  it('an early stop only ever says "not anonymous" where a complete check agrees', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 12 }), fc.constantFrom(0, 0.01, 0.05, 0.3),
      fc.constantFrom(0, 2, 3), (seed, k, sup, l) => {
        const { records, qis } = censusLike(400, seed);
        const cfg: KAnonymityConfig = { quasiIdentifiers: qis, k, l, sensitive: 'salary', suppressionLimit: sup };
        const e = encode(records, cfg);
        const maxSup = Math.floor(sup * e.n + 1e-9);
        const counter = new ClassCounter(e, 8);
        const r = rng(seed);
        for (let i = 0; i < 40; i++) {
          const levels = randomLevels(e, r);
          const quick = counter.evaluate(levels, k, l, maxSup);
          const full = new ClassCounter(e, 0).evaluate(levels, k, l, maxSup, true);
          assert.strictEqual(quick.anonymous, full.anonymous, `${levels}`);
          if (quick.partial) assert.ok(!full.anonymous && full.classes > Math.floor(e.n / Math.max(k, l)) + maxSup);
          if (quick.anonymous) {
            assert.strictEqual(quick.suppressed, full.suppressed);
            assert.strictEqual(quick.classes, full.classes);
            assert.ok(Math.abs(quick.loss - full.loss) <= 1e-9 * Math.max(1, e.top));
          }
        }
      }), { numRuns: 25, seed: 7 });
  });

  it('finds the same optimum as brute force on census-like data (every metric, suppression and l)', function () {
    this.timeout(60000);
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 50, max: 600 }), fc.integer({ min: 2, max: 10 }),
      fc.constantFrom(0, 0.01, 0.04, 0.15), fc.constantFrom('entropy', 'loss', 'precision'), fc.constantFrom(0, 2),
      (seed, n, k, sup, metric, l) => {
        const { records, qis } = censusLike(n, seed);
        const cfg: KAnonymityConfig = { quasiIdentifiers: qis, k, suppressionLimit: sup, metric: metric as KAnonymityConfig['metric'],
          l, sensitive: 'salary' };
        const e = encode(records, cfg);
        const fast = search(e, cfg).best;
        const brute = bruteForce(e, cfg);
        assert.strictEqual(Boolean(fast), Boolean(brute));
        if (fast && brute) {
          assert.ok(Math.abs(fast.loss - brute.loss) <= 1e-9 * Math.max(1, e.top), `${fast.loss} vs ${brute.loss}`);
          assert.deepStrictEqual(fast.levels, brute.levels);
          assert.strictEqual(fast.suppressed, brute.suppressed);
        }
      }), { numRuns: 60, seed: 1994 });
  });

  it('checks far fewer transformations than the lattice holds on census-like data', () => {
    const { records, qis } = censusLike(5000, 3);
    const e = encode(records, { quasiIdentifiers: qis, k: 5 });
    const result = search(e, { quasiIdentifiers: qis, k: 5 });
    assert.ok(result.best);
    assert.ok(result.evaluated < result.nodes / 4, `${result.evaluated} of ${result.nodes}`);
  });

  it('merges identical rows and codes equal texts alike whatever their type', () => {
    const records: Array<Record<string, unknown>> = [
      { a: 43, b: 'x' }, { a: '43', b: 'x' }, { a: 43, b: 'y' }, { a: null, b: 'x' }, { a: undefined, b: 'x' }, { a: '', b: 'x' },
      { b: 'x' }, { a: 43, b: 'x' }, { a: true, b: 'x' }, { a: 'true', b: 'x' }, { a: -0, b: 'x' }, { a: 0, b: 'x' }, { a: '0', b: 'x' },
    ];
    const e = encode(records, { quasiIdentifiers: [{ field: 'a', hierarchy: 'category' }, { field: 'b', hierarchy: 'category' }], k: 2 });
    const rowText = (i: number) => `${records[i].a ?? ''}|${records[i].b}`;
    const distinct = new Set(records.map((_, i) => rowText(i)));
    assert.strictEqual(e.tuples, distinct.size);
    for (let i = 0; i < records.length; i++) {
      for (let i2 = 0; i2 < records.length; i2++) {
        assert.strictEqual(e.recTuple[i] === e.recTuple[i2], rowText(i) === rowText(i2), `${rowText(i)} / ${rowText(i2)}`);
      }
    }
    let total = 0;
    for (let t = 0; t < e.tuples; t++) total += e.cnt[t];
    assert.strictEqual(total, records.length);
    assert.deepStrictEqual(e.labels[0][0], ['43', '', 'true', '0']);
  });

  it('hierarchy shortcuts give what the full parsers give (postcodes, ISO dates)', () => {
    const pc = buildHierarchy({ field: 'p', hierarchy: 'postcode' });
    const slow = (value: string, level: number) => {
      if (level >= 2) return '*';
      const m = /^〒?\s*([0-9]{3})-?([0-9]{4})?$/.exec(normalizeIdentifier(value));
      if (!m) return value;
      return level === 0 ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : m[1];
    };
    const piece = fc.constantFrom('〒', '9', '2', '0', '-', ' ', '\u3000', '\u00a0', '１', 'ー', '－', '\t', 'a', '〶');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
      const v = parts.join('');
      for (const level of [0, 1]) assert.strictEqual(pc.generalize(v, level), slow(v, level), JSON.stringify(v));
    }), { numRuns: 3000, seed: 3 });
    for (const v of ['〒920-0001', '〒 920-0001', ' 920-0001', '9200001', '920', '〒920-00011', '920-0001 ']) {
      for (const level of [0, 1]) assert.strictEqual(pc.generalize(v, level), slow(v, level), v);
    }
    const date = buildHierarchy({ field: 'd', hierarchy: 'date' });
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
      const v = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      assert.strictEqual(date.generalize(v, 0), parseDate(v)?.iso ?? v);
    }), { numRuns: 3000, seed: 4 });
  });

  it('numbers more classes than its hash table starts with, and counts many small classes a hash part at a time', () => {
    // 60,000 records over two wide columns (radix far past the direct table): 40 % of them from 5,000 pairs met again
    // all through the data with another third value (repeated rows, so tuples carry weights). A fresh counter's
    // table (32,768 keys) must grow while numbering and keep what it numbered; the risk counts split into parts.
    const r = rng(11);
    const pool = Array.from({ length: 5000 }, () => [Math.floor(r() * 200000), Math.floor(r() * 200000)]);
    const records: Array<Record<string, string>> = Array.from({ length: 60000 }, () => {
      const [x, y] = r() < 0.4 ? pool[Math.floor(r() * pool.length)] : [Math.floor(r() * 200000), Math.floor(r() * 200000)];
      return { a: `a${x}`, b: `b${y}`, c: `c${Math.floor(r() * 3)}` };
    });
    const qis: QuasiIdentifier[] = ['a', 'b', 'c'].map((field) => ({ field, hierarchy: 'category' }));
    const e = encode(records, { quasiIdentifiers: qis, k: 4 });
    for (const levels of [[0, 0, 0], [0, 0, 1], [0, 1, 1], [1, 0, 0]]) {
      const groups = new Map<string, number>();
      for (const rec of records) {
        const key = levels.map((lv, j) => (lv ? '*' : String(rec[qis[j].field]))).join('|');
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      const sizes = [...groups.values()];
      const full = new ClassCounter(e, 0).evaluate(levels, 4, 0, e.n, true);
      assert.strictEqual(full.classes, groups.size, `classes at ${levels}`);
      assert.deepStrictEqual([...full.classSize].sort((x, y) => x - y), [...sizes].sort((x, y) => x - y));
      const small = new ClassCounter(e, 0).smallClasses(levels, 4);
      assert.deepStrictEqual(small, { classes: groups.size, smallest: Math.min(...sizes),
        belowK: sizes.filter((x) => x < 4).reduce((x, y) => x + y, 0), below2K: sizes.filter((x) => x < 8).reduce((x, y) => x + y, 0) });
    }
  });

  it('keeps codes 8, 16 or 32 bits wide as the dictionary grows, read back to the same values', () => {
    const enc = new ColumnEncoder({ quasiIdentifiers: ['few', 'some', 'many'].map((field) => ({ field, hierarchy: 'category' })), k: 2 });
    const records = Array.from({ length: 70000 }, (_, i) => ({ few: `f${i % 12}`, some: `s${i % 300}`, many: `m${i}` }));
    for (let from = 0; from < records.length; from += 10000) enc.add(records, from, from + 10000);
    const cols = enc.columns();
    assert.deepStrictEqual(cols.codes.map((c) => c.constructor.name), ['Uint8Array', 'Uint16Array', 'Int32Array']);
    for (let i = 0; i < records.length; i += 997) {
      assert.deepStrictEqual(cols.codes.map((c, j) => cols.values[j][c[i]]), [records[i].few, records[i].some, records[i].many]);
    }
  });
});
