// Information loss as ARX reports it (ARX 3.9, org.deidentifier.arx.metric.v2, default factor 0.5 between
// generalisation and suppression, so both count fully). Per quasi-identifier j, for a transformation with level L_j
// and S suppressed records out of n:
//  - entropy (MetricMDNUNMEntropy, summed over j): Σ over all n records of log2(f_L / f_0) — f_0 the frequency of the
//    record's value, f_L of its generalised value — plus, for the suppressed records, the entropy of their
//    generalised values within the suppressed set: S·log2(S) − Σ_v c_v·log2(c_v);
//  - loss (MetricMDNMLoss, geometric mean of (v_j + 1), minus 1): v_j = (Σ over released records of
//    (leaves − 1)/(D − 1) + S) / n, leaves the values under the generalised one, D the distinct values;
//  - precision (MetricMDNMPrecision, arithmetic mean): v_j = (U·L_j/H_j + S) / n, H_j the hierarchy's height.
// The part without suppression is a lower bound of each v_j that only grows with generalisation: the search
// visits transformations by it.
import type { Codes, LossMetric } from './types';

/** What the search needs to know about losses. */
export interface LossTables {
  /** lbQ[j][L]: v_j without suppression (entropy: over all records; loss, precision: as if none were suppressed). */
  lbQ: Float64Array[];
  /** loss only: supGen[j][L][g] = (1 − share of g) / n, the extra of one suppressed record with generalised code g. */
  supGen: Float64Array[][];
  /** The metric's value at the top of the lattice (everything '*', nothing suppressed): the scale of `relative`. */
  top: number;
  /** freq0[j][code]: records per level-0 code of QI j (counted once, read again by the search and the report). */
  freq0: Float64Array[];
}

interface Shape { n: number; q: number; levels: number[]; gen: Int32Array[][]; card: number[][]; cols: Codes[]; cnt: Int32Array; tuples: number }

/** Combines the per-QI values the way ARX aggregates each metric. */
export function aggregate(metric: LossMetric, v: ArrayLike<number>): number {
  const q = v.length;
  if (metric === 'entropy') { let s = 0; for (let j = 0; j < q; j++) s += v[j]; return s; }
  if (metric === 'precision') { let s = 0; for (let j = 0; j < q; j++) s += v[j] / q; return s; }
  let p = 1;
  for (let j = 0; j < q; j++) p *= Math.pow(v[j] + 1, 1 / q);
  return p - 1;
}

// record counts per level-0 code of QI j (lossTables keeps them as freq0: the search and the report read them there)
function frequencies(e: Shape, j: number): Float64Array {
  const f = new Float64Array(e.card[j][0]);
  const col = e.cols[j];
  for (let t = 0; t < e.tuples; t++) f[col[t]] += e.cnt[t];
  return f;
}

/** The loss tables of a metric for the encoded data. */
export function lossTables(e: Shape, metric: LossMetric): LossTables {
  const lbQ: Float64Array[] = [];
  const supGen: Float64Array[][] = [];
  const freq0: Float64Array[] = [];
  for (let j = 0; j < e.q; j++) {
    const f0 = frequencies(e, j);
    freq0.push(f0);
    const d0 = e.card[j][0];
    const height = e.levels[j] - 1;
    const perLevel = new Float64Array(e.levels[j]);
    const sup: Float64Array[] = [];
    for (let lv = 0; lv < e.levels[j]; lv++) {
      const m = e.gen[j][lv];
      const fL = new Float64Array(e.card[j][lv]);
      const leaves = new Float64Array(e.card[j][lv]);
      for (let c = 0; c < d0; c++) { fL[m[c]] += f0[c]; leaves[m[c]]++; }
      let v = 0;
      if (metric === 'entropy') for (let c = 0; c < d0; c++) v += f0[c] > 0 ? f0[c] * Math.log2(fL[m[c]] / f0[c]) : 0;
      else if (metric === 'precision') v = height > 0 ? lv / height : 0;
      else {
        const share = (g: number) => (d0 > 1 ? (leaves[g] - 1) / (d0 - 1) : 0);
        for (let c = 0; c < d0; c++) v += f0[c] * share(m[c]);
        v /= Math.max(1, e.n);
        const s = new Float64Array(e.card[j][lv]);
        for (let g = 0; g < s.length; g++) s[g] = (1 - share(g)) / Math.max(1, e.n);
        sup.push(s);
      }
      perLevel[lv] = v;
    }
    lbQ.push(perLevel);
    supGen.push(sup);
  }
  const topVec = lbQ.map((l) => l[l.length - 1]);
  return { lbQ, supGen, top: aggregate(metric, topVec), freq0 };
}

/**
 * The loss of a transformation. `v` holds lbQ at its levels and is completed here with the suppression terms:
 * `suppressed` is the number of suppressed records, `codesOf(j)` lists [generalised code, records] of the
 * suppressed records for QI j (entropy and loss need them; precision does not).
 */
export function transformationLoss(metric: LossMetric, tables: LossTables, levels: ArrayLike<number>, heights: number[], n: number,
  suppressed: number, v: Float64Array, codesOf: (j: number) => { codes: Int32Array; weights: Float64Array; count: number }): number {
  if (suppressed > 0) {
    for (let j = 0; j < v.length; j++) {
      if (metric === 'precision') { v[j] += (suppressed * (1 - (heights[j] > 0 ? levels[j] / heights[j] : 0))) / n; continue; }
      const { codes, weights, count } = codesOf(j);
      if (metric === 'entropy') {
        let h = suppressed * Math.log2(suppressed);
        for (let i = 0; i < count; i++) h -= weights[i] * Math.log2(weights[i]);
        v[j] += h;
      } else {
        const s = tables.supGen[j][levels[j]];
        for (let i = 0; i < count; i++) v[j] += weights[i] * s[codes[i]];
      }
    }
  }
  return aggregate(metric, v);
}
