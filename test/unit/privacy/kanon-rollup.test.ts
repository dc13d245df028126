// How the class counting reads less than every tuple per check. The column groups (lib/privacy/kanon/groups.ts):
// neighbouring quasi-identifiers read as one code per tuple through a table per combination of their levels; the
// class key they give must be the number the plain mixed radix of every QI's generalised code gives, for every tuple
// and every level vector. The floor (ClassCounter.floorAt): checks roll up from the partition at the levels no
// check goes below, and a check below them still counts from the tuples.
import assert from 'assert';
import { ClassCounter, encode, rareCombinations, rng, search, bruteForce, type Encoded, type QuasiIdentifier } from '../../../lib/privacy';
import { ColumnGroups } from '../../../lib/privacy/kanon/groups';

/** The class key of tuple t at `levels`, one QI at a time (the mixed radix of the generalised codes). */
function plainKey(e: Encoded, levels: number[], t: number): number {
  let k = 0;
  for (let j = 0; j < e.q; j++) k = k * e.card[j][levels[j]] + e.gen[j][levels[j]][e.cols[j][t]];
  return k;
}

function groupKey(g: ColumnGroups, levels: number[], t: number): number {
  let k = 0;
  for (let x = 0; x < g.count; x++) k = k * g.card(x, levels) + g.map(x, levels)[g.col(x)[t]];
  return k;
}

const QIS: QuasiIdentifier[] = [
  { field: 'sex', hierarchy: 'category' },
  { field: 'age', hierarchy: 'numeric', widths: [5, 10, 20], topCode: 0 },
  { field: 'race', hierarchy: 'category' },
  { field: 'zip', hierarchy: 'numeric', widths: [10, 100, 1000], topCode: 0 },
  { field: 'edu', hierarchy: 'numeric', widths: [4, 8], topCode: 0 },
  { field: 'id', hierarchy: 'numeric', widths: [1000], topCode: 0 },
];

/** Small and large domains side by side: some QIs share a group, the largest stand alone. */
function dataset(n: number, seed: number, distinctRows: boolean) {
  const r = rng(seed);
  const base = Array.from({ length: distinctRows ? n : n / 10 }, (_, i) => ({
    sex: r() < 0.5 ? 'M' : 'F', age: 18 + Math.floor(r() * 70), race: ['a', 'b', 'c', 'd', 'e'][Math.floor(r() * 5)],
    zip: String(10000 + Math.floor(r() * 9000)), edu: Math.floor(r() * 16), id: distinctRows ? i : 0,
  }));
  // without distinct rows each row comes ten times: the tuples are merged
  const records = distinctRows ? base : Array.from({ length: n }, (_, i) => ({ ...base[i % base.length] }));
  return encode(records, { quasiIdentifiers: QIS, k: 2 });
}

describe('privacy: k-anonymity column groups', () => {
  for (const distinctRows of [false, true]) {
    it(`give every tuple the plain mixed-radix class key at every level vector (${distinctRows ? 'every row distinct: 16-bit codes' : 'rows merged: 32-bit codes'})`, () => {
      const e = dataset(3000, distinctRows ? 11 : 12, distinctRows);
      assert.strictEqual(e.tuples === e.n, distinctRows);
      const g = new ColumnGroups(e);
      // sex × age × race share one group; zip (thousands of values) stands alone; edu joins what follows it
      assert.ok(g.count < e.q && g.count > 1, `${g.count} groups for ${e.q} QIs`);
      for (let x = 0; x < g.count; x++) {
        const col = g.col(x);
        assert.strictEqual(col.length, e.tuples);
        assert.ok(distinctRows ? !(col instanceof Int32Array) || e.cols.includes(col) : col instanceof Int32Array);
      }
      const r = rng(3);
      for (let round = 0; round < 120; round++) {
        const levels = round === 0 ? e.levels.map(() => 0) : e.levels.map((h) => Math.floor(r() * h));
        for (let t = 0; t < e.tuples; t++) {
          const want = plainKey(e, levels, t);
          if (!Number.isSafeInteger(want)) continue;
          assert.strictEqual(groupKey(g, levels, t), want, `tuple ${t} at ${levels}`);
        }
      }
    });
  }
});

describe('privacy: k-anonymity floor partition', () => {
  it('counts every level vector as a complete check does, at, above and below the floor', () => {
    const e = dataset(3000, 21, false);
    const floor = [1, 3, 1, 3, 2, 0];
    const rolling = new ClassCounter(e);
    rolling.floorAt(floor, 0);
    assert.ok(rolling.floorItems > 0 && rolling.floorItems < e.tuples / 2, `floor of ${rolling.floorItems} items, ${e.tuples} tuples`);
    const r = rng(8);
    let below = 0;
    for (let round = 0; round < 200; round++) {
      const levels = e.levels.map((h) => Math.floor(r() * h));
      if (levels.some((lv, j) => lv < floor[j])) below++;
      const full = new ClassCounter(e, 0).evaluate(levels, 3, 0, e.n, true);
      const rolled = rolling.evaluate(levels, 3, 0, e.n);
      assert.strictEqual(rolled.classes, full.classes, `classes at ${levels}`);
      assert.strictEqual(rolled.suppressed, full.suppressed, `suppressed at ${levels}`);
      assert.ok(Math.abs(rolled.loss - full.loss) <= 1e-9 * Math.max(1, e.top), `loss at ${levels}`);
    }
    assert.ok(below > 50, `${below} level vectors below the floor`);
  });

  it('the search rolls up from it and finds the optimum brute force finds', () => {
    // postcodes to the unit and to tens are rare below k = 5 alone: the search's floor starts above them
    const r = rng(22);
    const qis: QuasiIdentifier[] = [{ field: 'a', hierarchy: 'category' }, { field: 'b', hierarchy: 'category' },
      { field: 'c', hierarchy: 'category' }, { field: 'zip', hierarchy: 'numeric', widths: [10, 100, 1000], topCode: 0 }];
    const records = Array.from({ length: 1000 }, () => ({ a: Math.floor(r() * 3), b: Math.floor(r() * 4), c: r() < 0.5 ? 'x' : 'y',
      zip: 10000 + Math.floor(r() * 5000) }));
    const e = encode(records, { quasiIdentifiers: qis, k: 5 });
    const floorAt = ClassCounter.prototype.floorAt;
    const used: number[] = [];
    ClassCounter.prototype.floorAt = function (this: ClassCounter, levels: number[], l: number) {
      floorAt.call(this, levels, l);
      used.push(this.floorItems);
    };
    try {
      for (const suppressionLimit of [0, 0.02]) {
        const config = { quasiIdentifiers: qis, k: 5, suppressionLimit };
        const result = search(e, config);
        assert.ok(used.pop()! > 0, 'the search rolls up from a floor');
        assert.strictEqual(result.counter.floorItems, 0, 'the floor is let go with the kept partitions');
        const brute = bruteForce(e, config);
        assert.deepStrictEqual(result.best?.levels, brute?.levels);
        assert.strictEqual(result.best?.suppressed, brute?.suppressed);
      }
    } finally {
      ClassCounter.prototype.floorAt = floorAt;
    }
  });
});

describe('privacy: k-anonymity rare combinations', () => {
  /** The rare combinations counted plainly from the tuples' level-0 codes (same rules: smallest first, supersets of a
   * combination found skipped, triples only for at most five QIs, most records first, at most eight). */
  function plainRare(e: Encoded, k: number): Array<{ fields: string[]; belowK: number }> {
    const sets: number[][] = [];
    for (let a = 0; a < e.q; a++) sets.push([a]);
    for (let a = 0; a < e.q; a++) for (let b = a + 1; b < e.q; b++) sets.push([a, b]);
    if (e.q <= 5) for (let a = 0; a < e.q; a++) for (let b = a + 1; b < e.q; b++) for (let c = b + 1; c < e.q; c++) sets.push([a, b, c]);
    const found: Array<{ set: number[]; belowK: number }> = [];
    for (const set of sets) {
      if (found.some((f) => f.set.every((j) => set.includes(j)))) continue;
      const counts = new Map<string, number>();
      for (let t = 0; t < e.tuples; t++) {
        const key = set.map((j) => e.cols[j][t]).join(',');
        counts.set(key, (counts.get(key) ?? 0) + e.cnt[t]);
      }
      let below = 0;
      for (const c of counts.values()) if (c < k) below += c;
      if (below > 0) found.push({ set, belowK: below / e.n });
    }
    return found.sort((x, y) => y.belowK - x.belowK).slice(0, 8).map((f) => ({ fields: f.set.map((j) => e.fields[j]), belowK: f.belowK }));
  }

  for (const q of [4, 6]) {
    it(`are the combinations a plain count finds (${q} quasi-identifiers)`, () => {
      const r = rng(30 + q);
      const fields = ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, q);
      const records = Array.from({ length: 2000 }, () => Object.fromEntries(fields.map((f, j) => [f, Math.floor(r() * r() * (4 + 9 * j))])));
      const e = encode(records, { quasiIdentifiers: fields.map((field) => ({ field, hierarchy: 'category' })), k: 5 });
      const got = rareCombinations(e, 5, 8);
      assert.ok(got.length > 2, `${got.length} combinations`);
      assert.deepStrictEqual(got, plainRare(e, 5));
    });
  }
});
