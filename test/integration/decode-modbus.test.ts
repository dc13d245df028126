// A real Modbus TCP server (modbus-serial ServerTCP on a free loopback port) holding the simulator's greenhouse
// registers → node-red-contrib-modbus modbus-read → sensor-decode with a register map → a reading.
import assert from 'assert';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import { helper, flow, nextMessage } from '../helpers/node-red';
import { freePort } from '../helpers/servers';
import { modbusClientNode, modbusServer } from '../helpers/fixtures';
import { toModbusRegisters } from '../../lib/sim/encode';

 
const modbusClient = require('node-red-contrib-modbus/modbus/modbus-client.js');
const modbusRead = require('node-red-contrib-modbus/modbus/modbus-read.js');
 

describe('integration: Modbus TCP server → modbus-read → sensor-decode', function () {
  this.timeout(30000);
  let server: { close(): Promise<void> } | undefined;
  let port = 0;
  const VALUES = { airTemperature: -3.4, airHumidity: 88.2, co2: 1012, solarRadiation: 523.75, illuminance: 0, batteryVoltage: 3.6 };
  const registers = toModbusRegisters(VALUES);

  before(async () => {
    port = await freePort();
    server = modbusServer(port, () => registers);
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    if (server) await server.close();
  });
  afterEach(() => helper.unload());

  it('reads 5 holding registers and decodes int16 /10, uint16 /10, uint16 and float32 ABCD', async () => {
    await helper.load([modbusClient, modbusRead, sensorDecode], flow(
      modbusClientNode(port),
      { id: 'read', type: 'modbus-read', name: '', topic: 'house-1/modbus-01', showStatusActivities: false, logIOActivities: false,
        showErrors: false, showWarnings: false, unitid: '1', dataType: 'HoldingRegister', adr: '0', quantity: '5', rate: '1',
        rateUnit: 's', delayOnStart: false, enableDeformedMessages: false, startDelayTime: '', server: 'client', useIOFile: false,
        ioFile: '', useIOForPayload: false, emptyMsgOnFail: false, wires: [['dec'], []] },
      { id: 'dec', type: 'civic-sensor-decode', format: 'modbus', modbusPreset: 'custom', modbusMap: [
        { name: 'airTemperature', register: 0, type: 'int16', order: 'AB', scale: 0.1, offset: 0, unit: '' },
        { name: 'airHumidity', register: 1, type: 'uint16', order: 'AB', scale: 0.1, offset: 0, unit: '' },
        { name: 'co2', register: 2, type: 'uint16', order: 'AB', scale: 1, offset: 0, unit: '' },
        { name: 'solarRadiation', register: 3, type: 'float32', order: 'ABCD', scale: 1, offset: 0, unit: '' },
      ], wires: [['out']] },
      { id: 'out', type: 'helper' },
    ));
    const msg = await nextMessage<any>('out', 15000);
    assert.deepStrictEqual(msg.payload, { airTemperature: -3.4, airHumidity: 88.2, co2: 1012, solarRadiation: 523.75 });
    assert.deepStrictEqual(msg.units, { airTemperature: '°C', airHumidity: '%', co2: 'ppm', solarRadiation: 'W/m²' });
    assert.strictEqual(msg.topic, 'house-1/modbus-01');
    assert.strictEqual(msg.meta.source, 'modbus');
  });
});
