// Regressions found by the robustness suite (test/robustness): device ids that are Object.prototype keys.
import assert from 'assert';
import { AgriMetrics, DailyAccumulator } from '../../../lib/agro';

const T = Date.parse('2025-06-01T12:00:00+09:00');

describe('agro: device ids that name Object.prototype members', () => {
  afterEach(() => { delete (Object.prototype as Record<string, unknown>).day; delete (Object.prototype as Record<string, unknown>).range; });

  it('a device called "__proto__" is just a device: Object.prototype is not polluted', () => {
    const acc = new DailyAccumulator({ timeZone: 'Asia/Tokyo' });
    acc.add('__proto__', T, { airTemperature: 20 });
    acc.add('constructor', T, { airTemperature: 21 });
    assert.strictEqual(({} as Record<string, unknown>).day, undefined);
    assert.deepStrictEqual(Object.getOwnPropertyNames(Object.prototype).filter((k) => ['day', 'range', 'light', 'gddTotal'].includes(k)), []);
    assert.deepStrictEqual(Object.keys(acc.state.devices).sort(), ['__proto__', 'constructor']);
  });

  it('the same after a restart from JSON state (where "__proto__" is an own key)', () => {
    const a = new AgriMetrics({ gddBase: 10 });
    a.process('__proto__', T, { airTemperature: 25, airHumidity: 60 });
    const restored = new AgriMetrics({ gddBase: 10 }, JSON.parse(JSON.stringify(a.state)));
    const r = restored.process('__proto__', T + 60000, { airTemperature: 25, airHumidity: 60 });
    assert.strictEqual(r.derived.vpd, 1.267);
    assert.strictEqual(({} as Record<string, unknown>).day, undefined);
  });
});
