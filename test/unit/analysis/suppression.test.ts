// Complementary suppression, checked by brute force: for many small random tables, every table that agrees with
// everything published (unsuppressed cells and margins) is searched for, and each suppressed cell must take at least
// two different values among them — so no suppressed cell can be recovered from the margins and totals.
import assert from 'assert';
import { suppress, withMargins, type SuppressionReason } from '../../../lib/analysis/suppression';

/** Deterministic pseudo-random numbers (mulberry32) so that a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * True when some non-negative integer table consistent with what is published gives cell `target` a value other than
 * its true one. Unknowns: the suppressed cells (margins included), each bounded by the true grand total (a smaller
 * space than the attacker's, so this can only err towards "recoverable"). Lines whose unknowns are all but one are
 * solved by propagation; the rest is depth-first search.
 */
function hasAlternative(grid: number[][], hidden: boolean[][], target: [number, number]): boolean {
  const R = grid.length; const C = grid[0].length;
  const bound = grid[R - 1][C - 1];
  const cells: Array<[number, number]> = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) if (hidden[r][c]) cells.push([r, c]);
  // lines: each row i: Σ_{j<C-1} x_ij − x_{i,C-1} = 0; each column j: Σ_{i<R-1} x_ij − x_{R-1,j} = 0
  const lines: Array<Array<{ r: number; c: number; sign: number }>> = [];
  for (let r = 0; r < R; r++) lines.push(Array.from({ length: C }, (_, c) => ({ r, c, sign: c === C - 1 ? -1 : 1 })));
  for (let c = 0; c < C; c++) lines.push(Array.from({ length: R }, (_, r) => ({ r, c, sign: r === R - 1 ? -1 : 1 })));
  const value = new Map<string, number>();
  const key = (r: number, c: number) => `${r},${c}`;
  const known = (r: number, c: number) => (hidden[r][c] ? value.get(key(r, c)) : grid[r][c]);
  const propagate = (assigned: string[]): boolean => {
    for (let changed = true; changed;) {
      changed = false;
      for (const line of lines) {
        let sum = 0; let free: { r: number; c: number; sign: number } | undefined; let frees = 0;
        for (const x of line) {
          const v = known(x.r, x.c);
          if (v === undefined) { frees++; free = x; } else sum += x.sign * v;
        }
        if (frees === 0 && sum !== 0) return false;
        if (frees === 1) {
          const v = -sum / free!.sign;
          if (v < 0 || v > bound || !Number.isInteger(v)) return false;
          value.set(key(free!.r, free!.c), v);
          assigned.push(key(free!.r, free!.c));
          changed = true;
        }
      }
    }
    return true;
  };
  const search = (i: number): boolean => {
    while (i < cells.length && value.has(key(...cells[i]))) i++;
    if (i === cells.length) return true;
    for (let v = 0; v <= bound; v++) {
      const assigned = [key(...cells[i])];
      value.set(assigned[0], v);
      if (propagate(assigned) && search(i + 1)) return true;
      assigned.forEach((k) => value.delete(k));
    }
    return false;
  };
  const truth = grid[target[0]][target[1]];
  for (let v = 0; v <= bound; v++) {
    if (v === truth) continue;
    value.clear();
    const assigned = [key(...target)];
    value.set(assigned[0], v);
    if (propagate(assigned) && search(0)) return true;
  }
  return false;
}

/** Suppressed cells that an attacker can recover exactly. */
function recoverable(grid: number[][], reasons: (SuppressionReason | undefined)[][]): Array<[number, number]> {
  const hidden = reasons.map((row) => row.map(Boolean));
  const out: Array<[number, number]> = [];
  hidden.forEach((row, r) => row.forEach((h, c) => { if (h && !hasAlternative(grid, hidden, [r, c])) out.push([r, c]); }));
  return out;
}

function randomTable(next: () => number): number[][] {
  const rows = 2 + Math.floor(next() * 3);
  const cols = 2 + Math.floor(next() * 3);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (next() < 0.15 ? 0 : Math.floor(next() * 16))));
}

describe('analysis: small-cell and complementary suppression (brute force)', function () {
  this.timeout(120000);

  it('primary suppression alone leaks: the brute force recovers suppressed cells from the margins', () => {
    const grid = withMargins([[3, 20, 25], [30, 40, 12]]);
    const primaryOnly = grid.map((row) => row.map((v) => (v > 0 && v < 10 ? 'small' as const : undefined)));
    assert.deepStrictEqual(recoverable(grid, primaryOnly), [[0, 0]]);        // 3 = row total 48 − 20 − 25
  });

  it('no suppressed cell of 150 random small tables (2–4 × 2–4, margins included) can be recovered', () => {
    const next = rng(20260501);
    let checked = 0;
    for (let t = 0; t < 150; t++) {
      const grid = withMargins(randomTable(next));
      const { reasons } = suppress(grid, 10);
      const leaks = recoverable(grid, reasons);
      assert.deepStrictEqual(leaks, [], `table ${t}: ${JSON.stringify(grid)} pattern ${JSON.stringify(reasons)}`);
      checked += reasons.flat().filter(Boolean).length;
    }
    assert.ok(checked > 150, `only ${checked} suppressed cells were exercised`);
  });

  it('publishes every count of at least 10 and every zero when nothing is small', () => {
    const grid = withMargins([[0, 12], [15, 30]]);
    const { reasons, primary, complementary } = suppress(grid, 10);
    assert.strictEqual(primary + complementary, 0);
    assert.ok(reasons.flat().every((r) => r === undefined));
  });

  it('suppresses a small row total too, and protects it with a second one', () => {
    const grid = withMargins([[4, 3], [20, 30], [25, 11]]);
    const { reasons } = suppress(grid, 10);
    assert.strictEqual(reasons[0][2], 'small');                                  // the row total 7
    assert.deepStrictEqual(recoverable(grid, reasons), []);
  });
});
