// greenhouse-alert configs saved by 0.1.0 (test/fixtures/flows-0.1.0, real saved flows) become version-2
// civic-alert configs that do what they did: the preset's rows when the table was empty, per-house rules read
// from msg.device.house, the generic preset under its new name.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { AlertEngine, alertConfigV1toV2, parseRules, presetRules } from '../../../lib/alerts';
import { migrateConfig } from '../../../lib/migrations';
import { validate } from '../../../lib/schemas';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'flows-0.1.0');
const saved = (file: string) => (JSON.parse(fs.readFileSync(path.join(fixtures, file), 'utf8')) as Array<Record<string, unknown>>)
  .filter((n) => n.type === 'greenhouse-alert');

describe('civic-alert config migration from 0.1.0 (greenhouse-alert)', () => {
  for (const file of ['greenhouse.json', 'soil.json']) {
    it(`${file}: every greenhouse-alert node becomes a valid version-2 config with the same rules`, () => {
      const nodes = saved(file);
      assert.ok(nodes.length > 0);
      for (const old of nodes) {
        const migrated = migrateConfig('civic-alert', { ...old, type: 'civic-alert' });
        assert.strictEqual(migrated.version, 2);
        const v = validate<Record<string, unknown>>('civic-alert.config', migrated);
        assert.ok(v.ok, JSON.stringify(v));
        assert.deepStrictEqual([v.value.property, v.value.deviceProperty, v.value.siteProperty, v.value.groupBySite],
          ['payload', 'device.id', 'device.house', old.groupByHouse]);
        const before = parseRules((old.rules as unknown[]).length ? old.rules : presetRules(old.preset as 'tomato-fruiting'));
        assert.deepStrictEqual(parseRules(v.value.rules), before);
      }
    });
  }

  it('an empty 0.1.0 table ran its preset: the migrated table holds the preset rows', () => {
    const m = alertConfigV1toV2({ version: 1, rules: [], preset: 'generic', groupByHouse: true });
    assert.strictEqual(m.preset, 'greenhouse-generic');
    assert.deepStrictEqual(m.rules, presetRules('greenhouse-generic'));
    assert.strictEqual(m.groupBySite, true);
    assert.ok(!('groupByHouse' in m));
  });

  it('per-house rules become per-site rules and still group by house', () => {
    const m = migrateConfig('civic-alert', { version: 1, preset: '', rules: [{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, scope: 'house' }] });
    assert.deepStrictEqual((m.rules as Array<Record<string, unknown>>).map((r) => r.scope), ['site']);
    const e = new AlertEngine(parseRules(m.rules), { now: () => 0 });
    const ev = e.ingest({ deviceId: 'house-1-th-01', house: 'house-1', timestamp: 1, payload: { airTemperature: 31 } }).events;
    assert.deepStrictEqual(ev.map((x) => x.topic), ['alert/house-1/hot']);
  });

  it('refuses a config from a newer version than this pack knows', () => {
    assert.throws(() => migrateConfig('civic-alert', { version: 3 }), /newer version/);
  });
});
