import assert from 'assert';
import { decodeBytes, parseCsv, csvRows } from '../../../lib/csv';
import { encodeShiftJis } from '../privacy/sjis';

const TEXT = '氏名,生年月日,住所\r\n山田 太郎,昭和50年3月1日,石川県羽咋市旭町1-1\r\n髙橋 ①子,S50.3.1,"石川県金沢市広坂1-1, 2階"\r\n';

describe('privacy: CSV and encodings', () => {
  it('detects Shift_JIS (CP932, with NEC/IBM extension characters) and says so', () => {
    const d = decodeBytes(encodeShiftJis(TEXT));
    assert.strictEqual(d.encoding, 'shift_jis');
    assert.strictEqual(d.detected, true);
    assert.strictEqual(d.text, TEXT);
  });
  it('detects UTF-8 with and without a BOM', () => {
    const plain = decodeBytes(Buffer.from(TEXT, 'utf8'));
    assert.deepStrictEqual([plain.encoding, plain.bom, plain.text], ['utf-8', false, TEXT]);
    const bom = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]));
    assert.deepStrictEqual([bom.encoding, bom.bom, bom.text], ['utf-8', true, TEXT]);
  });
  it('honours a forced encoding', () => {
    assert.strictEqual(decodeBytes(encodeShiftJis(TEXT), 'shift_jis').text, TEXT);
    assert.notStrictEqual(decodeBytes(encodeShiftJis(TEXT), 'utf-8').text, TEXT);
  });
  it('parses RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF and LF', () => {
    const r = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\r\nlines",\n');
    assert.deepStrictEqual(r.columns, ['a', 'b', 'c']);
    assert.deepStrictEqual(r.rows, [{ a: '1', b: 'x, y', c: 'say "hi"' }, { a: '2', b: 'two\r\nlines', c: '' }]);
    assert.deepStrictEqual(r.rowNumbers, [2, 3]);
  });
  it('reads a Shift_JIS export end to end', () => {
    const d = decodeBytes(encodeShiftJis(TEXT));
    const r = parseCsv(d.text);
    assert.deepStrictEqual(r.rows[1], { 氏名: '髙橋 ①子', 生年月日: 'S50.3.1', 住所: '石川県金沢市広坂1-1, 2階' });
  });
  it('reports bad rows by row number (spreadsheet numbering) and carries on', () => {
    const r = parseCsv('a,b\n1,2\n3,"4\n5,6,7\n8,9\n');
    assert.deepStrictEqual(r.rows, [{ a: '1', b: '2' }, { a: '8', b: '9' }]);
    assert.deepStrictEqual(r.errors.map((e) => [e.row, e.error.key]), [[3, 'civic-csv.errors.quote'], [4, 'civic-csv.errors.columns']]);
    const r2 = parseCsv('a,b\n1,2\n5,6,7\n"x"y,1\n8,9');
    assert.deepStrictEqual(r2.errors.map((e) => [e.row, e.error.key]), [[3, 'civic-csv.errors.columns'], [4, 'civic-csv.errors.quote']]);
    for (const e of r2.errors) assert.ok(!e.error.message.includes('5,6,7') && !e.error.message.includes('x'));
  });
  it('skips blank lines and a BOM in text, and gives arrays without a header', () => {
    const rows = [...csvRows('\ufeffa,b\n\n1,2')];
    assert.deepStrictEqual(rows, [{ row: 1, values: ['a', 'b'] }, { row: 3, values: ['1', '2'] }]);
    assert.deepStrictEqual(parseCsv('1,2\n3,4', { header: false }).rows, [['1', '2'], ['3', '4']]);
  });
});
