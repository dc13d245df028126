import assert from 'assert';
import civicCsv from '../../nodes/civic-csv/civic-csv';
import deidentify from '../../nodes/civic-deidentify/civic-deidentify';
import kAnonymize from '../../nodes/civic-k-anonymize/civic-k-anonymize';
import { helper, withCatalog, flow, nextMessage, nextError, collect, nodeById, translate, until } from '../helpers/node-red';
import { encodeShiftJis } from '../unit/privacy/sjis';

const CSV = '氏名,生年月日,性別,住所\r\n山田 太郎,昭和50年3月1日,男,石川県羽咋市旭町1-1\r\n髙橋 花子,S50.3.1,女,"石川県羽咋郡志賀町末吉1, 2階"\r\n';

describe('civic-csv node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const csvFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'csv', type: 'civic-csv', wires: [['out']], ...config },
    { id: 'out', type: 'helper' },
  );

  it('reads a Shift_JIS file and says it was Shift_JIS', async () => {
    await helper.load(civicCsv, csvFlow());
    const out = nextMessage<any>('out');
    nodeById('csv').receive({ payload: encodeShiftJis(CSV) });
    const o = await out;
    assert.strictEqual(o.encoding, 'shift_jis');
    assert.deepStrictEqual(o.payload[1], { 氏名: '髙橋 花子', 生年月日: 'S50.3.1', 性別: '女', 住所: '石川県羽咋郡志賀町末吉1, 2階' });
    assert.deepStrictEqual(o.csv, { encoding: 'shift_jis', bom: false, detected: true, columns: ['氏名', '生年月日', '性別', '住所'], rows: 2,
      errors: 0, quarantined: 0, quarantinedRows: [] });
  });

  it('reads UTF-8 with a BOM', async () => {
    await helper.load(civicCsv, csvFlow());
    const out = nextMessage<any>('out');
    nodeById('csv').receive({ payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]) });
    const o = await out;
    assert.strictEqual(o.encoding, 'utf-8');
    assert.strictEqual(o.payload[0].氏名, '山田 太郎');
  });

  it('sends one message per row with the row number, and msg.complete on the last', async () => {
    await helper.load(civicCsv, csvFlow({ output: 'rows' }));
    const msgs = collect<any>('out');
    nodeById('csv').receive({ payload: Buffer.from(CSV) });
    await until(() => msgs.length >= 2, 'two row messages');
    assert.deepStrictEqual(msgs.map((m) => [m.rowNumber, m.complete]), [[2, undefined], [3, true]]);
  });

  it('reports a bad row by its number only and keeps the others', async () => {
    await helper.load(withCatalog('civic-csv', civicCsv, 'ja'), csvFlow());
    const errors: Array<{ args: any[] }> = [];
    nodeById('csv').on('call:error', (c: { args: any[] }) => errors.push(c));
    const out = nextMessage<any>('out');
    nodeById('csv').receive({ payload: encodeShiftJis(`${CSV}秘密 次郎,H2/5/10\r\n`) });
    assert.strictEqual((await out).payload.length, 2);
    await until(() => errors.length >= 1, 'the error of row 4');
    assert.strictEqual(errors.length, 1);
    assert.strictEqual(errors[0].args[0], '4 行目: 値が 2 個ですが、見出しは 4 列です。この行は出力していません。');
    assert.strictEqual(errors[0].args[1].rowNumber, 4);
    const logged = helper.log().getCalls().map((c: { args: unknown[] }) => JSON.stringify(c.args)).join('\n');
    assert.ok(!logged.includes('秘密') && !JSON.stringify(errors.map((e) => e.args)).includes('秘密'));
  });

  it('checks the header against the declared columns: unknown or missing names refuse the file, naming only declared ones', async () => {
    await helper.load(withCatalog('civic-csv', civicCsv, 'ja'), csvFlow({ columns: '氏名, 生年月日, 性別, 住所, 電話番号' }));
    const out = collect('out');
    const err = nextError('csv');
    nodeById('csv').receive({ payload: Buffer.from(CSV) });
    assert.strictEqual(await err, translate('civic-csv', 'ja', 'civic-csv.errors.headerMissing', { fields: '電話番号', count: 1 }));
    await helper.unload();
    await helper.load(withCatalog('civic-csv', civicCsv, 'ja'), csvFlow({ columns: '氏名,生年月日,性別' }));
    const err2 = nextError('csv');
    nodeById('csv').receive({ payload: Buffer.from(CSV) });
    assert.strictEqual(await err2, translate('civic-csv', 'ja', 'civic-csv.errors.headerUnknown', { count: 1 }));
    assert.strictEqual(out.length, 0);
  });

  it('lets undeclared columns through when told to, and reads a file without a header row with the columns given', async () => {
    await helper.load(civicCsv, csvFlow({ columns: '氏名,生年月日,性別', extraColumns: 'allow' }));
    const out = nextMessage<any>('out');
    nodeById('csv').receive({ payload: Buffer.from(CSV) });
    assert.strictEqual((await out).payload.length, 2);
    await helper.unload();
    await helper.load(civicCsv, csvFlow({ header: false, columns: 'a,b,c,d' }));
    const out2 = nextMessage<any>('out');
    nodeById('csv').receive({ payload: Buffer.from(CSV) });
    const rows = (await out2).payload;
    assert.strictEqual(rows.length, 3);
    assert.deepStrictEqual(rows[0], { a: '氏名', b: '生年月日', c: '性別', d: '住所' });
  });

  it('refuses a configuration without a header row and without columns', async () => {
    await helper.load(withCatalog('civic-csv', civicCsv), csvFlow({ header: false }));
    const err = nextError('csv');
    assert.match(await err, /columns/);
  });

  it('tells the user to read the file as a Buffer when Shift_JIS arrived as garbled text (file in, default mode)', async () => {
    await helper.load(withCatalog('civic-csv', civicCsv, 'ja'), csvFlow());
    const out = collect('out');
    const err = nextError('csv');
    // what the core file in node makes of Shift_JIS bytes in its default (utf8 string) mode
    nodeById('csv').receive({ payload: encodeShiftJis(CSV).toString('utf8') });
    assert.strictEqual(await err, translate('civic-csv', 'ja', 'civic-csv.errors.garbled'));
    assert.match(await err, /1つのBufferオブジェクト/);
    assert.strictEqual(out.length, 0);
  });

  it('reads the file from the configured property and writes the records to the configured one', async () => {
    await helper.load(civicCsv, csvFlow({ property: 'file', outputProperty: 'records' }));
    const out = nextMessage<any>('out');
    nodeById('csv').receive({ file: Buffer.from(CSV), payload: 'untouched' });
    const o = await out;
    assert.strictEqual(o.records.length, 2);
    assert.strictEqual(o.payload, 'untouched');
  });

  it('feeds deidentify and k-anonymize row by row (Shift_JIS file → anonymous table)', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `人${i},昭和${30 + (i % 5)}年${1 + (i % 12)}月1日,${i % 2 ? '男' : '女'},石川県羽咋市旭町${i}`);
    const file = encodeShiftJis(`氏名,生年月日,性別,住所\r\n${rows.join('\r\n')}\r\n`);
    const f = flow(
      { id: 'csv', type: 'civic-csv', output: 'rows', wires: [['de']] },
      { id: 'de', type: 'civic-deidentify', preset: 'appi-anonymous', rules: [
        { field: '氏名', category: 'name', action: 'preset' }, { field: '生年月日', category: 'birthDate', action: 'date', granularity: 'year' },
        { field: '性別', category: 'sex', action: 'preset' }, { field: '住所', category: 'address', action: 'preset' }], wires: [['k'], []] },
      { id: 'k', type: 'civic-k-anonymize', k: 5, quasiIdentifiers: [{ field: '生年月日', hierarchy: 'date' }, { field: '性別', hierarchy: 'category' },
        { field: '住所', hierarchy: 'address' }], wires: [['out'], []] },
      { id: 'out', type: 'helper' },
    );
    await helper.load([civicCsv, deidentify, kAnonymize], f);
    const out = nextMessage<any>('out');
    nodeById('csv').receive({ payload: file });
    const o = await out;
    assert.strictEqual(o.payload.length, 60);
    assert.deepStrictEqual(Object.keys(o.payload[0]).sort(), ['住所', '性別', '生年月日']);
    assert.strictEqual(o.payload[0].住所, '石川県羽咋市');
  });
});
