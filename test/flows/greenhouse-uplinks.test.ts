// The ready-made greenhouse flow shares its network server with other LoRaWAN use cases (a river-level sensor, a
// visitor counter…). It must take only its own application's uplinks: another application's uplink on the same
// broker is not its business — no CayenneLPP error per uplink in the log, no reading made up from it — while its
// own devices keep being decoded. The applications are settings of `npm start` (CIVIC_TTS_APPLICATION,
// CIVIC_CHIRPSTACK_APPLICATION; README "Running the demo").
import assert from 'assert';
import mqtt from 'mqtt';
import { toCayenneLpp, toTtsUplink } from '../../lib/sim';
import { startReadyMade, waitFor, watchGreenhouseTopics, type ReadyMade } from './ready-made';

/** Bytes that are not a CayenneLPP frame (type 0x45 does not exist): what another application's device may send. */
const FOREIGN = Buffer.from([0x0b, 0x45, 0x05, 0x7a, 0x01]);

function foreignTts(deviceId: string) {
  return { end_device_ids: { device_id: deviceId, application_ids: { application_id: 'river-level' }, dev_eui: '70B3D57ED0000F01' },
    received_at: new Date().toISOString(), uplink_message: { f_port: 2, frm_payload: FOREIGN.toString('base64'), rx_metadata: [{ rssi: -90, snr: 5 }] } };
}

function foreignChirpStack(devEui: string) {
  return { deviceInfo: { devEui, deviceName: devEui, applicationId: '6f8a6b1c-2b0e-4d8e-9f3a-1c2d3e4f5a6b' }, fPort: 2,
    data: FOREIGN.toString('base64'), time: new Date().toISOString(), rxInfo: [{ rssi: -90, snr: 5 }] };
}

describe('ready-made greenhouse flow: only its own LoRaWAN application', function () {
  this.timeout(120000);
  let demo: ReadyMade | undefined;
  let client: mqtt.MqttClient;
  let readings: any[] = [];

  before(async () => {
    demo = await startReadyMade({ dashboard: 'classic', env: { CIVIC_CHIRPSTACK_APPLICATION: 'c0ffee00-0000-4000-8000-000000000001' } });
    ({ client, readings } = await watchGreenhouseTopics(demo.mqttPort));
  });
  after(async () => {
    if (client) await client.endAsync();
    if (demo) await demo.stop();
  });

  it('ignores other applications\' uplinks (no decode error, no reading) and decodes its own', async () => {
    const d = demo as ReadyMade;
    // the flow is listening once the simulator's first uplink came through (npm start reports ready a little earlier)
    await waitFor(() => (readings.length > 0 ? true : undefined), 'the simulator\'s first reading', 30000);
    const logBefore = d.output().length;
    await client.publishAsync('v3/river-level@ttn/devices/river-01/up', JSON.stringify(foreignTts('river-01')), { qos: 1 });
    await client.publishAsync('application/6f8a6b1c-2b0e-4d8e-9f3a-1c2d3e4f5a6b/device/0011223344556677/event/up',
      JSON.stringify(foreignChirpStack('0011223344556677')), { qos: 1 });
    // then one uplink of the flow's own application (the simulator's), after the foreign ones on the same connection
    const frame = toCayenneLpp({ airTemperature: 23.4, airHumidity: 61, co2: 640, solarRadiation: 300, illuminance: 20000, batteryVoltage: 3.6 });
    const own = toTtsUplink(frame, { deviceId: 'house-1-th-77', devEui: '70B3D57ED0000077', application: 'civic-iot', fCnt: 1,
      receivedAt: Date.now(), rssi: -80, snr: 7, model: 'test' });
    await client.publishAsync('v3/civic-iot@ttn/devices/house-1-th-77/up', JSON.stringify(own), { qos: 1 });
    const mine = await waitFor(() => readings.find((r) => r.device?.id === 'house-1-th-77'), 'the own application\'s reading', 30000);
    assert.strictEqual(mine.payload.airTemperature, 23.4);
    await new Promise((r) => setTimeout(r, 1500));
    const log = d.output().slice(logBefore);
    assert.deepStrictEqual(log.split('\n').filter((l) => /\[error\]/.test(l)), [], 'errors logged for another application\'s uplinks');
    assert.deepStrictEqual(readings.filter((r) => ['river-01', '0011223344556677'].includes(r.device?.id)).map((r) => r.device.id), []);
  });

  it('decodes a ChirpStack uplink of its own application', async () => {
    const frame = toCayenneLpp({ airTemperature: 19.5, airHumidity: 70, co2: 500, solarRadiation: 100, illuminance: 8000, batteryVoltage: 3.5 });
    const up = { deviceInfo: { devEui: '70B3D57ED0000078', deviceName: 'house-2-th-78', applicationId: 'c0ffee00-0000-4000-8000-000000000001' },
      fPort: 2, data: Buffer.from(frame).toString('base64'), time: new Date().toISOString(), rxInfo: [{ rssi: -80, snr: 7 }] };
    await client.publishAsync('application/c0ffee00-0000-4000-8000-000000000001/device/70b3d57ed0000078/event/up', JSON.stringify(up), { qos: 1 });
    const mine = await waitFor(() => readings.find((r) => r.device?.id === 'house-2-th-78'), 'the ChirpStack reading', 30000);
    assert.strictEqual(mine.payload.airTemperature, 19.5);
  });
});
