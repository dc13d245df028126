// Mute windows: validation naming the row and field, local times (DST-aware), windows across midnight.
import assert from 'assert';
import { localTime, muteCovers, muteOn, parseMute, parseMutes } from '../../../lib/alerts';

const TZ = 'Asia/Tokyo';
const at = (iso: string) => Date.parse(iso);
const keyOf = (f: () => unknown) => { try { f(); } catch (err) { return `${(err as { key: string }).key} ${JSON.stringify((err as { params: unknown }).params)}`; } return 'no error'; };

describe('alert mute windows', () => {
  it('reads local date-times in the node time zone, across a DST change too', () => {
    assert.strictEqual(localTime('2025-06-02 12:30', TZ), at('2025-06-02T12:30:00+09:00'));
    assert.strictEqual(localTime('2025-03-09T03:30', 'America/New_York'), at('2025-03-09T03:30:00-04:00'));
    assert.strictEqual(localTime('2025-03-08 03:30', 'America/New_York'), at('2025-03-08T03:30:00-05:00'));
    for (const bad of ['2025-02-30 10:00', '2025-06-02', '12:30', 'tomorrow']) assert.strictEqual(localTime(bad, TZ), undefined, bad);
  });

  it('a daily window across midnight covers the night after each start day; weekly only after its days', () => {
    const night = parseMute({ repeat: 'daily', from: '22:00', to: '06:00' }, 1, TZ);
    assert.ok(muteOn(night, at('2025-06-02T23:00:00+09:00'), TZ));
    assert.ok(muteOn(night, at('2025-06-03T05:59:00+09:00'), TZ));
    assert.ok(!muteOn(night, at('2025-06-03T06:00:00+09:00'), TZ));
    const friday = parseMute({ repeat: 'weekly', days: ['fri'], from: '22:00', to: '06:00' }, 1, TZ);
    assert.ok(muteOn(friday, at('2025-06-07T02:00:00+09:00'), TZ), 'Saturday 02:00 belongs to Friday night');
    assert.ok(!muteOn(friday, at('2025-06-08T02:00:00+09:00'), TZ), 'Sunday 02:00 does not');
    const once = parseMute({ repeat: 'once', from: '2025-06-02 09:00', to: '2025-06-02 17:00' }, 1, TZ);
    assert.deepStrictEqual([muteOn(once, at('2025-06-02T08:59:00+09:00'), TZ), muteOn(once, at('2025-06-02T12:00:00+09:00'), TZ)], [false, true]);
  });

  it('covers all alerts, one device, one site or one rule', () => {
    const s = { device: 'pump-1', site: 'plant', rule: 'pressure' };
    const w = (target: string, match = '') => parseMute({ repeat: 'daily', from: '00:00', to: '00:00', target, match }, 1, TZ);
    assert.deepStrictEqual([w('all'), w('device', 'pump-1'), w('device', 'pump-2'), w('site', 'plant'), w('rule', 'level')].map((x) => muteCovers(x, s)),
      [true, true, false, true, false]);
  });

  it('refuses bad rows naming the row and the field', () => {
    assert.strictEqual(keyOf(() => parseMutes([{ repeat: 'daily', from: '08:00', to: '17:00' }, { repeat: 'daily', from: '8時', to: '17:00' }], TZ)),
      'civic-alert.errors.ruleTime {"row":2,"field":"from","got":"8時"}');
    assert.strictEqual(keyOf(() => parseMutes([{ repeat: 'once', from: '2025-06-02 17:00', to: '2025-06-02 09:00' }], TZ)),
      'civic-alert.errors.muteOrder {"row":1,"field":"to"}');
    assert.strictEqual(keyOf(() => parseMutes([{ repeat: 'weekly', from: '08:00', to: '17:00' }], TZ)),
      'civic-alert.errors.muteRequired {"row":1,"field":"days"}');
    assert.strictEqual(keyOf(() => parseMutes([{ repeat: 'daily', from: '08:00', to: '17:00', target: 'device' }], TZ)),
      'civic-alert.errors.muteRequired {"row":1,"field":"match"}');
    assert.strictEqual(keyOf(() => parseMutes([{ repeat: 'weekly', days: 'mon,funday', from: '08:00', to: '17:00' }], TZ)).split(' ')[0],
      'civic-alert.errors.ruleEnum');
    assert.strictEqual(keyOf(() => parseMutes({}, TZ)), 'civic-alert.errors.muteList {}');
  });
});
