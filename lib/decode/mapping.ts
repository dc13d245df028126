// The sensor-decode naming table: each row renames one decoded value (by key, or for CayenneLPP by channel number)
// and may derive it without code: `x × scale + offset` (unit conversion, calibration) or `offset − x × scale`
// (e.g. water level = 4.2 m − distance to the surface). Several rows may read the same value, so a derived value
// can sit beside the original. Rows are compiled once per node, never per message.
import { METRIC_UNITS } from '../metrics';
import { clean, divisorOf, scaleValue } from './errors';
import type { LppField } from './lpp';
import { type Decoded, emptyDecoded, put } from './values';
import { getOwn } from '../util/own';

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

export interface Compiled {
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
    fixedUnit: r.unit || getOwn(UNITS, r.to) };
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

/** One value a naming table writes for a decoded LPP value: its name, the row deriving it (none: as read) and its unit. */
export interface LppOutput { name: string; row?: Compiled; unit?: string }

/** An LPP naming table compiled once per node: `visit` names one value into `out`, `map` a list of fields. */
export interface LppNaming {
  visit(out: Decoded, channel: number, typeId: number, key: string, base: string, value: number, unit: string | undefined): void;
  map(fields: LppField[]): Decoded;
  /** the values one decoded value becomes (same for every frame): what visit writes, for precompiled frame layouts */
  outputs(channel: number, key: string, base: string, unit: string | undefined): LppOutput[];
}

/** The value of output `o` for the decoded value `x`. */
export function outputValue(o: LppOutput, x: number): number {
  return o.row === undefined ? x : derive(o.row, x);
}

/** Compiles rows for CayenneLPP values (by key, or by channel number) once per node. */
export function lppMapper(rows: MappingRow[]): LppNaming {
  const list = usable(rows);
  const byKey = group(list, (r) => (channelOf(r) === undefined ? r.from.trim() : undefined));
  const byChannel: Array<Compiled[] | undefined> = new Array(256);
  for (const [ch, compiled] of group(list, channelOf)) byChannel[ch] = compiled;
  const hasKeys = byKey.size > 0;
  const outputs: LppNaming['outputs'] = (channel, key, base, unit) => {
    const whole = hasKeys ? byKey.get(key) : undefined;
    if (whole) return whole.map((row) => ({ name: row.to, row, unit: row.fixedUnit ?? (row.scale === 1 ? unit : undefined) }));
    // a row for the channel (or for gps_1) names every axis of a multi-value type: gps_1_latitude → position_latitude
    const suffix = key.length > base.length ? key.slice(base.length) : '';
    const found = (suffix && hasKeys ? byKey.get(base) : undefined) ?? byChannel[channel];
    if (!found) return [{ name: key, unit }];
    return found.map((row) => {
      if (!suffix) return { name: row.to, row, unit: row.fixedUnit ?? (row.scale === 1 ? unit : undefined) };
      const name = `${row.to}${suffix}`;
      return { name, row, unit: row.unit || getOwn(UNITS, name) || (row.scale === 1 ? unit : undefined) };
    });
  };
  // the outputs of a key never change: resolved once per key (bounded, so hostile frames cannot grow it without end)
  const cache = new Map<string, LppOutput[]>();
  const visit: LppNaming['visit'] = (out, channel, _typeId, key, base, value, unit) => {
    let list = cache.get(key);
    if (list === undefined) {
      list = outputs(channel, key, base, unit);
      if (cache.size < 4096) cache.set(key, list);
    }
    for (let i = 0; i < list.length; i++) put(out, list[i].name, outputValue(list[i], value), list[i].unit);
  };
  return {
    visit,
    outputs,
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
        put(out, k, d.values[k], getOwn(d.units, k));
        continue;
      }
      for (const row of rows) {
        put(out, row.to, derive(row, d.values[k]), row.unit || getOwn(UNITS, row.to) || (row.scale === 1 ? getOwn(d.units, k) : undefined));
      }
    }
    if (!out.info) delete out.info;
    if (!out.text) delete out.text;
    return out;
  };
}
