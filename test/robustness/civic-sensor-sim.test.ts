// sensor-sim under malformed trigger messages and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import sensorSim from '../../nodes/civic-sensor-sim/civic-sensor-sim';
import { robustnessSuite, type Msg } from './fuzz';

const NOON = Date.parse('2026-05-10T12:00:00+09:00');

robustnessSuite({
  type: 'civic-sensor-sim', module: sensorSim, outputs: 1,
  config: { devices: 2, kind: 'greenhouse', interval: 0, houses: 'house-1', seed: 7 },
  // a timer-driven simulator sends on its own: the interval and autoStart stay at "manual" so outputs are counted
  fixed: ['interval'],
  valid: (): Msg[] => [{ timestamp: NOON }],
  topics: ['control'],
  ready: (outs) => outs[0].length >= 2,
  verify: (outs) => {
    const msgs = outs[0] as Array<{ topic: string; timestamp: number; payload: Record<string, number> }>;
    assert.deepStrictEqual(msgs.slice(0, 2).map((m) => [m.topic, m.timestamp]), [['house-1-th-01', NOON], ['house-1-th-02', NOON]]);
    assert.ok(Number.isFinite(msgs[0].payload.airTemperature));
  },
});
