// A season of one tomato house built by hand (no simulator): known temperatures, harvests and alerts, so the tests
// can say exactly what the report must show.
import { addDays } from '../../../lib/agro';
import type { SeasonData, LogEntry } from '../../../lib/farm';

const JST = (date: string, time = '09:00') => Date.parse(`${date}T${time}:00+09:00`);

/** 2025-03-01 → 2025-06-29 (121 days): 20 °C daily mean, so the first harvest is due 50 days in (1,000 °C·day). */
export function tomatoSeason(logRows = 45, alertCount = 3): SeasonData {
  const start = '2025-03-01';
  const days = Array.from({ length: 121 }, (_, i) => ({
    date: addDays(start, i), tmean: 20, tmin: 14, tmax: 27, tday: 23, tnight: 16, dli: 12 + (i % 7), deficitBand: i < 60 ? 0.5 : 0.75,
    soilMoisture: 38 - (i % 5), soilEC: 2.2 + (i % 3) / 10,
  }));
  const log: LogEntry[] = [{ entry: 1, revision: 1, house: 'house-1', at: JST(start), who: '山田', work: 'planting', crop: 'tomato' }];
  let n = 2;
  // the first harvest is logged on day 52 (later than the model's day 50): the observation wins
  for (let i = 0; log.length < logRows - 1; i++) {
    const date = addDays(start, 52 + i * 2);
    log.push(i % 3 === 2
      ? { entry: n++, revision: 1, house: 'house-1', at: JST(date, '07:00'), who: '山田', work: 'irrigation', amount: 300 }
      : { entry: n++, revision: 1, house: 'house-1', at: JST(date), who: '山田', work: 'harvest', kg: 10 + (i % 4), grade: 'shu' });
  }
  log.push({ entry: n, revision: 1, house: 'house-1', at: JST('2025-06-29', '17:00'), who: '山田', work: 'seasonEnd' });
  const alerts = Array.from({ length: alertCount }, (_, i) => ({
    id: `house-1/hot/${i}`, rule: 'hot', metric: 'airTemperature', severity: 'warning', message: `気温が30℃を超えています (${i + 1})`,
    start: JST(addDays(start, 70 + i), '13:00'), end: JST(addDays(start, 70 + i), '14:30'), minutes: 90,
    acknowledgedAt: i === 0 ? JST(addDays(start, 70), '13:10') : undefined,
  }));
  return { house: 'house-1', crop: 'tomato', season: start, start, end: '2025-06-29', ended: true, timeZone: 'Asia/Tokyo', days, alerts, log };
}
