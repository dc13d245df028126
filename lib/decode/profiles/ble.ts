// Bluetooth SIG health characteristics as a gateway forwards them (raw bytes, hex or base64 over MQTT), laid out in
// the GATT Specification Supplement (GSS): Blood Pressure Measurement 0x2A35 (§3.31; Blood Pressure Service 1.1)
// and Weight Measurement 0x2A9D (§3.256; Weight Scale Service 1.0). Values are little-endian; blood pressure and
// pulse rate are IEEE 11073-20601 16-bit SFLOATs. Readings use the canonical names (mmHg, kg, m); the device's
// clock (a Date Time without a time zone) and the user and status fields go to the device information.
import { decodeError, clean, need } from '../errors';
import { type Decoded, emptyDecoded, put, putInfo, warn } from '../values';
import { u16le } from './common';

/** kPa → mmHg: 1 mmHg = 101.325 kPa / 760 (the conventional millimetre of mercury). */
const MMHG_PER_KPA = 760 / 101.325;

/** IEEE 11073-20601 SFLOAT: 4-bit signed exponent, 12-bit signed mantissa; NaN, NRes, ±INFINITY and reserved → undefined. */
export function sfloat(raw: number): number | undefined {
  const mantissa = raw & 0x0fff;
  if (mantissa >= 0x07fe && mantissa <= 0x0802) return undefined;
  const exponent = raw >> 12 >= 8 ? (raw >> 12) - 16 : raw >> 12;
  const m = mantissa >= 0x0800 ? mantissa - 0x1000 : mantissa;
  return clean(exponent >= 0 ? m * 10 ** exponent : m / 10 ** -exponent);
}

function putSfloat(out: Decoded, name: string, raw: number, kpa: boolean): void {
  const v = sfloat(raw);
  if (v === undefined) {
    warn(out, 'notAvailable', { name }, `${name}: the device sent no value (NaN or out of range)`);
    return;
  }
  put(out, name, kpa ? Math.round(v * MMHG_PER_KPA * 10) / 10 : v);
}

/** GSS Date Time (7 bytes): the device's local time as text (no time zone on the wire); unknown parts (0) noted. */
function dateTime(bytes: Uint8Array, i: number, out: Decoded): void {
  const year = u16le(bytes, i);
  const [month, day, h, m, s] = [bytes[i + 2], bytes[i + 3], bytes[i + 4], bytes[i + 5], bytes[i + 6]];
  const p = (n: number) => String(n).padStart(2, '0');
  if (year === 0 || month === 0 || day === 0) {
    warn(out, 'clockUnknown', {}, 'the device clock is not set (year, month or day unknown)');
    return;
  }
  putInfo(out, 'deviceTime', `${year}-${p(month)}-${p(day)}T${p(h)}:${p(m)}:${p(s)}`);
}

const PULSE_RANGE = ['within range', 'above upper limit', 'below lower limit', 'reserved'];

/** Blood Pressure Measurement (0x2A35): flags, systolic/diastolic/MAP, optional time stamp, pulse rate, user id, status. */
export function bloodPressure(bytes: Uint8Array): Decoded {
  need(bytes, 0, 7, 'blood pressure measurement');
  const flags = bytes[0];
  const kpa = (flags & 0x01) !== 0;
  const size = 7 + (flags & 0x02 ? 7 : 0) + (flags & 0x04 ? 2 : 0) + (flags & 0x08 ? 1 : 0) + (flags & 0x10 ? 2 : 0);
  need(bytes, 0, size, 'blood pressure fields the flags announce');
  const out = emptyDecoded();
  putSfloat(out, 'systolicPressure', u16le(bytes, 1), kpa);
  putSfloat(out, 'diastolicPressure', u16le(bytes, 3), kpa);
  putSfloat(out, 'meanArterialPressure', u16le(bytes, 5), kpa);
  if (kpa) putInfo(out, 'reportedUnit', 'kPa');
  let i = 7;
  if (flags & 0x02) { dateTime(bytes, i, out); i += 7; }
  if (flags & 0x04) { putSfloat(out, 'pulseRate', u16le(bytes, i), false); i += 2; }
  if (flags & 0x08) { if (bytes[i] !== 0xff) putInfo(out, 'userId', bytes[i]); i += 1; }
  if (flags & 0x10) {
    const st = u16le(bytes, i);
    putInfo(out, 'bodyMovement', st & 0x01);
    putInfo(out, 'cuffTooLoose', (st >> 1) & 0x01);
    putInfo(out, 'irregularPulse', (st >> 2) & 0x01);
    putInfo(out, 'pulseRateRange', PULSE_RANGE[(st >> 3) & 0x03]);
    putInfo(out, 'improperPosition', (st >> 5) & 0x01);
  }
  return out;
}

/** Weight Measurement (0x2A9D): SI (0.005 kg, 0.001 m) or imperial (0.01 lb, 0.1 in) units, converted to kg and m. */
export function weight(bytes: Uint8Array): Decoded {
  need(bytes, 0, 3, 'weight measurement');
  const flags = bytes[0];
  const imperial = (flags & 0x01) !== 0;
  const size = 3 + (flags & 0x02 ? 7 : 0) + (flags & 0x04 ? 1 : 0) + (flags & 0x08 ? 4 : 0);
  need(bytes, 0, size, 'weight fields the flags announce');
  const out = emptyDecoded();
  const raw = u16le(bytes, 1);
  if (raw === 0xffff) {
    throw decodeError('measurementFailed', { offset: 1 }, 'byte 1: the scale reports an unsuccessful measurement');
  }
  put(out, 'bodyWeight', imperial ? Math.round(raw * 0.01 * 0.45359237 * 1000) / 1000 : clean(raw * 5 / 1000));
  if (imperial) putInfo(out, 'reportedUnit', 'lb');
  let i = 3;
  if (flags & 0x02) { dateTime(bytes, i, out); i += 7; }
  if (flags & 0x04) { if (bytes[i] !== 0xff) putInfo(out, 'userId', bytes[i]); i += 1; }
  if (flags & 0x08) {
    put(out, 'bmi', u16le(bytes, i) / 10);
    const h = u16le(bytes, i + 2);
    put(out, 'bodyHeight', imperial ? Math.round(h * 0.1 * 0.0254 * 1000) / 1000 : h / 1000);
  }
  return out;
}
