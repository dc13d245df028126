// civic-cross-tab in the real runtime: on an array in msg.payload and in SQL on a DuckDB store; unknown fields are a
// translated error that names no field.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import storeNode from '../../nodes/civic-store/civic-store';
import writeNode from '../../nodes/civic-store-write/civic-store-write';
import crossTab from '../../nodes/civic-cross-tab/civic-cross-tab';
import { validate } from '../../lib/schemas';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';

const records = () => {
  const out: Array<Record<string, unknown>> = [];
  for (const district of ['羽咋', '邑知', '千里浜']) for (const sex of ['男', '女']) {
    const n = district === '邑知' && sex === '女' ? 3 : 30;
    for (let i = 0; i < n; i++) out.push({ district, sex, age: 60 + (i % 30), walk_slow: i % 2 === 0 });
  }
  return out;
};

describe('cross-tab node', function () {
  this.timeout(30000);
  let dir: string;
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-xtab-node-')); });
  afterEach(async () => { await helper.unload(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('tabulates an array with the small cell and its complements suppressed', async () => {
    await helper.load(crossTab, flow({ id: 'x', type: 'civic-cross-tab', dimensions: [{ field: 'district' }, { field: 'sex' }], outcome: 'walk_slow', wires: [['out']] },
      { id: 'out', type: 'helper' }));
    const out = nextMessage<any>('out');
    nodeById('x').receive({ payload: records() });
    const t = (await out).payload;
    assert.strictEqual(t.kind, 'cross-tab');
    assert.ok(validate('cross-tab.message', { payload: t }).ok);
    const cell = (d: string, s: string) => t.table.find((r: any) => r.district === d && r.sex === s);
    assert.strictEqual(cell('邑知', '女').n, null);
    const interior = t.table.filter((r: any) => r.district !== '計' && r.sex !== '計');
    assert.strictEqual(interior.filter((r: any) => r.n === 30).length, 2);        // the small cell and three complements hidden
    assert.strictEqual(cell('計', '計').n, 153);
    assert.ok(t.suppression.counts.complementary >= 1);
  });

  it('counts a stored kind in SQL', async () => {
    await helper.load([storeNode, writeNode, crossTab], flow(
      { id: 'store', type: 'civic-store', backend: 'duckdb', file: path.join(dir, 'r.duckdb') },
      { id: 'w', type: 'civic-store-write', store: 'store', kind: 'people', directory: path.join(dir, 'q'),
        columns: [{ name: 'district', type: 'text' }, { name: 'sex', type: 'text' }, { name: 'age', type: 'integer' }, { name: 'walk_slow', type: 'boolean' }], wires: [['x']] },
      { id: 'x', type: 'civic-cross-tab', store: 'store', kind: 'people', dimensions: [{ field: 'age', bands: '70,80' }, { field: 'sex' }], wires: [['out']] },
      { id: 'out', type: 'helper' }));
    const out = nextMessage<any>('out', 20000);
    nodeById('w').receive({ payload: records() });
    const t = (await out).payload;
    assert.deepStrictEqual(t.rows.map((r: any) => r.key[0]), ['<70', '70-79', '80+']);
    assert.strictEqual(t.totals.total.n, 153);
  });

  it('answers fields missing from the records with a Japanese error that names none of them', async () => {
    await helper.load(withCatalog('civic-cross-tab', crossTab, 'ja'), flow({ id: 'x', type: 'civic-cross-tab', dimensions: [{ field: '地区' }, { field: '氏名' }], wires: [['out']] },
      { id: 'out', type: 'helper' }));
    const err = nextError('x');
    nodeById('x').receive({ payload: records() });
    const text = await err;
    assert.strictEqual(text, translate('civic-cross-tab', 'ja', 'civic-cross-tab.errors.unknownFields', { count: 2 }));
    assert.ok(!text.includes('氏名'));
  });

  it('a field named constructor that the records lack is a missing field too (not Object.prototype\'s function)', async () => {
    await helper.load(withCatalog('civic-cross-tab', crossTab, 'ja'), flow({ id: 'x', type: 'civic-cross-tab', dimensions: [{ field: 'district' }, { field: 'constructor' }], wires: [['out']] },
      { id: 'out', type: 'helper' }));
    const err = nextError('x');
    nodeById('x').receive({ payload: records() });
    assert.strictEqual(await err, translate('civic-cross-tab', 'ja', 'civic-cross-tab.errors.unknownFields', { count: 1 }));
  });

  it('refuses band limits that are not ascending numbers at deploy', async () => {
    await helper.load(withCatalog('civic-cross-tab', crossTab, 'ja'), flow({ id: 'x', type: 'civic-cross-tab', dimensions: [{ field: 'age', bands: '80,70' }, { field: 'sex' }] }));
    assert.strictEqual(nodeById('x').status.lastCall?.args[0].fill, 'red');
  });
});
