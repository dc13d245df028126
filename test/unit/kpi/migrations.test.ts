// Flows saved with version 1 of the KPI nodes load with the same meaning.
import assert from 'assert';
import { migrateConfig } from '../../../lib/migrations';
import { validate } from '../../../lib/schemas';

describe('kpi nodes: config migrations', () => {
  it('window-stats 1 → 2: the reservoir size gives way to the sketch accuracy (1 %)', () => {
    const c = migrateConfig('civic-window-stats', { version: 1, reservoirSize: 256, percentiles: '50,90' });
    assert.deepStrictEqual([c.version, c.reservoirSize, c.percentileAccuracy, c.percentiles], [2, undefined, 1, '50,90']);
    assert.ok(validate('civic-window-stats.config', c).ok);
  });

  it('health-expectancy 1 → 2: "fixed" L0 is Eurostat a0 = 0.2; "a" keeps its a0 (blank = a)', () => {
    const fixed = migrateConfig('civic-health-expectancy', { infant: 'fixed', a: 0.5, a0: '' });
    assert.deepStrictEqual([fixed.version, fixed.q0Method, fixed.a0Method, fixed.infant], [2, 'rate', 'eurostat', undefined]);
    const a = migrateConfig('civic-health-expectancy', { version: 1, infant: 'a', a: 0.5, a0: '' });
    assert.deepStrictEqual([a.a0Method, a.a0], ['value', 0.5]);
    assert.ok(validate('civic-health-expectancy.config', a).ok);
  });
});
