import assert from 'assert';
import { codeNumbers, generaliseRare, icd10Category, icd10Chapter, icd10Generalize, numberOf, roundSignificant, Deidentifier,
  type DeidentifyPolicy } from '../../../lib/privacy';
import { isCivicError } from '../../../lib/errors';

describe('privacy: unique descriptions (APPI rule art. 34 no. 4)', () => {
  it('ICD-10: code → three-character category → chapter (WHO ICD-10 2019, chapter list)', () => {
    assert.strictEqual(icd10Category('E75.2'), 'E75');
    assert.strictEqual(icd10Category('ｅ７５２'), 'E75');
    assert.strictEqual(icd10Chapter('E75.2'), 'E00-E90');
    assert.strictEqual(icd10Chapter('D50'), 'D50-D89');       // chapter III, not II (C00-D48)
    assert.strictEqual(icd10Chapter('D48.9'), 'C00-D48');
    assert.strictEqual(icd10Chapter('H60'), 'H60-H95');
    assert.strictEqual(icd10Chapter('T14'), 'S00-T98');
    assert.strictEqual(icd10Chapter('K95'), undefined);         // no chapter holds it
    assert.deepStrictEqual([0, 1, 2, 3].map((l) => icd10Generalize('I63.9', l)), ['I63.9', 'I63', 'I00-I99', '*']);
    assert.strictEqual(icd10Generalize('要介護2', 1), '要介護2');
  });

  it('generalises a value held by fewer than N records up the hierarchy, and suppresses what stays rare', () => {
    const values: unknown[] = [...Array(12).fill('E11'), 'E75.2', 'E75.2', ...Array(9).fill('E78'), 'C16', '', null];
    const r = generaliseRare(values, 10, icd10Generalize, 2);
    // E75.2 (2) → E75 (2) → E00-E90 with the nine E78: 11 ≥ 10; the lone C16 has no group of 10 anywhere
    assert.deepStrictEqual(values, [...Array(12).fill('E11'), 'E00-E90', 'E00-E90', ...Array(9).fill('E00-E90'), '*', '', null]);
    assert.deepStrictEqual(r, { threshold: 10, generalised: 11, suppressed: 1 });
    const flat: unknown[] = ['a', 'a', 'b'];
    assert.deepStrictEqual(generaliseRare(flat, 2), { threshold: 2, generalised: 0, suppressed: 1 });
    assert.deepStrictEqual(flat, ['a', 'a', '*']);
  });

  it('top/bottom-codes at nearest-rank percentiles and rounds to significant digits', () => {
    const values: unknown[] = Array.from({ length: 100 }, (_, i) => (i + 1) * 1000);
    values[99] = '12,345,678';
    values[0] = '￥3';
    const r = codeNumbers(values, 1, 2);
    // 1st percentile = the 1st value (3), 99th = the 99th (99,000); the outlier becomes 99,000
    assert.strictEqual(values[99], 99000);
    assert.strictEqual(values[50], 51000);
    assert.strictEqual(r.topCoded, 1);
    assert.strictEqual(r.bottomCoded, 0);
    assert.strictEqual(roundSignificant(12345678, 2), 12000000);
    assert.strictEqual(roundSignificant(0.1234, 2), 0.12);
    assert.strictEqual(numberOf('１２．５'), 12.5);
    assert.strictEqual(numberOf('E11'), undefined);
  });
});

describe('privacy: de-identification fails closed', () => {
  const policy: DeidentifyPolicy = { preset: 'appi-anonymous', rareThreshold: 3, rules: [
    { field: '氏名', category: 'name' }, { field: '生年月日', category: 'birthDate', action: 'age', band: 5 },
    { field: '主傷病', category: 'attribute', hierarchy: 'icd10' }, { field: '医療費', category: 'measurement', percentile: 5 },
    { field: '性別', category: 'sex' }] };

  it('quarantines a row whose released field holds another kind of value (shifted columns), naming row and field only', () => {
    const d = new Deidentifier({ ...policy, preset: 'appi-pseudonymous' });
    assert.throws(() => d.apply({ 氏名: '山田 太郎', 生年月日: '1950-03-01', 主傷病: '39170123', 医療費: '100', 性別: '男' }, 4),
      (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.shifted' && e.params.row === 4 && e.params.field === '主傷病'
        && !e.message.includes('3917'));
    assert.throws(() => d.apply({ 氏名: '表', 生年月日: '1950-03-01', 主傷病: 'I10', 医療費: '100', 性別: '1945-02-07' }, 5),
      (e: unknown) => isCivicError(e) && e.params.field === '性別');
    assert.deepStrictEqual([d.report().quarantined, d.report().quarantinedRows], [2, [4, 5]]);
    // a measurement may hold long numbers; a date field dates
    assert.ok(d.apply({ 氏名: '表', 生年月日: '1950-03-01', 主傷病: 'I10', 医療費: '12345678', 性別: '男' }, 6));
    // seen failing: 7-digit amounts (¥1,056,530 written 1056530) were taken for postcodes
    assert.ok(d.apply({ 氏名: '表', 生年月日: '1950-03-01', 主傷病: 'I10', 医療費: '1056530', 性別: '男' }, 7));
  });

  it('a 7-digit ID number (宛名番号) kept in an ID column is not taken for a postcode; a hyphenated postcode there still is', () => {
    // seen failing: the wellness data platform's demo town (宛名番号 1000002…) had every row held back as shifted
    const d = new Deidentifier({ preset: 'custom', rules: [{ field: '宛名番号', category: 'linkId', action: 'keep' },
      { field: '被保険者番号', category: 'identifier', action: 'keep' }] });
    assert.deepStrictEqual(d.apply({ 宛名番号: '1000002', 被保険者番号: '３０００００２' }, 2), { 宛名番号: '1000002', 被保険者番号: '３０００００２' });
    assert.throws(() => d.apply({ 宛名番号: '925-0021', 被保険者番号: '30000002' }, 3),
      (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.shifted' && e.params.field === '宛名番号');
  });

  it('an age band from a birth date gets its own column name (not 生年月日), said in the report', () => {
    const d = new Deidentifier(policy, { now: () => Date.parse('2025-04-01T00:00:00Z') });
    const out = d.apply({ 氏名: '表', 生年月日: '昭和25年3月1日', 主傷病: 'I10', 医療費: '100', 性別: '男' }, 2);
    assert.strictEqual(out['年齢階級'], '75-79');
    assert.ok(!('生年月日' in out));
    const item = d.report().items.find((i) => i.field === '生年月日')!;
    assert.strictEqual(item.output, '年齢階級');
    assert.match(item.methodJa, /生年月日から5歳階級/);
    const named = new Deidentifier({ ...policy, rules: [...policy.rules.slice(0, 1), { ...policy.rules[1], as: '年代' }, ...policy.rules.slice(2)] });
    assert.strictEqual(named.rules.find((r) => r.field === '生年月日')!.output, '年代');
  });

  it('refuses records missing a declared field, and keys that look like data, before touching any value', () => {
    const d = new Deidentifier(policy);
    assert.throws(() => d.apply({ 氏名: '表', 主傷病: 'I10', 医療費: '1', 性別: '男' }, 2),
      (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.headerMissing' && e.params.fields === '生年月日');
    assert.throws(() => d.apply({ '山田 太郎': 'x', 生年月日: '1950-01-01', 主傷病: 'I10', 医療費: '1', 性別: '男', 氏名: 'x' }, 2),
      (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.headerDataLike');
  });

  it('applies rare values and top coding across the run and reports per field what was done and how often', () => {
    const d = new Deidentifier(policy);
    const recs = Array.from({ length: 20 }, (_, i) => ({ 氏名: 'x', 生年月日: '1950-01-01', 主傷病: i < 2 ? 'E75.2' : i < 4 ? 'E78' : 'I10',
      医療費: String(i === 7 ? 12345678 : 1000 + i), 性別: i === 3 ? '不明' : '男' }));
    const out = recs.map((r, i) => d.apply(r, i + 2));
    d.finishBatch(out);
    assert.ok(!out.some((r) => r['主傷病'] === 'E75.2'));
    assert.strictEqual(out[0]['主傷病'], 'E00-E90');
    assert.strictEqual(out[3]['性別'], '*');
    assert.ok(!out.some((r) => r['医療費'] === 12345678));
    const items = d.report().items;
    assert.deepStrictEqual(items.find((i) => i.field === '主傷病')!.rare, { threshold: 3, generalised: 4, suppressed: 0 });
    assert.strictEqual(items.find((i) => i.field === '医療費')!.coding!.topCoded, 1);
  });
});
