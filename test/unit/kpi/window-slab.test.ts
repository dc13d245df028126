// window-stats keeps many topics' panes in shared slabs (lib/kpi/window-slab.ts): a region is reused by the next pane,
// a pane that outgrows its region (more metrics, more bins, wider counters) moves to arrays of its own, and a reading
// reaches a pane by its slab reference. None of this may change an answer: each topic's windows must equal what a
// WindowStats fed that topic alone answers, and the percentiles what @datadog/sketches-js's DDSketch answers.
import assert from 'assert';
import { DDSketch } from '@datadog/sketches-js';
import { WindowStats, type WindowResult } from '../../../lib/kpi';
import { Slabs } from '../../../lib/kpi/window-slab';

const T0 = Date.parse('2025-12-01T00:00:00+09:00');
const HOUR = 3_600_000, HOURS = 6;

/** A repeatable generator (Park–Miller). */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

interface Reading { topic: string; ts: number; values: Record<string, number> }

/**
 * 6 hours of readings of 200 topics, interleaved: metric sets and key order change between hours, values go negative and
 * spread; the last hours alike, so that their panes take the regions of the hours before
 */
function readings(): Reading[] {
  const r = random(5), out: Reading[] = [];
  for (let h = 0; h < HOURS; h++) {
    for (let i = 0; i < 40; i++) {
      for (let t = 0; t < 200; t++) {
        const values: Record<string, number> = {};
        const wide = t % 7 === 0 ? 10 ** (r() * 8) : 1;              // some topics spread over many bins
        if (t % 3 !== 0 || h !== 1) values.temp = Math.round((r() * 12 - 4 + h) * 10) / 10 * wide;
        values.hum = Math.round(60 + r() * 20);
        if (h >= 2 && t % 2 === 0) values.co2 = 400 + Math.floor(r() * 600);   // a metric more from the third hour
        if (h === 3 && t % 5 === 0) values.zero = 0;
        if (h >= 4) values.temp = Math.round(r() * 40 - 10);
        const ordered = h === 2 && t % 4 === 1 ? Object.fromEntries(Object.entries(values).reverse()) : values;
        out.push({ topic: `t${t}`, ts: T0 + h * HOUR + i * 60_000 + t, values: ordered });
      }
    }
  }
  return out;
}

const OPTS = { unit: 'hour' as const, percentiles: [0, 10, 50, 90, 99, 100] };

/** Feeds `rs` in order, closing windows at each `every` ms as the node's timer would. */
function feed(w: WindowStats, rs: Reading[], every = HOUR): WindowResult[] {
  const out: WindowResult[] = [];
  let hour = 0;
  for (const x of rs) {
    const h = Math.floor((x.ts - T0) / every);
    for (; hour < h; hour++) out.push(...w.tick(T0 + (hour + 1) * every));
    assert.strictEqual(w.add(x.topic, x.ts, x.values, x.ts), 'ok');
  }
  out.push(...w.flush());
  return out;
}

describe('kpi window statistics: panes in shared slabs', () => {
  it('each topic\'s windows equal those of a WindowStats fed that topic alone, and the library\'s percentiles', () => {
    const rs = readings();
    const all = feed(new WindowStats(OPTS), rs);
    assert.strictEqual(all.length, 200 * HOURS);
    for (let t = 0; t < 200; t += 3) {
      const mine = rs.filter((x) => x.topic === `t${t}`);
      const alone = feed(new WindowStats(OPTS), mine);
      assert.deepStrictEqual(all.filter((r) => r.topic === `t${t}`), alone, `topic t${t}`);
      for (const res of alone) {
        for (const [name, m] of Object.entries(res.metrics)) {
          const sk = new DDSketch({ relativeAccuracy: 0.01 });
          const values = mine.filter((x) => x.ts >= res.start && x.ts < res.end && name in x.values).map((x) => x.values[name]);
          values.forEach((v) => sk.accept(v));
          const lo = Math.min(...values), hi = Math.max(...values);
          for (const p of OPTS.percentiles) {
            assert.strictEqual(m[`p${p}`], Math.min(hi, Math.max(lo, sk.getValueAtQuantile(p / 100))), `t${t} ${name} p${p}`);
          }
        }
      }
    }
  });

  it('sliding windows: a topic that pauses while others go on never writes into another topic\'s pane', () => {
    // a closed pane's region is freed once it leaves the sliding window, and the next pane of any topic may take it
    const rs: Reading[] = [];
    for (let m = 0; m < 20; m++) for (let i = 0; i < 6; i++) for (let t = 0; t < 30; t++) {
      if (t % 5 === 0 && m >= 6 && m < 13) continue;                    // every fifth topic pauses for 7 minutes
      rs.push({ topic: `t${t}`, ts: T0 + m * 60_000 + i * 10_000 + t, values: { v: t * 100 + m + i / 10 } });
    }
    const opts = { mode: 'sliding' as const, slidingMinutes: 3, percentiles: [50, 90] };
    const all = feed(new WindowStats(opts), rs, 60_000);
    for (let t = 0; t < 30; t++) {
      const alone = feed(new WindowStats(opts), rs.filter((x) => x.topic === `t${t}`), 60_000);
      assert.deepStrictEqual(all.filter((r) => r.topic === `t${t}`), alone, `topic t${t}`);
    }
  });

  it('keeps the slabs a closing emptied for the next window, when a second tick follows at once', () => {
    // (the bench's feed ticks again at the next reading when no window is open: before, that second release dropped
    // every slab the closing had emptied, and each hour's panes took fresh megabytes from the system)
    const w = new WindowStats({ unit: 'hour', percentiles: [50, 90] });
    const slabsOf = () => (w as unknown as { slabs: Slabs<unknown> }).slabs.list.filter(Boolean);
    let seen: unknown[] = [];
    for (let h = 0; h < 4; h++) {
      const start = T0 + h * HOUR;
      w.tick(start);
      w.tick(start + 1);                                     // nothing open: ticks again at the next reading
      for (let t = 0; t < 3000; t++) w.add(`t${t}`, start + 1 + t, { temp: 20 + (t % 10), hum: 60 }, start + 1 + t);
      if (h >= 2) assert.deepStrictEqual(slabsOf().map((x) => seen.includes(x)), slabsOf().map(() => true), `hour ${h}: the slabs of the hour before`);
      seen = slabsOf();
    }
  });

  it('takes regions back in the order they were given, and its list of free regions stays bounded', () => {
    const slabs = new Slabs<string>();
    const refs = Array.from({ length: 300 }, () => slabs.alloc(100));
    for (const r of refs.slice(0, 200)) slabs.free(r);
    assert.deepStrictEqual([slabs.alloc(100), slabs.alloc(100)], refs.slice(0, 2), 'first given, first taken');
    // 198 regions stay free while panes come and go, one in, one out, for a long time
    let live = refs.slice(200).concat(refs.slice(0, 2));
    for (let i = 0; i < 20_000; i++) { slabs.free(live[0]); live = live.slice(1).concat(slabs.alloc(100)); }
    const free = (slabs.slab(refs[0]) as unknown as { free: number[] }).free;
    assert.ok(free.length < 1000, `${free.length} entries for 198 free regions`);
    assert.strictEqual(new Set(live).size, live.length, 'no region taken twice');
  });

  it('a region is zeroed for its next pane, and a slab empty at a release is dropped at one from the time it gave', () => {
    const slabs = new Slabs<string>();
    const a = slabs.alloc(100), b = slabs.alloc(100);
    slabs.own(a, 'a');
    const s = slabs.slab(a);
    s.f.fill(7, a & 0x1ffff, (a & 0x1ffff) + 100);
    slabs.free(a);
    const c = slabs.alloc(100);
    assert.strictEqual(c, a, 'the freed region is taken again');
    assert.ok(s.f.subarray(c & 0x1ffff, (c & 0x1ffff) + 100).every((x) => x === 0), 'zeroed');
    assert.strictEqual(slabs.owner(c), undefined, 'and owned by no one until told');
    slabs.free(b); slabs.free(c);
    slabs.release(0, 10);
    assert.ok(slabs.list[s.id], 'kept at the first release');
    slabs.release(9, 20);
    assert.ok(slabs.list[s.id], 'kept at a release before that time');
    slabs.release(10, 30);
    assert.strictEqual(slabs.list[s.id], undefined, 'dropped at one from that time');
    assert.strictEqual(slabs.alloc(1 << 20), -1, 'a region larger than an eighth of a slab is refused');
  });
});
