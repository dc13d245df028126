// The work log in the records store, on a real DuckDB file and on a throwaway PostgreSQL cluster: numbered entries,
// edits and deletions only by the person who recorded the entry, nothing lost (every revision kept), Japanese-field
// validation before anything is written.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { RecordStore, type StoreOptions } from '../../lib/store';
import { applyAction, actionOf, currentEntries, entryHistory, describeEntry, wallTime } from '../../lib/farm';
import { requirePostgres, startPostgres, type RunningPostgres } from '../helpers/postgres';

const NOW = Date.parse('2025-06-10T12:00:00+09:00');
const rules = { houses: ['house-1', 'house-2'], timeZone: 'Asia/Tokyo', now: NOW };
const form = (extra: Record<string, unknown>) => actionOf({ house: 'house-1', date: '2025-06-01', time: '08:30', who: '山田', ...extra });

function contract(open: () => Promise<RecordStore>) {
  let store: RecordStore;
  beforeEach(async () => { store = await open(); });
  afterEach(async () => { await store.close(); });

  it('numbers new entries 1, 2, 3 and lists the current log newest first', async () => {
    const a = await applyAction(store, form({ work: 'fertilising', product: '有機液肥', amount: '２．５', unit: 'kg' }), rules);
    const b = await applyAction(store, form({ work: 'harvest', kg: 12.5, grade: 'shu', date: '2025-06-02' }), rules);
    const c = await applyAction(store, form({ work: 'spraying', product: '重曹水', dilution: 1000, area: 300, house: 'house-2' }), rules);
    assert.deepStrictEqual([a.entry.entry, b.entry.entry, c.entry.entry], [1, 2, 3]);
    assert.strictEqual(a.entry.at, wallTime('2025-06-01', '08:30', 'Asia/Tokyo'));
    assert.strictEqual(a.entry.at, Date.parse('2025-06-01T08:30:00+09:00'));
    const log = await currentEntries(store, { house: 'house-1' });
    assert.deepStrictEqual(log.map((e) => describeEntry(e)), ['収穫 12.5 kg 秀', '施肥 有機液肥 2.5 kg']);
  });

  it('lets the grower edit and delete their own entry, keeps every revision, and refuses someone else', async () => {
    await applyAction(store, form({ work: 'irrigation', amount: 200 }), rules);
    const edited = await applyAction(store, form({ entry: '1', work: 'irrigation', amount: 250 }), rules);
    assert.deepStrictEqual([edited.entry.entry, edited.entry.revision, edited.entry.amount], [1, 2, 250]);
    await assert.rejects(applyAction(store, form({ entry: 1, who: '佐藤', work: 'irrigation', amount: 1 }), rules),
      { key: 'civic-worklog.errors.who.notOwner' });
    await assert.rejects(applyAction(store, actionOf({ action: 'delete', entry: 1, who: '佐藤' }), rules), { key: 'civic-worklog.errors.who.notOwner' });
    const gone = await applyAction(store, actionOf({ action: 'delete', entry: 1, who: '山田' }), rules);
    assert.strictEqual(gone.op, 'delete');
    assert.deepStrictEqual(await currentEntries(store), []);
    assert.deepStrictEqual((await entryHistory(store, 1)).map((r) => [r.revision, r.op, r.amount]), [[1, 'save', 200], [2, 'save', 250], [3, 'delete', 250]]);
    await assert.rejects(applyAction(store, form({ entry: 1, work: 'irrigation' }), rules), { key: 'civic-worklog.errors.entry.missing' });
  });

  it('writes nothing when a field is wrong and says which field and rule', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ work: 'harvest', grade: 'shu' }, 'kg.required'],
      [{ work: 'harvest', kg: '-3', grade: 'shu' }, 'kg.number'],
      [{ work: 'harvest', kg: 3, grade: 'AAA' }, 'grade.choice'],
      [{ work: 'spraying', product: 'x', area: 10 }, 'dilution.required'],
      [{ work: 'planting' }, 'crop.required'],
      [{ work: 'irrigation', house: 'house-9' }, 'house.choice'],
      [{ work: 'irrigation', who: '' }, 'who.required'],
      [{ work: 'irrigation', date: '2025-07-01' }, 'date.future'],
      [{ work: 'irrigation', time: '25:00' }, 'time.format'],
      [{ work: 'dance' }, 'work.choice'],
      [{ work: 'note' }, 'note.required'],
    ];
    for (const [extra, key] of cases) {
      await assert.rejects(applyAction(store, form(extra), rules), { key: `civic-worklog.errors.${key}` }, JSON.stringify(extra));
    }
    assert.deepStrictEqual(await currentEntries(store), []);
  });
}

describe('integration: farm work log on a DuckDB file', function () {
  this.timeout(60000);
  let dir: string;
  let n = 0;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-worklog-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  contract(() => RecordStore.open({ backend: 'duckdb', file: path.join(dir, `t${++n}.duckdb`) }));
});

describe('integration: farm work log on PostgreSQL', function () {
  this.timeout(90000);
  let pg: RunningPostgres;
  let n = 0;
  before(async function () { pg = await startPostgres(requirePostgres(this)); });
  after(async () => { if (pg) await pg.stop(); });
  contract(async () => {
    const name = `worklog_${++n}`;
    await pg.psql(`CREATE DATABASE ${name}`);
    const options: StoreOptions = { backend: 'postgres', postgres: { ...pg.settings, database: name } };
    return RecordStore.open(options);
  });

  it('gives two writers at once distinct entry numbers', async () => {
    await pg.psql('CREATE DATABASE worklog_race');
    const open = () => RecordStore.open({ backend: 'postgres', postgres: { ...pg.settings, database: 'worklog_race' } });
    const [a, b] = [await open(), await open()];
    const saves = await Promise.all(Array.from({ length: 10 }, (_, i) => applyAction(i % 2 ? a : b, form({ work: 'training' }), rules)));
    assert.deepStrictEqual(saves.map((s) => s.entry.entry).sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await a.close(); await b.close();
  });
});
