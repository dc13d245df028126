// The re-identification risk of a k-anonymity run, in figures and in plain words for city staff: the smallest class,
// the share of records in classes below k and below 2k before and after, the share suppressed, and the
// combinations of quasi-identifiers that make records rare (the reason they had to be generalised). Only field
// names of the configuration and numbers: nothing from the data.
import { ClassCounter } from './counter';
import type { Encoded } from './encode';

/** Shares of records in small classes, and the smallest class. */
export interface ClassRisk { smallestClass: number; belowK: number; below2K: number }

/** A combination of quasi-identifiers that leaves records in classes below k on its own. */
export interface RareCombination { fields: string[]; belowK: number }

/** The risk figures of `classes` class sizes out of n records. */
function sizeRisk(size: Int32Array, classes: number, records: number, k: number): ClassRisk {
  let smallest = Infinity;
  let belowK = 0;
  let below2K = 0;
  for (let c = 0; c < classes; c++) {
    const s = size[c];
    if (s < smallest) smallest = s;
    if (s < k) belowK += s;
    if (s < 2 * k) below2K += s;
  }
  const n = Math.max(1, records);
  return { smallestClass: classes ? smallest : 0, belowK: belowK / n, below2K: below2K / n };
}

/** Class sizes of the records at these levels (all records, nothing suppressed). */
function classRisk(counter: ClassCounter, e: Encoded, levels: number[], k: number): ClassRisk {
  const { classes, smallest, belowK, below2K } = counter.smallClasses(levels, k);
  const n = Math.max(1, e.n);
  return { smallestClass: classes ? smallest : 0, belowK: belowK / n, below2K: below2K / n };
}

/** Risk of the raw quasi-identifiers (level 0 everywhere). `counter`: one to reuse (its scratch memory). */
export function riskBefore(e: Encoded, k: number, counter?: ClassCounter): ClassRisk {
  // without a sensitive value in the tuples, the classes at level 0 are the tuples themselves
  if (e.sensCard === 0) return sizeRisk(e.cnt, e.tuples, e.n, k);
  return classRisk(counter ?? new ClassCounter(e, 0), e, e.levels.map(() => 0), k);
}

/** Risk of the released classes (sizes of released classes only; all are ≥ k). */
export function riskAfter(sizes: number[], k: number, released: number): ClassRisk {
  let below2K = 0;
  let smallest = sizes.length ? Infinity : 0;
  for (const s of sizes) { if (s < 2 * k) below2K += s; if (s < smallest) smallest = s; }
  return { smallestClass: smallest, belowK: 0, below2K: released ? below2K / released : 0 };
}

/** Records in classes below k when only the QIs of `set` are released (the others at the top). */
function belowKOf(counter: ClassCounter, e: Encoded, set: number[], k: number): number {
  return counter.smallClasses(e.levels.map((h, j) => (set.includes(j) ? 0 : h - 1)), k).belowK;
}

/** Cells of a direct-address table up to which a combination is counted without hashing (4 MB of counts). */
const DIRECT_CELLS = 1 << 20;

/**
 * Records in classes below k for a combination of up to three QIs at level 0, counted in a direct-address table of
 * their code combinations: one pass over the tuples, then one over the cells. Undefined when the combination has
 * too many cells, or when a QI outside it still splits at its top level (then the general count applies).
 */
class DirectCells {
  private counts = new Float64Array(0);
  private readonly topSplits: boolean;

  constructor(private readonly e: Encoded, private readonly k: number) {
    this.topSplits = e.card.some((cd) => cd[cd.length - 1] > 1);
  }

  belowK(set: number[]): number | undefined {
    const { e, k } = this;
    let cells = 1;
    for (const j of set) cells *= Math.max(1, e.card[j][0]);
    if (this.topSplits || set.length > 3 || cells > DIRECT_CELLS) return undefined;
    if (set.length === 1) {
      // one QI alone: its records per level-0 code are counted already
      let below = 0;
      for (const f of e.freq0[set[0]]) if (f < k) below += f;
      return below;
    }
    if (this.counts.length < cells) this.counts = new Float64Array(Math.max(cells, 1024));
    const { counts } = this;
    const { cnt, tuples } = e;
    // the cell of a tuple: its codes of the set's QIs (a, b, c) read as digits with the QIs' cardinalities as radices
    const [a, b, c] = set.map((j) => e.cols[j]);
    const [, rb, rc] = set.map((j) => e.card[j][0]);
    if (set.length === 2) for (let t = 0; t < tuples; t++) counts[a[t] * rb + b[t]] += cnt[t];
    else for (let t = 0; t < tuples; t++) counts[(a[t] * rb + b[t]) * rc + c[t]] += cnt[t];
    let below = 0;
    for (let x = 0; x < cells; x++) if (counts[x] < k) below += counts[x];
    counts.fill(0, 0, cells);
    return below;
  }
}

/**
 * The smallest combinations (one, two, and for at most five quasi-identifiers three of them)
 * whose values alone leave records in classes below k; a combination containing one already found is skipped.
 * At most `max`, most records first.
 */
export function rareCombinations(e: Encoded, k: number, max = 8, counter?: ClassCounter): RareCombination[] {
  const direct = new DirectCells(e, k);
  // one counter for every combination the direct table cannot take (made only when one comes)
  let general = counter;
  const counterOf = () => (general ??= new ClassCounter(e, 0));
  const found: Array<{ set: number[]; belowK: number }> = [];
  // triples only for few quasi-identifiers: their number grows with the cube of the count
  const maxSize = e.q <= 5 && e.tuples <= 200_000 ? 3 : 2;
  const subsets = (size: number, from: number, cur: number[], out: number[][]) => {
    if (cur.length === size) { out.push([...cur]); return; }
    for (let j = from; j < e.q; j++) { cur.push(j); subsets(size, j + 1, cur, out); cur.pop(); }
  };
  for (let size = 1; size <= Math.min(maxSize, e.q); size++) {
    const candidates: number[][] = [];
    subsets(size, 0, [], candidates);
    for (const set of candidates) {
      if (found.some((f) => f.set.every((j) => set.includes(j)))) continue;
      const below = direct.belowK(set) ?? belowKOf(counterOf(), e, set, k);
      if (below > 0) found.push({ set, belowK: below / Math.max(1, e.n) });
    }
  }
  return found.sort((a, b) => b.belowK - a.belowK).slice(0, max)
    .map((f) => ({ fields: f.set.map((j) => e.fields[j]), belowK: f.belowK }));
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/** Everything the summary sentences need. */
export interface SummaryFacts {
  k: number; records: number; released: number; suppressed: number; suppressionLimit: number;
  smallest: number; highest: number; average: number; before: ClassRisk; after: ClassRisk;
  combinations: RareCombination[]; toTop: string[]; optimal: boolean;
}

/** The risk report in plain Japanese, one sentence per line. */
export function summaryJa(f: SummaryFacts): string[] {
  const lines = [
    `公表する ${f.released} 件のうち、最も小さいグループは ${f.smallest} 人です（基準 k = ${f.k}）。特定される確率は最大 ${pct(f.highest)}、平均 ${pct(f.average)} です。`,
    `加工前は ${pct(f.before.belowK)} の人が ${f.k} 人未満のグループにいました（${2 * f.k} 人未満は ${pct(f.before.below2K)}）。加工後は ${f.k} 人未満 0%、${2 * f.k} 人未満 ${pct(f.after.below2K)} です。`,
    `少人数のため出力しなかったのは ${f.suppressed} 件（全体の ${pct(f.records ? f.suppressed / f.records : 0)}、上限 ${pct(f.suppressionLimit)}）です。`,
  ];
  if (f.combinations.length) {
    lines.push(`特定につながりやすい項目の組み合わせ: ${f.combinations.map((c) => `${c.fields.join(' × ')}（それだけで ${pct(c.belowK)} の人が ${f.k} 人未満）`).join('、')}。これらの項目を粗くしました。`);
  }
  if (f.toTop.length) lines.push(`すべて「*」にした（公表しない）項目: ${f.toTop.join('、')}。`);
  if (!f.optimal) lines.push('制限時間で探索を打ち切ったため、これは情報の損失が最も少ない加工とは限りません。');
  return lines;
}

/** The same report in English. */
export function summaryEn(f: SummaryFacts): string[] {
  const lines = [
    `Of the ${f.released} released records, the smallest class has ${f.smallest} (k = ${f.k}). Re-identification probability: at most ${pct(f.highest)}, on average ${pct(f.average)}.`,
    `Before: ${pct(f.before.belowK)} of the records were in classes below ${f.k} (below ${2 * f.k}: ${pct(f.before.below2K)}). After: 0% below ${f.k}, ${pct(f.after.below2K)} below ${2 * f.k}.`,
    `Suppressed as too rare: ${f.suppressed} records (${pct(f.records ? f.suppressed / f.records : 0)} of all; limit ${pct(f.suppressionLimit)}).`,
  ];
  if (f.combinations.length) {
    lines.push(`Combinations that make records rare: ${f.combinations.map((c) => `${c.fields.join(' × ')} (alone ${pct(c.belowK)} below ${f.k})`).join(', ')}; these were generalised.`);
  }
  if (f.toTop.length) lines.push(`Generalised to '*' (not released): ${f.toTop.join(', ')}.`);
  if (!f.optimal) lines.push('The time limit stopped the search: this transformation is not proven to lose the least information.');
  return lines;
}
