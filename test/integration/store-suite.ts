// The records store's contract, run against each engine (store-duckdb.test.ts, store-postgres.test.ts): the same
// schema, queries and guarantees on a real DuckDB file and a real PostgreSQL server.
import assert from 'assert';
import { RecordStore, StoreError } from '../../lib/store';
import { pseudonymize } from '../../lib/privacy/pseudonym';
import type { StoreOptions } from '../../lib/store';

export const KEY = 'store-test-secret-key-0000000001';

const CHECKUP = {
  name: 'checkup',
  columns: [
    { name: 'person', type: 'pseudonym' as const, field: '宛名番号', required: true },
    { name: 'checked_on', type: 'date' as const, field: '受診日' },
    { name: 'sbp', type: 'real' as const, field: '収縮期血圧' },
    { name: 'smoker', type: 'boolean' as const, field: '喫煙' },
    { name: 'district', type: 'text' as const, field: '地区' },
  ],
};

/** Registers the contract tests; `options()` gives fresh store options (a new file or database) per test. */
export function storeContract(options: () => StoreOptions) {
  let store: RecordStore | undefined;
  let current: StoreOptions;
  beforeEach(() => { current = options(); });
  const open = async (extra: Partial<StoreOptions> = {}) => {
    store = await RecordStore.open({ ...current, pseudonym: { key: KEY }, retryDelayMs: 50, ...extra });
    return store;
  };
  afterEach(async () => { await store?.close(); store = undefined; });

  it('runs its migrations once on a fresh database', async () => {
    const s = await open();
    const versions = await s.db.query('SELECT version FROM civic_schema_migrations ORDER BY version');
    assert.deepStrictEqual(versions.map((r) => r.version), [1, 2]);
  });

  it('stores records of a declared kind from Japanese fields, 和暦 dates and full-width numbers, pseudonymised', async () => {
    const s = await open();
    await s.declareKind(CHECKUP);
    await s.write('checkup', [
      { 宛名番号: '１２３４５６７', 受診日: '令和6年5月1日', 収縮期血圧: '１３２．５', 喫煙: 'はい', 地区: '羽咋' },
      { 宛名番号: '7654321', 受診日: '2024-06-02', 収縮期血圧: 118, 喫煙: false, 地区: '邑知' },
    ], 'kdb');
    const rows = await s.select('checkup', { orderBy: 'checked_on' });
    assert.deepStrictEqual(rows, [
      { person: pseudonymize(KEY, '1234567'), checked_on: '2024-05-01', sbp: 132.5, smoker: true, district: '羽咋' },
      { person: pseudonymize(KEY, '7654321'), checked_on: '2024-06-02', sbp: 118, smoker: false, district: '邑知' },
    ]);
    const high = await s.select('checkup', { where: [{ column: 'sbp', op: '>=', value: 130 }], columns: ['district'] });
    assert.deepStrictEqual(high, [{ district: '羽咋' }]);
    assert.strictEqual(await s.count('checkup'), 2);
  });

  it('adds a newly declared column as a new kind version, keeping the stored records', async () => {
    let s = await open();
    await s.declareKind(CHECKUP);
    await s.write('checkup', [{ 宛名番号: 'P-0123456789abcdef', 受診日: '2024-05-01' }]);
    await s.close();
    s = await open();
    await s.declareKind({ ...CHECKUP, columns: [...CHECKUP.columns, { name: 'hba1c', type: 'real', field: 'HbA1c' }] });
    await s.write('checkup', [{ 宛名番号: 'P-0123456789abcdee', HbA1c: '5.9' }]);
    const kinds = await s.kinds();
    assert.strictEqual(kinds.find((k) => k.name === 'checkup')?.version, 2);
    const rows = await s.select('checkup', { columns: ['person', 'hba1c'], orderBy: 'person' });
    assert.deepStrictEqual(rows, [{ person: 'P-0123456789abcdee', hba1c: 5.9 }, { person: 'P-0123456789abcdef', hba1c: null }]);
    await assert.rejects(s.declareKind({ ...CHECKUP, columns: [{ name: 'sbp', type: 'text' }] }),
      (e: StoreError) => e.key === 'shared.store.errors.typeChanged' && e.params.position === 1);
  });

  it('refuses clear identifiers and undeclared fields, naming only the record number and the column', async () => {
    const s = await open({ pseudonym: {} });
    await s.declareKind(CHECKUP);
    await assert.rejects(s.write('checkup', [{ 宛名番号: '1234567' }]), (e: StoreError) => e.key === 'shared.store.errors.noKey'
      && e.params.row === 1 && !JSON.stringify(e.params).includes('1234567') && !e.message.includes('1234567'));
    await assert.rejects(s.write('checkup', [{ 宛名番号: 'P-0123456789abcdef', 地区: '090-1234-5678' }]),
      (e: StoreError) => e.key === 'shared.store.errors.identifying' && e.params.column === 'district' && !e.message.includes('5678'));
    await assert.rejects(s.write('checkup', [{ 宛名番号: 'P-0123456789abcdef' }, { 宛名番号: 'P-0123456789abcdef', 氏名: '羽咋 太郎' }]),
      (e: StoreError) => e.key === 'shared.store.errors.unknownFields' && e.params.row === 2 && e.params.count === 1 && !e.message.includes('氏名'));
    assert.strictEqual(await s.count('checkup'), 0);
  });

  it('writes a batch all or nothing: a failure in its last statement leaves no record of it', async () => {
    const s = await open();
    const kind = await s.declareKind({ name: 'steps', columns: [{ name: 'person', type: 'pseudonym' }, { name: 'steps', type: 'integer' }] });
    const rows = s.prepare(kind, Array.from({ length: 9000 }, (_, i) => ({ person: `P-${String(i).padStart(16, '0')}`, steps: i })), 'device');
    rows[8999].cells[1] = 'not a number';                  // slips past validation: the engine itself refuses it
    await assert.rejects(s.insert(kind, rows), (e: StoreError) => e.key === 'shared.store.errors.database' && !e.message.includes('not a number'));
    assert.strictEqual(await s.count('steps'), 0);
  });

  it('can repeat a write safely: records already stored (same record id) are not duplicated', async () => {
    const s = await open();
    const kind = await s.declareKind({ name: 'weight', columns: [{ name: 'person', type: 'pseudonym' }, { name: 'kg', type: 'real' }] });
    const rows = s.prepare(kind, [{ person: 'A-1', kg: 61.2 }, { person: 'A-2', kg: 70 }], 'scale');
    await s.insert(kind, rows);
    await s.insert(kind, rows);
    assert.strictEqual(await s.count('weight'), 2);
  });

  it('builds a person-level dataset: latest checkup on or before each survey, care certification within 3 years', async () => {
    const s = await open();
    await s.write({ name: 'survey', columns: [{ name: 'person', type: 'pseudonym' }, { name: 'answered_on', type: 'date' }, { name: 'walks', type: 'boolean' }] }, [
      { person: 'a', answered_on: '2021-06-01', walks: true }, { person: 'b', answered_on: '2021-06-01', walks: false },
      { person: 'c', answered_on: '2021-06-01', walks: false }, { person: 'd', answered_on: '2021-06-01', walks: true },
    ]);
    await s.write({ name: 'checkup', columns: [{ name: 'person', type: 'pseudonym' }, { name: 'checked_on', type: 'date' }, { name: 'bmi', type: 'real' }] }, [
      { person: 'a', checked_on: '2020-05-01', bmi: 20 }, { person: 'a', checked_on: '2021-05-01', bmi: 21 },
      { person: 'a', checked_on: '2021-07-01', bmi: 99 }, { person: 'b', checked_on: '2019-05-01', bmi: 30 },
    ]);
    await s.write({ name: 'care', columns: [{ name: 'person', type: 'pseudonym' }, { name: 'certified_on', type: 'date' }] }, [
      { person: 'a', certified_on: '2024-05-31' }, { person: 'b', certified_on: '2024-06-02' }, { person: 'd', certified_on: '2020-01-01' },
    ]);
    const rows = await s.dataset({
      base: { kind: 'survey', dateColumn: 'answered_on', columns: ['walks'] },
      joins: [{ kind: 'checkup', dateColumn: 'checked_on', columns: ['bmi'] }],
      outcome: { kind: 'care', dateColumn: 'certified_on', years: 3, name: 'certified', excludePrior: true },
    });
    const sorted = rows.map((r) => ({ ...r })).sort((x, y) => String(x.bmi).localeCompare(String(y.bmi)));
    assert.deepStrictEqual(sorted, [
      { walks: true, bmi: 21, certified: 1 }, { walks: false, bmi: 30, certified: 0 }, { walks: false, bmi: null, certified: 0 },
    ]);
  });

  it('answers an unknown kind with a translated error', async () => {
    const s = await open();
    await assert.rejects(s.select('survey'), (e: StoreError) => e.key === 'shared.store.errors.unknownKind');
  });
}
