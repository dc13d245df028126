// civic-file-save in the real runtime: files appear whole, names from messages stay inside the base folder, errors
// reach Catch nodes in the user's language without the path, and the node goes on saving the next message.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import iconv from 'iconv-lite';
import fileSave from '../../nodes/civic-file-save/civic-file-save';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';

describe('file-save node', function () {
  this.timeout(30000);
  let dir: string;
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-fs-node-')); });
  afterEach(async () => { await helper.unload(); fs.rmSync(dir, { recursive: true, force: true }); });

  const saveFlow = (cfg: Record<string, unknown> = {}) => flow({ id: 's', type: 'civic-file-save', folder: dir, wires: [['out']], ...cfg },
    { id: 'out', type: 'helper' });
  const statuses = (id: string): Array<{ fill?: string; text?: string }> => nodeById(id).status.getCalls().map((c: { args: unknown[] }) => c.args[0]);

  it('saves a Shift_JIS CSV named by msg.filename into a new folder, and says where and how big', async () => {
    await helper.load(withCatalog('civic-file-save', fileSave, 'ja'), saveFlow({ encoding: 'shift_jis' }));
    const out = nextMessage<any>('out');
    const csv = '性別,年齢\r\n女,70-74\r\n';
    nodeById('s').receive({ filename: 'outbox/令和6年度_国保_匿名加工.csv', payload: csv, topic: 'keep me' });
    const msg = await out;
    assert.strictEqual(msg.filename, path.join(dir, 'outbox', '令和6年度_国保_匿名加工.csv'));
    assert.strictEqual(iconv.decode(fs.readFileSync(msg.filename), 'CP932'), csv);
    assert.strictEqual(msg.bytes, fs.statSync(msg.filename).size);
    assert.strictEqual(msg.topic, 'keep me');
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'outbox')), ['令和6年度_国保_匿名加工.csv']);
    assert.deepStrictEqual(statuses('s').at(-1), { fill: 'green', shape: 'dot', text: '保存 1 件' });
  });

  it('Shift_JIS: keeps the wave dash, writes "?" for 𠮷 with a translated warning and a yellow count, or refuses when asked', async () => {
    await helper.load(withCatalog('civic-file-save', fileSave, 'ja'), [
      ...saveFlow({ encoding: 'shift_jis' }),
      { id: 'r', type: 'civic-file-save', folder: dir, encoding: 'shift_jis', unmappable: 'refuse', wires: [['out']] },
    ]);
    let out = nextMessage<any>('out');
    nodeById('s').receive({ filename: 'a.csv', payload: '営業,9時〜17時\r\n氏名,𠮷田\r\n' });
    let msg = await out;
    assert.strictEqual(iconv.decode(fs.readFileSync(msg.filename), 'CP932'), '営業,9時～17時\r\n氏名,?田\r\n');
    assert.strictEqual(msg.unmappable, 1);
    const warnings = nodeById('s').warn.getCalls().map((c: { args: unknown[] }) => String(c.args[0]));
    assert.deepStrictEqual(warnings, [translate('civic-file-save', 'ja', 'civic-file-save.warnings.replaced', { count: 1 })]);
    assert.ok(!warnings[0].includes('𠮷') && !warnings[0].includes('a.csv'));
    assert.deepStrictEqual(statuses('s').at(-1), { fill: 'yellow', shape: 'dot', text: '保存 1 件 (? に置換 1 字)' });

    const err = nextError('r');
    nodeById('r').receive({ filename: 'b.csv', payload: '𠮷田,𠮷野' });
    const text = await err;
    assert.strictEqual(text, translate('civic-file-save', 'ja', 'shared.file.errors.unmappable', { count: 2 }));
    assert.ok(!text.includes('𠮷'));
    assert.strictEqual(statuses('r').at(-1)?.fill, 'red');
    assert.ok(!fs.existsSync(path.join(dir, 'b.csv')));
    out = nextMessage<any>('out');
    nodeById('r').receive({ filename: 'c.csv', payload: '65〜69歳' });
    msg = await out;
    assert.strictEqual(msg.unmappable, 0);
    assert.strictEqual(iconv.decode(fs.readFileSync(msg.filename), 'CP932'), '65～69歳', 'the wave dash as Windows writes it (0x8160)');
    assert.strictEqual(statuses('r').at(-1)?.fill, 'green');
  });

  it('writes an object as indented JSON to the configured name, keeping both when asked', async () => {
    await helper.load(fileSave, saveFlow({ filename: 'reports/report.json', ifExists: 'keepBoth' }));
    for (const n of [1, 2]) {
      const out = nextMessage<any>('out');
      nodeById('s').receive({ payload: { run: n }, filename: '../ignored.json' });
      assert.strictEqual((await out).filename, path.join(dir, 'reports', n === 1 ? 'report.json' : 'report (2).json'));
    }
    assert.strictEqual(fs.readFileSync(path.join(dir, 'reports', 'report (2).json'), 'utf8'), '{\n  "run": 2\n}');
  });

  it('refuses a name that leaves the base folder, in Japanese, without the path; status red; the next message is saved', async () => {
    await helper.load(withCatalog('civic-file-save', fileSave, 'ja'), saveFlow());
    const err = nextError('s');
    nodeById('s').receive({ filename: '../../etc/cron.d/x', payload: 'PII_MARK山田' });
    const text = await err;
    assert.strictEqual(text, translate('civic-file-save', 'ja', 'shared.file.errors.outside'));
    assert.ok(!text.includes('cron') && !text.includes('PII_MARK'));
    const red = statuses('s').at(-1);
    assert.strictEqual(red?.fill, 'red');
    assert.ok(!String(red?.text).includes('cron'));
    assert.deepStrictEqual(fs.readdirSync(dir), []);
    const out = nextMessage<any>('out');
    nodeById('s').receive({ filename: 'ok.txt', payload: 'next' });
    assert.strictEqual(fs.readFileSync((await out).filename, 'utf8'), 'next');
    assert.strictEqual(statuses('s').at(-1)?.fill, 'green');
  });

  it('answers a filename that is not a text, and an existing file under "fail", with the kind of error (English)', async () => {
    await helper.load(withCatalog('civic-file-save', fileSave, 'en-US'), saveFlow({ ifExists: 'fail' }));
    let err = nextError('s');
    nodeById('s').receive({ filename: { path: 'x' }, payload: 'a' });
    assert.strictEqual(await err, 'File not saved: the file name is missing or not a text (msg.filename is object)');
    fs.writeFileSync(path.join(dir, 'there.csv'), 'old');
    err = nextError('s');
    nodeById('s').receive({ filename: 'there.csv', payload: 'new' });
    assert.strictEqual(await err, translate('civic-file-save', 'en-US', 'shared.file.errors.exists'));
    assert.strictEqual(fs.readFileSync(path.join(dir, 'there.csv'), 'utf8'), 'old');
    assert.deepStrictEqual(statuses('s').at(-1), { fill: 'red', shape: 'dot', text: 'file exists' });
    const out = nextMessage<any>('out');
    nodeById('s').receive({ filename: 'new.csv', payload: 'a,b' });
    assert.strictEqual((await out).bytes, 3);
  });

  it('refuses a bad configuration on deploy (unknown encoding; a folder naming an unset variable) and stays inert', async () => {
    await helper.load(withCatalog('civic-file-save', fileSave, 'en-US'), saveFlow({ encoding: 'latin1' }));
    assert.deepStrictEqual(nodeById('s').status.lastCall.args[0], { fill: 'red', shape: 'ring', text: 'invalid config' });
    await helper.unload();
    delete process.env.CIVIC_FILE_SAVE_UNSET;
    await helper.load(withCatalog('civic-file-save', fileSave, 'en-US'), saveFlow({ folder: '${CIVIC_FILE_SAVE_UNSET}/outbox' }));
    const s = nodeById('s');
    assert.deepStrictEqual(s.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: 'invalid config' });
    assert.ok(String(s.error.getCall(0).args[0]).includes('CIVIC_FILE_SAVE_UNSET'));
    s.receive({ filename: 'a.txt', payload: 'x' });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  it('takes the base folder from an environment variable, and names are confined to it', async () => {
    process.env.CIVIC_FILE_SAVE_DIR = dir;
    try {
      await helper.load(fileSave, saveFlow({ folder: '${CIVIC_FILE_SAVE_DIR}/internal' }));
      const out = nextMessage<any>('out');
      nodeById('s').receive({ filename: 'a.csv', payload: 'x' });
      assert.strictEqual((await out).filename, path.join(dir, 'internal', 'a.csv'));
      const err = nextError('s');
      nodeById('s').receive({ filename: path.join(dir, 'outbox', 'a.csv'), payload: 'x' });
      await err;
      assert.ok(!fs.existsSync(path.join(dir, 'outbox')));
    } finally { delete process.env.CIVIC_FILE_SAVE_DIR; }
  });
});
