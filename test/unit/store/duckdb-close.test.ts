// Closing the DuckDB store while a read is still running (a redeploy during a dashboard query): the close used to
// free the read connection under the running statement, which hung the process (Node 20) or killed it with SIGSEGV
// (Node 22, seen in the compatibility job). It runs in a child process, so a hang or a crash is a failure of this test
// and not of the whole suite.
import assert from 'assert';
import { spawnSync } from 'child_process';
import path from 'path';

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
});
