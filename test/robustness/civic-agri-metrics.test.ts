// agri-metrics under malformed readings and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import agriMetrics from '../../nodes/civic-agri-metrics/civic-agri-metrics';
import { robustnessSuite, type Msg } from './fuzz';

const NOON = Date.parse('2025-06-01T12:00:00+09:00');
const valid = (n: number): Msg[] => [{
  topic: `house-1-th-${n}`, payload: { airTemperature: 25, airHumidity: 60 }, units: { airTemperature: '°C', airHumidity: '%' },
  timestamp: NOON, device: { id: `house-1-th-${n}`, house: 'house-1' }, meta: { source: 'test', warnings: [] },
}];

robustnessSuite({
  type: 'civic-agri-metrics', module: agriMetrics, outputs: 2, config: { gddBase: 10, timeZone: 'Asia/Tokyo' },
  valid, topics: ['reset'],
  ready: (outs) => outs[0].length >= 1,
  verify: (outs, n) => {
    const m = outs[0][0] as { topic: string; payload: Record<string, number>; units: Record<string, string> };
    assert.strictEqual(m.topic, `house-1-th-${n}`);
    assert.deepStrictEqual([m.payload.vpd, m.payload.humidityDeficit, m.payload.dewPoint, m.payload.absoluteHumidity], [1.267, 9.21, 16.7, 13.82]);
    assert.strictEqual(m.units.humidityDeficit, 'g/m³');
  },
});
