// Dragino LSE01 (soil moisture, temperature, EC) and LHT65 (temperature/humidity with an external sensor), after the
// vendor's decoders in The Things Network device repository (vendor/dragino/lse01.js, lht65.js, lht65n.js) and the
// user manuals: measurements on fPort 2, the device status frame on fPort 5.
import { need } from '../errors';
import { type Decoded, emptyDecoded, put, putInfo, warn } from '../values';
import { checkPort, hexOf, i16be, u16be, u32be } from './common';

/** Frequency bands in the device status frame (byte 3). */
const BANDS: Record<number, string> = {
  0x01: 'EU868', 0x02: 'US915', 0x03: 'IN865', 0x04: 'AU915', 0x05: 'KZ865', 0x06: 'RU864', 0x07: 'AS923',
  0x08: 'AS923-1', 0x09: 'AS923-2', 0x0a: 'AS923-3', 0x0b: 'CN470', 0x0c: 'EU433', 0x0d: 'KR920', 0x0e: 'MA869',
  0x0f: 'AS923-4',
};
/** Battery status bits 15–14 of the LHT65 battery word. */
const BATTERY_STATUS = ['ultra low', 'low', 'ok', 'good'];

/** The device status frame (fPort 5): model, firmware, band, sub-band, battery. */
function deviceStatus(bytes: Uint8Array, model: string): Decoded {
  need(bytes, 0, 7, `${model} device status`);
  const out = emptyDecoded();
  putInfo(out, 'sensorModel', `0x${hexOf(bytes, 0, 1)}`);
  putInfo(out, 'firmwareVersion', `${bytes[1] & 0x0f}.${(bytes[2] >> 4) & 0x0f}.${bytes[2] & 0x0f}`);
  putInfo(out, 'frequencyBand', BANDS[bytes[3]] ?? `0x${hexOf(bytes, 3, 4)}`);
  if (bytes[4] !== 0xff) putInfo(out, 'subBand', bytes[4]);
  put(out, 'batteryVoltage', u16be(bytes, 5) / 1000);
  return out;
}

/** Dragino LSE01: fPort 2, 11 bytes big-endian; byte 10 carries the sensor-detected and interrupt flags. */
export function lse01(bytes: Uint8Array, fPort?: number): Decoded {
  checkPort(fPort, [2, 5], 'Dragino LSE01');
  if (fPort === 5) return deviceStatus(bytes, 'LSE01');
  need(bytes, 0, 10, 'LSE01 frame');
  const out = emptyDecoded();
  put(out, 'batteryVoltage', (u16be(bytes, 0) & 0x3fff) / 1000);
  put(out, 'probeTemperature', i16be(bytes, 2) / 10, '°C');          // the DS18B20 probe socket
  put(out, 'soilMoisture', u16be(bytes, 4) / 100);
  put(out, 'soilTemperature', i16be(bytes, 6) / 100);
  put(out, 'soilEC', u16be(bytes, 8) / 1000);                        // µS/cm → dS/m
  if (bytes.length > 10) {
    putInfo(out, 'sensorDetected', (bytes[10] >> 4) & 0x01);
    putInfo(out, 'interrupt', bytes[10] & 0x0f);
  }
  return out;
}

/** LHT65 external sensor (byte 6, bits 0–3) values. */
function lht65External(bytes: Uint8Array, ext: number, out: Decoded): void {
  switch (ext) {
    case 0: return;
    case 1: {
      const raw = u16be(bytes, 7);
      if ((bytes[6] & 0x80) !== 0 || raw === 0x7fff) warn(out, 'noProbe', {}, 'external temperature probe not connected (no probe)');
      else put(out, 'externalTemperature', i16be(bytes, 7) / 100, '°C');
      return;
    }
    case 4: put(out, 'interruptLevel', bytes[7] ? 1 : 0); put(out, 'interruptTriggered', bytes[8] ? 1 : 0); return;
    case 5: put(out, 'illuminance', u16be(bytes, 7)); return;
    case 6: put(out, 'adcVoltage', u16be(bytes, 7) / 1000, 'V'); return;
    case 7: put(out, 'pulseCount', u16be(bytes, 7)); return;
    case 8: put(out, 'pulseCount', u32be(bytes, 7)); return;
    case 9: out.time = u32be(bytes, 7) * 1000; return;                 // the device's own clock, Unix seconds
    default: warn(out, 'externalType', { type: ext }, `external sensor type ${ext} is not decoded`);
  }
}

/** Dragino LHT65: fPort 2, 11 bytes: battery, SHT temperature and humidity, external sensor. */
export function lht65(bytes: Uint8Array, fPort?: number): Decoded {
  checkPort(fPort, [2, 5], 'Dragino LHT65');
  if (fPort === 5) return deviceStatus(bytes, 'LHT65');
  need(bytes, 0, 7, 'LHT65 frame');
  const ext = bytes[6] & 0x0f;
  if (ext !== 0) need(bytes, 7, ext === 8 || ext === 9 || ext === 15 ? 4 : 2, 'LHT65 external sensor');
  const out = emptyDecoded();
  if (ext === 9) {                                                     // DS18B20 & timestamp: bytes 0–1 hold the probe
    put(out, 'externalTemperature', i16be(bytes, 0) / 100, '°C');
    putInfo(out, 'batteryStatus', BATTERY_STATUS[bytes[4] >> 6]);
  } else {
    put(out, 'batteryVoltage', (u16be(bytes, 0) & 0x3fff) / 1000);
    putInfo(out, 'batteryStatus', BATTERY_STATUS[bytes[0] >> 6]);
  }
  if (ext === 15) {                                                    // the probe's ROM id instead of the SHT values
    putInfo(out, 'probeId', hexOf(bytes, 2, 6) + hexOf(bytes, 7, 11));
    return out;
  }
  put(out, 'airTemperature', i16be(bytes, 2) / 100);
  put(out, 'airHumidity', (u16be(bytes, 4) & 0x0fff) / 10);
  if ((bytes[6] & 0x40) !== 0) putInfo(out, 'pollReply', 1);
  lht65External(bytes, ext, out);
  return out;
}
