// health-expectancy under malformed age tables and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import healthExpectancy from '../../nodes/civic-health-expectancy/civic-health-expectancy';
import { robustnessSuite, type Msg } from './fuzz';
import fc from 'fast-check';

const ROWS = [
  { age: '0', population: 1000, deaths: 10, unhealthy: 0 },
  { age: '1-4', population: 4000, deaths: 8, unhealthy: 40 },
  { age: '5-9', population: 5000, deaths: 5, unhealthy: 100 },
  { age: '10+', population: 10000, deaths: 500, unhealthy: 2000 },
];
// half-valid tables: plausible rows with broken numbers, ages out of order, negative or huge counts
const rows = fc.array(fc.record({
  age: fc.oneof(fc.constantFrom('0', '1-4', '5-9', '10+', '85+', '90-', 'x', ''), fc.string({ maxLength: 6 })),
  population: fc.oneof(fc.integer({ min: -10, max: 1e9 }), fc.constantFrom(0, NaN, '1,000', '')),
  deaths: fc.oneof(fc.integer({ min: -10, max: 1e9 }), fc.constantFrom(0, NaN, '5')),
  unhealthy: fc.oneof(fc.integer({ min: -10, max: 1e9 }), fc.constantFrom(0, NaN)),
}, { requiredKeys: [] }), { maxLength: 25 });

robustnessSuite({
  type: 'civic-health-expectancy', module: healthExpectancy, outputs: 3,
  config: { ages: '0,10' },
  valid: (): Msg[] => [{ payload: structuredClone(ROWS), sex: 'male', asOf: '2025-03-31T12:00:00+09:00' }],
  values: rows,
  ready: (outs) => outs[0].length >= 1 && outs[1].length >= 4,
  verify: (outs) => {
    const t = outs[0][0] as { topic: string; payload: Array<Record<string, number>> };
    assert.strictEqual(t.topic, 'male');
    // q0 = 0.01/1.008 and L0 = 0.2·l0 + 0.8·l1 (one a0 = 0.2): e0 = (99206.349 + 2838907.559)/100000
    assert.ok(Math.abs(t.payload[0].e - 29.3811391) < 1e-6);
    assert.deepStrictEqual((outs[1] as Array<{ topic: string; payload: { value: number } }>).map((m) => [m.topic, m.payload.value]),
      [['hle-male-0', 25.33], ['le-male-0', 29.38], ['hle-male-10', 16], ['le-male-10', 20]]);
  },
});
