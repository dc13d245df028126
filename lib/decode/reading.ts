// The last step of every decoder: a stage's values (after naming and plausibility) become the reading message of
// the contract (README "Reading"): payload, units, timestamp, device and meta, warnings in the user's language.
// A frame with device information or text but no measurement becomes an information message (meta.frame "info").
import type { Reading } from '../metrics';
import type { Uplink } from './envelope';
import { decodeError } from './errors';
import type { Decoded, Translate } from './values';

/** What one decoder stage found, before the reading envelope. */
export interface Stage {
  values: Decoded;
  source: string;
  format: string;
  uplink?: Uplink;
  model?: string;
  ip?: string;
  house?: string;
  extra?: Record<string, unknown>;
  /** the values already passed the plausibility check (a compiled LPP layout checks while it reads) */
  checked?: boolean;
}

/** Where the reading's device fields come from, besides the payload itself. */
export interface DecodeContext {
  topic?: string;
  deviceId?: string;
  site?: string;
  house?: string;
  /** the LoRaWAN port of a raw frame (msg.fPort or msg.port), when no envelope gives it */
  fPort?: number;
  /** the address of the first register of a Modbus read (msg.modbusRequest.address) */
  registerStart?: number;
  now?: () => number;
}

/** The device id of a reading: the node's own, the uplink's, the UECS sender, msg.topic, or "unknown". */
export function deviceIdOf(stage: { uplink?: Uplink; ip?: string } | undefined, ctx: DecodeContext): string {
  return ctx.deviceId || stage?.uplink?.deviceId || stage?.uplink?.devEui || stage?.ip || ctx.topic || 'unknown';
}

function hasValues(d: Decoded): boolean {
  for (const _ in d.values) return true;
  return false;
}

function meta(stage: Stage, fPort: number | undefined, translate: Translate | undefined): Reading['meta'] {
  const { values, uplink } = stage;
  // an empty list is handed on as it is (no new array per message)
  const warnings = values.warnings.length === 0 ? values.warnings as unknown as string[]
    : values.warnings.map((w) => (translate ? translate(w.key, w.params, w.text) : w.text));
  const m: Reading['meta'] = { source: stage.source, warnings };
  if (stage.format !== stage.source) m.format = stage.format;
  if (fPort !== undefined) m.fPort = fPort;
  if (uplink?.rssi !== undefined) m.rssi = uplink.rssi;
  if (uplink?.snr !== undefined) m.snr = uplink.snr;
  if (uplink?.devEui) m.devEui = uplink.devEui;
  if (stage.ip) m.ip = stage.ip;
  if (stage.extra) Object.assign(m, stage.extra);
  if (values.info) m.info = values.info;
  if (values.text) m.text = values.text;
  if (values.implausible) m.implausible = values.implausible;
  if (values.history) m.history = values.history;
  return m;
}

/**
 * Builds the reading for `stage`, into `target` when given (the node's msg: no copy). Throws noValues when the frame
 * carries nothing at all, allImplausible when every value was dropped as implausible.
 */
export function toReading(stage: Stage, ctx: DecodeContext, receivedAt: number, translate?: Translate, target?: object): Reading {
  const { values, uplink } = stage;
  const measured = hasValues(values);
  if (!measured && !values.info && !values.text && !values.history) {
    if (values.warnings.some((w) => w.key.endsWith('.implausibleDropped'))) {
      throw decodeError('allImplausible', { offset: 0, count: values.warnings.length }, 'every value of the frame was outside its plausible range and was dropped');
    }
    throw decodeError('noValues', { offset: 0 }, 'the payload carries no measurement');
  }
  const id = deviceIdOf(stage, ctx);
  const device = deviceOf(id, stage.model, ctx.site, ctx.house || stage.house);
  const m = meta(stage, uplink?.fPort ?? ctx.fPort, translate);
  if (!measured) m.frame = 'info';
  const r = (target ?? {}) as Reading;
  r.topic = id;
  r.payload = values.values;
  r.units = values.units;
  r.timestamp = values.time ?? uplink?.time ?? receivedAt;
  r.device = device;
  r.meta = m;
  return r;
}

function deviceOf(id: string, model: string | undefined, site: string | undefined, house: string | undefined): Reading['device'] {
  const device: Reading['device'] = { id };
  if (model) device.model = model;
  if (site) device.site = site;
  if (house) device.house = house;
  return device;
}

/**
 * The reading of a raw CayenneLPP frame that a compiled layout has read (lpp-plan.ts: values checked, no warnings):
 * the same fields, values and order as toReading gives for it, without the intermediate stage.
 */
export function lppReading(values: Record<string, number>, units: Record<string, string>, ctx: DecodeContext, receivedAt: number, target?: object): Reading {
  const id = deviceIdOf(undefined, ctx);
  const device = deviceOf(id, undefined, ctx.site, ctx.house);
  const m: Reading['meta'] = { source: 'cayenne-lpp', warnings: [] };
  if (ctx.fPort !== undefined) m.fPort = ctx.fPort;
  const r = (target ?? {}) as Reading;
  r.topic = id;
  r.payload = values;
  r.units = units;
  r.timestamp = receivedAt;
  r.device = device;
  r.meta = m;
  return r;
}

/** True for an information message (device information or text, no measurement): sensor-decode's second output. */
export function isInfoReading(r: Reading): boolean {
  return r.meta.frame === 'info';
}
