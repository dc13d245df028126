// The worked examples of the EHEMU/EHLEIS guide, typed in by hand from the printed tables:
//   C. Jagger, H. Van Oyen, J.-M. Robine, "Health Expectancy Calculation by the Sullivan Method: A Practical Guide",
//   4th edition, October 2014 (Belgian women, 2004). Example 3: Table 3.1 (p. 18, input), Table 3.2 (p. 19),
//   Table 3.3 (p. 20); Example 4: Tables 4.1 (p. 23) and 4.2 (p. 24); Example 5: Table 5 (p. 26);
//   Example 6: Tables 6.1 (p. 28) and 6.2 (p. 29); formulas: Appendix 1 §§3–14 (pp. 34–38).
// Every printed figure is compared within half a unit of its last printed digit.
import assert from 'assert';
import { lifeTable, compareHle, type LifeTableInputRow, type LifeTableRow } from '../../../lib/kpi';

// Table 3.1 [1a] age group, [2] mid-year population, [3] deaths, [10] share with disability;
// Table 4.1 [15] number in the survey; Table 6.1 [Ix] share in institutions.
const AGES = ['0', '1-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59',
  '60-64', '65-69', '70-74', '75-79', '80-84', '85+'];
const P = [54795.5, 222258.5, 290541.0, 310760.0, 297484.5, 315530.0, 319059.5, 357971.0, 393382.5, 403856.5, 377145.0,
  357821.0, 311235.5, 248213.5, 261119.0, 262491.0, 242973.0, 159424.0, 125152.0];
const D = [202, 52, 36, 38, 79, 104, 121, 164, 313, 499, 764, 1264, 1323, 1610, 2600, 4390, 8743, 7488, 23298];
const PI = [0.000, 0.048, 0.030, 0.072, 0.098, 0.087, 0.096, 0.089, 0.142, 0.122, 0.195, 0.161, 0.298, 0.234, 0.257,
  0.345, 0.431, 0.431, 0.513];
const N = [52, 230, 257, 275, 281, 342, 402, 426, 437, 446, 438, 424, 407, 310, 398, 413, 310, 300, 647];
// Table 6.1 prints I = 0.001 for 20–24, but the same row's [10a] 0.087 and [11a] 452893.8 are those of I = 0: the
// guide computed that row with I = 0, and so do we.
const I = [0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.001, 0.001, 0.001, 0.002, 0.002, 0.003, 0.003, 0.006, 0.009,
  0.019, 0.047, 0.110, 0.297];
/** The published q0 of Table 3.2 [5] (Eurostat's formula, Appendix 1 §4); L0 = 0.2·l0 + 0.8·l1 (§7). */
const Q0 = 0.00360626;

// Table 3.2: [5] nqx, [6] lx, [7] nLx, [8] Tx, [9] ex
const T32 = {
  q: ['0.00360626', '0.00093541', '0.00061934', '0.00061122', '0.00132692', '0.00164666', '0.00189440', '0.00228807',
    '0.00397042', '0.00615891', '0.01007769', '0.01750785', '0.02103051', '0.03191424', '0.04857652', '0.08026592',
    '0.16506785', '0.21016706'],
  l: ['100000.0', '99639.4', '99546.2', '99484.5', '99423.7', '99291.8', '99128.3', '98940.5', '98714.1', '98322.2',
    '97716.6', '96731.9', '95038.3', '93039.6', '90070.3', '85695.0', '78816.6', '65806.5', '51976.2'],
  L: ['99711.5', '398371.1', '497576.7', '497270.6', '496788.7', '496050.2', '495171.9', '494136.5', '492590.7',
    '490097.0', '486121.2', '479425.4', '470194.7', '457774.7', '439413.3', '411279.0', '361557.8', '294456.7', '279205.1'],
  T: ['8137192.9', '8037481.4', '7639110.3', '7141533.6', '6644263.0', '6147474.3', '5651424.1', '5156252.2', '4662115.6',
    '4169524.9', '3679427.9', '3193306.7', '2713881.4', '2243686.7', '1785911.9', '1346498.7', '935219.6', '573661.8', '279205.1'],
  e: ['81.4', '80.7', '76.7', '71.8', '66.8', '61.9', '57.0', '52.1', '47.2', '42.4', '37.7', '33.0', '28.6', '24.1', '19.8',
    '15.7', '11.9', '8.7', '5.4'],
};
// Table 3.3: [11] (1−π)L, [12] Σ(1−π)L, [13] DFLE, [14] %DFLE/e
const T33 = {
  hL: ['99711.5', '379249.3', '482649.4', '461467.1', '448103.4', '452893.8', '447635.4', '450158.4', '422642.8', '430305.2',
    '391327.6', '402237.9', '330076.7', '350655.4', '326484.0', '269387.8', '205726.4', '167545.9', '135972.9'],
  hT: ['6654230.9', '6554519.4', '6175270.1', '5692620.7', '5231153.6', '4783050.2', '4330156.3', '3882520.9', '3432362.5',
    '3009719.7', '2579414.6', '2188087.0', '1785849.1', '1455772.4', '1105117.0', '778632.9', '509245.2', '303518.8', '135972.9'],
  dfle: ['66.5', '65.8', '62.0', '57.2', '52.6', '48.2', '43.7', '39.2', '34.8', '30.6', '26.4', '22.6', '18.8', '15.6', '12.3',
    '9.1', '6.5', '4.6', '2.6'],
  pct: ['81.8', '81.5', '80.8', '79.7', '78.7', '77.8', '76.6', '75.3', '73.6', '72.2', '70.1', '68.5', '65.8', '64.9', '61.9',
    '57.8', '54.5', '52.9', '48.7'],
};
// Table 4.1: [19] S²(DFLE) from the prevalence, [20] S(DFLE)
const T41 = {
  v: ['0.12615', '0.12706', '0.12412', '0.12144', '0.11551', '0.10794', '0.10248', '0.09747', '0.09314', '0.08689', '0.08193',
    '0.07455', '0.06913', '0.05900', '0.04802', '0.04044', '0.03290', '0.02332', '0.01114'],
  se: ['0.355', '0.356', '0.352', '0.348', '0.340', '0.329', '0.320', '0.312', '0.305', '0.295', '0.286', '0.273', '0.263',
    '0.243', '0.219', '0.201', '0.181', '0.153', '0.106'],
};
// Table 4.2: [22] (1−a)n(1−π) + DFLE(x+n), [24] Σ l²[22]²S²(p), [25] S²(2) mortality term, [26] total variance
const T42 = {
  c22: ['66.2824', '63.9382', '59.6462', '54.9347', '50.4267', '45.9648', '41.5010', '37.0482', '32.7558', '28.5919', '24.6326',
    '20.8883', '17.4018', '14.1845', '10.9436', '8.0986', '6.0348', '4.0386'],
  c24: ['13425392.5', '10607074.8', '9924772.19', '9549363.91', '9255904.76', '8696423.36', '8154248.73', '7653237.98',
    '7225298.51', '6700810.98', '6103757.75', '5341348.17', '4368613.71', '3473465.66', '2406819.94', '1567868.92',
    '917746.291', '329071.447'],
  v2: ['0.00134', '0.00107', '0.00100', '0.00096', '0.00094', '0.00088', '0.00083', '0.00078', '0.00074', '0.00069', '0.00064',
    '0.00057', '0.00048', '0.00040', '0.00030', '0.00021', '0.00015', '0.00008', null],
  v: ['0.12749', '0.12813', '0.12512', '0.12241', '0.11645', '0.10883', '0.10331', '0.09825', '0.09389', '0.08758', '0.08257',
    '0.07513', '0.06961', '0.05940', '0.04832', '0.04065', '0.03305', '0.02339', '0.01114'],
};
// Table 6.1: [10a] π with the institutionalised, [12a] Σ(1−π)L, [13a] DFLE; Table 6.2: [19a] variance, [20a] SE
const T6 = {
  pi: ['0.000', '0.048', '0.030', '0.072', '0.098', '0.087', '0.097', '0.090', '0.143', '0.124', '0.197', '0.164', '0.300',
    '0.239', '0.264', '0.357', '0.458', '0.494', '0.658'],
  hT: ['6570426.4', '6470714.9', '6091465.7', '5608816.2', '5147349.2', '4699245.7', '4246351.9', '3799164.1', '3349455.9',
    '2927235.7', '2497791.2', '2107246.3', '1706215.1', '1377128.6', '1028577.1', '705031.4', '440762.0', '244704.8', '95588.9'],
  dfle: ['65.7', '64.9', '61.2', '56.4', '51.8', '47.3', '42.8', '38.4', '33.9', '29.8', '25.6', '21.8', '18.0', '14.8', '11.4',
    '8.2', '5.6', '3.7', '1.8'],
  v: ['0.12226', '0.12315', '0.12019', '0.11751', '0.11158', '0.10400', '0.09853', '0.09346', '0.08908', '0.08278', '0.07771',
    '0.07023', '0.06460', '0.05430', '0.04299', '0.03489', '0.02667', '0.01631', '0.00496'],
  se: ['0.350', '0.351', '0.347', '0.343', '0.334', '0.322', '0.314', '0.306', '0.298', '0.288', '0.279', '0.265', '0.254',
    '0.233', '0.207', '0.187', '0.163', '0.128', '0.070'],
};

/**
 * Asserts that `actual` rounds to the printed figure: within half a unit of its last printed digit, plus 5·10⁻⁹ of
 * the value, which is how far the published q0 (8 decimals, relative precision 1.4·10⁻⁶) moves every l after age 0 (and l² twice that).
 */
function printed(actual: number | null, text: string, what: string): void {
  assert.ok(actual !== null && Number.isFinite(actual), `${what} is ${actual}`);
  const decimals = (text.split('.')[1] ?? '').length;
  const tol = 0.5 * 10 ** -decimals * (1 + 1e-9) + 5e-9 * Math.abs(Number(text)) + 1e-12;
  assert.ok(Math.abs((actual as number) - Number(text)) <= tol, `${what}: ${actual} does not print as ${text}`);
}

const rows = (extra: Partial<Record<'institutionalised', number[]>> = {}): LifeTableInputRow[] => AGES.map((age, i) => ({
  age, population: P[i], deaths: D[i], prevalence: PI[i], surveySize: N[i],
  ...(extra.institutionalised ? { institutionalised: extra.institutionalised[i] } : {}),
}));
const guideOptions = { q0Method: 'given' as const, q0: Q0, a0Method: 'eurostat' as const, a: 0.5 };

/**
 * An implementation written here from the guide's formulas (Appendix 1 §§3–11), not by calling the code under test:
 * life table, DFLE and the mortality term S²(2)(DFLE) = Σ l²·((1−a)n(1−π) + DFLE(x+n))²·q²(1−q)/D / l(x)².
 * `aFirst` is the a used for the first group in that term.
 */
function independent(aFirst: number): { dfle: number[]; c22: number[]; c24: number[]; v2: number[] } {
  const k = AGES.length;
  const n = [1, 4, ...Array(k - 3).fill(5)];
  const l = [100000];
  const L: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < k - 1; i++) {
    const m = D[i] / P[i];
    q[i] = i === 0 ? Q0 : (n[i] * m) / (1 + n[i] * 0.5 * m);
    l[i + 1] = l[i] * (1 - q[i]);
    L[i] = i === 0 ? 0.2 * l[0] + 0.8 * l[1] : n[i] * 0.5 * (l[i] + l[i + 1]);
  }
  L[k - 1] = l[k - 1] / (D[k - 1] / P[k - 1]);
  const dfle: number[] = [];
  let hT = 0;
  for (let i = k - 1; i >= 0; i--) { hT += (1 - PI[i]) * L[i]; dfle[i] = hT / l[i]; }
  const c22: number[] = [], c24: number[] = [], v2: number[] = [];
  let sum = 0;
  for (let i = k - 2; i >= 0; i--) {
    const a = i === 0 ? aFirst : 0.5;
    c22[i] = (1 - a) * n[i] * (1 - PI[i]) + dfle[i + 1];
    sum += c22[i] ** 2 * l[i] ** 2 * (q[i] ** 2 * (1 - q[i])) / D[i];
    c24[i] = sum;
    v2[i] = sum / l[i] ** 2;
  }
  return { dfle, c22, c24, v2 };
}

describe('EHEMU Sullivan guide (Jagger, Van Oyen, Robine 2014): worked examples reproduced', () => {
  let t: LifeTableRow[];
  before(() => { t = lifeTable(rows(), guideOptions); });

  it('Example 3, Table 3.2 (p. 19): q, l, L, T and e of the abridged life table with the published q0', () => {
    t.forEach((r, i) => {
      if (i < T32.q.length) printed(r.q, T32.q[i], `${r.age} q`);
      printed(r.l, T32.l[i], `${r.age} l`);
      printed(r.L, T32.L[i], `${r.age} L`);
      printed(r.T, T32.T[i], `${r.age} T`);
      printed(r.e, T32.e[i], `${r.age} e`);
    });
    assert.strictEqual(t[18].q, 1, 'the open group 85+: everyone dies in it');
    printed(t[18].L, '279205.1', 'L(85+) = l/m (p. 17: 51976.2/0.186158)');
  });

  it('Example 3, Table 3.3 (p. 20): years without disability, DFLE and its share of e', () => {
    t.forEach((r, i) => {
      printed(r.healthyL, T33.hL[i], `${r.age} (1−π)L`);
      printed(r.healthyT, T33.hT[i], `${r.age} Σ(1−π)L`);
      printed(r.hle, T33.dfle[i], `${r.age} DFLE`);
      printed(100 * (r.healthShare as number), T33.pct[i], `${r.age} %DFLE/e`);
    });
  });

  it('Example 4, Table 4.1 (p. 23): variance and standard error from the prevalence alone', () => {
    const p = lifeTable(rows(), { ...guideOptions, mortalityVariance: false });
    p.forEach((r, i) => {
      printed(r.variance, T41.v[i], `${r.age} S²(DFLE)`);
      printed(r.se, T41.se[i], `${r.age} S(DFLE)`);
      assert.strictEqual(r.varMortality, 0);
    });
    printed(p[14].ciLow, (12.269 - 1.96 * 0.219).toFixed(1), '95 % CI at 65, lower');
  });

  it('Example 4, Table 4.2 (p. 24): the mortality term (Chiang) and the total variance', () => {
    t.forEach((r, i) => {
      printed(r.variance, T42.v[i], `${r.age} S²(DFLE) total`);
      printed(r.varPrevalence, T41.v[i], `${r.age} S²(1)`);
      if (i >= 1 && T42.v2[i] !== null) printed(r.varMortality, T42.v2[i] as string, `${r.age} S²(2)`);
    });
    assert.strictEqual(lifeTable(rows(), { ...guideOptions, prevalenceVariance: false })[18].variance, 0, '85+: q = 1, no mortality term');
  });

  it('the mortality term matches an independent implementation of the formula, which reproduces Table 4.2', () => {
    // The guide's column [22] uses a = 0.5 in the first year although its L0 takes a0 = 0.2 (Appendix 1 §7);
    // written with that a, the independent implementation prints every figure of Table 4.2 ...
    const asPrinted = independent(0.5);
    T42.c22.forEach((x, i) => printed(asPrinted.c22[i], x, `[22] ${AGES[i]}`));
    // [24] at age 0 holds S²(p0) = q0²(1−q0)/D0, which the 8-decimal q0 fixes only to ±2.8·10⁻⁶ relative
    const term0 = asPrinted.c24[0] - asPrinted.c24[1];
    assert.ok(Math.abs(asPrinted.c24[0] - Number(T42.c24[0])) <= 2 * (0.5e-8 / Q0) * term0 + 0.05, `[24] 0: ${asPrinted.c24[0]}`);
    T42.c24.slice(1).forEach((x, i) => printed(asPrinted.c24[i + 1], x, `[24] ${AGES[i + 1]}`));
    T42.v2.forEach((x, i) => { if (x !== null) printed(asPrinted.v2[i], x, `[25] ${AGES[i]}`); });
    // ... and written with one a0 for q0, L0 and the variance (our rule), it equals the code under test exactly.
    const consistent = independent(0.2);
    t.slice(0, -1).forEach((r, i) => {
      assert.ok(Math.abs((r.varMortality as number) - consistent.v2[i]) <= 1e-12 * consistent.v2[i], `${r.age}: ${r.varMortality} ≠ ${consistent.v2[i]}`);
      assert.ok(Math.abs((r.hle as number) - consistent.dfle[i]) < 1e-9);
    });
    assert.ok((t[0].varMortality as number) > asPrinted.v2[0], 'a0 = 0.2 weighs the first year more (0.8 instead of 0.5)');
  });

  it('Example 5, Table 5 (p. 26): the z test of females against males, SE = S(F) + S(M)', () => {
    // [2]–[5] as printed; [6]–[9] follow. Rounded inputs give [8] within its rounding.
    const cases: Array<[string, string, string, string, string, string, string, number]> = [
      ['66.5', '0.36', '63.5', '0.33', '3.07', '0.69', '4.47', 0.001],
      ['30.6', '0.29', '27.5', '0.28', '3.12', '0.58', '5.40', 0.001],
      ['6.5', '0.18', '5.4', '0.19', '1.02', '0.37', '2.75', 0.01],
      ['4.6', '0.15', '3.9', '0.18', '0.71', '0.33', '2.17', 0.05],
      ['2.6', '0.11', '2.6', '0.16', '0.01', '0.26', '0.02', 0.2],
    ];
    for (const [f, sf, m, sm, diff, se, z, pBound] of cases) {
      const r = compareHle(Number(m), Number(sm), Number(m) + Number(diff), Number(sf), 'guide');
      // the printed S(F) and S(M) are rounded to 0.01 each, so their sum may differ from [7] by 0.01
      assert.ok(Math.abs(r.se - Number(se)) <= 0.0105, `SE of the difference at DFLE ${f}: ${r.se} vs ${se}`);
      assert.ok(Math.abs(r.z - Number(z)) <= 0.005 / Number(se) + Number(diff) * 0.01 / Number(se) ** 2 + 0.005, `z ${r.z} vs ${z}`);
      if (pBound < 0.2) assert.ok(r.p < pBound, `p ${r.p} < ${pBound}`); else assert.ok(r.p > 0.2, `p ${r.p} > 0.20`);
    }
    // from our own female table: DFLE(F) − DFLE(M) at 0 with the printed male figures
    const female = t[0];
    const test = compareHle(63.475, 0.331, female.hle as number, female.se as number, 'guide');
    printed(test.difference, '3.07', 'difference at 0');
    printed(test.z, '4.46', 'z at 0 (total variance: S(F) = 0.357)');
    assert.ok(test.p < 0.001 && test.significant);
    const independentSe = compareHle(63.475, 0.331, female.hle as number, female.se as number, 'independent');
    assert.ok(Math.abs(independentSe.se - Math.hypot(0.331, female.se as number)) < 1e-12);
  });

  it('Example 6, Tables 6.1 and 6.2 (pp. 28–29): the institutionalised counted as disabled', () => {
    const inst = lifeTable(rows({ institutionalised: I }), { ...guideOptions, mortalityVariance: false });
    inst.forEach((r, i) => {
      printed(r.prevalence, T6.pi[i], `${r.age} π incl. institutions`);
      printed(r.healthyT, T6.hT[i], `${r.age} Σ(1−π)L`);
      printed(r.hle, T6.dfle[i], `${r.age} DFLE incl. institutions`);
      printed(r.variance, T6.v[i], `${r.age} S²(DFLE')`);
      printed(r.se, T6.se[i], `${r.age} S(DFLE')`);
      assert.strictEqual(r.institutionalised, I[i]);
    });
  });

  it('without the published q0 the first year follows one a0 for q0 and L0', () => {
    const rate = lifeTable(rows(), { a0Method: 'eurostat' });
    const m0 = D[0] / P[0];
    assert.ok(Math.abs(rate[0].q - m0 / (1 + 0.8 * m0)) < 1e-15);
    assert.ok(Math.abs(rate[0].L - (0.2 * rate[0].l + 0.8 * rate[1].l)) < 1e-9);
    printed(rate[0].e, '81.4', 'e0 barely moves');
  });
});
