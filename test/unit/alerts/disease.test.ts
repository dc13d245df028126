// Disease-risk presets (tomato) and the paddy preset on recorded scenarios: simulated greenhouse and paddy weather
// written down as hourly values, sampled every 10 minutes (linear between the hours), with the dew point added as
// civic-agri-metrics adds it (Magnus). Sources of the thresholds: docs/agro-alerts.md "Disease risk".
import assert from 'assert';
import { dewPoint } from '../../../lib/agro';
import { AlertEngine, parseRules, presetRules, type AlertEvent, type PresetName } from '../../../lib/alerts';

const MIN = 60000;
const START = Date.parse('2025-04-20T12:00:00+09:00');

/** hourly: [hour after START, values] key frames; returns the readings every 10 minutes up to the last frame. */
function scenario(frames: Array<[number, Record<string, number>]>): Array<{ t: number; p: Record<string, number> }> {
  const out: Array<{ t: number; p: Record<string, number> }> = [];
  const end = frames[frames.length - 1][0];
  for (let m = 0; m <= end * 60; m += 10) {
    const h = m / 60;
    const i = Math.max(0, frames.findIndex(([fh], k) => fh <= h && (k === frames.length - 1 || frames[k + 1][0] > h)));
    const [h0, a] = frames[i];
    const [h1, b] = frames[Math.min(i + 1, frames.length - 1)];
    const f = h1 > h0 ? (h - h0) / (h1 - h0) : 0;
    const p: Record<string, number> = {};
    for (const k of Object.keys(a)) p[k] = Math.round((a[k] + (b[k] - a[k]) * f) * 10) / 10;
    if (p.airTemperature !== undefined && p.airHumidity !== undefined) p.dewPoint = Math.round(dewPoint(p.airTemperature, p.airHumidity) * 100) / 100;
    out.push({ t: START + m * MIN, p });
  }
  return out;
}

function play(preset: PresetName, readings: ReturnType<typeof scenario>, lang: 'ja' | 'en' = 'ja'): AlertEvent[] {
  const e = new AlertEngine(parseRules(presetRules(preset)), { lang, now: () => START, staleMinutes: 30 });
  return readings.flatMap(({ t, p }) => [...e.ingest({ deviceId: 'house-1', timestamp: t, payload: p }).events, ...e.tick(t + 1000).events]);
}
const fired = (events: AlertEvent[]) => events.filter((e) => e.payload.state === 'firing' && e.payload.repeat === 0)
  .map((e) => [e.payload.ruleId, Math.round(((e.payload.time - START) / 3600000) * 10) / 10]);

describe('disease-risk presets on recorded scenarios (tomato)', () => {
  it('a cool wet spring night (12 °C, 96 %): grey mould after 7 wet hours, condensation on the leaves; no leaf mould', () => {
    // 12:00 22 °C 55 %, cooling from 17:00 to 12 °C 96 % at 19:00, until 06:00, dry again by 09:00 and the next day
    const events = play('tomato-disease', scenario([[0, { airTemperature: 22, airHumidity: 55 }], [5, { airTemperature: 22, airHumidity: 55 }],
      [7, { airTemperature: 12, airHumidity: 96 }], [18, { airTemperature: 12, airHumidity: 96 }], [21, { airTemperature: 22, airHumidity: 55 }],
      [40, { airTemperature: 22, airHumidity: 55 }]]));
    const got = fired(events);
    assert.deepStrictEqual(got.map(([id]) => id).sort(), ['condensation-leaf', 'grey-mould']);
    const grey = got.find(([id]) => id === 'grey-mould')![1] as number;
    assert.ok(grey >= 12.5 && grey <= 14, `grey mould at +${grey} h (about 01:00)`);
    const msg = events.find((e) => e.payload.ruleId === 'grey-mould')!.payload.message;
    assert.strictEqual(msg, '【警報】house-1: 灰色かび病の危険。湿度90%以上・気温9〜21℃が直近24時間で7時間（基準 7時間）');
    assert.ok(events.some((e) => e.payload.ruleId === 'grey-mould' && e.payload.state === 'resolved'), 'resolves as the wet night leaves the window');
  });

  it('two humid overcast days (23 °C, 92 %): leaf mould after 24 h; not grey mould (too warm) nor powdery mildew (too wet)', () => {
    const events = play('tomato-disease', scenario([[0, { airTemperature: 23, airHumidity: 92 }], [48, { airTemperature: 23, airHumidity: 92 }]]));
    assert.deepStrictEqual(fired(events), [['condensation-leaf', 0.5], ['leaf-mould', 24]]);
  });

  it('mild, moderately humid days (22 °C, 70 %): powdery mildew weather after 12 h, nothing else', () => {
    const events = play('tomato-disease', scenario([[0, { airTemperature: 22, airHumidity: 70 }], [24, { airTemperature: 22, airHumidity: 70 }]]), 'en');
    assert.deepStrictEqual(fired(events), [['powdery-mildew', 12]]);
    assert.strictEqual(events[0].payload.message, '[ALERT] house-1: powdery mildew weather: RH 60–90 % at 15–25 °C for 12 h of the last 24 h (limit 12 h)');
  });

  it('a fruit temperature sensor below the dew point: condensation on the fruit after 10 minutes', () => {
    const events = play('tomato-disease', scenario([[0, { airTemperature: 18, airHumidity: 80, fruitTemperature: 16 }],
      [1, { airTemperature: 18, airHumidity: 80, fruitTemperature: 14 }], [2, { airTemperature: 18, airHumidity: 80, fruitTemperature: 14 }]]));
    // dew point of 18 °C / 80 % is 14.5 °C: the fruit is within 0.5 °C of it from 13:00 (+1 h)
    assert.deepStrictEqual(fired(events).filter(([id]) => id === 'condensation-fruit').length, 1);
  });
});

describe('paddy rice preset on a recorded scenario', () => {
  it('water draining away, a cold night at the booting stage, and blast weather', () => {
    // a June field: the inlet closed at +2 h, the water drops 1 cm an hour from 6 cm; refilled to 8 cm at +8 h;
    // a cold wet night from +30 h (16 °C, 95 %) with 8 cm of water; deepened to 16 cm at +36 h; mild again from +48 h
    const frames: Array<[number, Record<string, number>]> = [
      [0, { waterDepth: 6, airTemperature: 24, airHumidity: 70 }], [2, { waterDepth: 6, airTemperature: 24, airHumidity: 70 }],
      [6, { waterDepth: 1.5, airTemperature: 24, airHumidity: 70 }], [7.5, { waterDepth: 1.5, airTemperature: 24, airHumidity: 70 }],
      [8, { waterDepth: 8, airTemperature: 24, airHumidity: 70 }], [29, { waterDepth: 8, airTemperature: 22, airHumidity: 80 }],
      [30, { waterDepth: 8, airTemperature: 16, airHumidity: 95 }], [36, { waterDepth: 8, airTemperature: 16, airHumidity: 95 }],
      [37, { waterDepth: 16, airTemperature: 16, airHumidity: 95 }], [47, { waterDepth: 16, airTemperature: 16, airHumidity: 95 }],
      [48, { waterDepth: 16, airTemperature: 24, airHumidity: 70 }], [72, { waterDepth: 16, airTemperature: 24, airHumidity: 70 }],
    ];
    const events = play('paddy-rice', scenario(frames));
    const firsts = events.filter((e) => e.payload.repeat === 0 || e.payload.state !== 'firing')
      .map((e) => `${e.payload.ruleId} ${e.payload.state}`);
    assert.deepStrictEqual(firsts, ['water-low firing', 'water-low resolved', 'cold-deep-water firing', 'cold-deep-water resolved',
      'blast-weather firing', 'blast-weather resolved']);
    const cold = events.find((e) => e.payload.ruleId === 'cold-deep-water')!;
    assert.strictEqual(cold.payload.message, '【警報】house-1: 気温17℃以下で水深8cm。穂ばらみ期は15cm以上の深水にしてください');
  });
});
