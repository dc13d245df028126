// sensor-decode under malformed payloads, envelopes and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import fc from 'fast-check';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import { robustnessSuite, type Msg } from './fuzz';

// half-valid frames: hex strings, byte arrays and network-server envelopes with broken parts
const frames = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('hex')),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
  fc.uint8Array({ maxLength: 64 }).map((b) => Array.from(b)),
  fc.array(fc.integer({ min: -70000, max: 70000 }), { maxLength: 40 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => ({ end_device_ids: { device_id: 'dev' }, uplink_message: { frm_payload: Buffer.from(b).toString('base64'), f_port: 1 } })),
  fc.uint8Array({ maxLength: 64 }).map((b) => ({ deviceInfo: { devEui: '0011223344556677' }, data: Buffer.from(b).toString('base64'), fPort: 2 })),
  fc.string({ maxLength: 200 }).map((s) => `<?xml version="1.0"?><UECS ver="1.00-E10">${s}</UECS>`),
);

const valid = (n: number): Msg[] => [{ payload: '01 67 00 F1 02 68 8F', sensor: `house-1/th-${n}` }];

for (const format of ['cayenne-lpp', 'auto']) {
  robustnessSuite({
    type: 'civic-sensor-decode', title: `sensor-decode (${format})`, module: sensorDecode, outputs: 1,
    config: { format, channelPreset: 'custom', mapping: [{ from: '1', to: 'airTemperature' }, { from: '2', to: 'airHumidity' }],
      deviceId: 'sensor', deviceIdType: 'msg', site: 'hakui', house: 'house-1' },
    valid, values: frames,
    ready: (outs) => outs[0].length >= 1,
    verify: (outs, n) => {
      const m = outs[0][0] as { topic: string; payload: unknown };
      assert.strictEqual(m.topic, `house-1/th-${n}`);
      assert.deepStrictEqual(m.payload, { airTemperature: 24.1, airHumidity: 71.5 });
    },
  });
}
