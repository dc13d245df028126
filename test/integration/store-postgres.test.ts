// The records store on a real PostgreSQL server (a throwaway cluster on a free loopback port): the shared contract,
// and a dropped connection in the middle of writing — every record arrives exactly once after the server is back.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import storeNode from '../../nodes/civic-store/civic-store';
import writeNode from '../../nodes/civic-store-write/civic-store-write';
import { helper, withCatalog, flow, nextMessage, nodeById, translate } from '../helpers/node-red';
import { RecordStore, StoreError } from '../../lib/store';
import { requirePostgres, startPostgres, type RunningPostgres } from '../helpers/postgres';
import { storeContract, KEY } from './store-suite';
import { waitFor } from '../helpers/wait';

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
      await s.insert(kind, batches[0]);
      await pg.kill();                                        // the server goes away: open connections die
      const restart = new Promise((r) => setTimeout(r, 1500)).then(() => pg.start());
      for (const batch of batches.slice(1)) await s.insert(kind, batch);
      await restart;
      for (const batch of batches) await s.insert(kind, batch);   // replay everything: no duplicates
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

describe('integration: civic-store-write on PostgreSQL through a server outage', function () {
  this.timeout(90000);
  let pg: RunningPostgres;
  let queueDir: string;
  before(async function () {
    const bin = requirePostgres(this);
    pg = await startPostgres(bin);
    queueDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-pg-queue-'));
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await helper.unload();
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    if (pg) await pg.stop();
    if (queueDir) fs.rmSync(queueDir, { recursive: true, force: true });
  });

  it('accepts 500 device readings while PostgreSQL is down and writes each exactly once when it is back', async () => {
    await helper.load([withCatalog('civic-store', storeNode, 'ja'), withCatalog('civic-store-write', writeNode, 'ja')], flow(
      { id: 'store', type: 'civic-store', backend: 'postgres', host: '127.0.0.1', port: pg.port, database: 'postgres', user: 'civic', reconnectSeconds: 1 },
      { id: 'write', type: 'civic-store-write', store: 'store', preset: 'device', kind: 'device', columns: [], directory: queueDir, batchSize: 100, wires: [['written']] },
      { id: 'written', type: 'helper' },
    ), { store: { key: KEY } });
    const reading = (i: number) => ({ person: `R${i % 50}`, timestamp: Date.UTC(2026, 0, 1) + i * 60000, systolic: 120 + (i % 20), diastolic: 80, pulseRate: 70 });
    const first = nextMessage<any>('written', 30000);
    nodeById('write').receive({ payload: Array.from({ length: 100 }, (_, i) => reading(i)) });
    assert.strictEqual((await first).payload.written, 100);
    await pg.kill();
    const errors: string[] = [];
    nodeById('write').on('call:error', (c: { args: unknown[] }) => errors.push(String(c.args[0])));
    for (let b = 1; b < 5; b++) nodeById('write').receive({ payload: Array.from({ length: 100 }, (_, i) => reading(b * 100 + i)) });
    // a deadline: a node that never reports the outage fails here with a reason, not at mocha's 90 s timeout
    await waitFor(() => (errors.length ? true : undefined), 'the connection error while PostgreSQL is down', 30000);
    assert.strictEqual(errors[0], translate('civic-store-write', 'ja', 'shared.store.errors.connection', { engine: 'PostgreSQL' }));
    const rest = nextMessage<any>('written', 60000);
    await pg.start();
    assert.strictEqual((await rest).payload.written, 400);
    const count = await pg.psql('SELECT COUNT(*), COUNT(DISTINCT measured_at) FROM r_device');
    assert.strictEqual(count.trim(), '500|500');
    const leaked = await pg.psql("SELECT COUNT(*) FROM r_device WHERE person NOT LIKE 'P-%'");
    assert.strictEqual(leaked.trim(), '0');
  });
});
