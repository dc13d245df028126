// Servers that go away and come back while Node-RED keeps running (no redeploy):
// - mosquitto restarted during a run: the MQTT nodes reconnect, and QoS 1 uplinks published after the reconnect
//   arrive decoded; readings Node-RED publishes after the reconnect reach subscribers.
// - a Modbus TCP probe that becomes unreachable and then answers again: the polling flow recovers by itself.
// (InfluxDB outages and a SIGKILLed Node-RED are in influx-buffer-outage / influx-buffer-sigkill.)
import assert from 'assert';
import mqtt from 'mqtt';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import { createSimulator, toModbusRegisters, type GreenhouseValues } from '../../lib/sim';
import { helper, flow, collect, nodeById } from '../helpers/node-red';
import { freePort, requireBinary, startMosquitto, type RunningServer } from '../helpers/servers';
import { modbusClientNode, modbusServer, mqttBrokerNode, subscribed } from '../helpers/fixtures';

 
const mqttNodes = require('@node-red/nodes/core/network/10-mqtt.js');
const modbusClient = require('node-red-contrib-modbus/modbus/modbus-client.js');
const modbusRead = require('node-red-contrib-modbus/modbus/modbus-read.js');
 

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ms: number, check: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

describe('faults: servers that go away and come back', function () {
  this.timeout(60000);
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  describe('mosquitto restarted during a run', () => {
    let broker: RunningServer;
    before(async function () {
      requireBinary(this, 'mosquitto', 'mosquitto');
      broker = await startMosquitto();
    });
    after(async () => { if (broker) await broker.stop(); });

    it('reconnects; QoS 1 uplinks published after the reconnect arrive, and its own publishes reach subscribers', async () => {
      await helper.load([mqttNodes, sensorDecode], flow(
        mqttBrokerNode(broker.port, 'broker', { keepalive: 5 }),
        { id: 'sub', type: 'mqtt in', broker: 'broker', topic: 'v3/+/devices/+/up', qos: '1', datatype: 'json', wires: [['dec']] },
        { id: 'dec', type: 'civic-sensor-decode', format: 'auto', channelPreset: 'civic-sim', wires: [['out', 'pub']] },
        { id: 'pub', type: 'mqtt out', broker: 'broker', topic: 'civic/test/reading', qos: '1', retain: 'false' },
        { id: 'out', type: 'helper' },
      ));
      const decoded = collect<any>('out');
      const sim = createSimulator({ devices: 1, format: 'ttn', houses: 'house-1' });
      const t0 = Date.parse('2026-05-10T12:00:00+09:00');
      await until('first connection', 10000, () => nodeById('broker').connected === true);

      await broker.restart();                                       // same port, fresh broker, no sessions
      await until('Node-RED notices the restart', 10000, () => nodeById('broker').connected === false);
      await until('Node-RED reconnects', 30000, () => nodeById('broker').connected === true);
      await sleep(500);                                             // its subscription is renewed on connect
      await subscribed('broker', 'v3/+/devices/+/up');              // and acknowledged (a busy machine can take longer)

      const watcher = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`);
      const republished: string[] = [];
      watcher.on('message', (_t, body) => republished.push(body.toString()));
      await watcher.subscribeAsync('civic/test/reading', { qos: 1 });
      const publisher = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`);
      try {
        for (let i = 0; i < 10; i++) {
          const [m] = sim.tick(t0 + i * 60000);
          await publisher.publishAsync(m.topic, JSON.stringify(m.payload), { qos: 1 });
        }
        await until('10 decoded uplinks', 15000, () => decoded.length === 10);
        assert.deepStrictEqual(decoded.map((m) => m.timestamp), Array.from({ length: 10 }, (_, i) => t0 + i * 60000));
        assert.strictEqual(decoded[0].payload.airTemperature, (sim.valuesAt(0, t0) as GreenhouseValues).airTemperature);
        await until('10 republished readings', 15000, () => republished.length === 10);
      } finally {
        await publisher.endAsync();
        await watcher.endAsync();
      }
    });
  });

  describe('a Modbus TCP probe that becomes unreachable, then answers again', () => {
    it('keeps polling and decodes the probe again without a redeploy', async () => {
      const port = await freePort();
      let registers = toModbusRegisters({ soilTemperature: 18.3, soilMoisture: 33.5, soilEC: 2.13, soilPH: 6.45, batteryVoltage: 3.6 });
      const startServer = () => modbusServer(port, () => registers);
      let server = startServer();
      try {
        await helper.load([modbusClient, modbusRead, sensorDecode], flow(
          modbusClientNode(port, 'client', { clientTimeout: '500', reconnectTimeout: '1000' }),
          { id: 'read', type: 'modbus-read', name: '', topic: 'house-2-modbus-01', showStatusActivities: false, logIOActivities: false,
            showErrors: false, showWarnings: false, unitid: '1', dataType: 'HoldingRegister', adr: '0', quantity: '4', rate: '500',
            rateUnit: 'ms', delayOnStart: false, enableDeformedMessages: false, startDelayTime: '', server: 'client', useIOFile: false,
            ioFile: '', useIOForPayload: false, emptyMsgOnFail: false, wires: [['dec'], []] },
          { id: 'dec', type: 'civic-sensor-decode', format: 'modbus', modbusPreset: 'civic-soil', wires: [['out']] },
          { id: 'out', type: 'helper' },
        ));
        const readings = collect<any>('out');
        await until('the first readings', 15000, () => readings.length >= 2);
        assert.strictEqual(readings[0].payload.soilMoisture, 33.5);

        await server.close();                                        // the probe goes away (cable, power, router)
        await sleep(3000);
        const duringOutage = readings.length;
        await sleep(2000);
        assert.ok(readings.length - duringOutage <= 1, 'no readings while the probe is unreachable');

        registers = toModbusRegisters({ soilTemperature: 19.1, soilMoisture: 28.0, soilEC: 2.6, soilPH: 6.5, batteryVoltage: 3.6 });
        server = startServer();                                     // back on the same address
        await until('readings after the probe is back', 30000, () => readings.some((r) => r.payload.soilMoisture === 28));
        const after = readings.filter((r) => r.payload.soilMoisture === 28);
        assert.strictEqual(after[0].payload.soilTemperature, 19.1);
        assert.strictEqual(after[0].topic, 'house-2-modbus-01');
      } finally {
        await server.close().catch(() => undefined);
      }
    });
  });
});
