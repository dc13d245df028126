// CSV as municipal systems export it: RFC 4180 (quoted fields, "" inside quotes, CRLF or LF, line breaks inside
// quotes), an optional byte-order mark, and UTF-8 or Shift_JIS (CP932) — detected, and reported, not guessed
// silently. Rows that fail are reported by row number only (never their content).
import { CivicError } from '../errors';
import { setOwn } from '../util/own';

export type CsvEncoding = 'utf-8' | 'shift_jis';

export interface Decoded { text: string; encoding: CsvEncoding; bom: boolean; detected: boolean }

/**
 * Decodes bytes: a UTF-8 BOM or bytes that are valid UTF-8 mean UTF-8; anything else is read as Shift_JIS
 * (the WHATWG decoder, i.e. Windows-31J/CP932 with NEC and IBM extensions). `encoding` forces one.
 */
export function decodeBytes(bytes: Uint8Array, encoding: 'auto' | CsvEncoding = 'auto'): Decoded {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding === 'shift_jis') return { text: new TextDecoder('shift_jis').decode(bytes), encoding, bom: false, detected: false };
  if (encoding === 'utf-8') return { text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes), encoding, bom, detected: false };
  if (bom) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', bom, detected: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom, detected: true };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis', bom: false, detected: true };
  }
}

export interface CsvOptions { delimiter?: string; header?: boolean; trim?: boolean }

export interface CsvRow { row: number; values: string[] }

export interface CsvRowError { row: number; error: CivicError }

/**
 * Splits CSV text into rows (RFC 4180). `row` is the 1-based record number as a spreadsheet shows it (the header
 * is row 1). A row with a stray quote is yielded as an error and parsing resumes at the next line.
 */
export function* csvRows(text: string, options: CsvOptions = {}): Generator<CsvRow | CsvRowError> {
  const delim = options.delimiter ?? ',';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const len = text.length;
  let row = 0;
  while (i < len) {
    row++;
    const rowStart = i;
    const values: string[] = [];
    let field = '';
    let bad = false;
    let atStart = true;
    for (;;) {
      if (i >= len) { values.push(field); break; }
      const ch = text[i];
      if (atStart && ch === '"') {
        i++;
        let closed = false;
        while (i < len) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i++;
            closed = true;
            break;
          }
          field += c;
          i++;
        }
        if (!closed) { bad = true; break; }
        if (i < len && text[i] !== delim && text[i] !== '\r' && text[i] !== '\n') { bad = true; break; }
        atStart = false;
        continue;
      }
      if (ch === delim) { values.push(options.trim ? field.trim() : field); field = ''; atStart = true; i++; continue; }
      if (ch === '\r' || ch === '\n') {
        values.push(options.trim ? field.trim() : field);
        i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
        break;
      }
      if (ch === '"') { bad = true; break; }
      field += ch;
      atStart = false;
      i++;
    }
    if (bad) {
      // skip to the end of the physical line the row started on and carry on
      i = rowStart;
      while (i < len && text[i] !== '\n' && text[i] !== '\r') i++;
      if (text[i] === '\r' && text[i + 1] === '\n') i += 2; else if (i < len) i++;
      yield { row, error: new CivicError('civic-csv.errors.quote', { row }, `row ${row}: misplaced quote` ) };
      continue;
    }
    if (values.length === 1 && values[0] === '' ) { continue; } // blank line
    yield { row, values };
  }
}

/** Parses a whole CSV text into objects keyed by the header (or arrays without a header); errors by row number. */
export function parseCsv(text: string, options: CsvOptions = {}): { columns?: string[]; rows: Array<Record<string, string> | string[]>;
  rowNumbers: number[]; errors: CsvRowError[] } {
  const rows: Array<Record<string, string> | string[]> = [];
  const rowNumbers: number[] = [];
  const errors: CsvRowError[] = [];
  let columns: string[] | undefined;
  for (const r of csvRows(text, options)) {
    if ('error' in r) { errors.push(r); continue; }
    if (options.header !== false && !columns) { columns = r.values.map((c) => c.trim()); continue; }
    const obj = toRecord(r, columns);
    if (obj instanceof CivicError) { errors.push({ row: r.row, error: obj }); continue; }
    rows.push(obj);
    rowNumbers.push(r.row);
  }
  return { columns, rows, rowNumbers, errors };
}

/** A row as an object keyed by `columns` (or the plain array), or an error when the field count differs. */
export function toRecord(r: CsvRow, columns?: string[]): Record<string, string> | string[] | CivicError {
  if (!columns) return r.values;
  if (r.values.length !== columns.length) {
    return new CivicError('civic-csv.errors.columns', { row: r.row, expected: columns.length, got: r.values.length },
      `row ${r.row}: ${r.values.length} fields, the header has ${columns.length}`);
  }
  const obj: Record<string, string> = {};
  for (let j = 0; j < columns.length; j++) setOwn(obj, columns[j], r.values[j]);
  return obj;
}
