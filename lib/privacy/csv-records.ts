// A CSV file as records, failing closed: the header is checked before any record is produced (declared columns,
// nothing that looks like data), a row whose field count differs from the header's is quarantined (counted and
// reported by row number only), and text that was already decoded wrongly (Shift_JIS read as UTF-8 by a file-in
// node in its default mode) is refused. Reads in slices so a caller can yield to the event loop between them.
import { CivicError } from '../errors';
import { csvRows, decodeBytes, type CsvEncoding, type CsvRow, type CsvRowError } from '../csv';
import { checkColumns, shapeError } from './shape';
import { setOwn } from '../util/own';

export const CSV_ENCODINGS = ['auto', 'utf-8', 'shift_jis'] as const;
export const CSV_DELIMITERS = [',', '\t', ';'] as const;
export const CSV_OUTPUTS = ['array', 'rows'] as const;
export const CSV_EXTRA_COLUMNS = ['refuse', 'allow'] as const;

/** Options of a CSV read. `columns` declares the expected columns (required when there is no header row). */
export interface CsvReadOptions {
  encoding?: 'auto' | CsvEncoding;
  delimiter?: string;
  trim?: boolean;
  header?: boolean;
  columns?: readonly string[];
  extraColumns?: 'refuse' | 'allow';
}

/** A row that was not released, by row number (as a spreadsheet counts: the header is row 1). */
export interface Quarantined { row: number; error: CivicError }

/** Splits the editor's comma-separated column list into names. */
export function columnList(text: string | undefined): string[] {
  return (text ?? '').split(/[,、\n]/).map((c) => c.trim()).filter(Boolean);
}

/** Reads a CSV payload (bytes or text) into records, a slice at a time. Throws for a refused file. */
export class CsvRecordReader {
  readonly encoding: CsvEncoding;
  readonly bom: boolean;
  readonly detected: boolean;
  columns?: string[];
  readonly records: Array<Record<string, string>> = [];
  readonly rowNumbers: number[] = [];
  readonly quarantined: Quarantined[] = [];
  private readonly rows: Generator<CsvRow | CsvRowError>;
  private finished = false;

  constructor(payload: unknown, private readonly options: CsvReadOptions = {}) {
    let text: string;
    if (Buffer.isBuffer(payload) || payload instanceof Uint8Array) {
      const d = decodeBytes(payload, options.encoding ?? 'auto');
      ({ text, encoding: this.encoding, bom: this.bom, detected: this.detected } = d);
    } else if (typeof payload === 'string') {
      // U+FFFD is what a UTF-8 decoder leaves of Shift_JIS bytes: the file was read as text, and garbled
      if (payload.includes('\ufffd')) throw new CivicError('civic-csv.errors.garbled', {}, 'the text is garbled: read the file as a single Buffer');
      text = payload;
      this.encoding = 'utf-8';
      this.bom = false;
      this.detected = false;
    } else {
      throw new CivicError('civic-csv.errors.payload', { type: payload === null ? 'null' : typeof payload },
        'msg.payload must be the file\'s bytes (Buffer) or text');
    }
    if (options.header === false) {
      if (!options.columns?.length) throw new CivicError('civic-csv.errors.noColumns', {}, 'without a header row the columns must be given');
      this.columns = [...options.columns];
    }
    this.rows = csvRows(text, { delimiter: options.delimiter ?? ',', trim: options.trim });
  }

  /** True once every row was read. */
  get done(): boolean { return this.finished; }

  /** Reads up to `max` more rows. Throws a translatable error when the header is refused (before any record). */
  read(max = 5000): void {
    for (let n = 0; n < max; n++) {
      const next = this.rows.next();
      if (next.done) { this.finished = true; return; }
      const r = next.value;
      if ('error' in r) {
        // an unreadable first row leaves no header to trust: refuse rather than take the next row for one
        if (!this.columns) { this.finished = true; throw new CivicError('civic-csv.errors.headerUnreadable', {}, 'the header row cannot be read'); }
        this.quarantined.push({ row: r.row, error: r.error });
        continue;
      }
      if (!this.columns) { this.acceptHeader(r.values); continue; }
      if (r.values.length !== this.columns.length) {
        this.quarantined.push({ row: r.row, error: new CivicError('civic-csv.errors.columns',
          { row: r.row, expected: this.columns.length, got: r.values.length },
          `row ${r.row}: ${r.values.length} fields, the header has ${this.columns.length}`) });
        continue;
      }
      const rec: Record<string, string> = {};
      for (let j = 0; j < this.columns.length; j++) setOwn(rec, this.columns[j], r.values[j]);
      this.records.push(rec);
      this.rowNumbers.push(r.row);
    }
  }

  private acceptHeader(values: string[]): void {
    const names = values.map((c) => c.trim());
    const check = checkColumns(names, { declared: this.options.columns, unknown: this.options.extraColumns ?? 'refuse', missing: 'refuse' });
    const err = shapeError(check, 'civic-csv');
    if (err) {
      this.finished = true;
      throw err;
    }
    this.columns = names;
  }
}
