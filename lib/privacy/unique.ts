// Unique descriptions (特異な記述等, APPI rule art. 34 no. 4) across a whole run: a categorical value held by fewer
// than N records is generalised by its hierarchy until its group holds N (E75.2 → E75 → E00-E90), else suppressed
// ('*'); a numeric field is top- and bottom-coded at a percentile (nearest rank) and rounded to significant
// digits, so neither an outlier (an age of 120, ¥12,345,678) nor an exact rare amount survives.

/** What the rare-value step did to one field. */
export interface RareResult { threshold: number; generalised: number; suppressed: number }

/** What the numeric coding did to one field. */
export interface CodingResult { percentile: number; digits: number; topCoded: number; bottomCoded: number; rounded: number; invalid: number }

const present = (v: unknown) => v !== null && v !== undefined && v !== '';

/**
 * Replaces rare values of `values` in place: each value held by fewer than `threshold` records is lifted one level
 * of `generalize` at a time (levels 1 … `levels`), recounting the groups after each level, and what is still rare
 * at the end becomes '*'. Empty values are left alone.
 */
export function generaliseRare(values: unknown[], threshold: number, generalize?: (v: string, level: number) => string, levels = 0): RareResult {
  const original = values.map((v) => (present(v) ? String(v) : undefined));
  const label: Array<string | undefined> = [...original];
  const counts = () => {
    const c = new Map<string, number>();
    for (const l of label) if (l !== undefined) c.set(l, (c.get(l) ?? 0) + 1);
    return c;
  };
  const lifted = new Uint8Array(values.length);
  for (let level = 1; level <= levels && generalize; level++) {
    const c = counts();
    let any = false;
    for (let i = 0; i < label.length; i++) {
      const l = label[i];
      if (l !== undefined && c.get(l)! < threshold) { label[i] = generalize(original[i]!, level); lifted[i] = 1; any = true; }
    }
    if (!any) break;
  }
  const c = counts();
  const result: RareResult = { threshold, generalised: 0, suppressed: 0 };
  for (let i = 0; i < label.length; i++) {
    const l = label[i];
    if (l === undefined) continue;
    if (c.get(l)! < threshold || l === '*') { values[i] = '*'; result.suppressed++; continue; }
    if (lifted[i]) { values[i] = l; result.generalised++; }
  }
  return result;
}

/** `x` rounded to `digits` significant digits (0 = unchanged). */
export function roundSignificant(x: number, digits: number): number {
  if (digits <= 0 || x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(Math.min(21, digits)));
}

/** A number from a value as municipal files write it ('12,345,678', '￥1,000', '１２．５'); undefined otherwise. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.normalize('NFKC').replace(/^[¥\\$]/, '').replace(/,/g, '').replace(/円$/, '').trim();
  return /^-?[0-9]+(?:\.[0-9]+)?$/.test(s) ? Number(s) : undefined;
}

/**
 * Top/bottom-codes and rounds the numbers of `values` in place: values above the (100 − p)th percentile become it,
 * values below the p-th become it (nearest-rank percentiles of the run's values), then every number is rounded to
 * `digits` significant digits. A value that is not a number becomes null (and is counted as invalid).
 */
export function codeNumbers(values: unknown[], percentile: number, digits: number): CodingResult {
  const nums: number[] = [];
  const result: CodingResult = { percentile, digits, topCoded: 0, bottomCoded: 0, rounded: 0, invalid: 0 };
  for (const v of values) { if (present(v)) { const x = numberOf(v); if (x !== undefined) nums.push(x); } }
  const sorted = Float64Array.from(nums).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const low = sorted.length && percentile > 0 ? rank(percentile) : -Infinity;
  const high = sorted.length && percentile > 0 ? rank(100 - percentile) : Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!present(values[i])) continue;
    let x = numberOf(values[i]);
    if (x === undefined) { values[i] = null; result.invalid++; continue; }
    if (x > high) { x = high; result.topCoded++; } else if (x < low) { x = low; result.bottomCoded++; }
    const r = roundSignificant(x, digits);
    if (r !== x) result.rounded++;
    values[i] = r;
  }
  return result;
}
