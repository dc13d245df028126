import assert from 'assert';
import {
  saturationVapourPressure, vpd, dewPoint, absoluteHumidity, humidityDeficit, degreeDaysMean, degreeDaysMinMax,
  dli, ppfdFromSolar, deriveHumidityMetrics, DailyAccumulator, AgriMetrics, localDay, isValidTimeZone,
} from '../../../lib/agro';

const near = (got: number, want: number, tol: number) =>
  assert.ok(Math.abs(got - want) <= tol, `expected ${want} ± ${tol}, got ${got}`);

const JST = (iso: string) => Date.parse(`${iso}+09:00`);

describe('agro formulas (docs/domain.md §2 reference values)', () => {
  it('saturation vapour pressure follows FAO-56 eq. 11', () => {
    near(saturationVapourPressure(24.5), 3.075, 0.0005);
    near(saturationVapourPressure(15), 1.705, 0.0005);
    near(saturationVapourPressure(18), 2.064, 0.0005);
    near(saturationVapourPressure(25), 3.168, 0.0005);
  });
  it('VPD at 20 °C / 50 % is 1.169 kPa and at 25 °C / 60 % 1.267 kPa', () => {
    near(vpd(20, 50), 1.169, 0.0005);
    near(vpd(25, 60), 1.267, 0.0005);
  });
  it('dew point (Magnus 17.625 / 243.04) at 22 °C / 78 % is 17.98 °C', () => {
    // docs/domain.md §2 quotes 17.98; the Magnus formula with these coefficients gives 17.987 (17.98 to two places when
    // truncated), so the check allows ±0.01.
    near(dewPoint(22, 78), 17.98, 0.01);
    near(dewPoint(10, 100), 10, 1e-9);
    assert.ok(Number.isNaN(dewPoint(20, 0)));
  });
  it('absolute humidity at 22 °C / 78 % is about 15.1 g/m³', () => {
    near(absoluteHumidity(22, 78), 15.1, 0.05);
  });
  it('humidity deficit 飽差 at 25 °C / 60 % is about 9.2 g/m³', () => {
    near(humidityDeficit(25, 60), 9.2, 0.05);
    assert.strictEqual(humidityDeficit(25, 100), 0);
  });
  it('degree days: mean and min/max methods, never negative', () => {
    assert.strictEqual(degreeDaysMinMax(12, 28, 10), 10);
    assert.strictEqual(degreeDaysMean(22.5, 0), 22.5);
    assert.strictEqual(degreeDaysMinMax(2, 8, 10), 0);
  });
  it('DLI of 500 µmol/m²/s for 12 h is 21.6 mol/m²/day', () => {
    near(dli(500, 12), 21.6, 1e-9);
    near(ppfdFromSolar(100), 202, 1e-9);
    near(ppfdFromSolar(100, 2.3), 230, 1e-9);
  });
  it('derived metrics are rounded, and absent for missing or impossible inputs', () => {
    assert.deepStrictEqual(deriveHumidityMetrics(20, 50), { vpd: 1.169, humidityDeficit: 8.64, dewPoint: 9.26, absoluteHumidity: 8.64 });
    assert.deepStrictEqual(deriveHumidityMetrics(20, undefined), {});
    assert.deepStrictEqual(deriveHumidityMetrics('20', 50), {});
    assert.deepStrictEqual(deriveHumidityMetrics(20, 130), {});
    assert.deepStrictEqual(deriveHumidityMetrics(NaN, 50), {});
  });
});

describe('local days', () => {
  it('Asia/Tokyo days start at 15:00 UTC', () => {
    const d = localDay(Date.parse('2025-06-01T14:59:59Z'), 'Asia/Tokyo');
    assert.strictEqual(d.date, '2025-06-01');
    assert.strictEqual(d.start, Date.parse('2025-05-31T15:00:00Z'));
    assert.strictEqual(d.end, Date.parse('2025-06-01T15:00:00Z'));
    assert.strictEqual(localDay(Date.parse('2025-06-01T15:00:00Z'), 'Asia/Tokyo').date, '2025-06-02');
  });
  it('a DST day in Europe/Berlin is 23 hours long', () => {
    const d = localDay(Date.parse('2025-03-30T12:00:00Z'), 'Europe/Berlin');
    assert.strictEqual(d.end - d.start, 23 * 3600000);
  });
  it('rejects unknown zones', () => {
    assert.ok(isValidTimeZone('Asia/Tokyo'));
    assert.ok(!isValidTimeZone('Mars/Olympus'));
  });
});

describe('daily accumulators', () => {
  it('integrates 500 µmol/m²/s over 12 h into a DLI of 21.6 and closes the day at local midnight', () => {
    const acc = new DailyAccumulator({ timeZone: 'Asia/Tokyo' });
    const start = JST('2025-06-01T06:00:00');
    let summaries = [] as ReturnType<DailyAccumulator['add']>;
    for (let m = 0; m <= 24 * 60; m += 5) {
      const t = start + m * 60000;
      const ppfd = m < 12 * 60 ? 500 : 0;
      summaries = summaries.concat(acc.add('gh-1', t, { ppfd, airTemperature: 20 }));
    }
    assert.strictEqual(summaries.length, 1);
    assert.strictEqual(summaries[0].date, '2025-06-01');
    near(summaries[0].payload.dli as number, 21.6, 1e-6);
  });
  it('uses solar radiation × 2.02 when there is no PPFD sensor', () => {
    const acc = new DailyAccumulator();
    const t0 = JST('2025-06-01T08:00:00');
    for (let m = 0; m <= 60; m += 10) acc.add('gh-1', t0 + m * 60000, { solarRadiation: m < 60 ? 250 : 0 });
    const [s] = acc.flush(JST('2025-06-02T00:00:00'));
    near(s.payload.dli as number, 250 * 2.02 * 0.0036, 0.005);
  });
  it('degree days from the daily mean (base 0 = 積算温度) and from min/max (base 10)', () => {
    const mean = new DailyAccumulator({ gddBase: 0, gddMethod: 'mean' });
    const minmax = new DailyAccumulator({ gddBase: 10, gddMethod: 'minmax' });
    const temps = [14, 18, 26, 30, 22, 18];
    temps.forEach((temp, i) => {
      const t = JST('2025-06-01T01:00:00') + i * 4 * 3600000;
      mean.add('a', t, { airTemperature: temp });
      minmax.add('a', t, { airTemperature: temp });
    });
    const end = JST('2025-06-02T00:00:00');
    assert.strictEqual(mean.flush(end)[0].payload.gdd, 21.33);
    const s = minmax.flush(end)[0].payload;
    assert.strictEqual(s.gdd, 12);
    assert.strictEqual(s.tmin, 14);
    assert.strictEqual(s.tmax, 30);
    assert.strictEqual(minmax.gddTotal('a'), 12);
  });
  it('counts time in range, not beyond a sensor gap', () => {
    const acc = new DailyAccumulator({ rangeMetric: 'airTemperature', rangeLow: 18, rangeHigh: 27, maxGapMinutes: 30 });
    const t0 = JST('2025-06-01T10:00:00');
    acc.add('a', t0, { airTemperature: 20 });             // in range 10:00–10:30
    acc.add('a', t0 + 30 * 60000, { airTemperature: 30 }); // out 10:30–11:00
    acc.add('a', t0 + 60 * 60000, { airTemperature: 22 }); // in; then silent: counts 30 min only
    const [s] = acc.flush(JST('2025-06-02T00:00:00'));
    assert.strictEqual(s.payload.timeInRangeMinutes, 60);
    assert.strictEqual(s.payload.timeInRangeFraction, 0.667);
  });
  it('keeps its state through JSON (node context) and adds the season total to readings', () => {
    const a = new AgriMetrics({ gddBase: 10 });
    a.process('a', JST('2025-06-01T12:00:00'), { airTemperature: 25, airHumidity: 60 });
    const restored = new AgriMetrics({ gddBase: 10 }, JSON.parse(JSON.stringify(a.state)));
    const r = restored.process('a', JST('2025-06-02T12:00:00'), { airTemperature: 25, airHumidity: 60 });
    assert.strictEqual(r.summaries.length, 1);
    assert.strictEqual(r.summaries[0].payload.gdd, 15);
    assert.strictEqual(r.derived.gdd, 15);
    assert.strictEqual(r.derived.vpd, 1.267);
  });
  it('warns about an impossible humidity instead of deriving from it', () => {
    const r = new AgriMetrics().process('a', 0, { airTemperature: 25, airHumidity: 140 });
    assert.strictEqual(r.derived.vpd, undefined);
    assert.strictEqual(r.warnings.length, 1);
  });
  it('ignores a late reading from a day already closed', () => {
    const acc = new DailyAccumulator();
    acc.add('a', JST('2025-06-02T01:00:00'), { airTemperature: 20 });
    assert.deepStrictEqual(acc.add('a', JST('2025-06-01T23:00:00'), { airTemperature: 40 }), []);
    assert.strictEqual(acc.flush(JST('2025-06-03T00:00:00'))[0].payload.tmax, 20);
  });
});
