// InfluxDB line protocol, as the InfluxDB 1.x and 2.x references define it:
//   <measurement>[,<tag_key>=<tag_value>...] <field_key>=<field_value>[,<field_key>=<field_value>...] [<timestamp>]
// Escaping: measurement — comma and space; tag keys, tag values and field keys — comma, equals sign and space;
// string field values are double-quoted with double quote and backslash escaped. Integers carry an `i` suffix,
// floats none, booleans are `true` / `false`; the timestamp is an integer in the write request's precision.
// Line protocol has no way to carry a newline in a name or value, so those are refused, never mangled.
import { CivicError } from '../errors';

/** Write precisions both APIs accept (1.x calls microseconds `u`, 2.x `us`: see `precisionParam`). */
export type Precision = 'ns' | 'us' | 'ms' | 's';

/** A field value: number (float, or integer when configured), bigint (always integer), string, boolean. */
export type FieldValue = number | bigint | string | boolean;

export interface LinePoint {
  measurement: string;
  tags?: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** integer timestamp in the write precision, as a decimal string (nanoseconds overflow a double) */
  time?: string;
}

export interface EncodeOptions {
  /** write whole numbers as integers (`12i`); off by default, so a field never flips between float and integer */
  integers?: boolean;
}

const NEWLINE = /[\n\r]/;

function refuseNewline(text: string, what: string): void {
  if (NEWLINE.test(text)) throw new CivicError('civic-influx-buffer.errors.newline', { name: what.slice(0, 40) }, `${what}: line protocol cannot carry a line break`);
}

/** Escapes a measurement name: comma and space (the only characters the spec names for measurements). */
export function escapeMeasurement(name: string): string {
  refuseNewline(name, 'measurement');
  return name.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Escapes a tag key, tag value or field key: comma, equals sign and space. */
export function escapeKey(text: string, what = 'key'): string {
  refuseNewline(text, what);
  return text.replace(/[,= ]/g, (c) => `\\${c}`);
}

/** Quotes a string field value: backslash and double quote escaped, then wrapped in double quotes. */
export function quoteString(value: string, field = 'value'): string {
  refuseNewline(value, field);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Renders one field value; numbers are floats unless `integers` is on and the number is a safe integer. */
export function encodeFieldValue(value: FieldValue, options: EncodeOptions = {}, field = 'value'): string {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CivicError('civic-influx-buffer.errors.notFinite', { field }, `${field}: not a finite number`);
      }
      return options.integers && Number.isSafeInteger(value) ? `${value}i` : String(value);
    case 'bigint':
      return `${value}i`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return quoteString(value, field);
    default:
      throw new CivicError('civic-influx-buffer.errors.fieldType', { field, got: typeof value }, `${field}: unsupported type ${typeof value}`);
  }
}

/**
 * Encodes one point as a line. Tags are sorted by key (InfluxDB's recommendation) and tags with an empty value are
 * left out (the server refuses them); a point needs at least one field.
 */
export function encodePoint(point: LinePoint, options: EncodeOptions = {}): string {
  if (!point.measurement) throw new CivicError('civic-influx-buffer.errors.noMeasurement', {}, 'no measurement');
  let line = escapeMeasurement(point.measurement);
  const tags = point.tags ?? {};
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key];
    if (key === '' || value === '') continue;
    line += `,${escapeKey(key, 'tag key')}=${escapeKey(value, `tag ${key}`)}`;
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(point.fields)) {
    if (key === '') continue;
    parts.push(`${escapeKey(key, 'field key')}=${encodeFieldValue(value, options, key)}`);
  }
  if (!parts.length) throw new CivicError('civic-influx-buffer.errors.noFields', { measurement: point.measurement.slice(0, 40) }, 'a point needs at least one field');
  line += ` ${parts.join(',')}`;
  if (point.time !== undefined) {
    if (!/^-?\d+$/.test(point.time)) throw new CivicError('civic-influx-buffer.errors.badTime', { got: 'string' }, 'timestamp must be an integer');
    line += ` ${point.time}`;
  }
  return line;
}

/** Epoch milliseconds → integer timestamp string in `precision` (floored; nanoseconds via BigInt). */
export function timestampFromMillis(ms: number, precision: Precision): string {
  switch (precision) {
    case 'ns': return (BigInt(Math.floor(ms * 1000)) * 1000n).toString();
    case 'us': return String(Math.floor(ms * 1000));
    case 'ms': return String(Math.floor(ms));
    case 's': return String(Math.floor(ms / 1000));
    default: throw new CivicError('civic-influx-buffer.errors.precision', { got: String(precision) }, `unknown precision ${String(precision)}`);
  }
}

/** The `precision` query parameter: 1.x /write takes n|u|ms|s (and ns), 2.x /api/v2/write takes ns|us|ms|s. */
export function precisionParam(precision: Precision, api: 'v1' | 'v2'): string {
  if (api === 'v1' && precision === 'us') return 'u';
  return precision;
}

/** Maps the precision names node-red-contrib-influxdb stores ('' | n | u | ms | s, ns | us) onto ours. */
export function normalisePrecision(value: string | undefined, fallback: Precision = 'ms'): Precision {
  switch (value) {
    case 'n': case 'ns': return 'ns';
    case 'u': case 'us': return 'us';
    case 'ms': return 'ms';
    case 's': return 's';
    case '': case undefined: return fallback;
    default: throw new CivicError('civic-influx-buffer.errors.precision', { got: String(value).slice(0, 10) }, `unsupported precision ${value}`);
  }
}
