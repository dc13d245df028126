// The records store on a real DuckDB file: the shared contract, plus what only a file can do — reopen with the data,
// refuse a file another process holds (locked), and recover once that process lets go.
import assert from 'assert';
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { RecordStore, StoreError } from '../../lib/store';
import { storeContract, KEY } from './store-suite';

describe('integration: records store on a DuckDB file', function () {
  this.timeout(60000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-store-duck-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  storeContract(() => ({ backend: 'duckdb', file: path.join(dir, `t${++n}`, 'records.duckdb') }));

  it('keeps records across a close and reopen of the file', async () => {
    const file = path.join(dir, 'reopen', 'records.duckdb');
    let s = await RecordStore.open({ backend: 'duckdb', file, pseudonym: { key: KEY } });
    await s.declareKind({ name: 'survey', columns: [{ name: 'person', type: 'pseudonym' }, { name: 'walks', type: 'integer' }] });
    await s.write('survey', [{ person: '1', walks: 3 }, { person: '2', walks: 0 }]);
    await s.close();
    s = await RecordStore.open({ backend: 'duckdb', file, pseudonym: { key: KEY } });
    assert.strictEqual(await s.count('survey'), 2);
    const versions = await s.db.query('SELECT COUNT(*) AS n FROM civic_schema_migrations');
    assert.strictEqual(versions[0].n, 2);
    await s.close();
  });

  it('refuses a file locked by another process with a retryable "locked" error, and opens it once released', async () => {
    const file = path.join(dir, 'locked', 'records.duckdb');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const holder = spawn(process.execPath, ['-e', `
      const { DuckDBInstance } = require(${JSON.stringify(require.resolve('@duckdb/node-api'))});
      DuckDBInstance.create(${JSON.stringify(file)}).then((i) => i.connect()).then((c) => c.run('SELECT 1')).then(() => process.send('held'));
      process.on('message', () => process.exit(0));`], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise((resolve) => holder.once('message', resolve));
    await assert.rejects(RecordStore.open({ backend: 'duckdb', file }),
      (e: StoreError) => e.key === 'shared.store.errors.locked' && e.retryable && e.params.engine === 'DuckDB');
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.send('release');
    await exited;
    const s = await RecordStore.open({ backend: 'duckdb', file });
    await s.close();
  });

  it('refuses a database written by a newer version of the pack', async () => {
    const file = path.join(dir, 'newer', 'records.duckdb');
    const s = await RecordStore.open({ backend: 'duckdb', file });
    await s.db.transaction((tx) => tx.query("INSERT INTO civic_schema_migrations VALUES (99, 'future', now())"));
    await s.close();
    await assert.rejects(RecordStore.open({ backend: 'duckdb', file }),
      (e: StoreError) => e.key === 'shared.store.errors.newerSchema' && e.params.found === 99);
  });
});
