// Sensor decoding: turns any field device's payload into a reading. createDecoder(config) compiles, once per node,
// the format (CayenneLPP, a device profile, a Modbus map, UECS CCM, a sandboxed vendor codec, or auto-detection),
// the naming rows with their derived values and the plausibility ranges; decode() then unwraps network-server
// envelopes and returns payload, units, timestamp, device and meta. Errors are CivicErrors naming the byte offset.
// Every format decodes synchronously except a vendor codec, which runs in the worker pool and returns a promise.
import type { Reading } from '../metrics';
import { Codec, createCodec } from './codec';
import { objectValues } from './codec-values';
import { isEnvelope, readEnvelope, type Uplink } from './envelope';
import { decodeError } from './errors';
import { classify } from './input';
import { decodeLpp, visitLpp, type LppField } from './lpp';
import { keyMapper, lppMapper, type MappingRow } from './mapping';
import { compileModbusMap, rtuRegisters, type ModbusAddressing, type ModbusField } from './modbus';
import { layoutUnits, lppPlans, readLayout, type LppPlans, type RangeOf } from './lpp-plan';
import { compilePlausibility, compileRanges, type PlausibilityMode, type PlausibleRange } from './plausibility';
import { CHANNEL_PRESETS, MODBUS_PRESETS, simChannelPreset, simModbusPreset } from './presets';
import { PROFILES, PROFILE_IDS } from './profiles';
import { deviceIdOf, lppReading, toReading, type DecodeContext, type Stage } from './reading';
import { maskNumbers } from './sandbox/device-sandbox';
import type { SandboxPool } from './sandbox/pool';
import { parseCcm, ccmValues, type CcmFilter } from './uecs';
import { type Decoded, type Translate, emptyDecoded, warn } from './values';

/** The formats of the sensor-decode select. */
export const FORMATS: readonly string[] = ['auto', 'cayenne-lpp', ...PROFILE_IDS, 'modbus', 'uecs', 'codec'];
/** The naming presets of the sensor-decode select. */
export const CHANNEL_PRESET_IDS = ['none', 'custom', 'civic-sim', 'civic-greenhouse', 'civic-soil'] as const;
/** The register map presets of the sensor-decode select. */
export const MODBUS_PRESET_IDS = ['custom', 'civic-sim', 'civic-greenhouse', 'civic-soil'] as const;

/** Decoder configuration (the sensor-decode node's config, validated by its schema). */
export interface DecoderConfig {
  format: string;
  /** use the network server's decoded object (decoded_payload / object) when the envelope has one */
  serverDecoded?: boolean;
  channelPreset?: string;
  mapping?: MappingRow[];
  signedPower?: boolean;
  modbusPreset?: string;
  modbusMap?: ModbusField[];
  /** 'absolute' (default): rows name register addresses; 'relative': rows count from the first register read */
  modbusAddressing?: ModbusAddressing;
  /** the read's start address when the message does not carry it */
  modbusStart?: number;
  uecsFilter?: CcmFilter;
  codec?: string;
  codecTimeoutMs?: number;
  codecMemoryMb?: number;
  /** largest accepted payload, bytes (text: characters) */
  maxBytes?: number;
  plausibility?: PlausibilityMode;
  ranges?: PlausibleRange[];
  /** renders warnings in the user's language */
  translate?: Translate;
  /** the codec worker pool (tests); default the process-wide one */
  pool?: SandboxPool;
}

/** A compiled decoder. Vendor codecs run in worker threads: `async` is then true and only decodeAsync works. */
export interface SensorDecoder {
  /** decodes synchronously (every format but a vendor codec); the reading's fields go into `into` when given */
  decode(payload: unknown, ctx?: DecodeContext, into?: object): Reading;
  /** decodes any format */
  decodeAsync(payload: unknown, ctx?: DecodeContext, into?: object): Promise<Reading>;
  /** true for a vendor codec */
  readonly async: boolean;
  readonly ready: Promise<void>;
  readonly isReady: boolean;
  close(): void;
}

export type { DecodeContext } from './reading';

interface Compiled {
  format: string;
  limit: number;
  lpp: (bytes: Uint8Array) => Decoded;
  /** the frame layouts this node has compiled (not for the simulator preset, whose names depend on the frame) */
  plans?: LppPlans;
  keys: (d: Decoded) => Decoded;
  serverKeys: (d: Decoded) => Decoded;
  modbus: (regs: number[]) => (regs: number[], start?: number) => Decoded;
  absolute: boolean;
  modbusStart: number;
  uecsFilter?: CcmFilter;
  serverDecoded: boolean;
  check?: (d: Decoded) => void;
}

const isFormat = (f: string) => f === 'auto' || f === 'cayenne-lpp' || f === 'modbus' || f === 'uecs' || f === 'codec' || Object.hasOwn(PROFILES, f);

function compileNaming(config: DecoderConfig, rangeOf: RangeOf | undefined): Pick<Compiled, 'lpp' | 'plans' | 'keys' | 'serverKeys'> {
  const preset = config.channelPreset ?? 'none';
  const custom = (config.mapping ?? []).filter((r) => r && r.from !== undefined && r.to);
  const fixed = preset === 'custom' || preset === 'none' || !Object.hasOwn(CHANNEL_PRESETS, preset) ? custom : [...CHANNEL_PRESETS[preset], ...custom];
  const options = { signedPower: config.signedPower === true };
  const keys = keyMapper(custom);
  const serverKeys = custom.length ? keys : keyMapper(fixed);
  if (preset === 'civic-sim') {
    // the simulator's greenhouse and soil frames need different names: the frame's types decide which table
    const fallback = lppMapper(fixed);
    const sim = new Map([CHANNEL_PRESETS['civic-greenhouse'], CHANNEL_PRESETS['civic-soil']].map((rows) => [rows, lppMapper([...rows, ...custom])]));
    const lpp = (bytes: Uint8Array) => {
      const fields: LppField[] = decodeLpp(bytes, options);
      return (sim.get(simChannelPreset(fields)) ?? fallback).map(fields);
    };
    return { lpp, keys, serverKeys };
  }
  // the common case walks the frame once, naming each value as it is read: no intermediate objects
  const naming = lppMapper(fixed);
  const lpp = (bytes: Uint8Array) => {
    const out = emptyDecoded();
    visitLpp(bytes, options, naming.visit, out);
    return out;
  };
  return { lpp, plans: lppPlans(naming, options, rangeOf), keys, serverKeys };
}

function compileModbus(config: DecoderConfig): Compiled['modbus'] {
  const preset = config.modbusPreset ?? 'custom';
  const fixed = compileModbusMap(Object.hasOwn(MODBUS_PRESETS, preset) ? MODBUS_PRESETS[preset] : config.modbusMap ?? []);
  if (preset !== 'civic-sim') return () => fixed;
  const sim = new Map([MODBUS_PRESETS['civic-greenhouse'], MODBUS_PRESETS['civic-soil']].map((m) => [m, compileModbusMap(m)]));
  return (regs) => sim.get(simModbusPreset(regs)) ?? fixed;
}

function compile(config: DecoderConfig): Compiled {
  const format = config.format || 'auto';
  if (!isFormat(format)) throw decodeError('unknownFormat', { offset: 0, format }, `unknown format ${format}`);
  const preset = config.modbusPreset ?? 'custom';
  const mode = config.plausibility ?? 'flag';
  return {
    format, limit: config.maxBytes ?? 4096, ...compileNaming(config, compileRanges(mode, config.ranges ?? [])),
    modbus: compileModbus(config),
    // the simulator presets describe the simulator's own reads, which start at register 0
    absolute: config.modbusAddressing !== 'relative' && (preset === 'custom' || !Object.hasOwn(MODBUS_PRESETS, preset)),
    modbusStart: config.modbusStart ?? 0, uecsFilter: config.uecsFilter, serverDecoded: config.serverDecoded === true,
    check: compilePlausibility(mode, config.ranges ?? []),
  };
}

function registersStage(c: Compiled, regs: number[], start: number | undefined): Stage {
  const values = c.keys(c.modbus(regs)(regs, c.absolute ? start ?? c.modbusStart : 0));
  return { values, source: 'modbus', format: 'modbus' };
}

function xmlStage(c: Compiled, text: string): Stage {
  const packet = parseCcm(text);
  const { items, ...values } = ccmValues(packet, c.uecsFilter);
  const rooms = new Set(items.map((d) => d.room));
  const house = rooms.size === 1 && !rooms.has(0) ? String([...rooms][0]) : undefined;
  return { values: c.keys(values), source: 'uecs', format: 'uecs', ip: packet.ip, house,
    extra: { uecs: items.map((d) => ({ type: d.type, room: d.room, region: d.region, order: d.order, priority: d.priority, value: d.value })),
      ...(packet.ver ? { uecsVersion: packet.ver } : {}) } };
}

/** A decoded object from a codec or a network server, as values (SenseCAP's failure flag becomes an error). */
function objectStage(o: Record<string, unknown>, keys: (d: Decoded) => Decoded, source: string, format: string): Stage {
  const { decoded, failure } = objectValues(o);
  if (failure) throw decodeError('codecErrors', { offset: 0, reason: failure }, `the decoder reported: ${failure}`);
  return { values: keys(decoded), source, format };
}

/** A CayenneLPP frame: read by its compiled layout when this node knows it, else decoded and its layout learned. */
function lppStage(c: Compiled, bytes: Uint8Array): Stage {
  const layout = c.plans?.find(bytes);
  const known = layout && readLayout(layout, bytes);
  if (known) return { values: { values: known, units: layoutUnits(layout), warnings: [] }, source: 'cayenne-lpp', format: 'cayenne-lpp', checked: true };
  const values = c.lpp(bytes);
  c.plans?.learn(bytes);
  return { values, source: 'cayenne-lpp', format: 'cayenne-lpp' };
}

function oversize(c: Compiled, bytes: Uint8Array): void {
  if (bytes.length > c.limit) {
    throw decodeError('oversize', { offset: c.limit, size: bytes.length, limit: c.limit }, `payload of ${bytes.length} bytes is larger than the limit of ${c.limit} bytes`);
  }
}

/** Creates the codec in the worker pool; decode() waits for it. */
function codecHolder(config: DecoderConfig): { get(): Codec; ready: Promise<void>; isReady(): boolean; close(): void } {
  let codec: Codec | undefined;
  let error: unknown;
  let closed = false;
  const ready = createCodec(config.codec ?? '', {
    timeoutMs: config.codecTimeoutMs ?? 100, memoryLimitBytes: (config.codecMemoryMb ?? 16) * 1024 * 1024, pool: config.pool,
  }).then((made) => { if (closed) made.close(); else codec = made; }, (err: unknown) => { error = err; throw err; });
  ready.catch(() => undefined);                                        // reported through decode() and the adapter
  return {
    get: () => codec ?? (() => { throw error ?? decodeError('codecNotReady', { offset: 0 }, 'the codec is still loading'); })(),
    ready, isReady: () => codec !== undefined || error !== undefined,
    close: () => { closed = true; codec?.close(); codec = undefined; },
  };
}

/** Runs a vendor codec for one device; its own errors fail the message with the lists kept for the Catch node. */
async function codecStage(c: Compiled, codec: Codec, bytes: Uint8Array, fPort: number | undefined, time: number, device: string): Promise<Stage> {
  const r = await codec.decode(device, bytes, fPort ?? 1, time);
  if (r.errors.length) {
    // the full lists go to msg.meta for the Catch node; the error text (which reaches the log) has its numbers masked
    const reason = maskNumbers(r.errors.join('; ')).slice(0, 200);
    const err = decodeError('codecErrors', { offset: 0, reason }, `the codec reported: ${reason}`);
    throw Object.assign(err, { meta: { source: 'codec', errors: r.errors, warnings: r.warnings } });
  }
  const stage = objectStage(r.data, c.keys, 'codec', 'codec');
  for (const w of r.warnings) warn(stage.values, 'codec', { text: w }, w);
  return stage;
}

/** Compiles a decoder for `config` (a vendor codec is compiled once, in the worker pool). */
export function createDecoder(config: DecoderConfig): SensorDecoder {
  const c = compile(config);
  const holder = c.format === 'codec' ? codecHolder(config) : undefined;
  const translate = config.translate;

  function bytesStage(bytes: Uint8Array, fPort: number | undefined, time: number, ctx: DecodeContext, uplink?: Uplink): Stage | Promise<Stage> {
    oversize(c, bytes);
    const profile = Object.hasOwn(PROFILES, c.format) ? PROFILES[c.format] : undefined;
    if (profile) return { values: c.keys(profile.decode(bytes, fPort)), source: profile.id, format: profile.id, model: profile.model };
    if (holder) return codecStage(c, holder.get(), bytes, fPort, time, deviceIdOf({ uplink }, ctx));
    if (c.format === 'modbus') return registersStage(c, classifyRegisters(bytes), ctx.registerStart);
    if (c.format === 'uecs') return xmlStage(c, Buffer.from(bytes).toString('utf8'));
    return lppStage(c, bytes);
  }

  function classifyRegisters(bytes: Uint8Array): number[] {
    const raw = classify(bytes, c.limit, 'registers');
    return raw.kind === 'rtu' ? rtuRegisters(raw.bytes).registers : raw.kind === 'registers' ? raw.registers : [];
  }

  function uplinkStage(uplink: Uplink, time: number, ctx: DecodeContext): Stage | Promise<Stage> {
    if (uplink.decoded && (c.serverDecoded || !uplink.bytes)) {
      return { ...objectStage(uplink.decoded, c.serverKeys, uplink.source, 'server'), uplink, model: uplink.model };
    }
    if (!uplink.bytes || uplink.bytes.length === 0) {
      throw decodeError('noPayload', { offset: 0 }, 'the uplink carries no payload bytes and no decoded object');
    }
    const stage = bytesStage(uplink.bytes, uplink.fPort, time, ctx, uplink);
    const wrap = (s: Stage): Stage => ({ ...s, source: uplink.source, uplink, model: uplink.model ?? s.model });
    return stage instanceof Promise ? stage.then(wrap) : wrap(stage);
  }

  // a Buffer of binary bytes (not JSON, not XML) skips classification: the common case, no object per message
  const rawFrame = (payload: unknown): payload is Uint8Array =>
    payload instanceof Uint8Array && c.format !== 'modbus' && payload[0] !== 0x7b && payload[0] !== 0x3c;
  // a raw CayenneLPP frame of a layout this node knows is read straight into the reading (no stage in between)
  const direct = c.plans !== undefined && (c.format === 'cayenne-lpp' || c.format === 'auto') ? c.plans : undefined;

  function stageOf(payload: unknown, ctx: DecodeContext, receivedAt: number): Stage | Promise<Stage> {
    if (rawFrame(payload)) {
      return bytesStage(payload, ctx.fPort, receivedAt, ctx);
    }
    const raw = classify(payload, c.limit, c.format === 'modbus' ? 'registers' : 'bytes');
    switch (raw.kind) {
      case 'object':
        if (!isEnvelope(raw.value)) readEnvelope(raw.value);                    // throws a clear "not an uplink"
        return uplinkStage(readEnvelope(raw.value), receivedAt, ctx);
      case 'xml':
        if (c.format !== 'auto' && c.format !== 'uecs') throw wrongInput('XML', c.format);
        return xmlStage(c, raw.text);
      case 'registers':
        if (c.format !== 'auto' && c.format !== 'modbus') throw wrongInput('register array', c.format);
        return registersStage(c, raw.registers, ctx.registerStart);
      case 'rtu':
        return registersStage(c, rtuRegisters(raw.bytes).registers, ctx.registerStart);
      default:
        return bytesStage(raw.bytes, ctx.fPort, receivedAt, ctx);
    }
  }

  const finish = (stage: Stage, ctx: DecodeContext, receivedAt: number, into?: object): Reading => {
    if (!stage.checked) c.check?.(stage.values);
    return toReading(stage, ctx, receivedAt, translate, into);
  };

  // the steady state of a LoRaWAN node: a raw frame of a layout it has compiled. Kept apart from the general path so
  // that the JIT compiles it whole (the layout's reader and the reading inlined, no number boxed between calls)
  const known = (payload: unknown, ctx: DecodeContext, into: object | undefined): Reading | undefined => {
    // (no size check: a layout is learnt only from a frame within the limit, and matches frames of its own length)
    if (direct === undefined || !rawFrame(payload)) return undefined;
    const layout = direct.find(payload);
    const values = layout && readLayout(layout, payload);
    if (!values) return undefined;
    const now = ctx.now;                                 // Date.now called by name: the JIT turns it into a direct call
    return lppReading(values, layoutUnits(layout), ctx, now === undefined ? Date.now() : now(), into);
  };
  const general = (payload: unknown, ctx: DecodeContext, into: object | undefined): Reading => {
    if (holder) throw decodeError('codecAsync', { offset: 0 }, 'a vendor codec decodes asynchronously: use decodeAsync');
    const receivedAt = (ctx.now ?? Date.now)();
    return finish(stageOf(payload, ctx, receivedAt) as Stage, ctx, receivedAt, into);
  };

  return {
    decode(payload, ctx = {}, into) {
      return known(payload, ctx, into) ?? general(payload, ctx, into);
    },
    async decodeAsync(payload, ctx = {}, into) {
      if (holder && !holder.isReady()) await holder.ready.catch(() => undefined);
      const receivedAt = (ctx.now ?? Date.now)();
      return finish(await stageOf(payload, ctx, receivedAt), ctx, receivedAt, into);
    },
    async: holder !== undefined,
    ready: holder?.ready ?? Promise.resolve(),
    get isReady() { return holder ? holder.isReady() : true; },
    close() { holder?.close(); },
  };
}

function wrongInput(got: string, format: string): Error {
  return decodeError('wrongInput', { offset: 0, got, format }, `a ${got} cannot be decoded as ${format}`);
}
