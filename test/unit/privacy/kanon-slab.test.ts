// The kept partitions' memory (lib/privacy/kanon/slab.ts): every partition's arrays live side by side in one slab
// that is compacted when full and doubles up to a bound, so the search makes no array per check. What must hold: a
// partition reads its own values after any number of others were made and freed (compactions move it), a
// partition made while another is rolled up from leaves that one readable, the slab's growth stays geometric and
// bounded, and the counter rolling up through a small cache (l-diversity: three arrays per item) counts what a
// complete check counts.
import assert from 'assert';
import { ClassCounter, encode, rng, type QuasiIdentifier } from '../../../lib/privacy';
import { PartitionSlab, type Source } from '../../../lib/privacy/kanon/slab';

const mark = (id: number, i: number, part: number) => id * 100_000 + part * 10_000 + i;

function fill(p: Source, id: number): void {
  for (let i = 0; i < p.count; i++) {
    p.rep[i] = mark(id, i, 0);
    p.w[i] = mark(id, i, 1);
    if (p.s.length) p.s[i] = mark(id, i, 2);
  }
}

function intact(p: Source, id: number): boolean {
  if (p.rep.length !== p.count || p.w.length !== p.count) return false;
  for (let i = 0; i < p.count; i++) {
    if (p.rep[i] !== mark(id, i, 0) || p.w[i] !== mark(id, i, 1) || (p.s.length && p.s[i] !== mark(id, i, 2))) return false;
  }
  return true;
}

describe('privacy: k-anonymity kept partitions in one slab', () => {
  it('keeps every live partition\'s values through compactions and growth, within the bound', () => {
    const bound = 200_000;
    const slab = new PartitionSlab(bound);
    const r = rng(5);
    const live = new Map<number, Source>();
    let held = 0;
    const lengths = new Set<number>();
    let moved = 0;
    for (let id = 1; id <= 600; id++) {
      const pairs = r() < 0.3;
      const items = 1 + Math.floor(r() * 2000);
      // like the counter: the oldest go first while the new one would not fit the bound
      while (live.size && held + items * (pairs ? 3 : 2) > bound) {
        const [oldest, p] = live.entries().next().value as [number, Source];
        slab.free(p);
        held -= p.span;
        live.delete(oldest);
      }
      const offsets = [...live.values()].map((p) => p.off);
      const p = slab.make([id], items, pairs, id);
      if ([...live.values()].some((q, x) => q.off !== offsets[x])) moved++;
      fill(p, id);
      live.set(id, p);
      held += p.span;
      lengths.add(slab.capacity);
      for (const [lid, q] of live) assert.ok(intact(q, lid), `partition ${lid} after making ${id}`);
    }
    assert.ok(moved > 20, `${moved} compactions moved partitions`);
    assert.ok(slab.capacity <= Math.ceil(1.25 * bound), `capacity ${slab.capacity} within a quarter over the bound`);
    // doubling from 1,024 entries: a handful of sizes, not a new slab every few partitions
    assert.ok(lengths.size <= Math.ceil(Math.log2((1.25 * bound) / 1024)) + 2, `${lengths.size} slab sizes: ${[...lengths].join(', ')}`);
  });

  it('leaves the partition rolled up from readable when making the next one moves it', () => {
    const slab = new PartitionSlab(100);
    const a = slab.make([0], 30, false, 1);
    fill(a, 1);
    const b = slab.make([1], 40, true, 2);
    fill(b, 2);
    slab.free(a);
    // `b` is read (as the counter's source) after a partition bigger than the room left is made
    const c = slab.make([2], 500, false, 3);
    assert.ok(b.off !== 60 || c.off !== 180, 'the slab was compacted or grown');
    assert.ok(intact(b, 2), 'the source still reads its own values');
    assert.strictEqual(b.rep.buffer, c.rep.buffer, 'the source is viewed in the slab it moved to');
    fill(c, 3);
    assert.ok(intact(b, 2) && intact(c, 3), 'neither overlaps the other');
    slab.clear();
    assert.strictEqual(slab.capacity, 0);
  });

  it('a counter rolling up through a small cache counts what complete checks count (l-diversity)', () => {
    const qis: QuasiIdentifier[] = [
      { field: 'age', hierarchy: 'numeric', widths: [5, 10, 20], topCode: 0 },
      { field: 'zip', hierarchy: 'numeric', widths: [10, 100, 1000], topCode: 0 },
      { field: 'sex', hierarchy: 'category' },
    ];
    const r = rng(13);
    const records = Array.from({ length: 4000 }, () => ({ age: 18 + Math.floor(r() * 70), zip: String(10000 + Math.floor(r() * 9000)),
      sex: r() < 0.5 ? 'M' : 'F', dx: ['a', 'b', 'c', 'd'][Math.floor(r() * 4)] }));
    const e = encode(records, { quasiIdentifiers: qis, k: 2, l: 2, sensitive: 'dx' });
    const rolling = new ClassCounter(e, 3);
    // from the bottom up, so that most checks roll up from a kept partition and the three-entry cache turns over
    const vectors: number[][] = [];
    for (let a = 0; a < e.levels[0]; a++) for (let z = 0; z < e.levels[1]; z++) for (let s = 0; s < e.levels[2]; s++) vectors.push([a, z, s]);
    for (const levels of vectors) {
      const full = new ClassCounter(e, 0).evaluate(levels, 3, 2, e.n, true);
      const rolled = rolling.evaluate(levels, 3, 2, e.n);
      assert.strictEqual(rolled.classes, full.classes, `classes at ${levels}`);
      assert.strictEqual(rolled.suppressed, full.suppressed, `suppressed at ${levels}`);
      assert.ok(Math.abs(rolled.loss - full.loss) <= 1e-9 * Math.max(1, e.top), `loss at ${levels}`);
    }
  });
});
