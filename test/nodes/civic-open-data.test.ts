// civic-open-data in the real runtime: five files from a cross-tab (UTF-8 BOM and Shift_JIS CSV, JSON, dictionary),
// and refusal of anything that is not a suppressed cross-tab.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import iconv from 'iconv-lite';
import openData from '../../nodes/civic-open-data/civic-open-data';
import { validate } from '../../lib/schemas';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';
import { aggregate, buildCrossTab, crossTabSpec } from '../../lib/analysis';

describe('open-data node', function () {
  this.timeout(30000);
  let dir: string;
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-od-node-')); });
  afterEach(async () => { await helper.unload(); fs.rmSync(dir, { recursive: true, force: true }); });

  const odFlow = () => flow({ id: 'o', type: 'civic-open-data', folder: dir, baseName: 'kenko', title: '地区別の人数', asOf: '2024-03-31',
    labels: [{ field: 'district', label: '地域名' }, { field: 'sex', label: '性別' }], wires: [['out']] }, { id: 'out', type: 'helper' });

  it('writes the CSV in UTF-8 with BOM and in Shift_JIS, JSON and the column dictionary', async () => {
    await helper.load(openData, odFlow());
    const spec = crossTabSpec({ dimensions: [{ field: 'district' }, { field: 'sex' }], outcome: '', threshold: 10 });
    const rows = ['羽咋', '邑知'].flatMap((d) => ['男', '女'].flatMap((s) => Array.from({ length: d === '邑知' && s === '女' ? 2 : 15 }, () => ({ district: d, sex: s }))));
    const out = nextMessage<any>('out');
    nodeById('o').receive({ payload: buildCrossTab(aggregate(rows, spec), spec) });
    const done = await out;
    assert.ok(validate('open-data-files.message', done).ok);
    assert.deepStrictEqual(done.payload.files, ['172073_kenko.csv', '172073_kenko_sjis.csv', '172073_kenko.json', '172073_kenko_項目定義.csv', '172073_kenko_項目定義_sjis.csv']);
    const utf8 = fs.readFileSync(path.join(dir, '172073_kenko.csv'));
    assert.deepStrictEqual([...utf8.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = utf8.subarray(3).toString('utf8');
    assert.strictEqual(text.split('\r\n')[0], '全国地方公共団体コード,都道府県名,市区町村名,基準日,地域名,性別,人数,秘匿');
    assert.ok(text.includes('172073,石川県,羽咋市,2024-03-31,邑知,女,,1'));
    assert.strictEqual(iconv.decode(fs.readFileSync(path.join(dir, '172073_kenko_sjis.csv')), 'CP932'), text);
    const json = JSON.parse(fs.readFileSync(path.join(dir, '172073_kenko.json'), 'utf8'));
    assert.strictEqual(json.localGovernmentCode, '172073');
    assert.ok(json.records.every((r: any) => r.人数 === null || r.人数 >= 10));
  });

  it('refuses raw records (only suppressed cross-tabs may be published), in Japanese', async () => {
    await helper.load(withCatalog('civic-open-data', openData, 'ja'), odFlow());
    const err = nextError('o');
    nodeById('o').receive({ payload: [{ 氏名: '羽咋 太郎', 生年月日: '1950-01-01' }] });
    assert.strictEqual(await err, translate('civic-open-data', 'ja', 'civic-open-data.errors.notCrossTab'));
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });
});
