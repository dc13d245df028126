import assert from 'assert';
import { createSimulator, toCayenneLpp, toModbusRegisters, toUecsXml, toTtsUplink } from '../../../lib/sim';
import type { GreenhouseValues, SoilValues } from '../../../lib/sim';

const greenhouse: GreenhouseValues = { airTemperature: -2.5, airHumidity: 61.5, co2: 612, solarRadiation: 93.5, illuminance: 10285, batteryVoltage: 3.58 };
const soil: SoilValues = { soilTemperature: 18.3, soilMoisture: 33.5, soilEC: 2.13, soilPH: 6.45, batteryVoltage: 3.6 };

describe('sim: wire formats', () => {
  it('encodes a greenhouse CayenneLPP frame byte for byte (negative temperature as two\'s complement)', () => {
    assert.strictEqual(toCayenneLpp(greenhouse).toString('hex'),
      '0167ffe7' + '02687b' + '037d0264' + '0465282d' + '08740166');
  });

  it('encodes a soil CayenneLPP frame with EC and pH as analog inputs', () => {
    assert.strictEqual(toCayenneLpp(soil).toString('hex'),
      '016700b7' + '026843' + '030200d5' + '04020285' + '08740168');
  });

  it('lays Modbus registers out as the help says (float32 ABCD for radiation)', () => {
    const r = toModbusRegisters(greenhouse);
    assert.deepStrictEqual(r.slice(0, 3), [0xffe7, 615, 612]);
    const b = Buffer.alloc(4);
    b.writeUInt16BE(r[3], 0);
    b.writeUInt16BE(r[4], 2);
    assert.strictEqual(b.readFloatBE(0), 93.5);
    assert.deepStrictEqual(toModbusRegisters(soil), [183, 335, 2130, 645]);
  });

  it('writes UECS CCM XML with the type, address attributes and values', () => {
    const xml = toUecsXml(greenhouse, { room: 2, region: 1, order: 3, priority: 29, ip: '192.168.1.64' });
    assert.ok(xml.startsWith('<?xml version="1.0"?><UECS ver="1.00-E10">'));
    assert.ok(xml.includes('<DATA type="InAirTemp.mIC" room="2" region="1" order="3" priority="29">-2.5</DATA>'));
    assert.ok(xml.includes('<DATA type="InRadiation.mIC" room="2" region="1" order="3" priority="29">0.094</DATA>'));
    assert.ok(xml.endsWith('<IP>192.168.1.64</IP></UECS>'));
  });

  it('wraps the frame in a The Things Stack v3 uplink', () => {
    const frame = toCayenneLpp(soil);
    const up = toTtsUplink(frame, { deviceId: 'house-1-soil-01', devEui: '70B3D57ED0000003', application: 'civic-iot',
      fCnt: 5, receivedAt: Date.parse('2026-05-01T00:00:00Z'), rssi: -90, snr: 7.5, model: 'm' }) as any;
    assert.strictEqual(up.end_device_ids.device_id, 'house-1-soil-01');
    assert.strictEqual(up.end_device_ids.application_ids.application_id, 'civic-iot');
    assert.strictEqual(up.uplink_message.f_port, 2);
    assert.strictEqual(up.uplink_message.f_cnt, 5);
    assert.deepStrictEqual(Buffer.from(up.uplink_message.frm_payload, 'base64'), frame);
    assert.strictEqual(up.uplink_message.rx_metadata[0].rssi, -90);
    assert.strictEqual(up.received_at, '2026-05-01T00:00:00.000Z');
  });

  it('publishes TTN uplinks on the v3 topic with a rising frame counter', () => {
    const s = createSimulator({ devices: 1, format: 'ttn', application: 'hakui-farm' });
    const a = s.tick(Date.parse('2026-05-01T00:00:00Z'))[0];
    const b = s.tick(Date.parse('2026-05-01T00:00:10Z'))[0];
    assert.strictEqual(a.topic, 'v3/hakui-farm@ttn/devices/house-1-th-01/up');
    assert.strictEqual((a.payload as any).uplink_message.f_cnt, 1);
    assert.strictEqual((b.payload as any).uplink_message.f_cnt, 2);
  });

  it('gives modbus messages the responseBuffer that modbus-read adds', () => {
    const m = createSimulator({ devices: 1, kind: 'soil', format: 'modbus' }).tick(Date.parse('2026-05-01T03:00:00Z'))[0];
    assert.deepStrictEqual(m.responseBuffer?.data, m.payload);
    assert.strictEqual(m.responseBuffer?.buffer.length, 8);
  });

  it('gives reading messages the reading contract with units', () => {
    const m = createSimulator({ devices: 1 }).tick(Date.parse('2026-05-01T03:00:00Z'))[0];
    assert.strictEqual(m.units?.airTemperature, '°C');
    assert.deepStrictEqual(m.meta, { source: 'sensor-sim', warnings: [] });
    assert.deepStrictEqual(m.device, { id: 'house-1-th-01', model: 'civic-sim-th', site: 'hakui', house: 'house-1' });
  });
});
