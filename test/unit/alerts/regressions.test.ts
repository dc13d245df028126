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
