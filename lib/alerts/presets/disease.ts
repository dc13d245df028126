// Disease-risk and crop-condition presets built on the "duration" and "margin" conditions. Each threshold's source
// is in docs/agro-alerts.md ("Disease risk"); RH ≥ 90 % stands for leaf wetness where no wetness sensor is fitted
// (NARO's wetness estimate). The readings need airTemperature and airHumidity, and dewPoint from
// civic-agri-metrics for the condensation rules.
import type { RawRule } from '../fields';

const base = { keepFiringMinutes: 0, repeatMinutes: 0, active: 'always', scope: 'device' };

/** Tomato disease risk: grey mould, leaf mould, powdery mildew, condensation on leaves and fruit. */
export function tomatoDiseaseRules(): RawRule[] {
  return [
    // Yunis et al. 1994 (Elad, Shtienberg): outbreaks when foliage is wet > 7 h a day at 9–21 °C
    { ...base, id: 'grey-mould', metric: 'airHumidity', condition: 'duration', low: 90, threshold: 7, recovery: 5, windowHours: 24,
      metric2: 'airTemperature', low2: 9, high2: 21, severity: 'warning',
      messageJa: '{device}: 灰色かび病の危険。湿度90%以上・気温9〜21℃が直近24時間で{value}時間（基準 {threshold}時間）',
      messageEn: '{device}: grey mould risk: RH ≥ 90 % at 9–21 °C for {value} h of the last 24 h (limit {threshold} h)',
      resolvedJa: '{device}: 灰色かび病の危険は下がりました（湿度90%以上・気温9〜21℃が直近24時間で{value}時間）',
      resolvedEn: '{device}: grey mould risk down (RH ≥ 90 % at 9–21 °C for {value} h of the last 24 h)' },
    // no leaf mould below 85 % RH, disease between 10 and 32 °C; infection takes 24–48 h in humid houses
    { ...base, id: 'leaf-mould', metric: 'airHumidity', condition: 'duration', low: 85, threshold: 24, recovery: 20, windowHours: 48,
      metric2: 'airTemperature', low2: 10, high2: 32, severity: 'warning',
      messageJa: '{device}: 葉かび病の危険。湿度85%以上・気温10〜32℃が直近48時間で{value}時間（基準 {threshold}時間）',
      messageEn: '{device}: leaf mould risk: RH ≥ 85 % at 10–32 °C for {value} h of the last 48 h (limit {threshold} h)',
      resolvedJa: '{device}: 葉かび病の危険は下がりました（湿度85%以上が直近48時間で{value}時間）',
      resolvedEn: '{device}: leaf mould risk down (RH ≥ 85 % for {value} h of the last 48 h)' },
    // Jacob et al. 2008: severity grows with the hours at 15–25 °C and 60–90 % RH
    { ...base, id: 'powdery-mildew', metric: 'airHumidity', condition: 'duration', low: 60, high: 90, threshold: 12, recovery: 10, windowHours: 24,
      metric2: 'airTemperature', low2: 15, high2: 25, severity: 'info',
      messageJa: '{device}: うどんこ病に好適な環境。湿度60〜90%・気温15〜25℃が直近24時間で{value}時間（基準 {threshold}時間）',
      messageEn: '{device}: powdery mildew weather: RH 60–90 % at 15–25 °C for {value} h of the last 24 h (limit {threshold} h)',
      resolvedJa: '{device}: うどんこ病に好適な時間は直近24時間で{value}時間に減りました',
      resolvedEn: '{device}: powdery mildew weather down to {value} h of the last 24 h' },
    // leaves stay within about 2 °C of the air (Nelson & Bugbee 2015): closer to the dew point, they may wet
    { ...base, id: 'condensation-leaf', metric: 'airTemperature', condition: 'margin', metric2: 'dewPoint', threshold: 2, recovery: 2.5,
      forMinutes: 30, severity: 'warning',
      messageJa: '{device}: 結露のおそれ。気温が露点より{value}℃高いだけです（葉は気温より2℃ほど低くなります）',
      messageEn: '{device}: condensation risk: the air is only {value} °C above its dew point (leaves run up to 2 °C colder)',
      resolvedJa: '{device}: 結露のおそれは下がりました（気温と露点の差 {value}℃）',
      resolvedEn: '{device}: condensation risk down (air {value} °C above its dew point)' },
    // a fruit or leaf temperature sensor measures the surface: wet at or below the dew point
    { ...base, id: 'condensation-fruit', metric: 'fruitTemperature', condition: 'margin', metric2: 'dewPoint', threshold: 0.5, recovery: 1,
      forMinutes: 10, severity: 'warning' },
  ];
}

/**
 * Paddy rice (水田): water too low (the field surface shows), deep water against cold at the booting stage
 * (15 cm when 17 °C or colder is expected), rice blast infection weather (BLASTAM: wet ≥ 10 h at 15–25 °C).
 */
export function paddyRules(): RawRule[] {
  return [
    { ...base, id: 'water-low', metric: 'waterDepth', condition: 'below', threshold: 2, recovery: 3, forMinutes: 60, repeatMinutes: 240, severity: 'warning',
      messageJa: '{device}: 水深が{value}cmです。田面が出ています（{threshold}cm未満）。水口と畦の漏水を確かめてください',
      messageEn: '{device}: water depth {value} cm: the field surface shows (below {threshold} cm); check the inlet and the levees',
      resolvedJa: '{device}: 水深が{value}cmに戻りました', resolvedEn: '{device}: water depth back to {value} cm' },
    { ...base, id: 'cold-deep-water', metric: 'waterDepth', condition: 'below', threshold: 15, recovery: 15, forMinutes: 60, repeatMinutes: 180,
      metric2: 'airTemperature', high2: 17, severity: 'critical',
      messageJa: '{device}: 気温17℃以下で水深{value}cm。穂ばらみ期は15cm以上の深水にしてください',
      messageEn: '{device}: 17 °C or colder and only {value} cm of water: keep 15 cm or more at the booting stage',
      resolvedJa: '{device}: 深水（水深{value}cm）になったか、気温が上がりました', resolvedEn: '{device}: deep water ({value} cm) or warmer air again' },
    { ...base, id: 'blast-weather', metric: 'airHumidity', condition: 'duration', low: 90, threshold: 10, recovery: 8, windowHours: 24,
      metric2: 'airTemperature', low2: 15, high2: 25, severity: 'warning',
      messageJa: '{device}: いもち病の感染好適条件。湿度90%以上・気温15〜25℃が直近24時間で{value}時間（基準 {threshold}時間）',
      messageEn: '{device}: rice blast infection weather: wet (RH ≥ 90 %) at 15–25 °C for {value} h of the last 24 h (limit {threshold} h)',
      resolvedJa: '{device}: いもち病の感染好適条件は解消しました（{value}時間）', resolvedEn: '{device}: rice blast weather over ({value} h)' },
    { ...base, id: 'no-data', metric: '*', condition: 'nodata', threshold: 60, repeatMinutes: 240, severity: 'warning' },
  ];
}
