// Closing the DuckDB store while a read is still running (a redeploy during a dashboard query): the close used to
// free the read connection under the running statement, which hung the process (Node 20) or killed it with SIGSEGV
// (Node 22, seen in the compatibility job). It runs in a child process, so a hang or a crash is a failure of this test
// and not of the whole suite.
import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { openDuckDb } from '../../../lib/store/duckdb';

const backend = path.join(__dirname, '..', '..', '..', 'lib', 'store', 'duckdb.js');

const script = `
const { openDuckDb } = require(${JSON.stringify(backend)});
(async () => {
  const outcomes = [];
  for (let i = 0; i < 5; i++) {
    const db = await openDuckDb(':memory:');
    const read = db.query('SELECT count(*) AS n FROM range(300000000) t(x) WHERE x % 7 = 3').then(() => 'read', () => 'refused');
    await new Promise((r) => setTimeout(r, 20));          // the read is running in DuckDB's threads now
    await db.close();
    outcomes.push(await read);
    outcomes.push(await db.query('SELECT 1').then(() => 'read after close', (e) => e.key));
  }
  console.log(JSON.stringify(outcomes));
})();
`;

describe('DuckDB store backend: close while a read runs', function () {
  this.timeout(120_000);

  it('closes promptly, the running read settles, and later reads are refused with a store error', () => {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 90_000 });
    assert.strictEqual(run.signal, null, `the process ended by ${run.signal} (hung or crashed): ${run.stderr}`);
    assert.strictEqual(run.status, 0, run.stderr);
    const outcomes = JSON.parse(run.stdout.trim().split('\n').pop() ?? '[]') as string[];
    assert.strictEqual(outcomes.length, 10);
    for (let i = 0; i < 10; i += 2) {
      assert.ok(['read', 'refused'].includes(outcomes[i]), outcomes[i]);
      assert.strictEqual(outcomes[i + 1], 'shared.store.errors.notReady');
    }
  });

  it('a redeploy does not wait for the writes still queued: the one running commits, the queued ones are refused', async () => {
    // seen in the packed-install test: the work-log replay had queued many small transactions, and closing waited for
    // every one of them (10–11 s with two busy cores, past Node-RED's 15 s close timeout under more load)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-duck-close-'));
    try {
      const file = path.join(dir, 'records.duckdb');
      let db = await openDuckDb(file);
      await db.transaction((tx) => tx.query('CREATE TABLE t (n INTEGER)'));
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      let started!: () => void;
      const running = new Promise<void>((r) => { started = r; });
      const outcomes = Array.from({ length: 20 }, (_, n) => db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1)', [n]);
        if (n === 0) { started(); await gate; }
        return 'committed';
      }).catch((e: { key?: string }) => e.key));
      await running;
      const closing = db.close();
      release();
      await closing;
      assert.deepStrictEqual(await Promise.all(outcomes), ['committed', ...Array(19).fill('shared.store.errors.notReady')]);
      db = await openDuckDb(file);
      assert.deepStrictEqual(await db.query('SELECT n FROM t'), [{ n: 0 }], 'only the running transaction was written');
      await db.close();
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
