// Flows saved with the 0.1.0 node type names (sensor-decode, greenhouse-alert, partition, …) keep working after the
// rename to civic-…: the civic-migrate-flows command rewrites a saved flow file (with a backup), and the result
// starts in a real Node-RED with every node of ours running. Without the migration the same file stops the runtime
// with "Waiting for missing types", which is what a user upgrading from 0.1.0 would otherwise see.
import assert from 'assert';
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LEGACY_TYPE_NAMES, migrateFlowTypes } from '../../lib/migrations';
import { ourTypes, packRoot, runNodeRed } from '../helpers/node-red-process';

const fixtures = path.join(packRoot, 'test', 'fixtures', 'flows-0.1.0');
const saved = (): Array<Record<string, unknown>> => fs.readdirSync(fixtures).sort()
  .flatMap((f) => JSON.parse(fs.readFileSync(path.join(fixtures, f), 'utf8')));

describe('flows saved with the 0.1.0 node names', function () {
  this.timeout(90000);

  it('every old name maps to a type this pack registers', () => {
    for (const next of Object.values(LEGACY_TYPE_NAMES)) assert.ok(ourTypes.includes(next), next);
    for (const old of Object.keys(LEGACY_TYPE_NAMES)) assert.ok(!ourTypes.includes(old), `${old} is still registered`);
  });

  it('migrateFlowTypes renames every old type, keeps everything else, and changes nothing the second time', () => {
    const before = saved();
    const { flows, renamed } = migrateFlowTypes(before);
    assert.ok(Object.keys(renamed).length >= 10, JSON.stringify(renamed));
    assert.strictEqual(flows.length, before.length);
    flows.forEach((n, i) => {
      const old = before[i];
      assert.strictEqual(n.id, old.id);
      assert.deepStrictEqual(n.wires, old.wires);
      assert.strictEqual(n.type, LEGACY_TYPE_NAMES[old.type as string] ?? old.type);
      assert.ok(!Object.hasOwn(LEGACY_TYPE_NAMES, n.type as string));
    });
    assert.deepStrictEqual(migrateFlowTypes(flows).renamed, {});
  });

  it('unmigrated, a user\'s Node-RED waits for missing types (what the migration prevents)', async () => {
    const log = await runNodeRed(saved(), 500);
    assert.match(log, /Waiting for missing types/);
  });

  it('civic-migrate-flows rewrites a saved flows.json (with a backup) and the flows then start with all our nodes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-legacy-'));
    const file = path.join(dir, 'flows.json');
    fs.writeFileSync(file, JSON.stringify(saved()));
    const cli = path.join(packRoot, 'bin', 'civic-migrate-flows.js');
    const out = execFileSync(process.execPath, [cli, file], { encoding: 'utf8' });
    assert.match(out, /renamed \d+ nodes/);
    assert.ok(fs.existsSync(`${file}.before-civic-rename`));
    assert.match(execFileSync(process.execPath, [cli, file], { encoding: 'utf8' }), /no old node names/);
    const migrated = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    fs.rmSync(dir, { recursive: true, force: true });
    const log = await runNodeRed(migrated);
    assert.match(log, /Started flows|フローを開始しました/, log.slice(-2000));
    assert.doesNotMatch(log, /Waiting for missing types/);
    const ours = new RegExp(`\\[error\\] \\[(${ourTypes.join('|')}):[^\\]]*\\] (設定が正しくありません|invalid config|Invalid config)`);
    assert.deepStrictEqual(log.split('\n').filter((l) => ours.test(l)), []);
  });
});
