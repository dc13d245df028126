// The records store on a real PostgreSQL server (a throwaway cluster on a free loopback port): the shared contract,
// and a dropped connection in the middle of writing — every record arrives exactly once after the server is back.
import assert from 'assert';
import { RecordStore, StoreError } from '../../lib/store';
import { requirePostgres, startPostgres, type RunningPostgres } from '../helpers/postgres';
import { storeContract, KEY } from './store-suite';

describe('integration: records store on PostgreSQL', function () {
  this.timeout(90000);
  let pg: RunningPostgres;
  let n = 0;
  before(async function () {
    const bin = requirePostgres(this);
    pg = await startPostgres(bin);
  });
  after(async () => { if (pg) await pg.stop(); });

  // a fresh database per test: the same guarantees as a new DuckDB file
  const databases: string[] = [];
  beforeEach(async () => {
    const name = `civic_t${++n}`;
    await pg.psql(`CREATE DATABASE ${name}`);
    databases.push(name);
  });
  storeContract(() => ({ backend: 'postgres', postgres: { ...pg.settings, database: databases[databases.length - 1] } }));

  it('survives the server dropping every connection mid-run: retried writes, nothing lost or doubled', async () => {
    const s = await RecordStore.open({ backend: 'postgres', postgres: { ...pg.settings, database: databases[databases.length - 1], connectTimeoutMs: 2000 },
      pseudonym: { key: KEY }, retries: 8, retryDelayMs: 200 });
    try {
      const kind = await s.declareKind({ name: 'bp', columns: [{ name: 'person', type: 'pseudonym' }, { name: 'sbp', type: 'integer' }] });
      const batches = Array.from({ length: 6 }, (_, b) => s.prepare(kind, Array.from({ length: 200 }, (_, i) => ({ person: `${b}-${i}`, sbp: 100 + i })), 'device'));
      await s.insert('bp', batches[0]);
      await pg.kill();                                        // the server goes away: open connections die
      const restart = new Promise((r) => setTimeout(r, 1500)).then(() => pg.start());
      for (const batch of batches.slice(1)) await s.insert('bp', batch);
      await restart;
      for (const batch of batches) await s.insert('bp', batch);   // replay everything: no duplicates
      assert.strictEqual(await s.count('bp'), 1200);
    } finally {
      await s.close();
    }
  });

  it('reports a refused connection as a retryable, translated error', async () => {
    await assert.rejects(RecordStore.open({ backend: 'postgres', postgres: { ...pg.settings, port: 1, connectTimeoutMs: 1000 } }),
      (e: StoreError) => e.key === 'shared.store.errors.connection' && e.retryable && e.params.engine === 'PostgreSQL');
  });
});
