// Formulas on readings: each operation against figures worked out by hand; unit conversions against their
// definitions (°F = °C·9/5 + 32, 1 kPa = 10 hPa, 1 m/s = 3.6 km/h).
import assert from 'assert';
import { applyRules, compileRules, roundTo, type FormulaRule } from '../../../lib/formula';
import { isCivicError } from '../../../lib/errors';

const apply = (rules: FormulaRule[], payload: Record<string, unknown>, units: Record<string, string> = {}) => applyRules(compileRules(rules), payload, units);

describe('formula: derived metrics on readings without code', () => {
  it('water level = 4.2 − distance, with the distance sensor unit', () => {
    const r = apply([{ name: 'waterLevel', operation: 'subtractFrom', x: 'distance', a: '4.2', decimals: 2 }], { distance: 1.234 }, { distance: 'm' });
    assert.deepStrictEqual(r, { values: { waterLevel: 2.97 }, units: { waterLevel: 'm' }, skipped: [] });
  });

  it('linear a·x + b, difference, sum, ratio and percentage', () => {
    const r = apply([
      { name: 'calibrated', operation: 'linear', x: 't', a: 1.02, b: -0.5 },
      { name: 'delta', operation: 'difference', x: 't', y: 'outside' },
      { name: 'total', operation: 'sum', x: 'a1, a2, a3' },
      { name: 'share', operation: 'ratio', x: 'a1', y: 'total' },
      { name: 'sharePct', operation: 'percentage', x: 'a1', y: 'total', decimals: '1' },
    ], { t: 20, outside: 12.5, a1: 1, a2: 2, a3: 5 }, { t: '°C' });
    assert.deepStrictEqual(r.values, { calibrated: 19.9, delta: 7.5, total: 8, share: 0.125, sharePct: 12.5 });
    assert.deepStrictEqual(r.units, { calibrated: '°C', delta: '°C', sharePct: '%' });
  });

  it('unit conversions and rounding', () => {
    const r = apply([
      { name: 'tF', operation: 'convert', x: 't', conversion: 'c-to-f' },
      { name: 'pKpa', operation: 'convert', x: 'p', conversion: 'hpa-to-kpa' },
      { name: 'windKmh', operation: 'convert', x: 'w', conversion: 'ms-to-kmh', decimals: 1 },
      { name: 'back', operation: 'convert', x: 'tF', conversion: 'f-to-c', decimals: 6 },
      { name: 'co2r', operation: 'round', x: 'co2' },
    ], { t: 25, p: 1013.25, w: 2.5, co2: 612.5 });
    assert.deepStrictEqual(r.values, { tF: 77, pKpa: 101.325, windKmh: 9, back: 25, co2r: 613 });
    assert.deepStrictEqual(r.units, { tF: '°F', pKpa: 'kPa', windKmh: 'km/h', back: '°C' });
    assert.strictEqual(roundTo(2.675, 2), 2.68);
    assert.strictEqual(roundTo(-2.5, 0), -3);
  });

  it('skips a rule whose metric is missing or whose divisor is 0, and says which', () => {
    const r = apply([
      { name: 'level', operation: 'subtractFrom', x: 'distance', a: 4 },
      { name: 'share', operation: 'ratio', x: 'a', y: 'b' },
    ], { a: 1, b: 0 });
    assert.deepStrictEqual(r.values, {});
    assert.deepStrictEqual(r.skipped, [{ rule: 'level', reason: 'missing', metric: 'distance' }, { rule: 'share', reason: 'divideByZero' }]);
  });

  it('refuses rules that cannot work, naming the row and the field', () => {
    const key = (rules: FormulaRule[]) => {
      try { compileRules(rules); } catch (e) { assert.ok(isCivicError(e)); return [e.key, e.params.row, e.params.field]; }
      return 'no error';
    };
    assert.deepStrictEqual(key([]), ['civic-formula.errors.noRules', undefined, undefined]);
    assert.deepStrictEqual(key([{ name: '水位', operation: 'linear', x: 'd' }]), ['civic-formula.errors.badRule', 1, 'name']);
    assert.deepStrictEqual(key([{ name: 'a', operation: 'linear', x: 'd' }, { name: 'b', operation: 'difference', x: 'd' }]), ['civic-formula.errors.badRule', 2, 'inputs']);
    assert.deepStrictEqual(key([{ name: 'a', operation: 'convert', x: 'd' }]), ['civic-formula.errors.badRule', 1, 'conversion']);
    assert.deepStrictEqual(key([{ name: 'a', operation: 'linear', x: 'd', a: 'x' }]), ['civic-formula.errors.badRule', 1, 'a']);
    assert.deepStrictEqual(key([{ name: 'a', operation: 'linear', x: 'd' }, { name: 'a', operation: 'round', x: 'd' }]), ['civic-formula.errors.badRule', 2, 'name']);
  });
});
