// sensor-sim (The Things Stack v3 uplinks) → mqtt out → a real mosquitto → mqtt in → sensor-decode: the readings
// that come out carry the simulator's values under canonical names, the device id, the network time and RSSI.
import assert from 'assert';
import sensorSim from '../../nodes/civic-sensor-sim/civic-sensor-sim';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import { helper, flow, collect, nodeById } from '../helpers/node-red';
import { mqttBrokerNode, subscribed, useMosquittoAndRuntime } from '../helpers/fixtures';
import { validate } from '../../lib/schemas';

 
const mqttNodes = require('@node-red/nodes/core/network/10-mqtt.js');

describe('integration: sensor-sim TTN JSON → mosquitto → mqtt in → sensor-decode', function () {
  this.timeout(30000);
  const servers = useMosquittoAndRuntime();

  for (const datatype of ['json', 'buffer', 'utf8']) {
    it(`decodes every uplink into a reading (mqtt in output: ${datatype})`, async () => {
      const t0 = Date.parse('2026-05-10T12:00:00+09:00');
      await helper.load([mqttNodes, sensorSim, sensorDecode], flow(
        mqttBrokerNode(servers.broker().port),
        { id: 'sim', type: 'civic-sensor-sim', devices: 2, kind: 'mixed', interval: 0, format: 'ttn', application: 'hakui-farm',
          houses: 'house-1', wires: [['pub']] },
        { id: 'pub', type: 'mqtt out', broker: 'broker', qos: '1', retain: 'false', wires: [] },
        { id: 'sub', type: 'mqtt in', broker: 'broker', topic: 'v3/hakui-farm@ttn/devices/+/up', qos: '1', datatype, wires: [['dec']] },
        { id: 'dec', type: 'civic-sensor-decode', format: 'auto', channelPreset: 'civic-sim', site: 'hakui', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ));
      const received = collect<any>('out');
      const deadline = Date.now() + 10000;
      // the subscriber in place before we publish: connected and acknowledged (uplinks published before are lost)
      await subscribed('broker', 'v3/hakui-farm@ttn/devices/+/up');
      for (let i = 0; i < 3; i++) nodeById('sim').receive({ timestamp: t0 + i * 10000 });
      while (received.length < 6 && Date.now() < deadline + 10000) await new Promise((r) => setTimeout(r, 50));
      assert.strictEqual(received.length, 6);
      const gh = received.filter((m) => m.device.id === 'house-1-th-01');
      const soil = received.filter((m) => m.device.id === 'house-1-soil-01');
      assert.strictEqual(gh.length, 3);
      assert.strictEqual(soil.length, 3);
      assert.deepStrictEqual(gh.map((m) => m.timestamp), [t0, t0 + 10000, t0 + 20000]);
      for (const m of gh) {
        assert.deepStrictEqual(Object.keys(m.payload).sort(), ['airHumidity', 'airTemperature', 'batteryVoltage', 'co2', 'illuminance']);
        assert.ok(m.payload.airTemperature > -20 && m.payload.airTemperature < 50);
        assert.strictEqual(m.topic, 'house-1-th-01');
        assert.deepStrictEqual([m.meta.source, m.meta.fPort, typeof m.meta.rssi, typeof m.meta.snr], ['ttn', 2, 'number', 'number']);
        assert.strictEqual(m.device.site, 'hakui');
        assert.ok(validate('reading.message', m).ok);
      }
      for (const m of soil) assert.deepStrictEqual(Object.keys(m.payload).sort(), ['batteryVoltage', 'soilEC', 'soilMoisture', 'soilPH', 'soilTemperature']);
    });
  }
});
