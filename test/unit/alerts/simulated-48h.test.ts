// 48 simulated hours of two greenhouse sensors (lib/sim with fault injection: dropouts, spikes, a sensor that
// goes silent) through the alert engine with an injected clock: one tick per minute, readings every 5 minutes.
import assert from 'assert';
import { createSimulator } from '../../../lib/sim';
import { isDaytime, HAKUI } from '../../../lib/sun';
import { AlertEngine, parseRules, presetRules, PRESET_NAMES, PRESET_FIELDS, type AlertEvent, type RawRule } from '../../../lib/alerts';

const MIN = 60000;
const START = Date.parse('2025-05-10T00:00:00+09:00');

function run(rows: RawRule[], sim: Parameters<typeof createSimulator>[0], hours = 48,
  transform?: (t: number, p: Record<string, number>) => Record<string, number>,
  seen?: (device: string, t: number, p: Record<string, number>) => void) {
  const clock = { t: START };
  const engine = new AlertEngine(parseRules(rows), { now: () => clock.t });
  const simulator = createSimulator({ devices: 2, kind: 'greenhouse', houses: 'house-1', seed: 7, ...sim });
  const events: AlertEvent[] = [];
  for (let m = 0; m < hours * 60; m++) {
    clock.t = START + m * MIN;
    if (m % 5 === 0) {
      for (const msg of simulator.tick(clock.t)) {
        const payload = msg.payload as Record<string, number>;
        seen?.(msg.device.id, msg.timestamp, payload);
        events.push(...engine.ingest({ deviceId: msg.device.id, house: msg.device.house, timestamp: msg.timestamp,
          payload: transform ? transform(clock.t, payload) : payload }).events);
      }
    }
    events.push(...engine.tick(clock.t).events);
  }
  return { events, engine };
}

describe('48 simulated hours (sensor-sim core, injected clock)', () => {
  it('no alert while the climate stays inside the band, even with dropouts', () => {
    const { events } = run([
      { id: 'band', metric: 'airTemperature', condition: 'outside', low: 5, high: 45, forMinutes: 10 },
      { id: 'silent', metric: '*', condition: 'nodata', threshold: 30 },
    ], { dropout: 0.1 });
    assert.deepStrictEqual(events, []);
  });

  it('a night-only rule fires only at night and is silent by day', () => {
    const { events } = run([{ id: 'night', metric: 'airTemperature', condition: 'below', threshold: 60, active: 'night', forMinutes: 15 }], {});
    const firing = events.filter((e) => e.payload.state === 'firing');
    assert.strictEqual(firing.length, 6, 'two devices × three night spells (00:00–sunrise, two evenings)');
    for (const e of firing) assert.ok(!isDaytime(e.payload.time, HAKUI.latitude, HAKUI.longitude), new Date(e.payload.time).toISOString());
    for (const e of events.filter((x) => x.payload.state === 'resolved')) {
      assert.ok(isDaytime(e.payload.time, HAKUI.latitude, HAKUI.longitude));
    }
  });

  it('no-data fires 30 minutes after a sensor goes silent, once, for that sensor only', () => {
    const { events, engine } = run([{ id: 'silent', metric: '*', condition: 'nodata', threshold: 30 }],
      { silentDevice: 'house-1-th-02', silentAfter: 20 * 60, dropout: 0.05 });
    assert.deepStrictEqual(events.map((e) => [e.payload.deviceId, e.payload.state]), [['house-1-th-02', 'nodata']]);
    const lastSeen = START + (20 * 60 - 5) * MIN;
    assert.strictEqual(events[0].payload.since, lastSeen);
    assert.strictEqual(events[0].payload.time, lastSeen + 30 * MIN);
    assert.deepStrictEqual(engine.activeTable().map((r) => r.state), ['nodata']);
  });

  it('an injected heat fault fires after exactly the "for" time, without flapping, then resolves and repeats on time', () => {
    // from hour 30 to 32 the greenhouse vents fail: +12 °C on top of the simulated climate, with spikes injected
    const faultStart = START + 30 * 60 * MIN;
    const faultEnd = START + 32 * 60 * MIN;
    const { events } = run([{ id: 'heat', metric: 'airTemperature', condition: 'above', threshold: 35, recovery: 33,
      forMinutes: 10, repeatMinutes: 30 }], { devices: 1, spikes: 0.02 },
    48, (t, p) => (t >= faultStart && t < faultEnd ? { ...p, airTemperature: 36 + (t % (10 * MIN)) / MIN / 5 } : p));
    const heat = events.filter((e) => e.payload.ruleId === 'heat');
    // spikes (+25 °C for one reading) never last 10 minutes: only the real fault fires
    assert.deepStrictEqual(heat.map((e) => [e.payload.state, (e.payload.time - faultStart) / MIN]),
      [['firing', 10], ['firing', 40], ['firing', 70], ['firing', 100], ['resolved', 120]]);
    assert.ok(heat.every((e) => e.payload.since === faultStart));
  });

  it('acknowledging stops the repeats', () => {
    const { events, engine } = run([{ id: 'low', metric: 'co2', condition: 'below', threshold: 5000, repeatMinutes: 60 }], { devices: 1 }, 3);
    assert.strictEqual(events.filter((e) => e.payload.state === 'firing').length, 3); // 0, 60, 120 min
    const [row] = engine.activeTable();
    const ack = engine.ack(row.id, START + 3 * 60 * MIN);
    assert.deepStrictEqual(ack.events.map((e) => e.payload.state), ['acknowledged']);
    assert.deepStrictEqual(engine.tick(START + 5 * 60 * MIN).events, []);
  });
});

describe('crop presets', () => {
  it('every greenhouse preset is a valid rule table covering its set points', () => {
    for (const name of PRESET_NAMES.filter((p) => PRESET_FIELDS[p] === 'greenhouse')) {
      const rules = parseRules(presetRules(name));
      assert.ok(rules.length >= 5, name);
      if (name.startsWith('tomato') && name !== 'tomato-disease') {
        const metrics = new Set(rules.map((r) => r.metric));
        for (const m of ['airTemperature', 'airHumidity', 'humidityDeficit', 'co2', 'soilMoisture', 'soilEC']) assert.ok(metrics.has(m), `${name} ${m}`);
        const day = rules.find((r) => r.id === 'day-temp');
        assert.deepStrictEqual([day?.low, day?.high, day?.active], [21, 27, 'day']);
        const deficit = rules.find((r) => r.metric === 'humidityDeficit');
        assert.deepStrictEqual([deficit?.low, deficit?.high], [3, 6]);
      }
    }
    const fruiting = parseRules(presetRules('tomato-fruiting'));
    const ec = fruiting.find((r) => r.metric === 'soilEC');
    assert.deepStrictEqual([ec?.low, ec?.high], [2, 4.5]);
  });
  it('the tomato preset stays quiet over two simulated late-spring days except for real excursions', () => {
    // Spikes (one wild reading) and dropouts are injected. The simulated house really leaves the tomato band each afternoon (it overheats past 27 and 30 °C, CO2 is drawn
    // down while the vents are shut) and each evening (the night set point is reached slowly). Those alerts must
    // come, and nothing else: a rule fires only if its own metric really stayed beyond its limit for its "for"
    // time inside its active period, checked here on the raw readings without the engine.
    const rows = presetRules('tomato-fruiting');
    const rules = parseRules(rows);
    const readings: Array<{ device: string; t: number; p: Record<string, number> }> = [];
    const { events } = run(rows, { devices: 2, kind: 'mixed', spikes: 0.02, dropout: 0.05 }, 48, (t, p) => p, (device, t, p) => readings.push({ device, t, p }));
    const probe = new AlertEngine(rules, {});
    const excursions = new Set<string>();
    for (const rule of rules.filter((r) => r.condition !== 'nodata')) {
      for (const device of new Set(readings.map((r) => r.device))) {
        let start = -1;
        for (const r of readings.filter((x) => x.device === device)) {
          const v = r.p[rule.metric];
          const beyond = typeof v === 'number' && probe.isActive(rule, r.t) && (rule.condition === 'above' ? v > rule.threshold
            : rule.condition === 'below' ? v < rule.threshold : v < rule.low || v > rule.high);
          if (!beyond) { start = -1; continue; }
          if (start < 0) start = r.t;
          if (r.t - start >= rule.forMinutes * MIN) excursions.add(`${device} ${rule.id}`);
        }
      }
    }
    const fired = new Set(events.filter((e) => e.payload.state === 'firing').map((e) => `${e.payload.deviceId} ${e.payload.ruleId}`));
    assert.ok(excursions.size >= 3, `the simulated climate has real excursions: ${[...excursions].join(', ')}`);
    assert.deepStrictEqual([...fired].sort(), [...excursions].sort());
    // quiet otherwise: no no-data, no soil or humidity alert, every event carries a real value
    assert.deepStrictEqual(events.filter((e) => !['firing', 'resolved'].includes(e.payload.state)), []);
    assert.ok(events.every((e) => typeof e.payload.value === 'number'));
    assert.ok(![...fired].some((k) => /soil|humid/.test(k)), [...fired].join(', '));
  });
});
