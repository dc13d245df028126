// The metric catalogue: labels and units for every field the city works in, the same words in messages and dialogs.
import assert from 'assert';
import { METRIC_CATALOG, METRIC_FIELDS, metricLabel, metricUnit } from '../../../lib/metrics/catalog';
import { METRIC_UNITS } from '../../../lib/metrics';

describe('metric catalogue', () => {
  it('has metrics, Japanese labels and units for every field, not only agriculture', () => {
    for (const field of METRIC_FIELDS) {
      const names = Object.keys(METRIC_CATALOG).filter((n) => METRIC_CATALOG[n].field === field);
      assert.ok(names.length > 0, field);
      for (const n of names) assert.ok(/[\u3040-\u30ff\u4e00-\u9fff]|^[A-Z0-9.() ]+$/.test(METRIC_CATALOG[n].ja), `${n}: ${METRIC_CATALOG[n].ja}`);
    }
    assert.deepStrictEqual(['waterLevel', 'wbgt', 'pm25', 'occupancyRate', 'visitorCount'].map((n) => metricLabel(n, 'ja')),
      ['水位', '暑さ指数 (WBGT)', 'PM2.5', '混雑率', '来場者数']);
  });
  it('takes units from METRIC_UNITS, and words for counts', () => {
    for (const [n, info] of Object.entries(METRIC_CATALOG)) assert.strictEqual(info.unit, (METRIC_UNITS as Record<string, string>)[n] ?? '', n);
    assert.deepStrictEqual([metricUnit('waterLevel', 'ja'), metricUnit('visitorCount', 'ja'), metricUnit('visitorCount', 'en')], ['m', '人', 'people']);
  });
  it('falls back to the canonical name for a metric it does not know', () => {
    assert.deepStrictEqual([metricLabel('pumpPressure', 'ja'), metricUnit('pumpPressure', 'en'), metricLabel('__proto__', 'en')], ['pumpPressure', '', '__proto__']);
  });
});
