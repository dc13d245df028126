// Milesight EM300-TH, EM500-SMTC and AM319: `[channel][type][data]` items, little-endian, after the vendor's
// published decoders and payload tables (github.com/Milesight-IoT/SensorDecoders: em-series/em300-th,
// em-series/em500-smtc, am-series/am319-hcho, am-series/am319-o3). Channel 0xFF items are device information,
// channel 0x20/0x21 items logged history. An unknown channel whose type has a known size is skipped with a warning;
// an unknown type ends the frame with a warning, keeping what was decoded before it.
import { need } from '../errors';
import { type Decoded, type HistoryEntry, emptyDecoded, put, putInfo, warn } from '../values';
import { hexOf, i16le, u16le, u32le } from './common';

type Reader = (b: Uint8Array, i: number, out: Decoded) => void;
interface Item { size: number; read: Reader }

/** Sizes of the data types, to step over a channel this profile does not know. */
const TYPE_SIZES: Record<number, number> = { 0x00: 1, 0x01: 1, 0x67: 2, 0x68: 1, 0x73: 2, 0x75: 1, 0x7d: 2, 0x7f: 2, 0xca: 2, 0xcb: 1, 0xe6: 2 };
const key = (ch: number, type: number) => (ch << 8) | type;
const version = (b: Uint8Array, i: number) => `v${b[i].toString(16)}.${(b[i + 1] >> 4).toString(16)}`;

/** Device information on channel 0xFF, and the answers to configuration downlinks (sizes from the vendor decoders). */
const INFO: Record<number, Item> = {
  [key(0xff, 0x01)]: { size: 1, read: (b, i, o) => putInfo(o, 'ipsoVersion', `v${b[i] >> 4}.${b[i] & 0x0f}`) },
  [key(0xff, 0x09)]: { size: 2, read: (b, i, o) => putInfo(o, 'hardwareVersion', version(b, i)) },
  [key(0xff, 0x0a)]: { size: 2, read: (b, i, o) => putInfo(o, 'firmwareVersion', `v${b[i].toString(16)}.${b[i + 1].toString(16)}`) },
  [key(0xff, 0xff)]: { size: 2, read: (b, i, o) => putInfo(o, 'tslVersion', `v${b[i]}.${b[i + 1]}`) },
  [key(0xff, 0x16)]: { size: 8, read: (b, i, o) => putInfo(o, 'serialNumber', hexOf(b, i, i + 8).toLowerCase()) },
  [key(0xff, 0x0f)]: { size: 1, read: (b, i, o) => putInfo(o, 'lorawanClass', ['Class A', 'Class B', 'Class C', 'Class CtoB'][b[i]] ?? 'unknown') },
  [key(0xff, 0xfe)]: { size: 1, read: (_b, _i, o) => putInfo(o, 'resetEvent', 'reset') },
  [key(0xff, 0x0b)]: { size: 1, read: (_b, _i, o) => putInfo(o, 'deviceStatus', 'on') },
  [key(0xff, 0x02)]: { size: 2, read: (b, i, o) => putInfo(o, 'collectionInterval', u16le(b, i)) },
  [key(0xff, 0x03)]: { size: 2, read: (b, i, o) => putInfo(o, 'reportInterval', u16le(b, i)) },
};
/** Configuration answers that carry nothing a reading needs: only their size matters. */
const SKIPPED: Record<number, number> = { 0x06: 9, 0x10: 1, 0x27: 1, 0x28: 1, 0x68: 1, 0x69: 1, 0x6a: 3, 0x6d: 1, 0x79: 6, 0xea: 3 };

/** A 16-bit reading with the vendor's error codes (0xFFFF collection failed, 0xFFFD out of range). */
function checked(name: string, raw: number, value: number, out: Decoded): void {
  if (raw === 0xffff || raw === 0xfffd) {
    warn(out, raw === 0xffff ? 'sensorFailed' : 'sensorRange', { name }, `${name}: the sensor reported ${raw === 0xffff ? 'a failed reading' : 'out of range'}`);
  } else put(out, name, value);
}

function history(out: Decoded, entry: HistoryEntry): void {
  (out.history ??= []).push(entry);
}

const air = (temperature: string, humidity: string): Record<number, Item> => ({
  [key(0x01, 0x75)]: { size: 1, read: (b, i, o) => put(o, 'batteryPercent', b[i]) },
  [key(0x03, 0x67)]: { size: 2, read: (b, i, o) => checked(temperature, u16le(b, i), i16le(b, i) / 10, o) },
  [key(0x04, 0x68)]: { size: 1, read: (b, i, o) => put(o, humidity, b[i] / 2) },
});

const EM300_TH: Record<number, Item> = {
  ...air('airTemperature', 'airHumidity'),
  [key(0x20, 0xce)]: { size: 8, read: (b, i, o) => history(o, { timestamp: u32le(b, i) * 1000,
    values: { airTemperature: i16le(b, i + 4) / 10, airHumidity: b[i + 6] / 2 } }) },
};

const EM500_SMTC: Record<number, Item> = {
  ...air('soilTemperature', 'soilMoisture'),
  [key(0x04, 0xca)]: { size: 2, read: (b, i, o) => checked('soilMoisture', u16le(b, i), u16le(b, i) / 100, o) },
  [key(0x05, 0x7f)]: { size: 2, read: (b, i, o) => checked('soilEC', u16le(b, i), u16le(b, i) / 1000, o) },   // µS/cm → dS/m
  [key(0x83, 0xd7)]: { size: 5, read: (b, i, o) => {
    put(o, 'soilTemperature', i16le(b, i) / 10);
    put(o, 'soilTemperatureChange', i16le(b, i + 2) / 10, '°C');
    putInfo(o, 'temperatureAlarm', ['threshold alarm release', 'threshold alarm', 'mutation alarm'][b[i + 4]] ?? 'unknown');
  } },
  [key(0x20, 0xce)]: { size: 10, read: (b, i, o) => {
    const values: Record<string, number> = {};
    const ec = u16le(b, i + 4);
    const t = u16le(b, i + 6);
    const m = u16le(b, i + 8);
    if (ec < 0xfffd) values.soilEC = ec / 1000;
    if (t < 0xfffd) values.soilTemperature = i16le(b, i + 6) / 10;
    if (m < 0xfffd) values.soilMoisture = m / 100;
    history(o, { timestamp: u32le(b, i) * 1000, values });
  } },
};

function am319History(last: 'hcho' | 'o3', tvocIaq: boolean): Item {
  return { size: 22, read: (b, i, o) => history(o, { timestamp: u32le(b, i) * 1000, values: {
    airTemperature: i16le(b, i + 4) / 10, airHumidity: u16le(b, i + 6) / 2, motion: b[i + 8], lightLevel: b[i + 9],
    co2: u16le(b, i + 10), tvoc: tvocIaq ? u16le(b, i + 12) / 100 : u16le(b, i + 12), airPressure: u16le(b, i + 14) / 10,
    pm2_5: u16le(b, i + 16), pm10: u16le(b, i + 18), [last]: u16le(b, i + 20) / 100,
  } }) };
}

function am319(last: 'hcho' | 'o3'): Record<number, Item> {
  return {
    ...air('airTemperature', 'airHumidity'),
    [key(0x05, 0x00)]: { size: 1, read: (b, i, o) => put(o, 'motion', b[i]) },
    [key(0x06, 0xcb)]: { size: 1, read: (b, i, o) => put(o, 'lightLevel', b[i]) },
    [key(0x07, 0x7d)]: { size: 2, read: (b, i, o) => put(o, 'co2', u16le(b, i)) },
    [key(0x08, 0x7d)]: { size: 2, read: (b, i, o) => put(o, 'tvoc', u16le(b, i) / 100, 'IAQ') },
    [key(0x08, 0xe6)]: { size: 2, read: (b, i, o) => put(o, 'tvoc', u16le(b, i), 'µg/m³') },
    [key(0x09, 0x73)]: { size: 2, read: (b, i, o) => put(o, 'airPressure', u16le(b, i) / 10) },
    [key(0x0a, 0x7d)]: { size: 2, read: (b, i, o) => put(o, 'hcho', u16le(b, i) / 100, 'mg/m³') },
    [key(0x0b, 0x7d)]: { size: 2, read: (b, i, o) => put(o, 'pm2_5', u16le(b, i), 'µg/m³') },
    [key(0x0c, 0x7d)]: { size: 2, read: (b, i, o) => put(o, 'pm10', u16le(b, i), 'µg/m³') },
    [key(0x0d, 0x7d)]: { size: 2, read: (b, i, o) => put(o, 'o3', u16le(b, i) / 100, 'ppm') },
    [key(0x0e, 0x01)]: { size: 1, read: (b, i, o) => putInfo(o, 'buzzer', b[i] ? 'on' : 'off') },
    [key(0x20, 0xce)]: am319History(last, true),
    [key(0x21, 0xce)]: am319History(last, false),
  };
}

/** A Milesight decoder over one model's item table. */
function milesight(model: string, table: Record<number, Item>): (bytes: Uint8Array) => Decoded {
  return (bytes) => {
    need(bytes, 0, 2, `${model} frame`);
    const out = emptyDecoded();
    let i = 0;
    while (i < bytes.length) {
      need(bytes, i, 2, 'channel and type');
      const ch = bytes[i];
      const type = bytes[i + 1];
      const item = table[key(ch, type)] ?? INFO[key(ch, type)];
      const size = item?.size ?? ((ch === 0xff || ch === 0xfe) ? SKIPPED[type] : TYPE_SIZES[type]);
      if (size === undefined) {
        warn(out, 'unreadRest', { offset: i, model }, `byte ${i}: unknown ${model} channel; the rest of the frame was not read`);
        break;
      }
      need(bytes, i + 2, size, item ? `${model} channel` : 'unknown channel');
      if (item) item.read(bytes, i + 2, out);
      else if (ch !== 0xff && ch !== 0xfe) warn(out, 'unknownChannel', { offset: i, model }, `byte ${i}: unknown ${model} channel skipped`);
      i += 2 + size;
    }
    return out;
  };
}

export const em300th = milesight('EM300-TH', EM300_TH);
export const em500smtc = milesight('EM500-SMTC', EM500_SMTC);
export const am319hcho = milesight('AM319', am319('hcho'));
export const am319o3 = milesight('AM319 O3', am319('o3'));
