// The DDSketch key by table (lib/kpi/window-keys.ts) against @datadog/sketches-js's LogarithmicMapping.key itself
// (Masson, Rim & Lee, VLDB 2019, §2.1: key(x) = ceil(log2(x)·m) + offset): the same key for every value, at and a few
// ulps around the bins' bounds, at the start of every table sub-interval, and across the range of doubles.
import assert from 'assert';
import { DDSketch } from '@datadog/sketches-js';
import { KeyTable } from '../../../lib/kpi/window-keys';

/** x moved by n units in the last place (n < 0: down). */
function ulps(x: number, n: number): number {
  const f = new Float64Array([x]), b = new BigInt64Array(f.buffer);
  b[0] += BigInt(n);
  return f[0];
}

/** A repeatable generator (Park–Miller). */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

describe('kpi window statistics: DDSketch keys by table equal the library\'s', () => {
  for (const accuracy of [0.01, 0.001, 0.02, 0.0001, 0.5]) {
    it(`relative accuracy ${accuracy}`, () => {
      const mapping = new DDSketch({ relativeAccuracy: accuracy }).mapping;
      const table = new KeyTable(mapping);
      const mult = (mapping as unknown as { _multiplier: number })._multiplier;
      const off = (mapping as unknown as { _offset: number })._offset;
      const xs: number[] = [];
      for (let k = -5000; k <= 5000; k += accuracy < 0.001 ? 1 : 3) {
        const u = 2 ** (k / mult);
        xs.push(u, ...[1, 2, 3, 5].flatMap((n) => [ulps(u, n), ulps(u, -n)]), ...[1e-10, 1e-9, 2e-9, 1e-8, 0.3].flatMap((e) => [u * (1 + e), u * (1 - e)]));
      }
      for (let e = -60; e <= 60; e++) for (let t = 0; t < 256; t++) {
        const x = 2 ** e * (1 + t / 256);                               // sub-interval starts, and their last values
        xs.push(x, ulps(x, -1), ulps(x, 1));
      }
      const r = random(3);
      for (let i = 0; i < 20000; i++) xs.push(10 ** (r() * 600 - 300), 3.45 + r() * 0.02, 600 + r() * 100);
      let differ = 0, first = '';
      for (const x of xs) {
        if (!(x > mapping.minPossible && x < mapping.maxPossible)) continue;
        if (table.key(x) !== mapping.key(x)) { differ++; first ||= `${x}: ${table.key(x)} vs ${mapping.key(x)} (offset ${off})`; }
      }
      assert.strictEqual(differ, 0, first);
      // the bins' values, computed once and then remembered: the library's, bit for bit
      for (let pass = 0; pass < 2; pass++) {
        for (let k = off - 6000; k <= off + 6000; k += 7) assert.strictEqual(table.value(k), mapping.value(k), `value of key ${k}`);
      }
    });
  }
});
