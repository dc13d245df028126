// What `influxdb out` (node-red-contrib-influxdb) accepts, turned into line protocol at the moment a message is
// accepted, so a replay after an outage or a restart writes exactly the same points (same timestamps):
//   payload = { fields }                       one point
//   payload = [ { fields }, { tags } ]         one point with tags
//   payload = [ [ {fields}, {tags} ], ... ]    several points
//   payload = 21.5 | "on" | true               one point with the field `value`
// plus the reading contract: payload fields, msg.timestamp (epoch ms) as the time, and the tags device / site /
// house from msg.device. A field `time` is the point's timestamp (as in `influxdb out`: a number is in the configured
// precision, a Date or date string is converted); otherwise msg.timestamp (epoch ms); otherwise the time of
// acceptance, from a SeriesClock (nanoseconds, strictly increasing per series). Every line carries its time in
// NANOSECONDS, whatever the configured precision, so that points with and without a time can share one write.
import { CivicError } from '../errors';
import { encodePoint, timestampFromMillis, type FieldValue, type Precision } from './line-protocol';
import { SeriesClock, seriesKey } from './stamp';
import { setOwn } from '../util/own';

export interface PointOptions {
  /** measurement from the node's config; msg.measurement wins when the message has one */
  measurement: string;
  /** precision of numeric `time` fields in payloads (lines are always written in nanoseconds) */
  precision: Precision;
  /** add device / site / house tags from msg.device (the reading contract) */
  deviceTags: boolean;
  /** whole numbers as integers (`i` suffix) */
  integers: boolean;
  /** times for points without one */
  clock: SeriesClock;
}

/** The output of linesFromMessage: line protocol with nanosecond timestamps. */
export const LINE_PRECISION: Precision = 'ns';

const NS_PER: Record<Precision, bigint> = { ns: 1n, us: 1000n, ms: 1_000_000n, s: 1_000_000_000n };

export interface PointMessage {
  payload?: unknown;
  measurement?: unknown;
  timestamp?: unknown;
  device?: unknown;
}

const INTEGER_STRING = /^-?\d+i$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Buffer.isBuffer(v)) return 'Buffer';
  return typeof v;
}

/** A time value of a point → nanoseconds (decimal); numbers and digit strings are in `precision`. */
function timeOf(value: unknown, precision: Precision, where: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return (BigInt(Math.floor(value)) * NS_PER[precision]).toString();
  if (typeof value === 'bigint') return (value * NS_PER[precision]).toString();
  if (value instanceof Date && Number.isFinite(value.getTime())) return timestampFromMillis(value.getTime(), 'ns');
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return (BigInt(value) * NS_PER[precision]).toString();
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return timestampFromMillis(parsed, 'ns');
  }
  throw new CivicError('civic-influx-buffer.errors.badTime', { where, got: typeName(value) }, `${where}: not a usable time (${typeName(value)})`);
}

function fieldsOf(raw: Record<string, unknown>, index: number): { fields: Record<string, FieldValue>; time?: unknown } {
  const fields: Record<string, FieldValue> = {};
  let time: unknown;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'time') { time = value; continue; }
    if (value === null || value === undefined) continue;                      // "no value" is not a value
    if (typeof value === 'number') {
      if (Number.isFinite(value)) setOwn(fields, key, value);                      // NaN / Infinity: InfluxDB refuses them
      continue;
    }
    if (typeof value === 'string') {
      setOwn(fields, key, INTEGER_STRING.test(value) ? BigInt(value.slice(0, -1)) : value);
      continue;
    }
    if (typeof value === 'boolean' || typeof value === 'bigint') { setOwn(fields, key, value); continue; }
    throw new CivicError('civic-influx-buffer.errors.fieldType', { field: key.slice(0, 40), got: typeName(value), point: index + 1 },
      `point ${index + 1}: field ${key} has unsupported type ${typeName(value)}`);
  }
  return { fields, time };
}

function tagsOf(raw: unknown, index: number): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    throw new CivicError('civic-influx-buffer.errors.tagsType', { got: typeName(raw), point: index + 1 }, `point ${index + 1}: tags must be an object`);
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || value === undefined || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') setOwn(tags, key, String(value));
    else throw new CivicError('civic-influx-buffer.errors.tagType', { tag: key.slice(0, 40), got: typeName(value), point: index + 1 }, `point ${index + 1}: tag ${key} must be text`);
  }
  return tags;
}

function deviceTagsOf(device: unknown): Record<string, string> {
  if (!isPlainObject(device)) return {};
  const out: Record<string, string> = {};
  const pick = (from: string, to: string) => {
    const v = device[from];
    if ((typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))) out[to] = String(v);
  };
  pick('id', 'device');
  pick('site', 'site');
  pick('house', 'house');
  return out;
}

/** Splits a payload into [fields, tags] pairs the way `influxdb out` reads it. */
function pairsOf(payload: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(payload)) {
    if (payload.length === 0) throw new CivicError('civic-influx-buffer.errors.emptyPayload', {}, 'payload is an empty array');
    if (Array.isArray(payload[0])) {
      return payload.map((p, i) => {
        if (!Array.isArray(p) || p.length === 0) {
          throw new CivicError('civic-influx-buffer.errors.pointShape', { point: i + 1, got: typeName(p) }, `point ${i + 1}: expected [fields, tags]`);
        }
        return [p[0], p[1]] as [unknown, unknown];
      });
    }
    return [[payload[0], payload[1]]];
  }
  if (isPlainObject(payload)) return [[payload, undefined]];
  if (typeof payload === 'number' || typeof payload === 'string' || typeof payload === 'boolean') return [[{ value: payload }, undefined]];
  throw new CivicError('civic-influx-buffer.errors.payloadType', { got: typeName(payload) }, `payload of type ${typeName(payload)} cannot be written`);
}

/**
 * Turns one message into encoded lines (one per point), stamped with their time so a replay is identical.
 * Throws a CivicError naming the point, field or tag (never its value) when the message cannot be written.
 */
export function linesFromMessage(msg: PointMessage, options: PointOptions): string[] {
  const measurement = typeof msg.measurement === 'string' && msg.measurement !== '' ? msg.measurement : options.measurement;
  if (!measurement) throw new CivicError('civic-influx-buffer.errors.noMeasurement', {}, 'no measurement: set it in the node or in msg.measurement');
  const deviceTags = options.deviceTags ? deviceTagsOf(msg.device) : {};
  const given = msg.timestamp !== undefined && msg.timestamp !== null ? messageTime(msg.timestamp) : undefined;
  return pairsOf(msg.payload).map(([rawFields, rawTags], i) => {
    if (!isPlainObject(rawFields)) {
      throw new CivicError('civic-influx-buffer.errors.fieldsType', { point: i + 1, got: typeName(rawFields) }, `point ${i + 1}: fields must be an object`);
    }
    const { fields, time } = fieldsOf(rawFields, i);
    const tags = { ...deviceTags, ...tagsOf(rawTags, i) };
    const stamped = time !== undefined && time !== null ? timeOf(time, options.precision, 'time')
      : given ?? options.clock.stamp(seriesKey(measurement, tags));
    return encodePoint({ measurement, tags, fields, time: stamped }, { integers: options.integers });
  });
}

/** msg.timestamp: epoch ms as a number or digit string, a Date, or a date string → nanoseconds. */
function messageTime(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return timestampFromMillis(value, 'ns');
  if (value instanceof Date && Number.isFinite(value.getTime())) return timestampFromMillis(value.getTime(), 'ns');
  if (typeof value === 'string' && value !== '') {
    const ms = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isFinite(ms)) return timestampFromMillis(ms, 'ns');
  }
  throw new CivicError('civic-influx-buffer.errors.badTime', { where: 'msg.timestamp', got: typeName(value) }, `msg.timestamp: not a usable time (${typeName(value)})`);
}
