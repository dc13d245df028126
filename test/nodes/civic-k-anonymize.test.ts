import assert from 'assert';
import kAnonymize from '../../nodes/civic-k-anonymize/civic-k-anonymize';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';
import { generateRecords, SYNTHETIC_TABLES } from '../../lib/privacy';
import { validate } from '../../lib/schemas';

const QIS = [
  { field: 'age', hierarchy: 'age', widths: '' },
  { field: 'sex', hierarchy: 'category' },
  { field: 'address', hierarchy: 'address' },
  { field: 'diagnosis', hierarchy: 'table', table: JSON.stringify(SYNTHETIC_TABLES.diagnosis) },
];

function classSizes(records: Array<Record<string, unknown>>, fields: string[]): number[] {
  const m = new Map<string, number>();
  for (const r of records) {
    const key = JSON.stringify(fields.map((f) => r[f]));
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return [...m.values()];
}

describe('k-anonymize node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const kFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'k', type: 'civic-k-anonymize', quasiIdentifiers: QIS, k: 5, suppressionLimit: 2, wires: [['out'], ['report']], ...config },
    { id: 'out', type: 'helper' },
    { id: 'report', type: 'helper' },
  );

  it('makes an array of records 5-anonymous and reports levels, loss and risk', async () => {
    await helper.load(kAnonymize, kFlow());
    const out = nextMessage<any>('out');
    const report = nextMessage<any>('report');
    const recs = generateRecords(1000, 3);
    nodeById('k').receive({ payload: recs });
    const o = await out;
    const r = (await report).payload;
    assert.ok(Math.min(...classSizes(o.payload, QIS.map((q) => q.field))) >= 5);
    assert.strictEqual(o.payload.length, 1000 - r.suppressed);
    assert.ok(r.suppressed <= 20);
    assert.ok(r.risk.prosecutor.highest <= 0.2);
    assert.ok(validate('k-anonymize-report.message', { payload: r }).ok);
  });

  it('collects a stream until msg.complete', async () => {
    await helper.load(kAnonymize, kFlow({ suppressionLimit: 0 }));
    const out = nextMessage<any>('out');
    const recs = generateRecords(300, 8);
    recs.forEach((rec, i) => nodeById('k').receive({ payload: rec, complete: i === recs.length - 1 ? true : undefined }));
    const o = await out;
    assert.strictEqual(o.payload.length, 300);
    assert.strictEqual(o.complete, undefined);
    assert.ok(Math.min(...classSizes(o.payload, QIS.map((q) => q.field))) >= 5);
  });

  it('applies l-diversity to a sensitive field', async () => {
    await helper.load(kAnonymize, kFlow({ quasiIdentifiers: QIS.slice(0, 3), l: 3, sensitive: 'diagnosis' }));
    const out = nextMessage<any>('out');
    nodeById('k').receive({ payload: generateRecords(800, 5) });
    const o = await out;
    const groups = new Map<string, Set<string>>();
    for (const rec of o.payload) {
      const key = JSON.stringify([rec.age, rec.sex, rec.address]);
      if (!groups.has(key)) groups.set(key, new Set());
      groups.get(key)!.add(rec.diagnosis);
    }
    for (const s of groups.values()) assert.ok(s.size >= 3);
  });

  it('explains in Japanese when k cannot be reached', async () => {
    await helper.load(withCatalog('civic-k-anonymize', kAnonymize, 'ja'), kFlow({ suppressionLimit: 0, k: 10 }));
    const err = nextError('k');
    nodeById('k').receive({ payload: generateRecords(4, 1) });
    assert.strictEqual(await err, translate('civic-k-anonymize', 'ja', 'civic-k-anonymize.errors.noSolution', { k: 10, records: 4 }));
  });

  it('shows a red status for a table that is not JSON', async () => {
    await helper.load(withCatalog('civic-k-anonymize', kAnonymize), kFlow({ quasiIdentifiers: [{ field: 'd', hierarchy: 'table', table: '{oops' }] }));
    const err = nextError('k');
    assert.match(await err, /not valid JSON/);
  });
});
