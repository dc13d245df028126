// Open-data files of suppressed cross-tabulations. The layout follows デジタル庁「自治体標準オープンデータセット」:
// its common rules (one header row, one record per row, 全国地方公共団体コード with its check digit, 都道府県名 and
// 市区町村名 columns, dates as YYYY-MM-DD, plain half-width numbers) and, as the nearest standard dataset, the columns
// of 「地域・年齢別人口」 (地域名, 年齢 band, 性別, counts). Each table comes as CSV in UTF-8 with BOM (opens correctly
// in Excel) and in Shift_JIS (older municipal tools), as JSON, and with a column dictionary (項目定義).
// Suppressed cells are empty with 秘匿 = 1: never a number an attacker could use.
import { encodeText } from '../storage/atomic-file';
import { CivicError, safeString } from '../errors';
import { validate } from '../schemas';
import { TOTAL, type CrossTabResult } from '../analysis/crosstab';
import { getOwn } from '../util/own';

/** 全国地方公共団体コード: the 5-digit code + check digit (JIS X 0401/0402; 総務省「全国地方公共団体コード」). */
export function localGovernmentCode(code5: string): string {
  if (!/^\d{5}$/.test(code5)) throw new CivicError('civic-open-data.errors.code', {}, 'the local government code has 5 digits');
  const sum = [...code5].reduce((s, d, i) => s + Number(d) * (6 - i), 0);
  return code5 + String((11 - (sum % 11)) % 10);
}

/** Who publishes, when, under which title and column names. */
export interface OpenDataMeta {
  /** 5-digit 全国地方公共団体コード without check digit (羽咋市: 17207) */
  code: string; prefecture: string; municipality: string;
  /** reference date of the figures, YYYY-MM-DD */
  asOf: string;
  title: string;
  /** Japanese column names for the dimension fields, e.g. { district: '地域名', age_band: '年齢階級' } */
  labels?: Record<string, string>;
  /** what the event count means, e.g. '要介護認定者数' */
  eventsLabel?: string;
}

/** Header, rows and column dictionary of an open-data table. */
export interface OpenDataTable { columns: string[]; rows: Array<Array<string | number>>; dictionary: Array<{ 項目名: string; 説明: string; 型: string }> }

function isPublishedTable(result: unknown): boolean {
  try {
    return validate('cross-tab.message', { payload: result }).ok;
  } catch {
    return false;                                   // not even cloneable (functions, symbols): certainly not a table
  }
}

/** The published table of a cross-tab in open-data form (totals as 計, suppressed values empty with 秘匿 = 1). */
export function openDataTable(result: CrossTabResult, meta: OpenDataMeta): OpenDataTable {
  // only the published shape of civic-cross-tab (schema cross-tab.message) is accepted: nothing else can leak out
  if (!result || result.kind !== 'cross-tab' || !isPublishedTable(result)) {
    throw new CivicError('civic-open-data.errors.notCrossTab', {}, 'only suppressed cross-tab results (civic-cross-tab output) can be exported');
  }
  const dims = [...result.rowDimensions, result.column];
  const label = (d: string) => (meta.labels && getOwn(meta.labels, d)) || d;
  const withEvents = Boolean(result.outcome);
  const eventsLabel = meta.eventsLabel || '該当者数';
  const columns = ['全国地方公共団体コード', '都道府県名', '市区町村名', '基準日', ...dims.map(label), '人数',
    ...(withEvents ? [eventsLabel, '割合'] : []), '秘匿'];
  const code = localGovernmentCode(meta.code);
  const rows = result.table.map((r) => {
    const hidden = r.n === null || (withEvents && r.events === null);
    return [code, meta.prefecture, meta.municipality, meta.asOf, ...dims.map((d) => safeString(r[d] ?? '')), r.n ?? '',
      ...(withEvents ? [r.events ?? '', r.rate === null || r.rate === undefined ? '' : Math.round(Number(r.rate) * 10000) / 10000] : []), hidden ? 1 : 0];
  });
  const dictionary = [
    { 項目名: '全国地方公共団体コード', 説明: '総務省の全国地方公共団体コード (6桁、検査数字付き)', 型: '文字列' },
    { 項目名: '都道府県名', 説明: '都道府県の名称', 型: '文字列' },
    { 項目名: '市区町村名', 説明: '市区町村の名称', 型: '文字列' },
    { 項目名: '基準日', 説明: '集計の基準日 (YYYY-MM-DD)', 型: '日付' },
    ...dims.map((d) => ({ 項目名: label(d), 説明: `集計の区分。「${TOTAL}」はその区分の合計`, 型: '文字列' })),
    { 項目名: '人数', 説明: `区分に当てはまる人数。${result.threshold}人未満の区分と、その値を逆算できる区分は空欄 (秘匿)`, 型: '整数' },
    ...(withEvents ? [
      { 項目名: eventsLabel, 説明: `人数のうち該当する人の数。${result.threshold}人未満は空欄 (秘匿)`, 型: '整数' },
      { 項目名: '割合', 説明: `${eventsLabel} ÷ 人数 (小数、4桁に丸め)`, 型: '小数' },
    ] : []),
    { 項目名: '秘匿', 説明: '1: 少人数のため値を公表しない行 (空欄の値は0ではありません)', 型: '整数 (0/1)' },
  ];
  return { columns, rows, dictionary };
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV text (CRLF line ends) of a header and rows. */
export function csvText(columns: string[], rows: unknown[][]): string {
  return [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The two CSV encodings published. */
export type CsvEncoding = 'utf-8-bom' | 'shift_jis';

/** CSV bytes: UTF-8 with a BOM, or Shift_JIS (Windows-31J/CP932, as Japanese Excel writes it). */
export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  return encodeText(text, encoding === 'shift_jis' ? 'shift_jis' : 'utf8-bom');
}

/** JSON form of the same table: metadata, the column dictionary and one object per row. */
export function openDataJson(table: OpenDataTable, meta: OpenDataMeta): object {
  return {
    title: meta.title, publisher: `${meta.prefecture}${meta.municipality}`, localGovernmentCode: localGovernmentCode(meta.code), asOf: meta.asOf,
    columns: table.dictionary,
    records: table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i] === '' ? null : r[i]]))),
  };
}
