// Encoding for the search, done once: every quasi-identifier column becomes a typed array of codes (8, 16 or 32
// bits, widened as its dictionary grows) into a dictionary of its distinct values (canonical level-0 form), built a
// slice of records at a time so a caller can yield between slices; then per column and hierarchy level a code map,
// identical rows merged into tuples with a count, and the loss tables of the metric. Records stay as codes until
// the output is written.
import { CivicError, safeString } from '../../errors';
import { buildHierarchy, type Hierarchy } from '../hierarchy';
import { lossTables, type LossTables } from './loss';
import type { Codes, KAnonymityConfig, LossMetric } from './types';

/** The quasi-identifier (and sensitive) columns as codes: plain data that can cross to a worker thread. */
export interface EncodedColumns {
  n: number;
  fields: string[];
  codes: Codes[];            // per QI, per record: level-0 code
  values: string[][];        // per QI, per code: the level-0 value
  sens?: Int32Array;         // per record: code of the sensitive value (l-diversity)
  sensCount: number;
}

/** The dataset ready for the search. */
export interface Encoded extends LossTables {
  n: number;
  q: number;
  fields: string[];
  levels: number[];
  hierarchies: Hierarchy[];
  gen: Int32Array[][];        // gen[q][level][code0] → code at level
  labels: string[][][];       // labels[q][level][code] → text
  card: number[][];           // distinct codes per q and level
  tuples: number;             // distinct rows (QI values [+ sensitive])
  cols: Codes[];              // the same by column: cols[q][tuple] (the records' codes when all rows differ)
  cnt: Int32Array;            // records per tuple
  sens: Int32Array;           // sensitive code per tuple (l-diversity)
  sensCard: number;
  recTuple: Int32Array;       // record → tuple
  metric: LossMetric;
}

/** Raw values remembered per column (beyond them the canonical form is computed again: memory stays bounded). */
const RAW_CACHE = 50_000;

function valueText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : safeString(v);
}

/** Grows an Int32Array to hold at least `size` entries. */
function ensure(a: Int32Array, size: number): Int32Array {
  if (a.length >= size) return a;
  const b = new Int32Array(Math.max(size, a.length * 2, 1024));
  b.set(a);
  return b;
}

/** Grows a column of codes to hold `size` entries, or codes up to `code` (a wider type), keeping its contents. */
function ensureCodes(a: Codes, size: number, code: number): Codes {
  const wide = code > 0xffff ? 4 : code > 0xff ? 2 : 1;
  if (a.length >= size && a.BYTES_PER_ELEMENT >= wide) return a;
  const bytes = Math.max(wide, a.BYTES_PER_ELEMENT);
  const length = a.length >= size ? a.length : Math.max(size, a.length * 2, 1024);
  const b = bytes === 4 ? new Int32Array(length) : bytes === 2 ? new Uint16Array(length) : new Uint8Array(length);
  b.set(a);
  return b;
}

/** Encodes records into columns of codes, a slice at a time. */
export class ColumnEncoder {
  private n = 0;
  private readonly fields: string[];
  private readonly hierarchies: Hierarchy[];
  private readonly codes: Codes[];
  private readonly values: string[][];
  private readonly dicts: Array<Map<string, number>>;
  private readonly raw: Array<Map<unknown, number>>;
  private sens: Int32Array;
  private readonly sensDict = new Map<string, number>();
  private readonly useL: boolean;

  /** Throws a translatable error for a configuration that cannot be encoded. `expected`: records to come, if known. */
  constructor(private readonly config: KAnonymityConfig, expected = 1024) {
    const qis = config.quasiIdentifiers;
    if (!qis.length) throw new CivicError('civic-k-anonymize.errors.noQi', {}, 'at least one quasi-identifier is needed');
    this.useL = (config.l ?? 0) > 1;
    if (this.useL && !config.sensitive) throw new CivicError('civic-k-anonymize.errors.noSensitive', {}, 'l-diversity needs a sensitive attribute');
    this.fields = qis.map((x) => x.field);
    this.hierarchies = qis.map(buildHierarchy);
    this.codes = qis.map(() => new Uint8Array(Math.max(16, expected)));
    this.values = qis.map(() => []);
    this.dicts = qis.map(() => new Map());
    this.raw = qis.map(() => new Map());
    this.sens = new Int32Array(this.useL ? Math.max(16, expected) : 0);
  }

  /** Adds records [from, to) of `records`. */
  add(records: ReadonlyArray<Record<string, unknown>>, from = 0, to = records.length): void {
    const count = to - from;
    const q = this.fields.length;
    for (let j = 0; j < q; j++) this.codes[j] = ensureCodes(this.codes[j], this.n + count, 0);
    const { fields, codes, raw } = this;
    // record by record (each record's fields read while it is in cache), then column by column
    for (let i = from, o = this.n; i < to; i++, o++) {
      const rec = records[i];
      for (let j = 0; j < q; j++) {
        const v = rec[fields[j]];
        let c = raw[j].get(v);
        if (c === undefined) c = this.code(j, v);
        codes[j][o] = c;
      }
    }
    if (this.useL) {
      this.sens = ensure(this.sens, this.n + count);
      const field = this.config.sensitive!;
      for (let i = from, o = this.n; i < to; i++, o++) {
        const v = valueText(records[i][field]);
        let c = this.sensDict.get(v);
        if (c === undefined) { c = this.sensDict.size; this.sensDict.set(v, c); }
        this.sens[o] = c;
      }
    }
    this.n += count;
  }

  // a raw value seen for the first time: its canonical level-0 form, and that form's code
  private code(j: number, v: unknown): number {
    const text = this.hierarchies[j].generalize(valueText(v), 0);
    let c = this.dicts[j].get(text);
    if (c === undefined) {
      c = this.values[j].length;
      this.dicts[j].set(text, c);
      this.values[j].push(text);
      if (c === 0x100 || c === 0x10000) this.codes[j] = ensureCodes(this.codes[j], 0, c);
    }
    // only primitives are remembered by identity (objects would keep every record alive and never repeat)
    const primitive = v === null || (typeof v !== 'object' && typeof v !== 'function');
    if (primitive && this.raw[j].size < RAW_CACHE) this.raw[j].set(v, c);
    return c;
  }

  /** The encoded columns (the arrays trimmed to the records added; no copy when they were sized exactly). */
  columns(): EncodedColumns {
    const trim = <T extends Codes>(a: T) => (a.length === this.n ? a : a.slice(0, this.n) as T);
    return { n: this.n, fields: [...this.fields], codes: this.codes.map(trim), values: this.values,
      sens: this.useL ? trim(this.sens) : undefined, sensCount: this.sensDict.size };
  }
}

/** Per QI: the code maps of every level (checked to form a hierarchy), their labels and cardinalities. */
function levelMaps(h: Hierarchy, vals0: string[], field: string): { g: Int32Array[]; lab: string[][]; cd: number[] } {
  const g: Int32Array[] = [];
  const lab: string[][] = [vals0];
  const cd: number[] = [vals0.length];
  const id = new Int32Array(vals0.length);
  for (let c = 0; c < vals0.length; c++) id[c] = c;
  g.push(id);
  for (let lv = 1; lv < h.levels; lv++) {
    const prevMap = g[lv - 1];
    const d = new Map<string, number>();
    const names: string[] = [];
    const m = new Int32Array(vals0.length);
    const ofPrev = new Int32Array(cd[lv - 1]).fill(-1);
    for (let c = 0; c < vals0.length; c++) {
      const t = h.generalize(vals0[c], lv);
      let code = d.get(t);
      if (code === undefined) { code = names.length; d.set(t, code); names.push(t); }
      m[c] = code;
      // each group of the level below must land in one group of this level (a hierarchy)
      const p = prevMap[c];
      if (ofPrev[p] === -1) ofPrev[p] = code;
      else if (ofPrev[p] !== code) {
        throw new CivicError('civic-k-anonymize.errors.notHierarchy', { field, level: lv }, `field "${field}": level ${lv} splits a group of level ${lv - 1}`);
      }
    }
    g.push(m);
    lab.push(names);
    cd.push(names.length);
  }
  return { g, lab, cd };
}

/**
 * Merges identical rows (codes and sensitive value) with an open-addressing hash table, in order of first
 * appearance. A tuple is compared through its first record (no row-major copy of the codes: at a million records
 * that copy alone would be tens of megabytes).
 */
function mergeTuples(cols0: Codes[], sensRec: Int32Array | undefined, n: number) {
  const q = cols0.length;
  let cap = 16;
  while (cap < n * 2) cap <<= 1;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const recTuple = new Int32Array(n);
  const first = new Int32Array(n);
  const cntBuf = new Int32Array(n);
  let tuples = 0;
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < q; j++) h = Math.imul(h ^ cols0[j][i], 0x01000193);
    const sv = sensRec ? sensRec[i] : 0;
    h = Math.imul(h ^ sv, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let slot = h & mask;
    let t: number;
    for (;;) {
      t = table[slot];
      if (t === -1) {
        t = tuples++;
        table[slot] = t;
        first[t] = i;
        break;
      }
      const r = first[t];
      let same = !sensRec || sensRec[r] === sv;
      for (let j = 0; same && j < q; j++) same = cols0[j][r] === cols0[j][i];
      if (same) break;
      slot = (slot + 1) & mask;
    }
    cntBuf[t]++;
    recTuple[i] = t;
  }
  // all rows distinct: tuple t is record t, and the columns are the records' codes themselves (no copy); otherwise
  // 32-bit columns of the tuples (the search's loops then read one array type)
  const cols: Codes[] = tuples === n ? cols0 : cols0.map((c) => {
    const col = new Int32Array(tuples);
    for (let t = 0; t < tuples; t++) col[t] = c[first[t]];
    return col;
  });
  const sens = new Int32Array(sensRec ? tuples : 0);
  if (sensRec) for (let t = 0; t < tuples; t++) sens[t] = sensRec[first[t]];
  // no copy of the counts when every row is distinct (a million records: 4 MB more at the peak otherwise)
  return { tuples, cols, cnt: tuples === n ? cntBuf : cntBuf.slice(0, tuples), sens, recTuple };
}

/** Prepares encoded columns for the search (hierarchy levels, tuples, loss tables). */
export function prepare(columns: EncodedColumns, config: KAnonymityConfig): Encoded {
  const qis = config.quasiIdentifiers;
  const hierarchies = qis.map(buildHierarchy);
  const maps = hierarchies.map((h, j) => levelMaps(h, columns.values[j], qis[j].field));
  const gen = maps.map((m) => m.g);
  const card = maps.map((m) => m.cd);
  const levels = hierarchies.map((h) => h.levels);
  const { tuples, cols, cnt, sens, recTuple } = mergeTuples(columns.codes, columns.sens, columns.n);
  const metric = config.metric ?? 'entropy';
  const n = columns.n;
  const q = qis.length;
  const { lbQ, supGen, top, freq0 } = lossTables({ n, q, levels, gen, card, cols, cnt, tuples }, metric);
  // one literal with every field, never a spread: a spread copy gets a map of its own, and after a few runs V8 stops
  // sharing it, so every run's dataset had a new map and the search's optimised code was thrown away each time
  return { n, q, fields: qis.map((x) => x.field), levels, hierarchies, gen, labels: maps.map((m) => m.lab), card, tuples,
    cols, cnt, sens, recTuple, sensCard: columns.sensCount, metric, lbQ, supGen, top, freq0 };
}

/** Encodes records in one go (library use; the node encodes in slices with ColumnEncoder). */
export function encode(records: ReadonlyArray<Record<string, unknown>>, config: KAnonymityConfig): Encoded {
  const enc = new ColumnEncoder(config);
  enc.add(records);
  return prepare(enc.columns(), config);
}
