import assert from 'assert';
import { HAKUI, isDaytime, solarElevation, sunTimes } from '../../../lib/sun';

const jst = (iso: string) => Date.parse(`${iso}+09:00`);
const hhmm = (ms: number | null) => new Date((ms ?? 0) + 9 * 3600000).toISOString().slice(11, 16);
const minutesApart = (a: number | null, b: number) => Math.abs(((a ?? 0) - b) / 60000);

// Expected times worked by hand: solar noon = 12:00 JST − 4 min × (136.78 − 135) − equation of time; half-day
// arc from cos H = (sin −0.833° − sin φ sin δ) / (cos φ cos δ) with δ = ±23.44°.
describe('sun: sunrise and sunset at Hakui', () => {
  it('gives the summer solstice day (sunrise ≈ 04:34, sunset ≈ 19:15 JST) within 2 minutes', () => {
    const s = sunTimes(jst('2026-06-21T12:00:00'), HAKUI.latitude, HAKUI.longitude);
    assert.ok(minutesApart(s.sunrise, jst('2026-06-21T04:34:00')) < 2, `sunrise ${hhmm(s.sunrise)}`);
    assert.ok(minutesApart(s.sunset, jst('2026-06-21T19:15:00')) < 2, `sunset ${hhmm(s.sunset)}`);
  });

  it('gives the winter solstice day (sunrise ≈ 07:02, sunset ≈ 16:40 JST) within 2 minutes', () => {
    const s = sunTimes(jst('2026-12-21T12:00:00'), HAKUI.latitude, HAKUI.longitude);
    assert.ok(minutesApart(s.sunrise, jst('2026-12-21T07:02:00')) < 2, `sunrise ${hhmm(s.sunrise)}`);
    assert.ok(minutesApart(s.sunset, jst('2026-12-21T16:40:00')) < 2, `sunset ${hhmm(s.sunset)}`);
  });

  it('puts solar noon near 11:52 JST in mid-April (longitude 136.78 E, equation of time ≈ 0)', () => {
    const s = sunTimes(jst('2026-04-15T12:00:00'), HAKUI.latitude, HAKUI.longitude);
    assert.ok(minutesApart(s.solarNoon, jst('2026-04-15T11:52:00')) < 3, `noon ${hhmm(s.solarNoon)}`);
  });

  it('says day at noon and night at midnight, with the sun highest at solar noon', () => {
    const noon = jst('2026-06-21T11:55:00');
    assert.strictEqual(isDaytime(noon, HAKUI.latitude, HAKUI.longitude), true);
    assert.strictEqual(isDaytime(jst('2026-06-21T00:00:00'), HAKUI.latitude, HAKUI.longitude), false);
    const top = solarElevation(noon, HAKUI.latitude, HAKUI.longitude);
    assert.ok(Math.abs(top - (90 - HAKUI.latitude + 23.44)) < 0.5, `elevation ${top}`);
  });

  it('reports no sunrise in polar night', () => {
    const s = sunTimes(Date.parse('2026-12-21T12:00:00Z'), 80, 15);
    assert.strictEqual(s.sunrise, null);
    assert.strictEqual(s.sunset, null);
  });
});
