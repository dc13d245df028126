// LoRaWAN network-server envelopes: The Things Stack v3 and ChirpStack v4 MQTT uplinks, reduced to what a reading
// needs (device, fPort, payload bytes or the server's decoded object, time, radio quality).
import { decodeError } from './errors';

/** The parts of an uplink a reading is built from. */
export interface Uplink {
  source: 'ttn' | 'chirpstack';
  deviceId?: string;
  devEui?: string;
  model?: string;
  fPort?: number;
  bytes?: Uint8Array;
  decoded?: Record<string, unknown>;
  time?: number;
  rssi?: number;
  snr?: number;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function base64(v: unknown, field: string): Uint8Array | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) {
    throw decodeError('badEnvelope', { offset: 0, field }, `${field} is not base64 text`);
  }
  return Uint8Array.from(Buffer.from(v, 'base64'));
}

function time(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** The gateway with the strongest signal: its RSSI and SNR. */
function bestRadio(list: unknown): { rssi?: number; snr?: number } {
  if (!Array.isArray(list)) return {};
  let best: { rssi?: number; snr?: number } = {};
  for (const g of list) {
    const o = obj(g);
    const rssi = num(o?.rssi) ?? num(o?.channel_rssi);
    if (rssi !== undefined && (best.rssi === undefined || rssi > best.rssi)) best = { rssi, snr: num(o?.snr) };
  }
  return best;
}

/** True when `v` looks like a TTS v3 or ChirpStack v4 uplink. */
export function isEnvelope(v: Record<string, unknown>): boolean {
  return ('end_device_ids' in v && 'uplink_message' in v) || ('deviceInfo' in v && ('data' in v || 'object' in v || 'fPort' in v));
}

/** Reads a TTS v3 (`v3/<app>@<tenant>/devices/<id>/up`) or ChirpStack v4 (`.../event/up`) uplink. */
export function readEnvelope(v: Record<string, unknown>): Uplink {
  if ('end_device_ids' in v || 'uplink_message' in v) {
    const ids = obj(v.end_device_ids);
    const up = obj(v.uplink_message);
    if (!up) throw decodeError('badEnvelope', { offset: 0, field: 'uplink_message' }, 'not an uplink: uplink_message is missing');
    return {
      source: 'ttn',
      deviceId: str(ids?.device_id),
      devEui: str(ids?.dev_eui),
      model: str(obj(up.version_ids)?.model_id),
      fPort: num(up.f_port),
      bytes: base64(up.frm_payload, 'uplink_message.frm_payload'),
      decoded: obj(up.decoded_payload),
      time: time(v.received_at) ?? time(up.received_at),
      ...bestRadio(up.rx_metadata),
    };
  }
  if ('deviceInfo' in v) {
    const info = obj(v.deviceInfo);
    return {
      source: 'chirpstack',
      deviceId: str(info?.deviceName) ?? str(info?.devEui),
      devEui: str(info?.devEui),
      model: str(info?.deviceProfileName),
      fPort: num(v.fPort),
      bytes: base64(v.data, 'data'),
      decoded: obj(v.object),
      time: time(v.time),
      ...bestRadio(v.rxInfo),
    };
  }
  throw decodeError('badEnvelope', { offset: 0, field: 'end_device_ids / deviceInfo' },
    'JSON is not a The Things Stack v3 or ChirpStack v4 uplink');
}
