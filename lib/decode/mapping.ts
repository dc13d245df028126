// The sensor-decode naming table: each row renames one decoded value (by key, or for CayenneLPP by channel number)
// and may derive it without code: `x × scale + offset` (unit conversion, calibration) or `offset − x × scale`
// (e.g. water level = 4.2 m − distance to the surface). Several rows may read the same value, so a derived value
// can sit beside the original. Rows are compiled once per node, never per message.
import { METRIC_UNITS } from '../metrics';
import { clean, divisorOf, scaleValue } from './errors';
import type { LppField } from './lpp';
import { type Decoded, emptyDecoded, put } from './values';

/** How a row derives its value from the decoded one. */
export const FORMULAS = ['linear', 'minus'] as const;
export type Formula = typeof FORMULAS[number];

/** A naming row: `from` is a decoded key (temperature_1) or, for CayenneLPP, a bare channel number ("1"). */
export interface MappingRow {
  from: string;
  to: string;
  unit?: string;
  /** 'linear' (default): x × scale + offset; 'minus': offset − x × scale */
  formula?: Formula;
  scale?: number;
  offset?: number;
}

interface Compiled {
  to: string; unit?: string; scale: number; offset: number; divisor: number; minus: boolean; identity: boolean;
  /** the unit when the row's name alone decides it (its own unit, else the canonical one), else undefined */
  fixedUnit?: string;
}

const UNITS = METRIC_UNITS as Record<string, string>;

function compileRow(r: MappingRow): Compiled {
  const scale = r.scale === undefined || r.scale === null || Number.isNaN(Number(r.scale)) ? 1 : Number(r.scale);
  const offset = r.offset === undefined || r.offset === null || Number.isNaN(Number(r.offset)) ? 0 : Number(r.offset);
  const minus = r.formula === 'minus';
  return { to: r.to, unit: r.unit || undefined, scale, offset, divisor: divisorOf(scale), minus, identity: !minus && scale === 1 && offset === 0,
    fixedUnit: r.unit || UNITS[r.to] };
}

/** The row's derived value of `x`, without binary float noise (4.2 − 1.37 → 2.83). */
function derive(row: Compiled, x: number): number {
  if (row.identity) return x;
  if (!row.minus) return scaleValue(x, row.scale, row.offset, row.divisor);
  return clean(row.offset - scaleValue(x, row.scale, 0, row.divisor));
}

function usable(rows: MappingRow[]): MappingRow[] {
  return rows.filter((r) => r && typeof r.from === 'string' && r.from.trim() !== '' && typeof r.to === 'string' && r.to !== '');
}

function group<K>(rows: MappingRow[], keyOf: (r: MappingRow) => K | undefined): Map<K, Compiled[]> {
  const out = new Map<K, Compiled[]>();
  for (const r of rows) {
    const k = keyOf(r);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(compileRow(r));
    else out.set(k, [compileRow(r)]);
  }
  return out;
}

const channelOf = (r: MappingRow): number | undefined => {
  const from = r.from.trim();
  return /^\d{1,3}$/.test(from) && Number(from) < 256 ? Number(from) : undefined;
};

/** An LPP naming table compiled once per node: `visit` names one value into `out`, `map` a list of fields. */
export interface LppNaming {
  visit(out: Decoded, channel: number, typeId: number, key: string, base: string, value: number, unit: string | undefined): void;
  map(fields: LppField[]): Decoded;
}

/** Compiles rows for CayenneLPP values (by key, or by channel number) once per node. */
export function lppMapper(rows: MappingRow[]): LppNaming {
  const list = usable(rows);
  const byKey = group(list, (r) => (channelOf(r) === undefined ? r.from.trim() : undefined));
  const byChannel: Array<Compiled[] | undefined> = new Array(256);
  for (const [ch, compiled] of group(list, channelOf)) byChannel[ch] = compiled;
  const hasKeys = byKey.size > 0;
  const visit: LppNaming['visit'] = (out, channel, _typeId, key, base, value, unit) => {
    const whole = hasKeys ? byKey.get(key) : undefined;
    if (whole) {
      for (const row of whole) put(out, row.to, derive(row, value), row.fixedUnit ?? (row.scale === 1 ? unit : undefined));
      return;
    }
    // a row for the channel (or for gps_1) names every axis of a multi-value type: gps_1_latitude → position_latitude
    const suffix = key.length > base.length ? key.slice(base.length) : '';
    const rows = (suffix && hasKeys ? byKey.get(base) : undefined) ?? byChannel[channel];
    if (!rows) {
      put(out, key, value, unit);
      return;
    }
    for (const row of rows) {
      if (!suffix) put(out, row.to, derive(row, value), row.fixedUnit ?? (row.scale === 1 ? unit : undefined));
      else {
        const name = `${row.to}${suffix}`;
        put(out, name, derive(row, value), row.unit || UNITS[name] || (row.scale === 1 ? unit : undefined));
      }
    }
  };
  return {
    visit,
    map(fields) {
      const out = emptyDecoded();
      for (const f of fields) visit(out, f.channel, f.type, f.key, baseOf(f), f.value, f.unit);
      return out;
    },
  };
}

/** The key of a field without its axis suffix (gps_1 of gps_1_latitude). */
function baseOf(f: LppField): string {
  return `${f.name}_${f.channel}`;
}

/** Compiles rows by key for any other decoder's values (profiles, codecs, server-decoded objects, Modbus, UECS). */
export function keyMapper(rows: MappingRow[]): (d: Decoded) => Decoded {
  const byKey = group(usable(rows), (r) => r.from.trim());
  if (byKey.size === 0) return (d) => d;
  return (d) => {
    const out: Decoded = { values: {}, units: {}, warnings: d.warnings, info: d.info, text: d.text };
    for (const k of Object.keys(d.values)) {
      const rows = byKey.get(k);
      if (!rows) {
        put(out, k, d.values[k], d.units[k]);
        continue;
      }
      for (const row of rows) {
        put(out, row.to, derive(row, d.values[k]), row.unit || UNITS[row.to] || (row.scale === 1 ? d.units[k] : undefined));
      }
    }
    if (!out.info) delete out.info;
    if (!out.text) delete out.text;
    return out;
  };
}
