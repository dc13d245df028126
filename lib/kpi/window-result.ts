// The objects a closed window hands out: a metric's statistics and the records keyed by names from the data. A closing
// builds them for every topic at once (10,000 results of 5 metrics at the hour in the bench), so all of them are alive
// together and the young generation's collections copy them; how they are made decides what that costs (issue 21).

/** The numbers of one metric's statistics in their output order; `q` holds the percentiles in the order configured. */
export type StatsBuilder<S> = (count: number, mean: number, min: number, max: number, sum: number, last: number,
  stddev: number, q: ArrayLike<number>, inRange: number, timeInRange: number | null) => S;

const builders = new Map<string, StatsBuilder<unknown>>();

/**
 * The statistics of one metric as one object literal with every key in order: p50, p90 ... (`pctKeys`, from the
 * configured percentiles, never from the data) and, when `ranged`, inRange and timeInRange. The bench's closing took
 * 36 ns per reading with a clone of a template filled in afterwards and 28–29 with the literal (medians of 8 runs each,
 * 10,000 topics × 5 metrics). Likely reason, not measured apart: a literal has an allocation site, and V8's
 * pretenuring statistics showed these sites moving to the old generation, so the young generation no longer copies
 * the objects a closing keeps alive together.
 */
export function statsBuilder<S>(pctKeys: readonly string[], ranged: boolean): StatsBuilder<S> {
  const id = `${ranged}|${pctKeys.join('|')}`;
  let build = builders.get(id);
  if (!build) {
    const fields = ['count: count', 'mean: mean', 'min: min', 'max: max', 'sum: sum', 'last: last', 'stddev: stddev',
      ...pctKeys.map((k, i) => `${JSON.stringify(k)}: q[${i}]`), ...(ranged ? ['inRange: inRange', 'timeInRange: timeInRange'] : [])];
    try {
      build = new Function(`return function stats(count, mean, min, max, sum, last, stddev, q, inRange, timeInRange) {
  return { ${fields.join(', ')} };
};`)() as StatsBuilder<unknown>;
    } catch {
      build = clonedStats(pctKeys, ranged);                  // (node --disallow-code-generation-from-strings)
    }
    builders.set(id, build);
  }
  return build as StatsBuilder<S>;
}

/** The same statistics without generated code: a clone of a template with the keys in order, filled in. */
export function clonedStats(pctKeys: readonly string[], ranged: boolean): StatsBuilder<unknown> {
  const keys = ['count', 'mean', 'min', 'max', 'sum', 'last', 'stddev', ...pctKeys, ...(ranged ? ['inRange', 'timeInRange'] : [])];
  const template = recordOf<number>(keys);
  return (count, mean, min, max, sum, last, stddev, q, inRange, timeInRange) => {
    const s: Record<string, number | null> = { ...template, count, mean, min, max, sum, last, stddev };
    pctKeys.forEach((k, i) => { s[k] = q[i]; });
    if (ranged) { s.inRange = inRange; s.timeInRange = timeInRange; }
    return s;
  };
}

/**
 * A record with an own key per name, in order, each null until filled in: names from the data ("__proto__",
 * "constructor" ...) stay keys like any other (`o[name] = v` on a `{}` would set the prototype for "__proto__"), and a
 * spread of it keeps the keys own and in order.
 */
export function recordOf<V>(names: readonly string[]): Record<string, V | null> {
  return Object.fromEntries(names.map((n) => [n, null]));
}
