// greenhouse-alert (tomato preset and a hand-written rule) under malformed readings, acks and configs.
import assert from 'assert';
import greenhouseAlert from '../../nodes/civic-alert/civic-alert';
import { robustnessSuite, type Msg } from './fuzz';

const HOT = { id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, forMinutes: 0, repeatMinutes: 30, severity: 'critical' };
// every check uses a fresh device, so earlier garbage cannot have put its alert into another state
const valid = (n: number): Msg[] => [{
  topic: `probe-${n}`, payload: { airTemperature: 45 }, device: { id: `probe-${n}`, house: 'house-9' },
}];

robustnessSuite({
  type: 'civic-alert', module: greenhouseAlert, outputs: 2,
  config: { rules: [HOT], lang: 'en-US', timeZone: 'Asia/Tokyo', tickSeconds: 3600 },
  valid, topics: ['ack', 'tick'],
  ready: (outs, n) => outs[0].some((m) => (m as { payload: { deviceId?: string } }).payload?.deviceId === `probe-${n}`),
  verify: (outs, n) => {
    const ev = outs[0].find((m) => (m as { payload: { deviceId?: string } }).payload?.deviceId === `probe-${n}`) as { topic: string; payload: Record<string, unknown> };
    assert.strictEqual(ev.topic, `alert/probe-${n}/hot`);
    assert.deepStrictEqual([ev.payload.ruleId, ev.payload.metric, ev.payload.severity, ev.payload.value], ['hot', 'airTemperature', 'critical', 45]);
    assert.ok(['pending', 'firing'].includes(String(ev.payload.state)));
  },
});
