// The wire formats the simulator speaks, exactly as the real devices and servers deliver them, so that flows built
// against the simulator work unchanged with hardware.
import type { GreenhouseValues, SoilValues } from './climate';
import { round } from '../metrics';

export type SimValues = GreenhouseValues | SoilValues;

function isGreenhouse(v: SimValues): v is GreenhouseValues {
  return 'airTemperature' in v;
}

/** CayenneLPP frame (big-endian). Channel layout documented in the sensor-sim help. */
export function toCayenneLpp(v: SimValues): Buffer {
  const parts: number[] = [];
  const i16 = (ch: number, type: number, n: number) => {
    const x = Math.round(n) & 0xffff;
    parts.push(ch, type, x >> 8, x & 0xff);
  };
  const u8 = (ch: number, type: number, n: number) => parts.push(ch, type, Math.round(n) & 0xff);
  if (isGreenhouse(v)) {
    i16(1, 103, v.airTemperature * 10);
    u8(2, 104, v.airHumidity * 2);
    i16(3, 125, v.co2);
    i16(4, 101, v.illuminance);
  } else {
    i16(1, 103, v.soilTemperature * 10);
    u8(2, 104, v.soilMoisture * 2);
    i16(3, 2, v.soilEC * 100);
    i16(4, 2, v.soilPH * 100);
  }
  i16(8, 116, v.batteryVoltage * 100);
  return Buffer.from(parts);
}

/** Holding registers as node-red-contrib-modbus `modbus-read` delivers them: an array of uint16. */
export function toModbusRegisters(v: SimValues): number[] {
  const u16 = (n: number) => Math.round(n) & 0xffff;
  if (isGreenhouse(v)) {
    const f = Buffer.alloc(4);
    f.writeFloatBE(v.solarRadiation);
    return [u16(v.airTemperature * 10), u16(v.airHumidity * 10), u16(v.co2), f.readUInt16BE(0), f.readUInt16BE(2)];
  }
  return [u16(v.soilTemperature * 10), u16(v.soilMoisture * 10), u16(v.soilEC * 1000), u16(v.soilPH * 100)];
}

/** The registers as the bytes a Modbus response carries (what `msg.responseBuffer.buffer` holds). */
export function registersToBuffer(registers: number[]): Buffer {
  const b = Buffer.alloc(registers.length * 2);
  registers.forEach((r, i) => b.writeUInt16BE(r, i * 2));
  return b;
}

export interface UecsAddress { room: number; region: number; order: number; priority: number; ip: string }

/** A UECS CCM packet (ver 1.00-E10) with one DATA element per measurement. */
export function toUecsXml(v: SimValues, at: UecsAddress): string {
  const data = (type: string, value: string) =>
    `<DATA type="${type}.mIC" room="${at.room}" region="${at.region}" order="${at.order}" priority="${at.priority}">${value}</DATA>`;
  const items = isGreenhouse(v)
    ? [data('InAirTemp', v.airTemperature.toFixed(1)), data('InAirHumid', v.airHumidity.toFixed(1)),
      data('InAirCO2', String(v.co2)), data('InRadiation', round(v.solarRadiation / 1000, 3).toFixed(3))]
    : [data('SoilTemp', v.soilTemperature.toFixed(1))];
  return `<?xml version="1.0"?><UECS ver="1.00-E10">${items.join('')}<IP>${at.ip}</IP></UECS>`;
}

export interface UplinkContext {
  deviceId: string; devEui: string; application: string; fCnt: number; receivedAt: number; rssi: number; snr: number;
  model: string;
}

/** A The Things Stack v3 uplink message as published on `v3/<app>@ttn/devices/<device>/up`. */
export function toTtsUplink(frame: Buffer, c: UplinkContext): Record<string, unknown> {
  const iso = new Date(c.receivedAt).toISOString();
  const devAddr = c.devEui.slice(-8);
  return {
    end_device_ids: {
      device_id: c.deviceId,
      application_ids: { application_id: c.application },
      dev_eui: c.devEui,
      join_eui: '0000000000000000',
      dev_addr: devAddr,
    },
    correlation_ids: [`as:up:${c.devEui}${c.fCnt}`],
    received_at: iso,
    uplink_message: {
      session_key_id: Buffer.from(c.devEui, 'hex').toString('base64'),
      f_port: 2,
      f_cnt: c.fCnt,
      frm_payload: frame.toString('base64'),
      rx_metadata: [{
        gateway_ids: { gateway_id: 'hakui-gw-01', eui: 'A84041FFFF1E2B3C' },
        time: iso,
        timestamp: (c.receivedAt * 1000) >>> 0,
        rssi: c.rssi,
        channel_rssi: c.rssi,
        snr: c.snr,
        received_at: iso,
      }],
      settings: {
        data_rate: { lora: { bandwidth: 125000, spreading_factor: 7, coding_rate: '4/5' } },
        frequency: '923200000',
      },
      received_at: iso,
      consumed_airtime: '0.061696s',
      version_ids: { brand_id: 'civic-iot', model_id: c.model },
      network_ids: { net_id: '000013', tenant_id: 'ttn', cluster_id: 'au1' },
    },
  };
}
