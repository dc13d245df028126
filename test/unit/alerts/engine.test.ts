import assert from 'assert';
import { AlertEngine, parseRules, type AlertEvent, type RawRule, type EngineState } from '../../../lib/alerts';
import { isCivicError } from '../../../lib/errors';

const MIN = 60000;
const T0 = Date.parse('2025-06-01T00:00:00+09:00'); // local midnight in Hakui (night)
const NOON = Date.parse('2025-06-01T12:00:00+09:00');

function engine(rows: RawRule[], opts: Record<string, unknown> = {}, state?: EngineState) {
  const clock = { t: T0 };
  const e = new AlertEngine(parseRules(rows), { now: () => clock.t, ...opts }, state);
  return { e, clock };
}

const states = (events: AlertEvent[]) => events.map((x) => x.payload.state);

describe('alert engine lifecycle', () => {
  it('fires once after exactly 10 minutes above 30 °C, not before', () => {
    const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, forMinutes: 10 }]);
    const fired: AlertEvent[] = [];
    for (let m = 0; m < 30; m++) {
      const t = NOON + m * MIN;
      const r = e.ingest({ deviceId: 'gh-1', timestamp: t, payload: { airTemperature: m < 5 ? 25 : 31 } });
      fired.push(...r.events);
      fired.push(...e.tick(t + 30000).events);
    }
    assert.deepStrictEqual(states(fired), ['firing']);
    assert.strictEqual(fired[0].payload.time, NOON + 15 * MIN);
    assert.strictEqual(fired[0].payload.since, NOON + 5 * MIN);
    assert.strictEqual(fired[0].topic, 'alert/gh-1/hot');
    assert.strictEqual(fired[0].payload.threshold, 30);
    assert.strictEqual(fired[0].payload.value, 31);
  });

  it('goes back to normal when the condition clears while pending', () => {
    const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, forMinutes: 10 }]);
    const seen: AlertEvent[] = [];
    for (let m = 0; m < 60; m++) {
      seen.push(...e.ingest({ deviceId: 'gh-1', timestamp: NOON + m * MIN, payload: { airTemperature: m % 8 < 6 ? 31 : 29 } }).events);
    }
    assert.deepStrictEqual(seen, []);
    assert.deepStrictEqual(e.activeTable().map((r) => r.state), ['pending']);
  });

  it('does not flap around the threshold with a recovery level, and does without one', () => {
    const wave = (m: number) => (m % 2 === 0 ? 30.2 : 29.8);
    const run = (recovery: number | string) => {
      const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery }]);
      const out: AlertEvent[] = [];
      for (let m = 0; m < 60; m++) out.push(...e.ingest({ deviceId: 'a', timestamp: NOON + m * MIN, payload: { airTemperature: wave(m) } }).events);
      out.push(...e.ingest({ deviceId: 'a', timestamp: NOON + 60 * MIN, payload: { airTemperature: 28.5 } }).events);
      return states(out);
    };
    assert.deepStrictEqual(run(29), ['firing', 'resolved']);
    assert.strictEqual(run('').filter((s) => s === 'firing').length, 30);
  });

  it('repeats every 15 minutes while firing, until acknowledged', () => {
    const { e, clock } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, repeatMinutes: 15 }]);
    const out: AlertEvent[] = [];
    let id = '';
    for (let m = 0; m <= 60; m++) {
      clock.t = NOON + m * MIN;
      const r = e.ingest({ deviceId: 'a', timestamp: clock.t, payload: { airTemperature: 32 } });
      out.push(...r.events);
      if (m === 0) id = r.events[0].payload.id;
      if (m === 40) out.push(...e.ack(id).events);
    }
    assert.deepStrictEqual(out.map((x) => [x.payload.state, (x.payload.time - NOON) / MIN, x.payload.repeat]),
      [['firing', 0, 0], ['firing', 15, 1], ['firing', 30, 2], ['acknowledged', 40, 2]]);
    assert.deepStrictEqual(e.activeTable().map((r) => r.state), ['acknowledged']);
    const end = e.ingest({ deviceId: 'a', timestamp: NOON + 61 * MIN, payload: { airTemperature: 25 } });
    assert.deepStrictEqual(states(end.events), ['resolved']);
    assert.strictEqual(end.events[0].payload.id, id);
    assert.deepStrictEqual(e.activeTable(), []);
  });

  it('repeats from the timer when readings stop arriving', () => {
    const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, repeatMinutes: 10 }]);
    e.ingest({ deviceId: 'a', timestamp: NOON, payload: { airTemperature: 32 } });
    assert.deepStrictEqual(e.tick(NOON + 9 * MIN).events, []);
    assert.deepStrictEqual(states(e.tick(NOON + 10 * MIN).events), ['firing']);
  });

  it('keeps firing for 10 minutes after recovery, then resolves', () => {
    const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, keepFiringMinutes: 10 }]);
    e.ingest({ deviceId: 'a', timestamp: NOON, payload: { airTemperature: 32 } });
    assert.deepStrictEqual(e.ingest({ deviceId: 'a', timestamp: NOON + MIN, payload: { airTemperature: 25 } }).events, []);
    assert.deepStrictEqual(e.tick(NOON + 10 * MIN).events, []);
    const r = e.tick(NOON + 11 * MIN);
    assert.deepStrictEqual(states(r.events), ['resolved']);
    assert.strictEqual(r.events[0].payload.time, NOON + 11 * MIN);
  });

  it('fires below, outside a band (with a margin) and on a rate of change per hour', () => {
    const { e } = engine([
      { id: 'cold', metric: 'airTemperature', condition: 'below', threshold: 10, recovery: 11 },
      { id: 'ec', metric: 'soilEC', condition: 'outside', low: 2, high: 4.5, recovery: 0.2 },
      { id: 'jump', metric: 'airTemperature', condition: 'rate', threshold: 6, rateWindowMinutes: 10 },
    ]);
    const ev = (t: number, payload: Record<string, number>) => e.ingest({ deviceId: 'a', timestamp: t, payload }).events;
    assert.deepStrictEqual(ev(NOON, { airTemperature: 20, soilEC: 3 }), []);
    const a = ev(NOON + 10 * MIN, { airTemperature: 9.5, soilEC: 4.6 });
    assert.deepStrictEqual(a.map((x) => x.payload.ruleId), ['cold', 'ec']);
    assert.strictEqual(a[1].payload.threshold, 4.5);
    assert.deepStrictEqual(ev(NOON + 20 * MIN, { airTemperature: 10.5, soilEC: 4.4 }), []); // not yet recovered
    assert.deepStrictEqual(ev(NOON + 30 * MIN, { airTemperature: 11.5, soilEC: 4.2 }).map((x) => `${x.payload.ruleId}:${x.payload.state}`),
      ['cold:resolved', 'ec:resolved']);
    // +2 °C in 10 minutes = 12 °C/h
    const jump = ev(NOON + 40 * MIN, { airTemperature: 13.5, soilEC: 3 });
    assert.deepStrictEqual(jump.map((x) => x.payload.ruleId), ['jump']);
    assert.strictEqual(jump[0].payload.value, 12);
  });

  it('a night-only rule is silent by day and fires at night (Hakui sunrise/sunset)', () => {
    const { e } = engine([{ id: 'night-cold', metric: 'airTemperature', condition: 'below', threshold: 15, active: 'night' }]);
    assert.deepStrictEqual(e.ingest({ deviceId: 'a', timestamp: NOON, payload: { airTemperature: 12 } }).events, []);
    const night = Date.parse('2025-06-01T21:00:00+09:00');
    assert.deepStrictEqual(states(e.ingest({ deviceId: 'a', timestamp: night, payload: { airTemperature: 12 } }).events), ['firing']);
    const morning = Date.parse('2025-06-02T06:00:00+09:00'); // after sunrise (≈04:40)
    assert.deepStrictEqual(states(e.ingest({ deviceId: 'a', timestamp: morning, payload: { airTemperature: 12 } }).events), ['resolved']);
  });

  it('a time-window rule (22:00–05:00 local) wraps midnight', () => {
    const { e } = engine([{ id: 'w', metric: 'co2', condition: 'above', threshold: 1000, active: 'window', from: '22:00', to: '05:00' }]);
    const at = (hhmm: string) => Date.parse(`2025-06-01T${hhmm}:00+09:00`);
    assert.ok(e.isActive(e.rules[0], at('23:30')));
    assert.ok(e.isActive(e.rules[0], at('04:59')));
    assert.ok(!e.isActive(e.rules[0], at('05:00')));
    assert.ok(!e.isActive(e.rules[0], at('12:00')));
  });

  it('raises no-data after the sensor is silent for N minutes and resolves when it is back', () => {
    const { e } = engine([{ id: 'silent', metric: '*', condition: 'nodata', threshold: 30, repeatMinutes: 60 }]);
    e.ingest({ deviceId: 'a', timestamp: NOON, payload: { airTemperature: 20 } });
    assert.deepStrictEqual(e.tick(NOON + 29 * MIN).events, []);
    const r = e.tick(NOON + 30 * MIN);
    assert.deepStrictEqual(states(r.events), ['nodata']);
    assert.strictEqual(r.events[0].payload.since, NOON);
    assert.deepStrictEqual(e.tick(NOON + 60 * MIN).events, []);
    assert.deepStrictEqual(states(e.tick(NOON + 90 * MIN).events), ['nodata']); // repeat
    assert.deepStrictEqual(states(e.ingest({ deviceId: 'a', timestamp: NOON + 95 * MIN, payload: { co2: 500 } }).events), ['resolved']);
  });

  it('ignores non-numeric and vanished metrics per rule, counting warnings, never a false alert', () => {
    const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30 },
      { id: 'wet', metric: 'airHumidity', condition: 'above', threshold: 90 }]);
    e.ingest({ deviceId: 'a', timestamp: NOON, payload: { airTemperature: 20, airHumidity: 50 } });
    const r = e.ingest({ deviceId: 'a', timestamp: NOON + MIN, payload: { airTemperature: '45' as unknown as number, airHumidity: NaN } });
    const r2 = e.ingest({ deviceId: 'a', timestamp: NOON + 2 * MIN, payload: { co2: 400 } });
    assert.deepStrictEqual([...r.events, ...r2.events], []);
    assert.strictEqual(e.warnings, 4);
    e.ingest({ deviceId: 'soil-1', timestamp: NOON, payload: { soilMoisture: 30 } }); // never had the metric: fine
    assert.strictEqual(e.warnings, 4);
  });

  it('per-house scope: one alert for the house, ack "all" for that house only', () => {
    const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, scope: 'house', repeatMinutes: 5 }]);
    const send = (dev: string, house: string, m: number, v: number) =>
      e.ingest({ deviceId: dev, house, timestamp: NOON + m * MIN, payload: { airTemperature: v } }).events;
    assert.deepStrictEqual(send('h1-a', 'house-1', 0, 31).map((x) => x.topic), ['alert/house-1/hot']);
    assert.deepStrictEqual(send('h1-b', 'house-1', 1, 33), []);     // same house, already firing
    assert.deepStrictEqual(send('h2-a', 'house-2', 1, 31).map((x) => x.topic), ['alert/house-2/hot']);
    assert.deepStrictEqual(send('h1-a', 'house-1', 2, 25), []);     // h1-b is still hot
    const acks = e.ack({ all: true, house: 'house-1' }, NOON + 3 * MIN).events;
    assert.deepStrictEqual(acks.map((x) => `${x.payload.deviceId}:${x.payload.state}`), ['house-1:acknowledged']);
    assert.deepStrictEqual(send('h1-b', 'house-1', 4, 25).map((x) => x.payload.state), ['resolved']);
    assert.deepStrictEqual(send('h2-a', 'house-2', 6, 31).map((x) => x.payload.state), ['firing']); // repeat, not acked
  });

  it('groups firing events of one house produced together', () => {
    const { e } = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30 },
      { id: 'wet', metric: 'airHumidity', condition: 'above', threshold: 90 }], { groupBySite: true });
    const r = e.ingest({ deviceId: 'a', house: 'house-1', timestamp: NOON, payload: { airTemperature: 31, airHumidity: 95 } });
    assert.strictEqual(r.events.length, 1);
    assert.strictEqual(r.events[0].topic, 'alert/house-1/group');
    assert.strictEqual(r.events[0].payload.grouped, 2);
    assert.strictEqual(r.events[0].payload.message.split('\n').length, 2);
  });

  it('writes messages in Japanese or English from the template', () => {
    const rows = [{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30 },
      { id: 'own', metric: 'co2', condition: 'above', threshold: 1000, messageJa: '{house} の CO2 が {value}ppm', messageEn: 'CO2 {value} ppm in {house}' }];
    const ja = engine(rows, { lang: 'ja' }).e.ingest({ deviceId: 'gh-1', house: 'ハウス1', timestamp: NOON, payload: { airTemperature: 31.5, co2: 1200 } });
    assert.deepStrictEqual(ja.events.map((x) => x.payload.message),
      ['【警報】gh-1: 気温が30°Cを超えています（現在 31.5°C）', '【警報】ハウス1 の CO2 が 1200ppm']);
    const en = engine(rows, { lang: 'en' }).e.ingest({ deviceId: 'gh-1', house: 'h1', timestamp: NOON, payload: { airTemperature: 31.5, co2: 1200 } });
    assert.deepStrictEqual(en.events.map((x) => x.payload.message),
      ['[ALERT] gh-1: air temperature 31.5 °C is above 30 °C', '[ALERT] CO2 1200 ppm in h1']);
  });

  it('restores its state from JSON and carries on (same alert id, repeats, resolve)', () => {
    const rows = [{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, repeatMinutes: 10, forMinutes: 5 }];
    const first = engine(rows).e;
    first.ingest({ deviceId: 'a', timestamp: NOON, payload: { airTemperature: 31 } });
    const fired = first.ingest({ deviceId: 'a', timestamp: NOON + 5 * MIN, payload: { airTemperature: 31 } }).events[0];
    const saved = JSON.parse(JSON.stringify(first.state));
    const second = engine(rows, {}, saved).e;
    assert.deepStrictEqual(second.activeTable().map((r) => r.id), [fired.payload.id]);
    assert.deepStrictEqual(second.tick(NOON + 14 * MIN).events, []);
    assert.deepStrictEqual(states(second.tick(NOON + 15 * MIN).events), ['firing']);
    const end = second.ingest({ deviceId: 'a', timestamp: NOON + 16 * MIN, payload: { airTemperature: 28 } }).events;
    assert.deepStrictEqual(end.map((x) => [x.payload.state, x.payload.id]), [['resolved', fired.payload.id]]);
  });

  it('drops the state of rules that were removed from the table', () => {
    const first = engine([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30 }]).e;
    first.ingest({ deviceId: 'a', timestamp: NOON, payload: { airTemperature: 31 } });
    const second = engine([{ id: 'other', metric: 'co2', condition: 'above', threshold: 1000 }], {}, JSON.parse(JSON.stringify(first.state))).e;
    assert.deepStrictEqual(second.activeTable(), []);
    assert.deepStrictEqual(second.state.ruleIds, ['other']);
    assert.deepStrictEqual({ ...second.state.devices }, {});
  });
});

describe('rule table validation', () => {
  const refused = (rows: unknown[], key: string, row: number, field: string) => {
    assert.throws(() => parseRules(rows), (err: unknown) => {
      assert.ok(isCivicError(err));
      assert.strictEqual(err.key, `civic-alert.errors.${key}`);
      assert.strictEqual(err.params.row, row);
      assert.strictEqual(err.params.field, field);
      return true;
    });
  };
  const ok = { metric: 'airTemperature', condition: 'above', threshold: 30 };
  it('names the row and the field of the first bad entry', () => {
    refused([ok, { metric: 'airTemperature', condition: 'above', threshold: '' }], 'ruleRequired', 2, 'threshold');
    refused([{ metric: 'airTemperature', condition: 'above', threshold: 'hot' }], 'ruleNumber', 1, 'threshold');
    refused([ok, ok, { metric: '', condition: 'below', threshold: 3 }], 'ruleRequired', 3, 'metric');
    refused([{ metric: 'co2', condition: 'over', threshold: 3 }], 'ruleEnum', 1, 'condition');
    refused([{ metric: 'co2', condition: 'above', threshold: 1000, recovery: 1100 }], 'ruleRecoveryAbove', 1, 'recovery');
    refused([{ metric: 'co2', condition: 'below', threshold: 300, recovery: 200 }], 'ruleRecoveryBelow', 1, 'recovery');
    refused([{ metric: 'soilEC', condition: 'outside', low: 4, high: 2 }], 'ruleBand', 1, 'high');
    refused([{ metric: 'soilEC', condition: 'outside', low: 2, high: 4, recovery: 1.5 }], 'ruleMargin', 1, 'recovery');
    refused([{ ...ok, active: 'window', from: '22:00', to: '5:00' }], 'ruleTime', 1, 'to');
    refused([{ ...ok, forMinutes: -1 }], 'ruleNegative', 1, 'forMinutes');
    refused([{ ...ok, id: 'x' }, { ...ok, id: 'x' }], 'ruleDuplicate', 2, 'id');
    refused([{ metric: '*', condition: 'above', threshold: 3 }], 'ruleWildcard', 1, 'metric');
    refused([{ metric: '*', condition: 'nodata', threshold: 0 }], 'rulePositive', 1, 'threshold');
  });
  it('accepts editor strings and fills defaults', () => {
    const [r] = parseRules([{ metric: 'airTemperature', condition: 'above', threshold: '30', recovery: '', forMinutes: '10' }]);
    assert.strictEqual(r.threshold, 30);
    assert.strictEqual(r.recovery, null);
    assert.strictEqual(r.forMinutes, 10);
    assert.strictEqual(r.id, 'rule-1');
    assert.strictEqual(r.severity, 'warning');
    assert.strictEqual(r.active, 'always');
  });
});
