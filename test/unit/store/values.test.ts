// Record kinds and value conversion of the records store (plain functions, no database).
import assert from 'assert';
import { toCell, toRow, normalizeKind, parseColumns, formatColumns, classifyError, insertSql, createTableSql, pseudonymPattern, type ColumnDef } from '../../../lib/store';
import { pseudonymize } from '../../../lib/privacy/pseudonym';
import { CivicError } from '../../../lib/errors';

const P = { key: 'unit-test-store-key-000000000001', prefix: 'P-', length: 16 };
const col = (type: ColumnDef['type'], required = false): ColumnDef => ({ name: 'c', type, required });
const errKey = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as CivicError).key; } return 'no error'; };

describe('store: values', () => {
  it('reads numbers with full-width digits and thousands separators', () => {
    assert.strictEqual(toCell(col('real'), '１，２３４．５', 1, P), 1234.5);
    assert.strictEqual(toCell(col('integer'), ' 42 ', 1, P), 42);
    assert.strictEqual(errKey(() => toCell(col('integer'), '4.5', 1, P)), 'shared.store.errors.badValue');
  });
  it('reads 和暦 and Gregorian dates to ISO, refusing partial ones', () => {
    assert.strictEqual(toCell(col('date'), '昭和50年3月1日', 1, P), '1975-03-01');
    assert.strictEqual(toCell(col('date'), 'R6.4.1', 1, P), '2024-04-01');
    assert.strictEqual(toCell(col('date'), '2024/5/6', 1, P), '2024-05-06');
    assert.strictEqual(errKey(() => toCell(col('date'), '2024-05', 1, P)), 'shared.store.errors.badValue');
  });
  it('reads yes/no in Japanese and English', () => {
    assert.deepStrictEqual(['はい', 'なし', 'TRUE', '0', 'あり'].map((v) => toCell(col('boolean'), v, 1, P)), [true, false, true, false, true]);
  });
  it('keys a clear identifier and keeps an existing pseudonym', () => {
    assert.strictEqual(toCell(col('pseudonym'), '１２３４５６７', 1, P), pseudonymize(P.key, '1234567'));
    assert.strictEqual(toCell(col('pseudonym'), 'P-00112233aabbccdd', 1, P), 'P-00112233aabbccdd');
    assert.ok(pseudonymPattern(P).test(String(toCell(col('pseudonym'), 'x', 1, P))));
  });
  it('refuses My Number, phone numbers and e-mail addresses in text columns, naming the row and column only', () => {
    for (const v of ['123456789018', '０９０-１２３４-５６７８', 'hanako@example.jp']) {
      try { toCell({ name: 'note', type: 'text' }, v, 7, P); assert.fail('accepted'); } catch (e) {
        const err = e as CivicError;
        assert.strictEqual(err.key, 'shared.store.errors.identifying');
        assert.deepStrictEqual(err.params, { row: 7, column: 'note' });
        assert.ok(!err.message.includes(v));
      }
    }
    assert.strictEqual(toCell({ name: 'note', type: 'text' }, '羽咋', 1, P), '羽咋');
  });
  it('maps Japanese fields to columns and counts undeclared ones', () => {
    const kind = normalizeKind({ name: 'k', columns: parseColumns('person:pseudonym:宛名番号!, sbp:real:収縮期血圧') });
    assert.deepStrictEqual(toRow(kind, { 宛名番号: 'P-0000000000000001', 収縮期血圧: '120' }, 1, { ...P, unknownFields: 'refuse' }), ['P-0000000000000001', 120]);
    assert.strictEqual(errKey(() => toRow(kind, { 宛名番号: 'a', 氏名: 'x', 電話: 'y' }, 3, { ...P, unknownFields: 'refuse' })), 'shared.store.errors.unknownFields');
    assert.deepStrictEqual(toRow(kind, { 宛名番号: 'P-0000000000000001', 氏名: 'x' }, 1, { ...P, unknownFields: 'ignore' }), ['P-0000000000000001', null]);
    assert.strictEqual(errKey(() => toRow(kind, { 収縮期血圧: 1 }, 1, { ...P, unknownFields: 'ignore' })), 'shared.store.errors.missing');
  });
});

describe('store: kinds and SQL', () => {
  it('round-trips the compact column notation', () => {
    const text = 'person:pseudonym:宛名番号!, sbp:real:収縮期血圧, note:text';
    assert.strictEqual(formatColumns(parseColumns(text)), text);
  });
  it('refuses names that are not safe identifiers, by position', () => {
    assert.strictEqual(errKey(() => normalizeKind({ name: 'Drop Table', columns: [{ name: 'a', type: 'text' }] })), 'shared.store.errors.kindName');
    assert.strictEqual(errKey(() => normalizeKind({ name: 'k', columns: [{ name: 'a;--', type: 'text' }] })), 'shared.store.errors.columnName');
    assert.strictEqual(errKey(() => normalizeKind({ name: 'k', columns: [{ name: 'select', type: 'text' }] })), 'shared.store.errors.columnName');
    assert.strictEqual(errKey(() => normalizeKind({ name: 'k', columns: [{ name: 'a', type: 'text' }, { name: 'a', type: 'real' }] })), 'shared.store.errors.duplicateColumn');
  });
  it('writes the same statements for both engines apart from type names', () => {
    const kind = normalizeKind({ name: 'k', columns: [{ name: 'v', type: 'real' }] });
    assert.match(createTableSql('postgres', kind), /v DOUBLE PRECISION/);
    assert.match(createTableSql('duckdb', kind), /v DOUBLE\)/);
    assert.strictEqual(insertSql('duckdb', kind, 2).split('CAST(').length - 1, 8);
    assert.match(insertSql('postgres', kind, 1), /ON CONFLICT \(_rid\) DO NOTHING$/);
  });
  it('classifies engine errors without repeating their text', () => {
    const e = classifyError(Object.assign(new Error('duplicate key value (x)=(山田)'), { code: '23505' }), 'postgres');
    assert.strictEqual(e.key, 'shared.store.errors.database');
    assert.deepStrictEqual(e.params, { engine: 'PostgreSQL', code: '23505' });
    assert.ok(!e.message.includes('山田'));
    assert.strictEqual(classifyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'postgres').retryable, true);
    assert.strictEqual(classifyError(new Error('IO Error: Could not set lock on file "a"'), 'duckdb').key, 'shared.store.errors.locked');
  });
});
