// The list of open alerts: insertion order, marked removals unlinked on the next walk, re-adding in place.
import assert from 'assert';
import { ActiveList, type Entry } from '../../../lib/alerts/active-list';

const entry = (key: string): Entry => ({ i: 0, site: false, key, track: {} as Entry['track'] });
const keys = (l: ActiveList) => l.toArray().map((e) => e.key);

describe('alert engine: the list of open alerts', () => {
  it('keeps the order alerts opened in, with O(1) add and delete', () => {
    const l = new ActiveList();
    const [a, b, c] = ['a', 'b', 'c'].map(entry);
    l.add(a); l.add(b); l.add(c); l.add(b);
    assert.deepStrictEqual([keys(l), l.size], [['a', 'b', 'c'], 3]);
    l.delete(b);
    assert.deepStrictEqual([keys(l), l.size], [['a', 'c'], 2]);
    l.add(b);
    assert.deepStrictEqual(keys(l), ['a', 'c', 'b']);
  });

  it('an entry removed and added again before the next walk keeps its place; sizes stay right through many removals', () => {
    const l = new ActiveList();
    const all = Array.from({ length: 3000 }, (_, k) => entry(`d${k}`));
    for (const e of all) l.add(e);
    for (const e of all.slice(0, 2500)) l.delete(e);
    l.add(all[10]);                                   // unlinked by a sweep meanwhile: it goes to the end
    assert.strictEqual(l.size, 501);
    assert.deepStrictEqual([keys(l)[0], keys(l).at(-1), keys(l).length], ['d2500', 'd10', 501]);
    const small = new ActiveList();
    const [a, b, c] = ['a', 'b', 'c'].map(entry);
    small.add(a); small.add(b); small.add(c);
    small.delete(b);
    small.add(b);                                     // not swept yet: back in its place
    assert.deepStrictEqual(keys(small), ['a', 'b', 'c']);
  });

  it('an entry moves to a new list (the engine that replaced the old one)', () => {
    const old = new ActiveList();
    const next = new ActiveList();
    const e = entry('a');
    old.add(e);
    next.add(e);
    assert.deepStrictEqual([old.size, keys(old), next.size, keys(next)], [0, [], 1, ['a']]);
  });
});
