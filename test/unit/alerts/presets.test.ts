// The presets of every field, each on a short recorded (simulated) scenario: the alerts a user of that field
// expects, in Japanese, at the published levels (sources: docs/alerts.md "Presets and their sources").
import assert from 'assert';
import { AlertEngine, PRESET_FIELDS, PRESET_NAMES, parseRules, presetRules, type AlertEvent, type PresetName } from '../../../lib/alerts';

const MIN = 60000;
const T0 = Date.parse('2025-07-15T10:00:00+09:00');

/** Feeds one reading per `stepMinutes` from `series` (a payload per step) to a fresh engine with `preset`. */
function play(preset: PresetName, series: Array<Record<string, number>>, stepMinutes = 1, device = 'dev-1'): AlertEvent[] {
  const e = new AlertEngine(parseRules(presetRules(preset)), { lang: 'ja', now: () => T0 });
  const out: AlertEvent[] = [];
  series.forEach((payload, k) => {
    const t = T0 + k * stepMinutes * MIN;
    out.push(...e.ingest({ deviceId: device, timestamp: t, payload }).events, ...e.tick(t + 1000).events);
  });
  return out;
}
const ramp = (from: number, to: number, steps: number) => Array.from({ length: steps }, (_, k) => from + ((to - from) * k) / (steps - 1));
const lines = (events: AlertEvent[]) => events.map((e) => `${e.payload.ruleId} ${e.payload.state}`);
/** Without the repeated notifications of an alert that is still open. */
const firsts = (events: AlertEvent[]) => events.filter((e) => e.payload.state !== 'firing' || e.payload.repeat === 0);

describe('alert presets per field', () => {
  it('every preset is a valid rule table with unique ids, and belongs to a field', () => {
    for (const name of PRESET_NAMES) {
      const rules = parseRules(presetRules(name));
      assert.ok(rules.length >= 3, name);
      assert.ok(PRESET_FIELDS[name], name);
      // the disease preset is added to a stage preset ("Add to the table"), which has the no-data rule
      if (name !== 'tomato-disease') assert.ok(rules.some((r) => r.condition === 'nodata'), `${name}: a silent sensor is an alert too`);
    }
  });

  it('river level: the four official levels fire in turn as the river rises, and each says so when it falls back', () => {
    const up = ramp(1.0, 2.3, 27);          // +0.05 m per 10 minutes
    const down = ramp(2.3, 1.0, 27);
    const events = play('river-level', [...up, ...down].map((v) => ({ waterLevel: Math.round(v * 100) / 100 })), 10, 'gauge-1');
    assert.deepStrictEqual(lines(firsts(events)), [
      'standby firing', 'caution firing', 'evacuate firing', 'danger firing',
      'danger resolved', 'evacuate resolved', 'caution resolved', 'standby resolved']);
    const caution = events.filter((e) => e.payload.ruleId === 'caution');
    assert.strictEqual(caution[0].payload.message, '【警報】gauge-1: 水位 1.75m。氾濫注意水位（警戒レベル2相当） 1.7m を超えています');
    assert.strictEqual(caution.at(-1)!.payload.message, '【復旧】gauge-1: 水位 1.65m。氾濫注意水位（警戒レベル2相当） 1.7m を下回りました');
    assert.strictEqual(caution.at(-1)!.payload.startValue, 1.75);
  });

  it('indoor air: CO2 above 1000 ppm for 10 minutes (building standard), above 1500 ppm (school standard)', () => {
    const co2 = [...Array(5).fill(800), ...Array(15).fill(1200), ...Array(15).fill(1600), ...Array(20).fill(700)];
    const events = play('air-quality', co2.map((c) => ({ co2: c, airTemperature: 24, airHumidity: 50 })));
    assert.deepStrictEqual(lines(firsts(events)),
      ['co2 firing', 'co2-school firing', 'co2 resolved', 'co2-school resolved']);
    assert.strictEqual(events[0].payload.time, T0 + 15 * MIN);
  });

  it('heat stroke: WBGT bands 25 警戒, 28 厳重警戒, 31 危険 of the guideline', () => {
    const wbgt = [...Array(5).fill(24), ...Array(12).fill(26), ...Array(12).fill(29.5), ...Array(12).fill(31.8)];
    const events = play('heat-stroke', wbgt.map((w) => ({ wbgt: w })));
    assert.deepStrictEqual(lines(events), ['wbgt-warning firing', 'wbgt-severe firing', 'wbgt-danger firing']);
    assert.strictEqual(events[2].payload.message, '【警報】dev-1: 暑さ指数 31.8℃。「危険」（31℃以上）です');
    assert.strictEqual(events[2].payload.severity, 'critical');
  });

  it('visitors: crowded above 90 % of the capacity, full above 100 %, a silent counter', () => {
    const occ = [...ramp(60, 104, 23), ...ramp(104, 60, 23)].map((o) => ({ occupancyRate: Math.round(o), visitorCount: Math.round(o * 3) }));
    const events = play('visitors', occ, 2, 'hall-gate');
    assert.deepStrictEqual(lines(firsts(events)),
      ['crowded firing', 'full firing', 'full resolved', 'crowded resolved']);
    const e = new AlertEngine(parseRules(presetRules('visitors')), { now: () => T0 });
    e.ingest({ deviceId: 'hall-gate', timestamp: T0, payload: { occupancyRate: 50 } });
    const silent = Array.from({ length: 70 }, (_, m) => e.tick(T0 + m * MIN).events).flat();
    assert.deepStrictEqual(silent.map((x) => [x.payload.ruleId, x.payload.state, (x.payload.time - T0) / MIN]), [['counter-silent', 'nodata', 60]]);
  });

  it('soil: too dry for an hour (irrigation point), salty, cold; no alert on a wet day after irrigation', () => {
    const dry = play('soil', [...Array(10).fill(28), ...Array(70).fill(18)].map((m) => ({ soilMoisture: m, soilEC: 1.2, soilTemperature: 18 })), 1, 'field-3');
    assert.deepStrictEqual(lines(dry), ['dry firing']);
    assert.strictEqual(dry[0].payload.message, '【警報】field-3: 土壌水分が18%です。かん水の目安（20%）を下回りました');
    const wetDay = play('soil', Array(24 * 6).fill({ soilMoisture: 34, soilEC: 1.2, soilTemperature: 18 }), 10, 'field-3');
    assert.deepStrictEqual(lines(wetDay), [], 'wetter than field capacity for one day only');
    const wetWeek = play('soil', Array(3 * 24 * 6).fill({ soilMoisture: 34, soilEC: 1.2, soilTemperature: 18 }), 10, 'field-3');
    assert.deepStrictEqual(lines(wetWeek), ['wet firing']);
  });

  it('greenhouse (generic): heat, frost and a sudden jump of the air temperature', () => {
    const temps = [...Array(10).fill(25), ...Array(15).fill(36), ...Array(10).fill(25)];
    assert.deepStrictEqual(lines(play('greenhouse-generic', temps.map((t) => ({ airTemperature: t, airHumidity: 60 })))),
      ['temp-jump firing', 'heat firing', 'heat resolved', 'temp-jump resolved']);
  });
});
