// Sensor decoding: turns any field device's payload into a reading (architecture.md "Reading"). One entry point,
// createDecoder(config), picks the format (CayenneLPP, a device profile, a Modbus map, UECS CCM, a sandboxed
// vendor codec, or auto-detection), unwraps network-server envelopes, applies the user's channel mapping and
// returns payload, units, timestamp, device and meta. Errors are CivicErrors naming the byte offset.
import type { Reading } from '../metrics';
import { METRIC_UNITS } from '../metrics';
import { decodeError } from './errors';
import { classify, type RawInput } from './input';
import { decodeLpp, type LppField } from './lpp';
import { PROFILES } from './profiles';
import { isEnvelope, readEnvelope, flattenNumbers, type Uplink } from './envelope';
import { compileModbusMap, type ModbusField } from './modbus';
import { parseCcm, ccmValues, type CcmFilter } from './uecs';
import { CodecRunner, createCodecRunner } from './codec';
import { type Decoded, emptyDecoded, put } from './values';
import { CHANNEL_PRESETS, MODBUS_PRESETS, simChannelPreset, simModbusPreset, type MappingRow } from './presets';

export { decodeLpp, LPP_TYPES } from './lpp';
export type { LppField, LppOptions } from './lpp';
export { PROFILES, crc16Kermit } from './profiles';
export type { Profile } from './profiles';
export { readEnvelope, isEnvelope, flattenNumbers } from './envelope';
export type { Uplink } from './envelope';
export { decodeModbus, compileModbusMap, readRegisters, orderedBytes, MODBUS_WIDTH } from './modbus';
export type { ModbusField, ModbusType, ModbusOrder } from './modbus';
export { parseCcm, ccmValues, ccmMatches, CCM_TYPES } from './uecs';
export type { CcmPacket, CcmData, CcmFilter } from './uecs';
export { CodecRunner, createCodecRunner, quickJs } from './codec';
export type { CodecOptions, CodecResult } from './codec';
export { classify, bytesFromText, parseJson } from './input';
export type { RawInput } from './input';
export { clean, cleanFloat32, scaleValue } from './errors';
export { CHANNEL_PRESETS, MODBUS_PRESETS } from './presets';
export type { MappingRow } from './presets';
export type { Decoded } from './values';

/** The formats of the sensor-decode select. */
export const FORMATS = ['auto', 'cayenne-lpp', ...Object.keys(PROFILES), 'modbus', 'uecs', 'codec'] as const;
export type Format = typeof FORMATS[number];

/** Decoder configuration (the sensor-decode node's config, validated by its schema). */
export interface DecoderConfig {
  format: Format | string;
  /** use the network server's decoded object (decoded_payload / object) when the envelope has one */
  serverDecoded?: boolean;
  /** 'none' | 'custom' | 'civic-sim' | 'civic-greenhouse' | 'civic-soil' */
  channelPreset?: string;
  mapping?: MappingRow[];
  signedPower?: boolean;
  /** 'custom' | 'civic-sim' | 'civic-greenhouse' | 'civic-soil' */
  modbusPreset?: string;
  modbusMap?: ModbusField[];
  uecsFilter?: CcmFilter;
  codec?: string;
  codecTimeoutMs?: number;
  codecMemoryMb?: number;
  /** largest accepted payload, bytes (text: characters) */
  maxBytes?: number;
}

/** Where the reading's device fields come from, besides the payload itself. */
export interface DecodeContext {
  topic?: string;
  deviceId?: string;
  site?: string;
  house?: string;
  now?: () => number;
}

/** A compiled decoder: `decode` is synchronous once `ready` has resolved (only codecs need to load). */
export interface SensorDecoder {
  decode(payload: unknown, ctx?: DecodeContext): Reading;
  readonly ready: Promise<void>;
  readonly isReady: boolean;
  close(): void;
}

interface Stage { values: Decoded; source: string; format: string; uplink?: Uplink; model?: string; ip?: string; house?: string; extra?: Record<string, unknown> }

const UNITS = METRIC_UNITS as Record<string, string>;

/** Compiles mapping rows for LPP fields (by key, or by channel number) into a function, once per node. */
function lppMapper(rows: MappingRow[]): (fields: LppField[]) => Decoded {
  const byKey = new Map<string, MappingRow>();
  const byChannel: Array<MappingRow | undefined> = new Array(256);
  for (const r of rows) {
    const from = r.from.trim();
    if (/^\d{1,3}$/.test(from) && Number(from) < 256) byChannel[Number(from)] = r;
    else byKey.set(from, r);
  }
  return (fields) => {
    const out = emptyDecoded();
    for (const f of fields) {
      let row = byKey.size ? byKey.get(f.key) : undefined;
      let name = f.key;
      if (row) name = row.to;
      else {
        const base = `${f.name}_${f.channel}`;
        const suffix = f.key.length > base.length ? f.key.slice(base.length) : '';
        row = (suffix && byKey.size ? byKey.get(base) : undefined) ?? byChannel[f.channel];
        if (row) name = `${row.to}${suffix}`;
      }
      put(out, name, f.value, row ? row.unit || UNITS[name] || f.unit : f.unit);
    }
    return out;
  };
}

/** Applies mapping rows by key to any other decoder's values. */
function mapKeys(d: Decoded, rows: MappingRow[]): Decoded {
  if (!rows.length) return d;
  const byKey = new Map(rows.map((r) => [r.from.trim(), r]));
  const out: Decoded = { values: {}, units: {}, warnings: d.warnings };
  for (const [k, v] of Object.entries(d.values)) {
    const row = byKey.get(k);
    const name = row && row.to ? row.to : k;
    put(out, name, v, row?.unit || (row ? UNITS[name] : undefined) || d.units[k]);
  }
  return out;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** Compiles a decoder for `config` (a codec is compiled once, in its sandbox). */
export function createDecoder(config: DecoderConfig): SensorDecoder {
  const format = config.format || 'auto';
  const limit = config.maxBytes ?? 4096;
  const preset = config.channelPreset ?? 'none';
  const customRows = (config.mapping ?? []).filter((r) => r && r.from !== undefined && r.to);
  const fixedRows = preset === 'custom' || preset === 'none' ? customRows : [...(CHANNEL_PRESETS[preset] ?? []), ...customRows];
  const modbusPreset = config.modbusPreset ?? 'custom';
  if (format !== 'auto' && format !== 'cayenne-lpp' && format !== 'modbus' && format !== 'uecs' && format !== 'codec' && !PROFILES[format]) {
    throw decodeError('unknownFormat', { offset: 0, format }, `unknown format ${format}`);
  }

  let runner: CodecRunner | undefined;
  let loadError: unknown;
  let isReady = format !== 'codec';
  const ready: Promise<void> = format === 'codec'
    ? createCodecRunner(config.codec ?? '', {
      timeoutMs: config.codecTimeoutMs ?? 100,
      memoryLimitBytes: (config.codecMemoryMb ?? 16) * 1024 * 1024,
    }).then((r) => { runner = r; isReady = true; }, (err: unknown) => { loadError = err; isReady = true; throw err; })
    : Promise.resolve();
  ready.catch(() => undefined);                                  // reported through decode() and the adapter

  const fixedMapper = lppMapper(fixedRows);
  const simMappers = new Map([CHANNEL_PRESETS['civic-greenhouse'], CHANNEL_PRESETS['civic-soil']]
    .map((rows) => [rows, lppMapper([...rows, ...customRows])]));
  const mapperFor = (fields: LppField[]) => (preset === 'civic-sim' ? simMappers.get(simChannelPreset(fields)) ?? fixedMapper : fixedMapper);
  const lppOptions = { signedPower: config.signedPower === true };
  const fixedModbus = compileModbusMap(MODBUS_PRESETS[modbusPreset] ?? config.modbusMap ?? []);
  const simModbus = new Map([MODBUS_PRESETS['civic-greenhouse'], MODBUS_PRESETS['civic-soil']].map((m) => [m, compileModbusMap(m)]));

  function decodeBytes(bytes: Uint8Array, fPort: number | undefined, time: number): Stage {
    if (bytes.length > limit) {
      throw decodeError('oversize', { offset: limit, size: bytes.length, limit }, `payload of ${bytes.length} bytes is larger than the limit of ${limit} bytes`);
    }
    const profile = PROFILES[format];
    if (profile) return { values: mapKeys(profile.decode(bytes, fPort), customRows), source: profile.id, format: profile.id, model: profile.model };
    if (format === 'codec') {
      if (!runner) throw loadError ?? decodeError('codecNotReady', { offset: 0 }, 'the codec is still loading');
      const r = runner.decode(bytes, fPort ?? 1, time);
      const warnings = [...r.warnings];
      const flat = flattenNumbers(r.data, warnings);
      const d: Decoded = emptyDecoded();
      d.warnings = warnings;
      for (const [k, v] of Object.entries(flat)) put(d, k, v);
      return { values: mapKeys(d, customRows), source: 'codec', format: 'codec' };
    }
    if (format === 'modbus') {
      if (bytes.length % 2) {
        throw decodeError('oddLength', { offset: bytes.length - 1, size: bytes.length }, `${bytes.length} bytes cannot be 16-bit registers`);
      }
      const regs: number[] = [];
      for (let i = 0; i < bytes.length; i += 2) regs.push((bytes[i] << 8) | bytes[i + 1]);
      return decodeRegisters(regs);
    }
    if (format === 'uecs') return decodeXml(Buffer.from(bytes).toString('utf8'));
    const fields = decodeLpp(bytes, lppOptions);
    return { values: mapperFor(fields)(fields), source: 'cayenne-lpp', format: 'cayenne-lpp' };
  }

  function decodeRegisters(regs: number[]): Stage {
    const run = modbusPreset === 'civic-sim' ? simModbus.get(simModbusPreset(regs)) ?? fixedModbus : fixedModbus;
    return { values: mapKeys(run(regs), customRows), source: 'modbus', format: 'modbus' };
  }

  function decodeXml(text: string): Stage {
    const packet = parseCcm(text);
    const v = ccmValues(packet, config.uecsFilter);
    const rooms = new Set(v.items.map((d) => d.room));
    const house = rooms.size === 1 && !rooms.has(0) ? String([...rooms][0]) : undefined;
    const { items, ...values } = v;
    return { values: mapKeys(values, customRows), source: 'uecs', format: 'uecs', ip: packet.ip, house,
      extra: { uecs: items.map((d) => ({ type: d.type, room: d.room, region: d.region, order: d.order, priority: d.priority, value: d.value })), ...(packet.ver ? { uecsVersion: packet.ver } : {}) } };
  }

  function decodeUplink(uplink: Uplink, time: number): Stage {
    let stage: Stage;
    if (uplink.decoded && (config.serverDecoded || !uplink.bytes)) {
      const d = emptyDecoded();
      for (const [k, v] of Object.entries(flattenNumbers(uplink.decoded, d.warnings))) put(d, k, v);
      stage = { values: mapKeys(d, customRows.length ? customRows : fixedRows), source: uplink.source, format: 'server' };
    } else {
      if (!uplink.bytes || uplink.bytes.length === 0) {
        throw decodeError('noPayload', { offset: 0 }, 'the uplink carries no payload bytes and no decoded object');
      }
      stage = { ...decodeBytes(uplink.bytes, uplink.fPort, time), source: uplink.source };
    }
    return { ...stage, uplink, model: uplink.model ?? stage.model };
  }

  function decode(payload: unknown, ctx: DecodeContext = {}): Reading {
    const now = ctx.now ?? Date.now;
    const receivedAt = now();
    const raw: RawInput = classify(payload, limit, format === 'modbus' ? 'registers' : 'bytes');
    let stage: Stage;
    switch (raw.kind) {
      case 'object':
        if (!isEnvelope(raw.value)) readEnvelope(raw.value);                  // throws a clear "not an uplink"
        stage = decodeUplink(readEnvelope(raw.value), receivedAt);
        break;
      case 'xml':
        if (format !== 'auto' && format !== 'uecs') {
          throw decodeError('wrongInput', { offset: 0, got: 'XML', format }, `XML text cannot be decoded as ${format}`);
        }
        stage = decodeXml(raw.text);
        break;
      case 'registers':
        if (format !== 'auto' && format !== 'modbus') {
          throw decodeError('wrongInput', { offset: 0, got: 'register array', format }, `a register array cannot be decoded as ${format}`);
        }
        stage = decodeRegisters(raw.registers);
        break;
      default:
        stage = decodeBytes(raw.bytes, undefined, receivedAt);
    }
    const { values, uplink } = stage;
    if (isEmpty(values.values)) {
      throw decodeError('noValues', { offset: 0 }, 'the payload carries no measurement');
    }
    const id = ctx.deviceId || uplink?.deviceId || stage.ip || ctx.topic || 'unknown';
    const device: Reading['device'] = { id };
    if (stage.model) device.model = stage.model;
    if (ctx.site) device.site = ctx.site;
    const house = ctx.house || stage.house;
    if (house) device.house = house;
    const meta: Reading['meta'] = { source: stage.source, warnings: values.warnings };
    if (stage.format !== stage.source) meta.format = stage.format;
    if (uplink?.fPort !== undefined) meta.fPort = uplink.fPort;
    if (uplink?.rssi !== undefined) meta.rssi = uplink.rssi;
    if (uplink?.snr !== undefined) meta.snr = uplink.snr;
    if (uplink?.devEui) meta.devEui = uplink.devEui;
    if (stage.ip) meta.ip = stage.ip;
    if (stage.extra) Object.assign(meta, stage.extra);
    return { topic: id, payload: values.values, units: values.units, timestamp: uplink?.time ?? receivedAt, device, meta };
  }

  return {
    decode,
    ready,
    get isReady() { return isReady; },
    close() { runner?.dispose(); runner = undefined; },
  };
}

/** Options of uecsReading (the uecs-in node). */
export interface UecsReadingOptions {
  filter?: CcmFilter;
  deviceId?: string;
  site?: string;
  house?: string;
  /** the UDP sender's address, used as device id when the packet has no <IP> */
  sender?: string;
  maxBytes?: number;
  now?: () => number;
}

/**
 * One reading from one CCM packet (UDP datagram), or undefined when no DATA element passes the filter.
 * Throws a CivicError (badXml with the byte offset, oversize) for a broken packet.
 */
export function uecsReading(datagram: Buffer | string, options: UecsReadingOptions = {}): Reading | undefined {
  const limit = options.maxBytes ?? 8192;
  const size = typeof datagram === 'string' ? Buffer.byteLength(datagram) : datagram.length;
  if (size > limit) throw decodeError('oversize', { offset: limit, size, limit }, `packet of ${size} bytes is larger than ${limit}`);
  const packet = parseCcm(typeof datagram === 'string' ? datagram : datagram.toString('utf8'));
  const v = ccmValues(packet, options.filter);
  if (Object.keys(v.values).length === 0 && v.warnings.length === 0) return undefined;
  if (Object.keys(v.values).length === 0) throw decodeError('noValues', { offset: 0 }, 'the packet carries no numeric value');
  const rooms = new Set(v.items.map((d) => d.room));
  const id = options.deviceId || packet.ip || options.sender || 'uecs';
  const device: Reading['device'] = { id };
  if (options.site) device.site = options.site;
  const house = options.house || (rooms.size === 1 && !rooms.has(0) ? String([...rooms][0]) : undefined);
  if (house) device.house = house;
  const meta: Reading['meta'] = { source: 'uecs', warnings: v.warnings,
    uecs: v.items.map((d) => ({ type: d.type, room: d.room, region: d.region, order: d.order, priority: d.priority, value: d.value })) };
  if (packet.ip) meta.ip = packet.ip;
  if (packet.ver) meta.uecsVersion = packet.ver;
  return { topic: id, payload: v.values, units: v.units, timestamp: (options.now ?? Date.now)(), device, meta };
}
