import assert from 'assert';
import { toIsoDate, parseDate, fiscalYear, ageOn, shiftDays } from '../../../lib/privacy';

describe('privacy: Japanese era dates', () => {
  it('converts the era boundaries', () => {
    assert.strictEqual(toIsoDate('昭和64年1月7日'), '1989-01-07');
    assert.strictEqual(toIsoDate('平成元年1月8日'), '1989-01-08');
    assert.strictEqual(toIsoDate('平成31年4月30日'), '2019-04-30');
    assert.strictEqual(toIsoDate('令和元年5月1日'), '2019-05-01');
    assert.strictEqual(toIsoDate('大正元年7月30日'), '1912-07-30');
    assert.strictEqual(toIsoDate('明治45年7月29日'), '1912-07-29');
    assert.strictEqual(toIsoDate('昭和元年12月25日'), '1926-12-25');
    assert.strictEqual(toIsoDate('大正15年12月24日'), '1926-12-24');
  });
  it('rejects dates outside their era', () => {
    for (const s of ['平成元年1月7日', '昭和64年1月8日', '令和元年4月30日', '平成31年5月1日', '大正元年7月29日',
      '明治45年7月30日', '昭和元年12月24日', '大正15年12月25日', '昭和64年2月', '平成0年1月8日']) {
      assert.strictEqual(toIsoDate(s), undefined, s);
    }
  });
  it('reads the short forms, full-width digits and ligatures', () => {
    assert.strictEqual(toIsoDate('昭和50年3月1日'), '1975-03-01');
    assert.strictEqual(toIsoDate('S50.3.1'), '1975-03-01');
    assert.strictEqual(toIsoDate('s50.3.1'), '1975-03-01');
    assert.strictEqual(toIsoDate('R6/4/1'), '2024-04-01');
    assert.strictEqual(toIsoDate('H元.1.8'), '1989-01-08');
    assert.strictEqual(toIsoDate('Ｓ５０．３．１'), '1975-03-01');
    assert.strictEqual(toIsoDate('昭和５０年３月１日'), '1975-03-01');
    assert.strictEqual(toIsoDate('㍼50年3月1日'), '1975-03-01');
    assert.strictEqual(toIsoDate('昭50年3月1日'), '1975-03-01');
    assert.strictEqual(toIsoDate('昭和 50年 3月 1日'), '1975-03-01');
  });
  it('reads Gregorian forms and rejects impossible days', () => {
    assert.strictEqual(toIsoDate('1975-03-01'), '1975-03-01');
    assert.strictEqual(toIsoDate('1975/3/1'), '1975-03-01');
    assert.strictEqual(toIsoDate('1975年3月1日'), '1975-03-01');
    assert.strictEqual(toIsoDate('19750301'), '1975-03-01');
    assert.strictEqual(toIsoDate('２０２４－０２－２９'), '2024-02-29');
    assert.strictEqual(toIsoDate('2023-02-29'), undefined);
    assert.strictEqual(toIsoDate('昭和50年13月1日'), undefined);
    assert.strictEqual(toIsoDate('not a date'), undefined);
  });
  it('keeps partial dates at their precision', () => {
    assert.deepStrictEqual(parseDate('昭和50年3月'), { year: 1975, month: 3, day: undefined, precision: 'month', iso: '1975-03' });
    assert.strictEqual(toIsoDate('平成元年'), '1989');
    assert.strictEqual(toIsoDate('昭和64年1月'), '1989-01');
  });
  it('computes the fiscal year (April to March), ages and day shifts', () => {
    assert.strictEqual(fiscalYear(parseDate('2025-03-31')!), 2024);
    assert.strictEqual(fiscalYear(parseDate('2025-04-01')!), 2025);
    assert.strictEqual(ageOn(parseDate('昭和50年3月1日')!, parseDate('2025-02-28')!), 49);
    assert.strictEqual(ageOn(parseDate('昭和50年3月1日')!, parseDate('2025-03-01')!), 50);
    assert.strictEqual(shiftDays(parseDate('2024-02-28')!, 2), '2024-03-01');
  });
});
