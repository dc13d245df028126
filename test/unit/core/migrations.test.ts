import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { currentVersion, migrateConfig, registerMigration } from '../../../lib/migrations';
import { isCivicError } from '../../../lib/errors';

describe('migrations: flows saved by older versions keep working', () => {
  // A node type that went through two config changes: v1 had `interval` in minutes, v2 in seconds; v3 renamed
  // `site` to `siteId`.
  before(() => {
    registerMigration('test-node', 1, (c) => ({ ...c, interval: Number(c.interval) * 60 }));
    registerMigration('test-node', 2, (c) => {
      const { site, ...rest } = c;
      return { ...rest, siteId: site };
    });
  });

  it('raises the current version with each registered step', () => {
    assert.strictEqual(currentVersion('test-node'), 3);
    assert.strictEqual(currentVersion('never-migrated'), 1);
  });

  it('runs every step from the saved version, in order', () => {
    assert.deepStrictEqual(migrateConfig('test-node', { id: 'n', version: 1, interval: '2', site: 'hakui' }),
      { id: 'n', version: 3, interval: 120, siteId: 'hakui' });
    assert.deepStrictEqual(migrateConfig('test-node', { version: 2, interval: 30, site: 'x' }),
      { version: 3, interval: 30, siteId: 'x' });
  });

  it('treats a config saved before versions existed as version 1', () => {
    assert.strictEqual(migrateConfig('test-node', { interval: 1, site: 's' }).interval, 60);
    assert.deepStrictEqual(migrateConfig('never-migrated', { a: 1 }), { a: 1, version: 1 });
  });

  it('leaves a current config as it is and never changes its input', () => {
    const saved = { version: 3, interval: 5, siteId: 'y' };
    assert.deepStrictEqual(migrateConfig('test-node', saved), saved);
    const old = { version: 1, interval: 1, site: 's' };
    migrateConfig('test-node', old);
    assert.deepStrictEqual(old, { version: 1, interval: 1, site: 's' });
  });

  it('refuses a config from a newer version of the pack, saying which', () => {
    assert.throws(() => migrateConfig('test-node', { version: 4 }), (e: unknown) =>
      isCivicError(e) && e.key === 'shared.errors.newerVersion' && e.params.version === 4 && e.params.supported === 3);
  });

  it('refuses a version that is not a whole number', () => {
    assert.throws(() => migrateConfig('test-node', { version: 'two' }), (e: unknown) => isCivicError(e));
  });
});

describe('config versions: each editor writes the version the runtime migrates to', () => {
  // The editor plugin asks the runtime to migrate nodes whose saved version is below the editor's default; if the
  // two disagreed, an edited node would be saved as "current" without its migration.
  it('the version default of every node editor equals the current version in lib/migrations', () => {
    // loading the library registers every area's migration steps
    require('../../../lib');
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    const types = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))['node-red'].nodes);
    for (const type of types) {
      const html = fs.readFileSync(path.join(root, 'nodes', type, `${type}.html`), 'utf8');
      const m = /\bversion:\s*\{\s*value:\s*(\d+)/.exec(html);
      if (!m) continue;                                   // a config node without versions
      assert.strictEqual(Number(m[1]), currentVersion(type), type);
    }
  });
});
