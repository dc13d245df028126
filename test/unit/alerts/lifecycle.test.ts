// The alert lifecycle users ask other tools for: acknowledge with a comment, snooze with an expiry, mute windows
// (maintenance), escalation when nobody acknowledges, a second metric as a condition, per-site alerts.
import assert from 'assert';
import {
  AlertEngine, parseMutes, parseRules, runCommand, type AlertEvent, type EngineOptions, type RawRule,
} from '../../../lib/alerts';

const MIN = 60000;
const NOON = Date.parse('2025-06-02T12:00:00+09:00'); // a Monday
const HOT: RawRule = { id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, repeatMinutes: 10 };

function engine(rows: RawRule[], opts: Partial<EngineOptions> = {}) {
  return new AlertEngine(parseRules(rows), { now: () => NOON, ...opts });
}
const summary = (events: AlertEvent[]) => events.map((e) => `${e.payload.state}@${(e.payload.time - NOON) / MIN}`);
function run(e: AlertEngine, from: number, to: number, value: (m: number) => number, device = 'a'): AlertEvent[] {
  const out: AlertEvent[] = [];
  for (let m = from; m <= to; m++) {
    out.push(...e.ingest({ deviceId: device, site: 'site-1', timestamp: NOON + m * MIN, payload: { airTemperature: value(m) } }).events);
    out.push(...e.tick(NOON + m * MIN + 30000).events);
  }
  return out;
}

describe('alert lifecycle: acknowledge with a comment', () => {
  it('records who acknowledged and why, in the event, the message and the table', () => {
    const e = engine([HOT], { lang: 'ja' });
    const [fired] = run(e, 0, 0, () => 31);
    const ack = e.ack(fired.payload.id, NOON + MIN, { by: '山田', comment: '換気扇を修理しました' }).events;
    assert.strictEqual(ack.length, 1);
    assert.deepStrictEqual(ack[0].payload.acknowledged, { at: NOON + MIN, by: '山田', comment: '換気扇を修理しました' });
    assert.strictEqual(ack[0].payload.message, '【確認済み】a: 気温が30°Cを超えています（現在 31°C）（確認: 山田「換気扇を修理しました」）');
    assert.deepStrictEqual(e.activeTable().map((r) => [r.state, r.acknowledged?.comment]), [['acknowledged', '換気扇を修理しました']]);
    // no repeats after the ack; the resolve still comes
    assert.deepStrictEqual(summary(run(e, 2, 40, (m) => (m < 30 ? 31 : 28))), ['resolved@30']);
  });
});

describe('alert lifecycle: snooze', () => {
  it('holds back repeats until the snooze ends, then notifies once more if still firing', () => {
    const e = engine([HOT]);
    const [fired] = run(e, 0, 0, () => 31);
    const snoozed = e.snooze(fired.payload.id, NOON + 45 * MIN, NOON + MIN, { comment: 'on my way' }).events;
    assert.deepStrictEqual(snoozed.map((x) => [x.payload.state, x.payload.snoozedUntil]), [['snoozed', NOON + 45 * MIN]]);
    assert.match(snoozed[0].payload.message, /^\[snoozed\] .*\(no notifications until 12:45\)$/);
    const later = run(e, 1, 60, () => 31);
    assert.deepStrictEqual(summary(later), ['firing@45', 'firing@55']);
    assert.strictEqual(later[0].payload.snoozedUntil, undefined);
  });

  it('a snoozed alert that resolves meanwhile says so, and a snooze with minutes 0 ends it', () => {
    const e = engine([HOT]);
    run(e, 0, 0, () => 31);
    e.snooze('all', NOON + 60 * MIN, NOON + MIN);
    assert.deepStrictEqual(summary(run(e, 1, 20, (m) => (m < 15 ? 31 : 28))), ['resolved@15']);
    const f = engine([HOT]);
    run(f, 0, 0, () => 31);
    f.snooze('all', NOON + 60 * MIN, NOON + MIN);
    assert.ok(f.snooze('all', NOON + 2 * MIN, NOON + 2 * MIN).changed);
    assert.deepStrictEqual(summary(run(f, 3, 12, () => 31)), ['firing@11']); // 10 min after the last notification (the snooze)
  });
});

describe('alert lifecycle: escalation', () => {
  it('escalates once when nobody acknowledges within N minutes, not when someone did', () => {
    const rule = { ...HOT, repeatMinutes: 0, escalateMinutes: 20 };
    const e = engine([rule]);
    const events = run(e, 0, 60, () => 31);
    assert.deepStrictEqual(summary(events), ['firing@0', 'escalated@20.5']); // on the first timer tick after 20 min
    assert.strictEqual(events[1].payload.escalated, true);
    assert.match(events[1].payload.message, /^\[ESCALATED\] a: air temperature 31 °C is above 30 °C$/);
    assert.strictEqual(e.activeTable()[0].escalated, true);
    const acked = engine([rule]);
    const [fired] = run(acked, 0, 0, () => 31);
    acked.ack(fired.payload.id, NOON + 5 * MIN);
    assert.deepStrictEqual(summary(run(acked, 1, 60, () => 31)), []);
  });
});

describe('alert lifecycle: mute windows', () => {
  const tz = 'Asia/Tokyo';
  it('a daily window holds back notifications; an alert still open at its end is sent then, once', () => {
    const mutes = parseMutes([{ repeat: 'daily', from: '12:10', to: '12:40', target: 'all', comment: '清掃' }], tz);
    const e = engine([{ ...HOT, repeatMinutes: 0 }], { mutes });
    const events = run(e, 0, 60, (m) => (m >= 15 ? 31 : 25));
    assert.deepStrictEqual(summary(events), ['firing@40']);
    assert.strictEqual(events[0].payload.since, NOON + 15 * MIN);
  });

  it('an alert that fires and resolves inside the window is never sent; the table still showed it', () => {
    const mutes = parseMutes([{ repeat: 'daily', from: '12:00', to: '13:00' }], tz);
    const e = engine([HOT], { mutes });
    run(e, 0, 5, () => 31);
    assert.deepStrictEqual(e.activeTable(NOON + 5 * MIN).map((r) => [r.state, r.muted]), [['firing', true]]);
    assert.deepStrictEqual(summary(run(e, 6, 90, (m) => (m < 30 ? 31 : 28))), []);
    assert.deepStrictEqual(e.activeTable(), []);
  });

  it('covers one device, site or rule only; weekly windows on their days; once windows between two date-times', () => {
    const rules = [HOT, { ...HOT, id: 'hot2' }];
    const cases: Array<[RawRule, string[]]> = [
      [{ repeat: 'daily', from: '11:00', to: '14:00', target: 'device', match: 'b' }, ['a hot', 'a hot2']],
      [{ repeat: 'daily', from: '11:00', to: '14:00', target: 'rule', match: 'hot2' }, ['a hot', 'b hot']],
      [{ repeat: 'weekly', days: ['mon'], from: '11:00', to: '14:00', target: 'all' }, []],
      [{ repeat: 'weekly', days: 'tue,wed', from: '11:00', to: '14:00', target: 'all' }, ['a hot', 'a hot2', 'b hot', 'b hot2']],
      [{ repeat: 'once', from: '2025-06-02 11:30', to: '2025-06-02 12:30', target: 'site', match: 'site-1' }, []],
      [{ repeat: 'once', from: '2025-06-01 11:30', to: '2025-06-01 12:30', target: 'all' }, ['a hot', 'a hot2', 'b hot', 'b hot2']],
    ];
    for (const [row, expected] of cases) {
      const e = engine(rules, { mutes: parseMutes([row], tz) });
      const got = [...run(e, 0, 0, () => 31, 'a'), ...run(e, 0, 0, () => 31, 'b')].map((x) => `${x.payload.deviceId} ${x.payload.ruleId}`);
      assert.deepStrictEqual(got, expected, JSON.stringify(row));
    }
  });

  it('mute and unmute by message; the window is kept in the engine state', () => {
    const e = engine([{ ...HOT, repeatMinutes: 0 }]);
    runCommand(e, { topic: 'mute', payload: { minutes: 30, device: 'a', comment: 'ポンプ交換', id: 'pump' }, t: NOON });
    assert.deepStrictEqual(e.state.mutes?.map((m) => [m.id, m.target, m.match, m.to - m.from]), [['pump', 'device', 'a', 30 * MIN]]);
    assert.deepStrictEqual(summary(run(e, 0, 10, () => 31)), []);
    const restored = new AlertEngine(e.rules, { now: () => NOON }, JSON.parse(JSON.stringify(e.state)));
    assert.strictEqual(restored.muteWindows().length, 1);
    assert.ok(runCommand(e, { topic: 'unmute', payload: 'pump', t: NOON + 11 * MIN }).result.changed);
    assert.deepStrictEqual(summary(run(e, 11, 12, () => 31)), ['firing@11']);
    assert.ok(runCommand(e, { topic: 'unmute', payload: 'nope', t: NOON }).unknownTarget);
  });
});

describe('alert rules: a second metric as a condition, per-site alerts', () => {
  it('counts only while the second metric is inside its band (deep water when the air is 17 °C or colder)', () => {
    const e = engine([{ id: 'deep', metric: 'waterDepth', condition: 'below', threshold: 15, recovery: 16, metric2: 'airTemperature', high2: 17 }], { lang: 'ja' });
    const at = (m: number, p: Record<string, number>) => e.ingest({ deviceId: 'paddy-1', timestamp: NOON + m * MIN, payload: p }).events;
    assert.deepStrictEqual(at(0, { waterDepth: 10, airTemperature: 22 }), []);
    const fired = at(1, { waterDepth: 10, airTemperature: 16 });
    assert.deepStrictEqual(fired.map((x) => x.payload.message), ['【警報】paddy-1: 水深が15cmを下回っています（現在 10cm）（気温が17°C以下のとき）']);
    assert.deepStrictEqual(at(2, { waterDepth: 10 }), []); // the air temperature is remembered
    assert.deepStrictEqual(at(3, { waterDepth: 10, airTemperature: 19 }).map((x) => x.payload.state), ['resolved']);
  });

  it('refuses a second metric without a band, and a band without a metric, naming the field', () => {
    assert.throws(() => parseRules([{ metric: 'a', threshold: 1, metric2: 'b' }]), /rule 1, low2/);
    assert.throws(() => parseRules([{ metric: 'a', threshold: 1, low2: 3 }]), /rule 1, metric2/);
  });

  it('per site: one alert for the site, named by the site, with site and house in the event', () => {
    const e = engine([{ ...HOT, scope: 'site' }]);
    const ev = e.ingest({ deviceId: 'gauge-1', site: 'east-bank', timestamp: NOON, payload: { airTemperature: 33 } }).events;
    assert.deepStrictEqual(ev.map((x) => [x.topic, x.payload.deviceId, x.payload.site, x.payload.house]), [['alert/east-bank/hot', 'east-bank', 'east-bank', 'east-bank']]);
    assert.deepStrictEqual(e.ack({ site: 'east-bank' }, NOON + MIN).events.map((x) => x.payload.state), ['acknowledged']);
  });

  it('reads the 0.1.0 scope "house" as "site"', () => {
    assert.strictEqual(parseRules([{ ...HOT, scope: 'house' }])[0].scope, 'site');
  });
});

describe('alert commands', () => {
  it('refuses malformed snooze and mute payloads with translatable errors that echo nothing', () => {
    const e = engine([HOT]);
    const keyOf = (f: () => unknown) => { try { f(); } catch (err) { return (err as { key?: string }).key; } return undefined; };
    assert.strictEqual(keyOf(() => runCommand(e, { topic: 'snooze', payload: { id: 'x' }, t: NOON })), 'civic-alert.errors.snooze');
    assert.strictEqual(keyOf(() => runCommand(e, { topic: 'snooze', payload: 42, t: NOON })), 'civic-alert.errors.snooze');
    assert.strictEqual(keyOf(() => runCommand(e, { topic: 'mute', payload: { minutes: -5 }, t: NOON })), 'civic-alert.errors.mute');
    assert.strictEqual(keyOf(() => runCommand(e, { topic: 'mute', payload: { to: 'tomorrow' }, t: NOON })), 'civic-alert.errors.mute');
    assert.strictEqual(keyOf(() => runCommand(e, { topic: 'unmute', payload: {}, t: NOON })), 'civic-alert.errors.unmute');
  });

  it('snoozes until a local time or an ISO time', () => {
    const e = engine([HOT]);
    run(e, 0, 0, () => 31);
    const r = runCommand(e, { topic: 'snooze', payload: { all: true, until: '2025-06-02 13:30' }, t: NOON + MIN });
    assert.strictEqual(r.result.events[0].payload.snoozedUntil, Date.parse('2025-06-02T13:30:00+09:00'));
    const r2 = runCommand(e, { topic: 'snooze', payload: { all: true, until: '2025-06-02T05:00:00Z' }, t: NOON + MIN });
    assert.strictEqual(r2.result.events[0].payload.snoozedUntil, Date.parse('2025-06-02T14:00:00+09:00'));
  });
});

describe('alert engine: a redeploy hands the live state object to the next engine', () => {
  it('the new engine keeps its own list of open alerts (the memory context store passes the same objects)', () => {
    // seen failing as "RangeError: Invalid array length": the new engine reused the old engine's list entries
    const first = engine([{ ...HOT, forMinutes: 10 }]);
    run(first, 0, 0, () => 31, 'a');
    run(first, 0, 0, () => 31, 'b');
    const second = new AlertEngine(first.rules, { now: () => NOON }, first.state);
    assert.deepStrictEqual(second.activeTable().map((r) => [r.deviceId, r.state]), [['a', 'pending'], ['b', 'pending']]);
    run(second, 1, 1, () => 25, 'a');
    assert.deepStrictEqual(second.activeTable().map((r) => r.deviceId), ['b']);
    assert.deepStrictEqual(second.counts(NOON), { firing: 0, open: 1, muting: false });
  });
});
