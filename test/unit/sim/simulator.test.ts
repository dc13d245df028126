import assert from 'assert';
import { createSimulator, simDevices, greenhouseAt, soilAt, type SimMessage } from '../../../lib/sim';
import { HAKUI } from '../../../lib/sun';

const jst = (iso: string) => Date.parse(`${iso}+09:00`);
const HOUR = 3600000;
type Values = Record<string, number>;

function day(kind: 'greenhouse' | 'soil', date: string, stepMinutes = 30, seed = 1): Array<{ t: number; v: Values }> {
  const start = jst(`${date}T00:00:00`);
  const out: Array<{ t: number; v: Values }> = [];
  for (let m = 0; m < 24 * 60; m += stepMinutes) {
    const t = start + m * 60000;
    const v = (kind === 'greenhouse' ? greenhouseAt(seed, 0, t, HAKUI) : soilAt(seed, 0, t, HAKUI)) as unknown as Values;
    out.push({ t, v });
  }
  return out;
}

function correlation(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let sxy = 0; let sxx = 0; let syy = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i] - my); sxx += (x - mx) ** 2; syy += (ys[i] - my) ** 2; });
  return sxy / Math.sqrt(sxx * syy);
}

describe('sim: a believable day in a Hakui greenhouse', () => {
  for (const date of ['2026-01-15', '2026-04-20', '2026-08-10', '2026-10-05']) {
    it(`is warmer at 13:00 than at 03:00 (${date})`, () => {
      const night = greenhouseAt(1, 0, jst(`${date}T03:00:00`), HAKUI);
      const noon = greenhouseAt(1, 0, jst(`${date}T13:00:00`), HAKUI);
      assert.ok(noon.airTemperature > night.airTemperature, `${noon.airTemperature} vs ${night.airTemperature}`);
    });
  }

  it('has sunlight only between sunrise and sunset', () => {
    for (const { t, v } of day('greenhouse', '2026-06-21')) {
      const hour = new Date(t + 9 * HOUR).getUTCHours();
      if (hour < 4 || hour >= 20) assert.strictEqual(v.solarRadiation, 0, `radiation at ${hour}:00`);
    }
    assert.ok(greenhouseAt(1, 0, jst('2026-06-21T12:00:00'), HAKUI).solarRadiation > 100);
  });

  it('moves humidity against temperature over a day', () => {
    const d = day('greenhouse', '2026-05-10');
    const r = correlation(d.map((x) => x.v.airTemperature), d.map((x) => x.v.airHumidity));
    assert.ok(r < -0.5, `correlation ${r}`);
  });

  it('draws CO2 down in daylight and lets it build up at night', () => {
    const noon = greenhouseAt(1, 0, jst('2026-05-10T12:00:00'), HAKUI);
    const night = greenhouseAt(1, 0, jst('2026-05-10T02:00:00'), HAKUI);
    assert.ok(noon.co2 < 450, `noon ${noon.co2}`);
    assert.ok(night.co2 > 700, `night ${night.co2}`);
  });

  it('keeps greenhouse values in physical ranges all year', () => {
    for (let d = 0; d < 365; d += 7) {
      for (let h = 0; h < 24; h += 3) {
        const t = jst('2026-01-01T00:00:00') + d * 24 * HOUR + h * HOUR;
        const g = greenhouseAt(3, 1, t, HAKUI);
        assert.ok(g.airTemperature > 5 && g.airTemperature < 45, `T ${g.airTemperature}`);
        assert.ok(g.airHumidity >= 30 && g.airHumidity <= 98, `RH ${g.airHumidity}`);
        assert.ok(g.co2 >= 300 && g.co2 < 1000, `CO2 ${g.co2}`);
        assert.ok(g.illuminance <= 65535);
      }
    }
  });

  it('dries the soil through the day and irrigates at 07:00', () => {
    const before = soilAt(1, 0, jst('2026-05-10T06:50:00'), HAKUI).soilMoisture;
    const after = soilAt(1, 0, jst('2026-05-10T07:10:00'), HAKUI).soilMoisture;
    const evening = soilAt(1, 0, jst('2026-05-10T19:00:00'), HAKUI).soilMoisture;
    assert.ok(after - before > 3, `jump ${before} → ${after}`);
    assert.ok(evening < after - 3, `falls ${after} → ${evening}`);
  });

  it('makes EC rise as the soil dries (salts concentrate)', () => {
    const wet = soilAt(1, 0, jst('2026-05-10T07:30:00'), HAKUI);
    const dry = soilAt(1, 0, jst('2026-05-10T20:00:00'), HAKUI);
    assert.ok(dry.soilEC > wet.soilEC, `${wet.soilEC} → ${dry.soilEC}`);
  });
});

describe('sim: devices and repeatability', () => {
  it('spreads devices over houses and alternates kinds per round', () => {
    const ids = simDevices({ devices: 5, kind: 'mixed', houses: 'house-1, house-2', site: 'hakui' }).map((d) => `${d.id}:${d.kind}`);
    assert.deepStrictEqual(ids, ['house-1-th-01:greenhouse', 'house-2-th-01:greenhouse', 'house-1-soil-01:soil',
      'house-2-soil-01:soil', 'house-1-th-02:greenhouse']);
  });

  it('gives the same output for the same seed and times, and other output for another seed', () => {
    const t = jst('2026-07-01T10:00:00');
    const a = createSimulator({ seed: 42, format: 'ttn' }).tick(t);
    const b = createSimulator({ seed: 42, format: 'ttn' }).tick(t);
    const c = createSimulator({ seed: 43, format: 'ttn' }).tick(t);
    assert.deepStrictEqual(a, b);
    assert.notDeepStrictEqual(a.map((m) => m.sim.truth), c.map((m) => m.sim.truth));
  });

  it('does not depend on how often it is ticked', () => {
    const t = jst('2026-07-01T15:00:00');
    const often = createSimulator({ seed: 7 });
    for (let i = 0; i < 50; i++) often.tick(t - i * 60000);
    assert.deepStrictEqual(often.tick(t).map((m) => m.payload), createSimulator({ seed: 7 }).tick(t).map((m) => m.payload));
  });
});

describe('sim: faults', () => {
  const t0 = jst('2026-07-01T00:00:00');

  it('loses about the configured share of messages with dropout', () => {
    const s = createSimulator({ devices: 10, dropout: 0.3 });
    let sent = 0;
    for (let i = 0; i < 200; i++) sent += s.tick(t0 + i * 10000).length;
    const lost = 1 - sent / 2000;
    assert.ok(lost > 0.25 && lost < 0.35, `lost ${lost}`);
  });

  it('marks spikes and puts a value far from the truth', () => {
    const s = createSimulator({ devices: 4, spikes: 1 });
    const clean = createSimulator({ devices: 4 });
    const t = t0 + 5 * HOUR;
    const spiked = s.tick(t);
    const normal = clean.tick(t);
    spiked.forEach((m, i) => {
      assert.strictEqual(m.sim.faults.length, 1);
      const metric = m.sim.faults[0].split(':')[1];
      const a = (m.payload as Values)[metric];
      const b = (normal[i].payload as Values)[metric];
      assert.ok(Math.abs(a - b) >= Math.min(10, Math.abs(b)), `${metric} ${b} → ${a}`);
      assert.deepStrictEqual(m.meta?.warnings, [`simulated ${m.sim.faults[0]}`]);
    });
  });

  it('silences the named device after the given minutes, and only that one', () => {
    const s = createSimulator({ devices: 4, silentDevice: 'house-1-th-01', silentAfter: 30 });
    const ids = (msgs: SimMessage[]) => msgs.map((m) => m.topic);
    assert.ok(ids(s.tick(t0)).includes('house-1-th-01'));
    assert.ok(ids(s.tick(t0 + 29 * 60000)).includes('house-1-th-01'));
    const later = ids(s.tick(t0 + 31 * 60000));
    assert.ok(!later.includes('house-1-th-01'));
    assert.strictEqual(later.length, 3);
  });
});
