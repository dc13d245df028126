// Weekly indicators shared between towns: complete weeks only, degree days above the base, kg per 10 a, a pseudonym
// that differs per town key and never contains the house name.
import assert from 'assert';
import { addDays } from '../../../lib/agro';
import { weeklyIndicators, farmPseudonym, readIndicator, bridgeConfig } from '../../../lib/farm';

describe('sharing: weekly indicators and the bridge section', () => {
  it('sums complete Monday-to-Sunday weeks only', () => {
    // 2025-05-01 is a Thursday: 4 days of a partial week, then 2 complete weeks, then 3 days
    const days = Array.from({ length: 21 }, (_, i) => ({ date: addDays('2025-05-01', i), tmean: 20, deficitBand: i < 11 ? 0.5 : 1 }));
    const out = weeklyIndicators({ key: 'k'.repeat(20), town: 'hakui', house: 'house-1', crop: 'tomato', areaM2: 500, base: 10 },
      days, [{ date: '2025-05-06', kg: 10 }, { date: '2025-05-08', kg: 5 }, { date: '2025-05-13', kg: 20 }]);
    assert.deepStrictEqual(out.map((w) => [w.week, w.days, w.gdd, w.timeInBand, w.yieldIndex]), [
      ['2025-05-05', 7, 70, 0.5, 30], ['2025-05-12', 7, 70, 1, 40]]);
    assert.match(out[0].farm, /^F-[0-9a-f]{12}$/);
    assert.ok(!JSON.stringify(out).includes('house-1'));
  });

  it('gives the same house different pseudonyms under different town keys', () => {
    assert.notStrictEqual(farmPseudonym('a'.repeat(20), 'hakui', 'house-1'), farmPseudonym('b'.repeat(20), 'hakui', 'house-1'));
    assert.strictEqual(farmPseudonym('a'.repeat(20), 'hakui', 'house-1'), farmPseudonym('a'.repeat(20), 'hakui', 'house-1'));
  });

  it('accepts only well-formed indicators from other towns', () => {
    const good = { town: 'shika', farm: 'F-0123456789ab', crop: 'tomato', week: '2025-05-05', days: 7, gdd: 70, timeInBand: 0.5, yieldIndex: 30 };
    assert.deepStrictEqual(readIndicator(good), good);
    assert.strictEqual(readIndicator({ ...good, farm: 'house-1' }), undefined);
    assert.strictEqual(readIndicator({ ...good, timeInBand: 4 }), undefined);
    assert.strictEqual(readIndicator('x'), undefined);
  });

  it('writes a bridge section that sends its own town and receives the named ones', () => {
    const conf = bridgeConfig({ name: 'hakui-shika', address: '10.0.0.2:1883', localTown: 'hakui', remoteTowns: ['shika', 'nanao'] });
    assert.match(conf, /^connection hakui-shika$/m);
    assert.match(conf, /^topic civic\/share\/hakui\/# out 1$/m);
    assert.match(conf, /^topic civic\/share\/shika\/# in 1$/m);
    assert.match(conf, /^topic civic\/share\/nanao\/# in 1$/m);
    assert.doesNotMatch(conf, /topic civic\/#/);
  });
});
