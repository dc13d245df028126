// The quiet case of a rule table compiled into one function, so that a reading that triggers nothing costs what a
// hand-written if-chain costs: literal property reads and numeric comparisons the JIT keeps in registers.

/** A device's slot as the fast path sees it: open tracks by rule index, and the bits of metrics it has sent. */
export interface FastSlot { t: ArrayLike<unknown>; m: number }

/** Returns a bit per rule (the first 31) that needs the engine's full lifecycle step for this reading. */
export type FastPath = (payload: Record<string, unknown>, slot: FastSlot) => number;

/**
 * Compiles the first 31 rules: rule i needs the full step when its value triggers (`triggers[i]`, an expression
 * over `v` from the condition, e.g. "v > 30"), a track is open, the value is not a number, or the rule is not a
 * stateless device-scope threshold (`triggers[i]` null). Metric names go in as JSON string literals and the
 * expressions hold only numbers of the validated rule table.
 */
export function compileFastPath(rules: ReadonlyArray<{ metric: string }>, triggers: ReadonlyArray<string | null>): FastPath {
  const lines = ['let need = 0, seen = 0, v;', 'const t = s.t;'];
  rules.slice(0, 31).forEach((r, i) => {
    const bit = `${(1 << i) >>> 0}`;
    const trig = triggers[i];
    if (trig === null) { lines.push(`need |= ${bit};`); return; }
    lines.push(`v = p[${JSON.stringify(r.metric)}];`,
      `if (typeof v === 'number' && v - v === 0) { seen |= ${bit}; if (t[${i}] !== null || ${trig}) need |= ${bit}; }`,
      `else if (v !== undefined || (s.m & ${bit}) !== 0) need |= ${bit};`);
  });
  lines.push('s.m |= seen;', 'return need;');
  return new Function('p', 's', lines.join('\n')) as FastPath;
}
