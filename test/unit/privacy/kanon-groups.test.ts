// The column groups of the class counting (lib/privacy/kanon/groups.ts): neighbouring quasi-identifiers read as one
// code per tuple through a table per combination of their levels. The class key they give must be the number the
// plain mixed radix of every QI's generalised code gives, for every tuple and every level vector.
import assert from 'assert';
import { encode, rng, type Encoded, type QuasiIdentifier } from '../../../lib/privacy';
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

/** Small and large domains side by side: some QIs share a group, the largest stand alone. */
function dataset(n: number, seed: number, distinctRows: boolean) {
  const r = rng(seed);
  const base = Array.from({ length: distinctRows ? n : n / 10 }, (_, i) => ({
    sex: r() < 0.5 ? 'M' : 'F', age: 18 + Math.floor(r() * 70), race: ['a', 'b', 'c', 'd', 'e'][Math.floor(r() * 5)],
    zip: String(10000 + Math.floor(r() * 9000)), edu: Math.floor(r() * 16), id: distinctRows ? i : 0,
  }));
  // without distinct rows each row comes ten times: the tuples are merged
  const records = distinctRows ? base : Array.from({ length: n }, (_, i) => ({ ...base[i % base.length] }));
  const qis: QuasiIdentifier[] = [
    { field: 'sex', hierarchy: 'category' },
    { field: 'age', hierarchy: 'numeric', widths: [5, 10, 20], topCode: 0 },
    { field: 'race', hierarchy: 'category' },
    { field: 'zip', hierarchy: 'numeric', widths: [10, 100, 1000], topCode: 0 },
    { field: 'edu', hierarchy: 'numeric', widths: [4, 8], topCode: 0 },
    { field: 'id', hierarchy: 'numeric', widths: [1000], topCode: 0 },
  ];
  return encode(records, { quasiIdentifiers: qis, k: 2 });
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
