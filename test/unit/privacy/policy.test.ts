import assert from 'assert';
import { Deidentifier, pseudonymize, dateShiftDays, ageBand, postcode3, resolveRules, generateRecords,
  type DeidentifyPolicy } from '../../../lib/privacy';
import { isCivicError } from '../../../lib/errors';

const KEY = 'a-long-secret-key-for-tests-0001';
const OTHER = 'another-secret-key-for-tests-02';

const record = {
  personId: 'A00000042', name: '山田 太郎', myNumber: '123456789018', birthDate: '昭和50年3月1日', age: 49,
  address: '石川県羽咋郡志賀町末吉1-2', postcode: '〒925-0141', phone: '0767-32-1111', sex: '男',
  visitDate: 'R6/4/1', diagnosis: 'E11', note: '氏名：山田太郎 連絡先 090-1234-5678', extra: 'secret',
};
const rules: DeidentifyPolicy['rules'] = [
  { field: 'personId', category: 'linkId' }, { field: 'name', category: 'name' }, { field: 'myNumber', category: 'identifier' },
  { field: 'birthDate', category: 'birthDate' }, { field: 'age', category: 'age' }, { field: 'address', category: 'address' },
  { field: 'postcode', category: 'postcode' }, { field: 'phone', category: 'phone' }, { field: 'sex', category: 'sex' },
  { field: 'visitDate', category: 'date' }, { field: 'diagnosis', category: 'attribute' }, { field: 'note', category: 'freeText' },
];
const fixedNow = () => Date.parse('2025-01-15T00:00:00Z');
// these tests feed records with more (or fewer) fields than the table: the lenient options of a 0.1.0 flow
const lax = { unknownFields: 'drop', missingFields: 'allow' } as const;

describe('privacy: de-identification policy', () => {
  it('APPI 匿名加工情報: deletes identifiers, coarsens dates, ages, addresses and postcodes', () => {
    const d = new Deidentifier({ ...lax, preset: 'appi-anonymous', rules }, { now: fixedNow });
    assert.deepStrictEqual(d.apply(record, 1), {
      birthDate: '1975-03', age: '45-49', address: '石川県羽咋郡志賀町', postcode: '925', sex: '男', visitDate: '2024-04', diagnosis: 'E11',
    });
  });

  it('APPI 仮名加工情報: keyed pseudonyms for IDs, dates kept, free text scrubbed', () => {
    const d = new Deidentifier({ ...lax, preset: 'appi-pseudonymous', rules }, { key: KEY, now: fixedNow });
    const out = d.apply(record, 1);
    assert.match(String(out.personId), /^P-[0-9a-f]{16}$/);
    assert.match(String(out.myNumber), /^P-[0-9a-f]{16}$/);
    assert.strictEqual(out.name, undefined);
    assert.strictEqual(out.birthDate, '昭和50年3月1日');
    assert.strictEqual(out.note, '氏名：[NAME] 連絡先 [PHONE]');
    assert.strictEqual(out.phone, undefined);
  });

  it('HIPAA Safe Harbor: years, 90+ and prefecture', () => {
    const d = new Deidentifier({ ...lax, preset: 'hipaa-safe-harbor', rules }, { now: fixedNow });
    const out = d.apply({ ...record, age: 93 }, 1);
    assert.strictEqual(out.birthDate, '1975');
    assert.strictEqual(out.visitDate, '2024');
    assert.strictEqual(out.age, '90+');
    assert.strictEqual(out.address, '石川県');
    assert.strictEqual(d.apply({ ...record, age: 89 }, 2).age, 89);
  });

  it('refuses fields not in the table by default (fail closed); dropped or kept on request, counted but never named', () => {
    assert.throws(() => new Deidentifier({ preset: 'appi-anonymous', rules }, { now: fixedNow }).apply(record, 1),
      (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.headerUnknown' && e.params.count === 1);
    const d = new Deidentifier({ preset: 'appi-anonymous', rules, unknownFields: 'drop' }, { now: fixedNow });
    assert.strictEqual(d.apply(record, 1).extra, undefined);
    assert.deepStrictEqual(d.report().unknownFieldCount, { dropped: 1, kept: 0 });
    assert.ok(!JSON.stringify(d.report()).includes('extra'));
    const keep = new Deidentifier({ preset: 'appi-anonymous', rules, unknownFields: 'keep' }, { now: fixedNow });
    assert.strictEqual(keep.apply(record, 1).extra, 'secret');
  });

  it('gives the same pseudonym across runs and datasets with the same key, another with another key', () => {
    const a = new Deidentifier({ ...lax, preset: 'appi-pseudonymous', rules }, { key: KEY });
    const b = new Deidentifier({ ...lax, preset: 'custom', rules: [{ field: 'mynum', action: 'pseudonymise' }] }, { key: KEY });
    const c = new Deidentifier({ ...lax, preset: 'appi-pseudonymous', rules }, { key: OTHER });
    const p1 = a.apply(record, 1).myNumber;
    a.reset();
    assert.strictEqual(a.apply(record, 1).myNumber, p1);
    // a care dataset writes the number in full width with hyphens: same person, same pseudonym
    assert.strictEqual(b.apply({ mynum: '１２３４－５６７８－９０１８' }, 1).mynum, pseudonymize(KEY, '1234-5678-9018'));
    assert.strictEqual(b.apply({ mynum: '123456789018' }, 2).mynum, p1);
    assert.notStrictEqual(c.apply(record, 1).myNumber, p1);
    assert.strictEqual(pseudonymize(KEY, '123456789018'), p1);
  });

  it('refuses to pseudonymise or date-shift without a key', () => {
    for (const key of [undefined, '']) {
      assert.throws(() => new Deidentifier({ ...lax, preset: 'appi-pseudonymous', rules }, { key }),
        (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.noKey');
    }
    assert.throws(() => new Deidentifier({ ...lax, preset: 'custom', rules: [{ field: 'x', action: 'shift' }], personField: 'id' }),
      (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.noKey');
    assert.throws(() => pseudonymize('short', 'x'), (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.shortKey');
  });

  it('shifts all dates of one person by the same offset, derived from the key', () => {
    const policy: DeidentifyPolicy = { ...lax, preset: 'custom', personField: 'id', dateShiftRange: 30,
      rules: [{ field: 'id', action: 'pseudonymise' }, { field: 'd1', action: 'shift' }, { field: 'd2', action: 'shift' }] };
    const d = new Deidentifier(policy, { key: KEY });
    const off = dateShiftDays(KEY, 'A1', 30);
    assert.ok(Math.abs(off) <= 30);
    const out = d.apply({ id: 'A1', d1: '2024-04-01', d2: 'R6/4/11' }, 1);
    const diff = (Date.parse(String(out.d2)) - Date.parse(String(out.d1))) / 86400000;
    assert.strictEqual(diff, 10);
    assert.strictEqual((Date.parse(String(out.d1)) - Date.parse('2024-04-01')) / 86400000, off);
    assert.strictEqual(new Deidentifier(policy, { key: KEY }).apply({ id: 'A1', d1: '2024-04-01' }, 1).d1, out.d1);
  });

  it('generalises ages, dates (incl. fiscal year), postcodes and masks', () => {
    const d = new Deidentifier({ ...lax, preset: 'custom', asOf: '2025-03-31', rules: [
      { field: 'a5', action: 'age', band: 5 }, { field: 'a10', action: 'age', band: 10 }, { field: 'born', action: 'age', band: 10 },
      { field: 'fy', action: 'date', granularity: 'fiscalYear' }, { field: 'y', action: 'date', granularity: 'year' },
      { field: 'pc', action: 'postcode' }, { field: 'tel', action: 'mask', keepLast: 2 } ] });
    assert.deepStrictEqual(d.apply({ a5: '４７歳', a10: 95, born: '昭和50年4月1日', fy: 'R7.3.31', y: 'H2/5/10', pc: '９２５－０００１', tel: '0767221111' }, 1),
      { a5: '45-49', a10: '90+', born: '40-49', fy: 'FY2024', y: '1990', pc: '925', tel: '********11' });
    assert.strictEqual(ageBand(87, 5), '85-89');
    assert.strictEqual(ageBand(85, 20), '80-89');
    assert.strictEqual(postcode3('〒920-0001'), '920');
    assert.strictEqual(postcode3('92-0001'), undefined);
  });

  it('sends a record that cannot be processed to the error path with its row number only', () => {
    const d = new Deidentifier({ ...lax, preset: 'appi-anonymous', rules });
    assert.throws(() => d.apply({ ...record, birthDate: '山田太郎の誕生日' }, 17), (e: unknown) => {
      assert.ok(isCivicError(e));
      assert.deepStrictEqual(e.params, { row: 17, field: 'birthDate', reason: 'date', what: '日付として読めません' });
      assert.ok(!e.message.includes('山田'));
      return true;
    });
    const r = d.report();
    assert.strictEqual(r.failed, 1);
    assert.deepStrictEqual(r.failedRows, [17]);
    const lenient = new Deidentifier({ ...lax, preset: 'appi-anonymous', rules, onInvalid: 'empty' });
    assert.strictEqual(lenient.apply({ ...record, birthDate: '不明' }, 1).birthDate, null);
  });

  it('writes a report with items, methods and counts but never the key or a value', () => {
    const d = new Deidentifier({ ...lax, preset: 'appi-pseudonymous', rules }, { key: KEY, now: fixedNow });
    for (const [i, r] of generateRecords(50, 3).entries()) d.apply(r as unknown as Record<string, unknown>, i + 1);
    d.apply({ ...record, sex: '' }, 51);
    const report = d.report();
    assert.strictEqual(report.records, 51);
    assert.strictEqual(report.output, 51);
    const my = report.items.find((i) => i.field === 'myNumber')!;
    assert.strictEqual(my.action, 'pseudonymise');
    assert.strictEqual(my.processed, 51);
    assert.match(my.method, /HMAC-SHA-256/);
    assert.strictEqual(report.items.find((i) => i.field === 'sex')!.empty, 1);
    assert.strictEqual(report.unknownFieldCount.dropped, 6); // the generator's fields beyond the table: insurerNumber, careInsuredNumber, insurance, careLevel, medicalCost, extra
    const text = JSON.stringify(report);
    for (const secret of [KEY, '123456789018', '山田', '志賀町末吉', '0767-32-1111']) assert.ok(!text.includes(secret), secret);
  });

  it('lets a row override the preset and fails on a row without action or category', () => {
    const r = resolveRules({ preset: 'appi-anonymous', rules: [{ field: 'age', category: 'age', action: 'age', band: 10 }] });
    assert.strictEqual(r[0].band, 10);
    assert.strictEqual(r[0].topCode, 90);
    assert.throws(() => resolveRules({ preset: 'custom', rules: [{ field: 'x', category: 'name' }] }),
      (e: unknown) => isCivicError(e) && e.key === 'civic-deidentify.errors.noAction');
  });
});
