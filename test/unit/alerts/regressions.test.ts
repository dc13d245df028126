// Regressions found by the robustness suite (test/robustness): device ids that name Object.prototype members
// ("constructor" crashed the engine with a TypeError; "__proto__" wrote into Object.prototype).
import assert from 'assert';
import { AlertEngine, parseRules } from '../../../lib/alerts';

const NOON = Date.parse('2025-06-01T12:00:00+09:00');
const HOT = { id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, forMinutes: 0, severity: 'critical' };

describe('alert engine: device ids that name Object.prototype members', () => {
  for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`fires for a device called "${id}" without touching Object.prototype`, () => {
      const e = new AlertEngine(parseRules([HOT]), { now: () => NOON });
      const res = e.ingest({ deviceId: id, timestamp: NOON, payload: { airTemperature: 35 } });
      assert.ok(res.events.some((ev) => ev.payload.deviceId === id), JSON.stringify(res.events));
      assert.deepStrictEqual(Object.getOwnPropertyNames(Object.prototype).filter((k) => k === 't' || k === 'm'), []);
      assert.strictEqual(typeof ({} as { constructor: unknown }).constructor, 'function');
      const restored = new AlertEngine(parseRules([HOT]), { now: () => NOON }, JSON.parse(JSON.stringify(e.state)));
      assert.deepStrictEqual(restored.activeTable().map((r) => r.deviceId), [id]);
    });
  }
});

// Issue 17: the recovery message read 「【復旧】…を超えています（現在 3.3m）」, and {value} was the value when the
// condition began, not the current one.
describe('alert messages: resolved reads as resolved, {value} is current, {startValue} is the start', () => {
  const RIVER = { id: 'level', metric: 'waterLevel', condition: 'above', threshold: 3, recovery: 2.8, forMinutes: 0 };
  it('the resolved message says the value is back, not that it exceeds the limit', () => {
    const e = new AlertEngine(parseRules([RIVER]), { now: () => NOON, lang: 'ja' });
    e.ingest({ deviceId: 'river-1', timestamp: NOON, payload: { waterLevel: 3.3 } });
    const res = e.ingest({ deviceId: 'river-1', timestamp: NOON + 60000, payload: { waterLevel: 2.5 } });
    const resolved = res.events.find((x) => x.payload.state === 'resolved');
    assert.ok(resolved);
    assert.ok(!/超えています/.test(resolved.payload.message), resolved.payload.message);
    assert.match(resolved.payload.message, /^【復旧】/);
    assert.match(resolved.payload.message, /2\.5m/);
    assert.strictEqual(resolved.payload.value, 2.5);
  });
  it('{value} is the current value and {startValue} the value when the condition began', () => {
    const rule = { ...RIVER, repeatMinutes: 1, messageEn: 'now {value}, began at {startValue}' };
    const e = new AlertEngine(parseRules([rule]), { now: () => NOON, lang: 'en' });
    e.ingest({ deviceId: 'river-1', timestamp: NOON, payload: { waterLevel: 3.1 } });
    const res = e.ingest({ deviceId: 'river-1', timestamp: NOON + 120000, payload: { waterLevel: 3.6 } });
    assert.deepStrictEqual(res.events.map((x) => x.payload.message), ['[ALERT] now 3.6, began at 3.1']);
    assert.strictEqual(res.events[0].payload.value, 3.6);
    assert.strictEqual((res.events[0].payload as unknown as { startValue: number }).startValue, 3.1);
  });
});
