// Pearson and Spearman correlation against published values and an independent implementation.
// Data: Anscombe's quartet, sets I and III (F. J. Anscombe, "Graphs in Statistical Analysis", The American
// Statistician 27 (1973) 17–21, Table 1), whose published Pearson correlation is 0.816 for every set. Reference
// values to 1e-9: scipy.stats.pearsonr / spearmanr (p-values, and pearsonr's Fisher-z confidence interval).
import assert from 'assert';
import { correlate, ranks, correlationMatrix } from '../../../lib/analysis/correlation';

const X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const Y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
const Y3 = [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73];
const rows = (ys: number[]) => X.map((x, i) => ({ x, y: ys[i] }));
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('analysis: correlation', () => {
  it("gives Anscombe's published r = 0.816 with scipy's p-value and confidence interval", () => {
    const c = correlate(rows(Y1), 'x', 'y', 'pearson');
    close(c.r, 0.816, 0.0005, 'published r');
    close(c.r, 0.8164205163448395, 1e-9, 'r');
    close(c.p, 0.0021696288730788152, 1e-9, 'p');
    close(c.ciLow, 0.4243912133932152, 1e-9, 'CI low');
    close(c.ciHigh, 0.9506932537865604, 1e-9, 'CI high');
    assert.strictEqual(c.n, 11);
  });

  it('gives Spearman rho and p as scipy, with the Fieller–Hartley–Pearson interval', () => {
    const c = correlate(rows(Y1), 'x', 'y', 'spearman');
    close(c.r, 0.8181818181818182, 1e-12, 'rho');
    close(c.p, 0.0020831448404786917, 1e-9, 'p');
    close(c.ciLow, 0.41186478547945143, 1e-9, 'CI low');
    close(c.ciHigh, 0.9531139649346231, 1e-9, 'CI high');
    close(correlate(rows(Y3), 'x', 'y', 'spearman').r, 0.990909090909091, 1e-12, 'set III rho (one outlier)');
  });

  it('uses pairwise complete cases: a missing or non-numeric value drops only that pair', () => {
    const r = [...rows(Y1), { x: 3, y: null }, { x: 'abc', y: 4 }, { y: 5 }];
    const c = correlate(r as Record<string, unknown>[], 'x', 'y', 'pearson');
    assert.strictEqual(c.n, 11);
    close(c.r, 0.8164205163448395, 1e-12, 'r');
    const m = correlationMatrix([{ a: 1, b: 2, c: null }, { a: 2, b: 1, c: 1 }, { a: 3, b: 4, c: 2 }, { a: 4, b: 3, c: 3 }], ['a', 'b', 'c'], ['pearson']);
    assert.deepStrictEqual(m.map((x) => [x.x, x.y, x.n]), [['a', 'b', 4], ['a', 'c', 3], ['b', 'c', 3]]);
  });

  it('ranks ties by their average rank', () => {
    assert.deepStrictEqual(Array.from(ranks([3, 1, 3, 2])), [3.5, 1, 3.5, 2]);
  });
});
