import assert from 'assert';
import deidentify from '../../nodes/civic-deidentify/civic-deidentify';
import { helper, withCatalog, flow, nextMessage, nextError, collect, nodeById, translate, until } from '../helpers/node-red';
import { generateRecords, pseudonymize } from '../../lib/privacy';
import { validate } from '../../lib/schemas';

const KEY = 'node-test-secret-key-000000001';
const RULES = [
  { field: 'personId', category: 'linkId', action: 'preset' }, { field: 'name', category: 'name', action: 'preset' },
  { field: 'myNumber', category: 'identifier', action: 'preset' }, { field: 'birthDate', category: 'birthDate', action: 'preset' },
  { field: 'address', category: 'address', action: 'preset' }, { field: 'sex', category: 'sex', action: 'preset' },
  { field: 'note', category: 'freeText', action: 'preset' },
];

describe('deidentify node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const deFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'de', type: 'civic-deidentify', preset: 'appi-anonymous', rules: RULES, wires: [['out'], ['report']], ...config },
    { id: 'out', type: 'helper' },
    { id: 'report', type: 'helper' },
  );

  it('de-identifies an array of records (APPI 匿名加工情報) and reports the run on output 2', async () => {
    await helper.load(deidentify, deFlow());
    const out = nextMessage<any>('out');
    const report = nextMessage<any>('report');
    const records = generateRecords(20, 1);
    nodeById('de').receive({ payload: records });
    const o = await out;
    assert.strictEqual(o.payload.length, 20);
    assert.deepStrictEqual(Object.keys(o.payload[0]).sort(), ['address', 'birthDate', 'sex']);
    assert.match(o.payload[0].birthDate, /^\d{4}-\d{2}$/);
    assert.match(o.payload[0].address, /^石川県.+[市町村]$/);
    const r = (await report).payload;
    assert.strictEqual(r.kind, 'deidentify-report');
    assert.strictEqual(r.records, 20);
    // a flow saved without a version is a 0.1.0 flow: unknown fields dropped (counted, never named)
    assert.strictEqual(r.unknownFieldCount.dropped, 10);
    assert.ok(!JSON.stringify(r).includes('careInsuredNumber'));
    assert.ok(validate('deidentify-report.message', { payload: r }).ok);
  });

  it('pseudonymises with the key held as a credential, the same way as the library', async () => {
    await helper.load(deidentify, deFlow({ preset: 'appi-pseudonymous' }), { de: { key: KEY } });
    const out = nextMessage<any>('out');
    nodeById('de').receive({ payload: { personId: 'A1', myNumber: '１２３４５６７８９０１８', name: '山田 太郎' } });
    const o = await out;
    assert.deepStrictEqual(o.payload, { personId: pseudonymize(KEY, 'A1'), myNumber: pseudonymize(KEY, '123456789018') });
  });

  it('refuses to pseudonymise without a key, with a clear error in Japanese on deploy and for every message', async () => {
    await helper.load(withCatalog('civic-deidentify', deidentify, 'ja'), deFlow({ preset: 'appi-pseudonymous' }));
    const received = collect('out');
    const errors: string[] = [];
    nodeById('de').on('call:error', (c: { args: unknown[] }) => errors.push(c.args[0] instanceof Error ? (c.args[0] as Error).message : String(c.args[0])));
    nodeById('de').receive({ payload: { personId: 'A1', myNumber: '123456789018' } });
    const noKey = translate('civic-deidentify', 'ja', 'civic-deidentify.errors.noKey');
    // until the message's error comes (then a quiet spell for an output that must not follow), not a fixed 100 ms
    await until(() => errors.includes(noKey), 'the no-key error of the message').catch(() => undefined);
    assert.ok(errors.includes(noKey), errors.join('\n'));
    assert.match(noKey, /秘密鍵が必要/);
    assert.strictEqual(received.length, 0);
  });

  it('streams single records and sends the report when msg.complete arrives', async () => {
    await helper.load(deidentify, deFlow());
    const outs = collect<any>('out');
    const report = nextMessage<any>('report');
    const recs = generateRecords(5, 2);
    recs.forEach((rec, i) => nodeById('de').receive({ payload: rec, complete: i === recs.length - 1 ? true : undefined }));
    const r = (await report).payload;
    assert.strictEqual(r.records, 5);
    assert.strictEqual(outs.length, 5);
  });

  it('sends a failing record to the error path with its row number only, and the others on', async () => {
    await helper.load(withCatalog('civic-deidentify', deidentify), deFlow());
    const out = nextMessage<any>('out');
    const errors: Array<{ args: any[] }> = [];
    nodeById('de').on('call:error', (c: { args: any[] }) => errors.push(c));
    const recs = generateRecords(3, 4) as unknown as Array<Record<string, unknown>>;
    recs[1] = { ...recs[1], birthDate: '山田花子の誕生日' };
    nodeById('de').receive({ payload: recs });
    assert.strictEqual((await out).payload.length, 2);
    await until(() => errors.length >= 1, 'the error of record 2');
    assert.strictEqual(errors.length, 1);
    assert.strictEqual(errors[0].args[0], 'Record 2: field "birthDate" could not be processed (date).');
    assert.strictEqual(errors[0].args[1].rowNumber, 2);
    assert.strictEqual(errors[0].args[1].payload, undefined);
  });

  it('never puts a raw personal value into status, logs or errors (log capture)', async () => {
    await helper.load(withCatalog('civic-deidentify', deidentify, 'ja'), deFlow({ preset: 'appi-pseudonymous' }), { de: { key: KEY } });
    const seen: string[] = [];
    const node = nodeById('de');
    for (const ev of ['call:status', 'call:error', 'call:warn', 'call:log', 'call:debug', 'call:trace']) {
      node.on(ev, (c: { args: unknown[] }) => seen.push(JSON.stringify(c.args)));
    }
    const recs = generateRecords(30, 9) as unknown as Array<Record<string, unknown>>;
    recs[3] = { ...recs[3], address: 12345 as unknown as string };
    recs[7] = { ...recs[7], address: recs[7].name as string };
    const report = nextMessage<any>('report');
    node.receive({ payload: recs });
    await report;
    // a single record that fails, and a payload of the wrong type
    const err = nextError('de');
    node.receive({ payload: { ...recs[0], address: `${recs[0].name}` } });
    await err;
    const wrongType = nextError('de');
    node.receive({ payload: 'plain text with 123456789018' });
    await wrongType;
    const logged = helper.log().getCalls().map((c: { args: unknown[] }) => JSON.stringify(c.args)).join('\n');
    const all = `${seen.join('\n')}\n${logged}`;
    assert.ok(seen.length >= 3, 'status and errors were captured');
    for (const r of recs) {
      for (const f of ['name', 'myNumber', 'phone', 'address', 'birthDate', 'careInsuredNumber', 'personId']) {
        const v = String(r[f]);
        assert.ok(!all.includes(v) && !all.includes(v.replace(/\s/g, "")), `${f} leaked: ${v} in ${all}`);
      }
    }
    assert.ok(!all.includes(KEY));
    assert.ok(!all.includes('123456789018'));
  });
});
