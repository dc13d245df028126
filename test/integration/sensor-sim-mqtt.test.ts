// sensor-sim (The Things Stack v3 uplinks) → core mqtt out → a real mosquitto → core mqtt in: the uplinks a
// LoRaWAN network server would publish arrive intact, in order, on the v3 topic layout.
import assert from 'assert';
import sensorSim from '../../nodes/civic-sensor-sim/civic-sensor-sim';
import { helper, flow, collect, nodeById } from '../helpers/node-red';
import { mqttBrokerNode, subscribed, useMosquittoAndRuntime } from '../helpers/fixtures';

 
const mqttNodes = require('@node-red/nodes/core/network/10-mqtt.js');

describe('integration: sensor-sim → mosquitto → mqtt in', function () {
  const servers = useMosquittoAndRuntime();

  it('delivers every simulated uplink with its base64 CayenneLPP frame', async () => {
    const t0 = Date.parse('2026-05-10T12:00:00+09:00');
    await helper.load([mqttNodes, sensorSim], flow(
      mqttBrokerNode(servers.broker().port),
      { id: 'sim', type: 'civic-sensor-sim', devices: 3, interval: 0, format: 'ttn', application: 'hakui-farm',
        houses: 'house-1,house-2', wires: [['pub']] },
      { id: 'pub', type: 'mqtt out', broker: 'broker', qos: '1', retain: 'false', wires: [] },
      { id: 'sub', type: 'mqtt in', broker: 'broker', topic: 'v3/hakui-farm@ttn/devices/+/up', qos: '1',
        datatype: 'json', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ));
    const received = collect<any>('out');
    const deadline = Date.now() + 10000;
    // the subscriber in place before we publish: connected and acknowledged (uplinks published before are lost)
    await subscribed('broker', 'v3/hakui-farm@ttn/devices/+/up');
    for (let i = 0; i < 5; i++) nodeById('sim').receive({ timestamp: t0 + i * 10000 });
    while (received.length < 15 && Date.now() < deadline + 10000) await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(received.length, 15);
    const first = received.find((m) => m.payload.end_device_ids.device_id === 'house-2-th-01');
    assert.ok(first, 'uplink of house-2-th-01');
    assert.strictEqual(first.topic, 'v3/hakui-farm@ttn/devices/house-2-th-01/up');
    const frame = Buffer.from(first.payload.uplink_message.frm_payload, 'base64');
    assert.deepStrictEqual([frame[0], frame[1]], [1, 103], 'CayenneLPP temperature on channel 1');
    const counters = received.filter((m) => m.payload.end_device_ids.device_id === 'house-1-soil-01')
      .map((m) => m.payload.uplink_message.f_cnt);
    assert.deepStrictEqual(counters, [1, 2, 3, 4, 5]);
  });
});
