// The quiet case of a rule table compiled into one function, so that a reading that triggers nothing costs what a
// hand-written if-chain costs: literal property reads and numeric comparisons the JIT keeps in registers.

/**
 * Set in the fast path's result when it saw a metric for the first time on this device (the engine copies the
 * device's metric bits to its slot then): the sign bit, apart from the 31 rule bits.
 */
export const SEEN_NEW = 1 << 31;

/**
 * Returns a bit per rule (the first 31) that needs the engine's lifecycle step for this reading; for the band rules
 * among them it leaves the value in `values[i]` (NaN: not a number, or gone from a device that sent it), so the
 * step does not look it up again. The device's bits are two integers of `bits` from `j`: the rules with a track,
 * then the metrics it has sent (updated here; SEEN_NEW in the result when they changed). Kept in one typed array
 * indexed by device, not on the device's slot object, so a quiet reading loads no object of the engine's state.
 */
export type FastPath = (payload: Record<string, unknown>, bits: Int32Array, j: number) => number;

/** A band rule's firing test as JS source over `v` (only numbers go in). */
function triggerOf(lo: number, hi: number): string {
  const parts = [lo > -Infinity ? `v < ${lo}` : '', hi < Infinity ? `v > ${hi}` : ''].filter(Boolean);
  return parts.length ? parts.join(' || ') : 'false';
}

/**
 * Compiles the first 31 rules: rule i needs the step when its value fires (outside `bands[i]`: [fires below, fires
 * above]), a track is open (bit i of the open bits), the value is not a number, or the rule is not a stateless
 * device-scope band rule (`bands[i]` null). Metric names go in as JSON string literals, bands as numbers of the
 * validated rule table.
 */
export function compileFastPath(rules: ReadonlyArray<{ metric: string }>, bands: ReadonlyArray<readonly number[] | null>,
  values: Float64Array): FastPath {
  const lines = ['let need = 0, v;', 'const o = B[j], m = B[j + 1];'];
  const byMetric = new Map<string, number[]>();
  rules.slice(0, 31).forEach((r, i) => {
    if (bands[i] === null) lines.push(`need |= ${(1 << i) >>> 0};`);
    else byMetric.set(r.metric, [...(byMetric.get(r.metric) ?? []), i]);
  });
  // one property read per metric, however many rules watch it
  for (const [metric, idx] of byMetric) {
    const all = idx.reduce((m, i) => (m | (1 << i)) >>> 0, 0);
    const checks = idx.map((i) => {
      const bit = (1 << i) >>> 0;
      return `if ((o & ${bit}) !== 0 || ${triggerOf(bands[i]![0], bands[i]![1])}) { need |= ${bit}; V[${i}] = v; }`;
    });
    const lost = idx.map((i) => `if (((v !== undefined ? ${all} : m) & ${(1 << i) >>> 0}) !== 0) { need |= ${(1 << i) >>> 0}; V[${i}] = NaN; }`);
    lines.push(`v = p[${JSON.stringify(metric)}];`,
      `if (typeof v === 'number' && v - v === 0) { if ((m & ${all}) !== ${all}) { B[j + 1] |= ${all}; need |= ${SEEN_NEW}; } ${checks.join(' ')} }`,
      `else { ${lost.join(' ')} }`);
  }
  lines.push('return need;');
  return new Function('V', `return function fastPath(p, B, j) {\n${lines.join('\n')}\n};`)(values) as FastPath;
}
