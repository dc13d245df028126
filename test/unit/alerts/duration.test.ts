// The "duration within window" condition: hours of a metric inside a band (while a second metric is inside its
// band) in a sliding window, the form disease-risk models are written in.
import assert from 'assert';
import { AlertEngine, parseRules, type AlertEvent, type RawRule } from '../../../lib/alerts';

const MIN = 60000;
const H = 60 * MIN;
const T0 = Date.parse('2025-05-10T12:00:00+09:00');
const WET: RawRule = { id: 'wet', metric: 'airHumidity', condition: 'duration', low: 90, threshold: 7, recovery: 6, windowHours: 24,
  metric2: 'airTemperature', low2: 9, high2: 21 };

/** Readings every `step` minutes for `hours`, the payload from the hour of the simulated day (0 = 12:00). */
function play(rows: RawRule[], hours: number, at: (h: number) => Record<string, number> | null, step = 10, lang: 'ja' | 'en' = 'en') {
  const e = new AlertEngine(parseRules(rows), { now: () => T0, lang, staleMinutes: 30 });
  const events: AlertEvent[] = [];
  for (let m = 0; m <= hours * 60; m += step) {
    const p = at(m / 60);
    if (p) events.push(...e.ingest({ deviceId: 'house-1', timestamp: T0 + m * MIN, payload: p }).events);
  }
  return { e, events };
}
// nights from 18:00 to 06:00 (hours 6–18 after noon) are humid and mild
const night = (h: number) => (h % 24) >= 6 && (h % 24) < 18;

describe('alert condition: duration within a window', () => {
  it('fires after 7 wet hours within 9–21 °C in the last 24 h, with the hours as its value, and resolves as the window moves on', () => {
    // one humid night (18:00–06:00), then dry weather
    const wetNight = (h: number) => h < 24 && night(h);
    const { events } = play([WET], 48, (h) => ({ airHumidity: wetNight(h) ? 95 : 70, airTemperature: wetNight(h) ? 15 : 24 }));
    const summary = events.map((x) => [x.payload.state, Math.round(((x.payload.time - T0) / H) * 100) / 100, x.payload.value]);
    // 7 wet hours at 01:00; the night's 12 h slide out of the 24-h window from 18:00 the next day, and fewer
    // than 6 h (the recovery level) remain after 00:00 the next night
    assert.deepStrictEqual(summary, [['firing', 13, 7], ['resolved', 36.17, 5.83]]);
    assert.strictEqual(events[1].payload.startValue, 7);
    assert.strictEqual(events[0].payload.message, 'house-1: humidity ≥ 90 % while air temperature 9–21 °C for 7 h of the last 24 h (limit 7 h)'.replace(/^/, '[ALERT] '));
  });

  it('does not count wet hours outside the temperature band', () => {
    const { events } = play([WET], 24, (h) => ({ airHumidity: night(h) ? 95 : 70, airTemperature: 23 }));
    assert.deepStrictEqual(events, []);
  });

  it('a sample stands for at most the stale time: a silent sensor does not add hours', () => {
    // readings only every 2 hours: each counts 30 minutes (staleMinutes), so 12 wet hours count as 3.5 h
    const { e, events } = play([WET], 13, () => ({ airHumidity: 95, airTemperature: 15 }), 120);
    assert.deepStrictEqual(events, []);
    assert.strictEqual(e.state.devices['house-1'].t[0]?.value, 3);
  });

  it('writes Japanese texts that name the band, the condition and the window', () => {
    const { events } = play([WET], 24, (h) => ({ airHumidity: night(h) ? 95 : 70, airTemperature: 15 }), 10, 'ja');
    assert.strictEqual(events[0].payload.message, '【警報】house-1: 湿度90%以上（気温が9〜21°Cのとき）が直近24時間のうち7時間ありました（基準 7時間）');
  });

  it('refuses a row without a band or with more hours than the window, naming the field', () => {
    assert.throws(() => parseRules([{ ...WET, low: '' }]), /rule 1, low/);
    assert.throws(() => parseRules([{ ...WET, threshold: 30 }]), (err: unknown) => (err as { key: string }).key === 'civic-alert.errors.ruleHours');
    assert.throws(() => parseRules([{ ...WET, recovery: 8 }]), /rule 1, recovery/);
  });

  it('keeps its intervals in the state, so a restart carries on counting', () => {
    const { e } = play([WET], 10, () => ({ airHumidity: 95, airTemperature: 15 }));
    const again = new AlertEngine(e.rules, { now: () => T0, staleMinutes: 30 }, JSON.parse(JSON.stringify(e.state)));
    const r = again.ingest({ deviceId: 'house-1', timestamp: T0 + 10 * H + 10 * MIN, payload: { airHumidity: 95, airTemperature: 15 } });
    assert.deepStrictEqual(r.events, []);                      // already firing since hour 7
    assert.strictEqual(again.state.devices['house-1'].t[0]?.value, 10.17);
  });
});
