import assert from 'assert';
import { detectValue, looksLikePersonName } from '../../../lib/privacy/detect';
import { checkColumns, shapeError, ShapeCache } from '../../../lib/privacy/shape';
import { CsvRecordReader } from '../../../lib/privacy/csv-records';
import { encodeShiftJis } from './sjis';

describe('privacy: values that look like personal data', () => {
  it('recognises phones, dates, My Numbers, identifiers, postcodes, addresses, e-mail and names', () => {
    const cases: Array<[unknown, string | undefined]> = [
      ['0767-22-1234', 'phone'], ['０９０－１２３４－５６７８', 'phone'], ['123456789018', 'myNumber'], ['1950-03-01', 'date'],
      ['昭和25年3月1日', 'date'], ['S20/2/7', 'date'], ['39170123', 'identifier'], ['A00000001', 'identifier'],
      ['1448349181', 'identifier'], ['〒925-0034', 'postcode'], ['石川県羽咋市旭町1-2', 'address'], ['羽咋市千里浜町タ4番地', 'address'],
      ['kazu@example.jp', 'email'], ['山田 太郎', 'personName'], ['ヤマダ タロウ', 'personName'], ['干場さん', 'personName'],
      ['佐藤花子', 'personName'],
    ];
    for (const [v, kind] of cases) assert.strictEqual(detectValue(v), kind, String(v));
  });

  it('leaves column names and ordinary attribute values alone', () => {
    for (const v of ['氏名', '生年月日', '住所', '電話番号', '個人番号', '主傷病', '要介護度', '受診日', '医療費', '備考', 'カナ氏名',
      '宛名番号', '性別', '保険種別', 'E11', 'E75.2', 'I10', '要介護2', '非該当', '後期高齢', '国保', '男', '女', '2024', 'R6',
      '12,345,678', '445120.5', '市町村', '3階', '特記事項なし', true, null, 12.5]) {
      assert.strictEqual(detectValue(v), undefined, String(v));
    }
  });

  it('skips the kinds a field is allowed to hold', () => {
    assert.strictEqual(detectValue('1950-03-01', new Set(['date'])), undefined);
    assert.strictEqual(detectValue('19500301', new Set(['date'])), undefined);
    assert.strictEqual(detectValue('39170123', new Set(['date'])), 'identifier');
    assert.ok(!looksLikePersonName('高血圧'));
  });
});

describe('privacy: the shape check of column names', () => {
  it('counts names that look like data, never returning them', () => {
    const check = checkColumns(['山田 太郎', '123456789018', '0767-22-1234', 'E11', '男']);
    assert.deepStrictEqual(check, { dataLike: 3, duplicate: 0, empty: 0, unknown: 0, missing: [] });
    const err = shapeError(check, 'civic-csv')!;
    assert.strictEqual(err.key, 'civic-csv.errors.headerDataLike');
    assert.deepStrictEqual(err.params, { count: 3 });
    assert.ok(!err.message.includes('山田'));
  });

  it('refuses unknown and missing names against a declaration, unless allowed', () => {
    const declared = ['氏名', '住所'];
    assert.deepStrictEqual(checkColumns(['氏名', '電話'], { declared }), { dataLike: 0, duplicate: 0, empty: 0, unknown: 1, missing: ['住所'] });
    assert.strictEqual(shapeError(checkColumns(['氏名', '電話'], { declared, unknown: 'allow', missing: 'allow' }), 'x'), undefined);
    assert.strictEqual(shapeError(checkColumns(['氏名', '氏名', '']), 'x')!.key, 'x.errors.headerDuplicate');
    const cache = new ShapeCache({ declared, unknown: 'refuse', missing: 'allow' }, 'civic-deidentify');
    assert.strictEqual(cache.errorFor(['氏名', '電話'])!.key, 'civic-deidentify.errors.headerUnknown');
    assert.strictEqual(cache.errorFor(['氏名']), undefined);
  });
});

describe('privacy: CSV records, failing closed', () => {
  it('quarantines rows with the wrong field count by row number and reads the rest in slices', () => {
    const reader = new CsvRecordReader(encodeShiftJis('氏名,性別\r\n山田,男\r\n表,女,余分\r\n干場,女\r\n'));
    reader.read(1);
    assert.ok(!reader.done);
    reader.read(100);
    assert.ok(reader.done);
    assert.deepStrictEqual(reader.records, [{ 氏名: '山田', 性別: '男' }, { 氏名: '干場', 性別: '女' }]);
    assert.deepStrictEqual(reader.rowNumbers, [2, 4]);
    assert.deepStrictEqual(reader.quarantined.map((q) => [q.row, q.error.key]), [[3, 'civic-csv.errors.columns']]);
  });

  it('refuses a header that looks like data before any record, and garbled text', () => {
    const reader = new CsvRecordReader('山田 太郎,0767-22-1234\n表 由美,090-9340-1155\n');
    assert.throws(() => reader.read(), (e: { key: string }) => e.key === 'civic-csv.errors.headerDataLike');
    assert.strictEqual(reader.records.length, 0);
    const garbled = encodeShiftJis('氏名\r\n山田\r\n').toString('utf8');
    assert.throws(() => new CsvRecordReader(garbled), (e: { key: string }) => e.key === 'civic-csv.errors.garbled');
    assert.throws(() => new CsvRecordReader('"a,b\n1,2').read(), (e: { key: string }) => e.key === 'civic-csv.errors.headerUnreadable');
    assert.throws(() => new CsvRecordReader('a', { header: false }), (e: { key: string }) => e.key === 'civic-csv.errors.noColumns');
  });
});
