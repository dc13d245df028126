// The decoders' common result: flat numeric values with units, device information and text values kept apart
// from the readings, and warnings as catalog keys (translated by the node into the user's language).
import { METRIC_UNITS } from '../metrics';
import { getOwn } from '../util/own';

/** A warning about one payload that did not stop decoding: catalog key `civic-sensor-decode.warnings.<name>`. */
export interface Warning { key: string; params: Record<string, string | number>; text: string }

/** Values a decoder found, by output name, with their units, device information, text values and warnings. */
export interface Decoded {
  values: Record<string, number>;
  units: Record<string, string>;
  warnings: Warning[];
  /** device information (firmware, interval, sensor id...): never a reading */
  info?: Record<string, string | number>;
  /** text values a vendor codec returned: never a reading */
  text?: Record<string, string>;
  /** values outside their plausible range, kept and flagged */
  implausible?: string[];
  /** the measurement time the device itself reported, epoch ms */
  time?: number;
  /** readings the device logged earlier and sent in this frame (never mixed into the current values) */
  history?: HistoryEntry[];
}

/** One logged reading a device sent again (Milesight history records): its own time and values. */
export interface HistoryEntry { timestamp: number; values: Record<string, number> }

/** Translates a warning into the user's language (the node passes its catalog); default: the English text. */
export type Translate = (key: string, params: Record<string, string | number>, english: string) => string;

const UNITS = METRIC_UNITS as Record<string, string>;
/** Names that would reach Object.prototype when used as a plain object key. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a name that must never become an object key (__proto__, constructor, prototype). */
export function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** An empty result to fill. */
export function emptyDecoded(): Decoded {
  return { values: {}, units: {}, warnings: [] };
}

/** Adds a warning `civic-sensor-decode.warnings.<name>`. */
export function warn(out: Decoded, name: string, params: Record<string, string | number>, english: string): void {
  out.warnings.push({ key: `civic-sensor-decode.warnings.${name}`, params, text: english });
}

/** Adds `name = value` with its unit (the canonical unit when the name is canonical); a repeat is a warning. */
export function put(out: Decoded, name: string, value: number, unit?: string): void {
  if (RESERVED.has(name)) {
    warn(out, 'reservedName', { name }, `the value named ${name} was left out (reserved name)`);
    return;
  }
  if (Object.hasOwn(out.values, name)) warn(out, 'twice', { name }, `${name} appears twice; the last value is kept`);
  out.values[name] = value;
  const u = unitOf(name, unit);
  if (u !== undefined) out.units[name] = u;
}

/** The unit a value named `name` gets: its own, else the canonical unit of the name. */
export function unitOf(name: string, unit: string | undefined): string | undefined {
  return unit ?? getOwn(UNITS, name);
}

/** Records one item of device information (not a reading). */
export function putInfo(out: Decoded, name: string, value: string | number): void {
  if (RESERVED.has(name)) return;
  (out.info ??= {})[name] = value;
}

/** Records a text value (not a reading). */
export function putText(out: Decoded, name: string, value: string): void {
  if (RESERVED.has(name)) return;
  (out.text ??= {})[name] = value.length > 200 ? `${value.slice(0, 199)}…` : value;
}

/** True when the result carries neither a reading nor device information nor text. */
export function isEmptyDecoded(d: Decoded): boolean {
  for (const _ in d.values) return false;
  return d.info === undefined && d.text === undefined;
}
