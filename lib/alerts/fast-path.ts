// The quiet case of a rule table compiled into one function, so that a reading that triggers nothing costs what a
// hand-written if-chain costs: literal property reads and numeric comparisons the JIT keeps in registers.

/**
 * Bit i set while rule i (of the first 31) has a track in the slot: kept on the slot under a symbol (JSON skips it),
 * so a quiet reading touches the slot object only, not its array of tracks.
 */
export const OPEN: unique symbol = Symbol('civic-alert open rules');

/** A device's slot as the fast path sees it: the bits of metrics it has sent, and of open tracks. */
export interface FastSlot { m: number; [OPEN]?: number }

/**
 * Returns a bit per rule (the first 31) that needs the engine's lifecycle step for this reading; for the band rules
 * among them it leaves the value in `values[i]` (NaN: not a number, or gone from a device that sent it), so the
 * step does not look it up again.
 */
export type FastPath = (payload: Record<string, unknown>, slot: FastSlot) => number;

/** A band rule's firing test as JS source over `v` (only numbers go in). */
function triggerOf(lo: number, hi: number): string {
  const parts = [lo > -Infinity ? `v < ${lo}` : '', hi < Infinity ? `v > ${hi}` : ''].filter(Boolean);
  return parts.length ? parts.join(' || ') : 'false';
}

/**
 * Compiles the first 31 rules: rule i needs the step when its value fires (outside `bands[i]`: [fires below, fires
 * above]), a track is open (bit i of `s[OPEN]`), the value is not a number, or the rule is not a stateless
 * device-scope band rule (`bands[i]` null). Metric names go in as JSON string literals, bands as numbers of the
 * validated rule table.
 */
export function compileFastPath(rules: ReadonlyArray<{ metric: string }>, bands: ReadonlyArray<readonly number[] | null>,
  values: Float64Array): FastPath {
  const lines = ['let need = 0, v;', 'const o = s[O] | 0;'];
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
    const lost = idx.map((i) => `if (((v !== undefined ? ${all} : s.m) & ${(1 << i) >>> 0}) !== 0) { need |= ${(1 << i) >>> 0}; V[${i}] = NaN; }`);
    lines.push(`v = p[${JSON.stringify(metric)}];`,
      `if (typeof v === 'number' && v - v === 0) { if ((s.m & ${all}) !== ${all}) s.m |= ${all}; ${checks.join(' ')} }`,
      `else { ${lost.join(' ')} }`);
  }
  lines.push('return need;');
  return new Function('O', 'V', `return function fastPath(p, s) {\n${lines.join('\n')}\n};`)(OPEN, values) as FastPath;
}
