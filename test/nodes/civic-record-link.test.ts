// civic-record-link in the real runtime: links a KDB batch and a survey batch through the store's key and index,
// sends unlinked records on output 3 without identifying fields, and answers bad input in Japanese.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import storeNode from '../../nodes/civic-store/civic-store';
import linkNode from '../../nodes/civic-record-link/civic-record-link';
import { validate } from '../../lib/schemas';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';
import { pseudonymize } from '../../lib/privacy/pseudonym';
import { waitFor } from '../helpers/wait';

const KEY = 'record-link-node-key-0000000001';

describe('record-link node', function () {
  this.timeout(90000);
  let dir: string;
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-link-node-')); });
  afterEach(async () => { await helper.unload(); fs.rmSync(dir, { recursive: true, force: true }); });

  const linkFlow = (extra: Record<string, unknown> = {}) => flow(
    { id: 'store', type: 'civic-store', backend: 'duckdb', file: path.join(dir, 'r.duckdb') },
    { id: 'link', type: 'civic-record-link', store: 'store', idFields: [{ field: '宛名番号', kind: 'atena' }], nameField: '氏名カナ',
      birthField: '生年月日', sexField: '性別', wires: [['linked'], ['report'], ['unlinked']], ...extra },
    { id: 'linked', type: 'helper' }, { id: 'report', type: 'helper' }, { id: 'unlinked', type: 'helper' },
  );
  const load = async (lang = 'ja', extra: Record<string, unknown> = {}) => {
    await helper.load([withCatalog('civic-store', storeNode, lang), withCatalog('civic-record-link', linkNode, lang)], linkFlow(extra), { store: { key: KEY } });
    // the store opens asynchronously: until it has (get() answers), not a fixed 300 ms a busy CI can outlast
    await waitFor(() => (nodeById('store').get() ? true : undefined), 'the records store opening', 20000);
  };

  it('links a survey row without a number to the KDB person by name + 和暦 birth date + sex', async () => {
    await load();
    const first = nextMessage<any>('linked');
    const firstReport = nextMessage<any>('report');
    nodeById('link').receive({ topic: 'kdb', payload: [{ 宛名番号: '2000001', 氏名カナ: 'タナカ ヒロシ', 生年月日: '1946-05-03', 性別: '男', BMI: 22 }] });
    assert.strictEqual((await first).payload[0].person, pseudonymize(KEY, '2000001'));
    assert.strictEqual((await firstReport).payload.byNumber, 1);
    const linked = nextMessage<any>('linked');
    const report = nextMessage<any>('report');
    const unlinked = nextMessage<any>('unlinked');
    nodeById('link').receive({ topic: 'survey', payload: [
      { 宛名番号: '', 氏名カナ: 'ﾀﾅｶ ﾋﾛｼ', 生年月日: '昭和21年5月3日', 性別: '男', 運動習慣: 'はい' },
      { 宛名番号: '', 氏名カナ: 'ヤマダ ハナコ', 生年月日: '昭和30年1月1日', 性別: '女', 運動習慣: 'いいえ' },
    ] });
    assert.deepStrictEqual((await linked).payload, [{ 性別: '男', 運動習慣: 'はい', person: pseudonymize(KEY, '2000001') }]);
    assert.deepStrictEqual((await unlinked).payload, [{ 性別: '女', 運動習慣: 'いいえ', linkStatus: 'unlinked' }]);
    const r = (await report).payload;
    assert.ok(validate('linkage-report.message', { payload: r }).ok);
    assert.deepStrictEqual([r.kind, r.source, r.linked, r.byNameBirthSex, r.unlinked, r.ambiguous], ['linkage-report', 'survey', 1, 1, 1, 0]);
  });

  it('links large batches in a worker thread with the same result', async () => {
    await load('ja', { workerThreshold: 1 });
    const linked = nextMessage<any>('linked', 60000);
    nodeById('link').receive({ topic: 'kdb', payload: [{ 宛名番号: '3000001', 性別: '女' }, { 宛名番号: '3000002', 性別: '男' }] });
    assert.deepStrictEqual((await linked).payload.map((x: any) => x.person), [pseudonymize(KEY, '3000001'), pseudonymize(KEY, '3000002')]);
  });

  it('refuses a batch with a row that is not a record, in Japanese, naming the row only', async () => {
    await load('ja');
    const err = nextError('link');
    nodeById('link').receive({ topic: 'kdb', payload: [{ 宛名番号: '1' }, 'タナカ ヒロシ 090-1234-5678'] });
    const text = await err;
    assert.strictEqual(text, translate('civic-record-link', 'ja', 'civic-record-link.errors.notRecord', { row: 2 }));
    assert.ok(!text.includes('タナカ') && !text.includes('5678'));
  });

  it('answers records while the store has no key with a Japanese error, and passes nothing on', async () => {
    await helper.load([withCatalog('civic-store', storeNode, 'ja'), withCatalog('civic-record-link', linkNode, 'ja')], linkFlow());
    const err = nextError('link');
    nodeById('link').receive({ topic: 'kdb', payload: [{ 宛名番号: '1' }] });
    assert.strictEqual(await err, translate('civic-record-link', 'ja', 'civic-record-link.errors.noKey'));
  });
});
