// The "margin" condition: one metric less than N above another (air temperature against the dew point).
import assert from 'assert';
import { AlertEngine, parseRules } from '../../../lib/alerts';

const MIN = 60000;
const NIGHT = Date.parse('2025-11-10T02:00:00+09:00');
const NEAR_DEW = { id: 'dew', metric: 'airTemperature', condition: 'margin', metric2: 'dewPoint', threshold: 2, recovery: 2.5, forMinutes: 20 };

describe('alert condition: margin between two metrics', () => {
  it('fires when the air is less than 2 °C above its dew point for 20 minutes, resolves above 2.5 °C', () => {
    const e = new AlertEngine(parseRules([NEAR_DEW]), { lang: 'ja', now: () => NIGHT });
    const seq: Array<[number, number]> = [[14, 11], [13, 11.4], [12.6, 11.2], [12.5, 11.2], [12.4, 11.2], [12.3, 11.3], [14.2, 11.3], [14.5, 11.2]];
    const events = seq.flatMap(([t, d], k) => e.ingest({ deviceId: 'house-2', timestamp: NIGHT + k * 10 * MIN, payload: { airTemperature: t, dewPoint: d } }).events);
    assert.deepStrictEqual(events.map((x) => [x.payload.state, (x.payload.time - NIGHT) / MIN, x.payload.value]), [['firing', 30, 1.3], ['resolved', 60, 2.9]]);
    assert.strictEqual(events[0].payload.message, '【警報】house-2: 気温と露点の差が1.3°Cしかありません（基準 2°C）');
    assert.strictEqual(events[0].payload.startValue, 1.6);
  });

  it('uses the last dew point when a reading lacks it; needs one before it can judge', () => {
    const e = new AlertEngine(parseRules([{ ...NEAR_DEW, forMinutes: 0 }]), { lang: 'en', now: () => NIGHT });
    assert.deepStrictEqual(e.ingest({ deviceId: 'a', timestamp: NIGHT, payload: { airTemperature: 10 } }).events, []);
    e.ingest({ deviceId: 'a', timestamp: NIGHT + MIN, payload: { airTemperature: 14, dewPoint: 9 } });
    const fired = e.ingest({ deviceId: 'a', timestamp: NIGHT + 2 * MIN, payload: { airTemperature: 10.5 } }).events;
    assert.deepStrictEqual(fired.map((x) => x.payload.message), ['[ALERT] a: air temperature is only 1.5 °C above dew point (limit 2 °C)']);
  });

  it('refuses a row without the second metric, or a recovery below the limit', () => {
    assert.throws(() => parseRules([{ ...NEAR_DEW, metric2: '' }]), /rule 1, metric2/);
    assert.throws(() => parseRules([{ ...NEAR_DEW, recovery: 1 }]), /rule 1, recovery/);
  });
});
