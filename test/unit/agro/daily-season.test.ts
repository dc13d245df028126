// The daily summary fields the season report reads: day/night means by the sun at the site, time with the humidity
// deficit (飽差) in its 3–6 g/m³ band, and daily means of soil and air metrics.
import assert from 'assert';
import { DailyAccumulator, humidityDeficit } from '../../../lib/agro';

const JST = (iso: string) => Date.parse(`${iso}+09:00`);

describe('daily summary: day/night, 飽差 band, means', () => {
  it('splits the day at sunrise/sunset in Hakui and counts the time 飽差 is in band', () => {
    const acc = new DailyAccumulator({ timeZone: 'Asia/Tokyo' });
    // 2025-06-01 in Hakui: sunrise ≈ 04:40, sunset ≈ 19:05 JST. Night 15 °C at 90 % (deficit ≈ 1.3), day 25 °C at 70 % (≈ 6.9)
    // until noon, then 25 °C at 75 % (≈ 5.8, in band).
    assert.ok(humidityDeficit(25, 75) > 3 && humidityDeficit(25, 75) < 6 && humidityDeficit(25, 70) > 6 && humidityDeficit(15, 90) < 3);
    for (let m = 0; m < 24 * 60; m += 10) {
      const t = JST(`2025-06-01T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`);
      const hour = m / 60;
      const day = hour >= 6 && hour < 18;
      acc.add('th', t, day ? { airTemperature: 25, airHumidity: hour < 12 ? 70 : 75, soilEC: 2 } : { airTemperature: 15, airHumidity: 90, soilEC: 3 });
    }
    const [s] = acc.flush(JST('2025-06-02T00:00:01'));
    // day: 04:40–06:00 and 18:00–19:05 at 15 °C, 06:00–18:00 at 25 °C (10-minute samples)
    assert.ok(s.payload.tday! > 22 && s.payload.tday! < 23.5, `tday ${s.payload.tday}`);
    assert.strictEqual(s.payload.tnight, 15);
    assert.strictEqual(s.payload.deficitInBandMinutes, 360);
    assert.strictEqual(s.payload.deficitInBandFraction, 0.25);
    assert.strictEqual(s.payload.soilECMean, 2.5);
    assert.strictEqual(s.payload.airHumidityMean, (90 * 72 + 70 * 36 + 75 * 36) / 144);
  });

  it('keeps working from a state saved before these fields existed', () => {
    const old = { version: 1 as const, devices: { th: { day: { date: '2025-06-01', start: JST('2025-06-01T00:00:00'), end: JST('2025-06-02T00:00:00'),
      n: 1, sumT: 20, tmin: 20, tmax: 20, light: 0, lightMs: 0, inRangeMs: 0, rangeMs: 0 }, light: null, range: null, gddTotal: 0, days: 0 } } };
    const acc = new DailyAccumulator({}, old as never);
    acc.add('th', JST('2025-06-01T23:00:00'), { airTemperature: 10, airHumidity: 80 });
    const [s] = acc.flush(JST('2025-06-02T00:00:01'));
    assert.strictEqual(s.payload.tmean, 15);
    assert.strictEqual(s.payload.tnight, 10);
  });
});
