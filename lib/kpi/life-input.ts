// Reading and checking life-table input: age-group labels as city files write them, the CSV columns (English or
// the usual Japanese headers), grouping of one file into tables per sex and fiscal year, and the checks a table
// must pass before any arithmetic. Errors name the row and the field, never a value from the file.
import { CivicError } from '../errors';
import { getOwn } from '../util/own';

/** One age group as given by the user; `age` is a label ("0", "1-4", "85+", "85歳以上") or a numeric start. */
export interface LifeTableInputRow {
  age: string | number;
  population: number | string;
  deaths: number | string;
  /** number of unhealthy people in the group (e.g. care level 2–5 certified); π = unhealthy / N */
  unhealthy?: number | string;
  /** share unhealthy, 0–1 (e.g. from a survey); used when `unhealthy` is absent */
  prevalence?: number | string;
  /** N for the prevalence variance: survey size; defaults to the population (full registry counts) */
  surveySize?: number | string;
  /** share of the group living in institutions (census), 0–1: counted as unhealthy (EHEMU guide, Example 6) */
  institutionalised?: number | string;
}

/** A parsed age group label: start age, end (exclusive) when closed, open for "85+". */
export interface AgeGroup { start: number; end?: number; open: boolean }

/** A checked age group, ready for the life table (π already includes the institutionalised share). */
export interface Group {
  label: string; start: number; n: number | null; P: number; D: number;
  /** share unhealthy (community and institutions), null without health data */
  pi: number | null;
  /** survey share before the institutionalised were added */
  piSurvey: number | null;
  /** N of the prevalence variance */
  N: number | null;
  /** institutionalised share I (0 when not given) */
  I: number;
}

const OPEN_SUFFIX = /^(\d+)\s*(?:\+|[-‐‑–—―−~〜～ー]|歳以上|才以上|以上|歳～|歳〜|歳-|\s*years?\s*(?:and|&)\s*(?:over|older)|\s*and\s*over)$/i;
const RANGE = /^(\d+)\s*(?:歳|才)?\s*[-‐‑–—―−~〜～ー]\s*(\d+)\s*(?:歳|才)?$/;
const SINGLE = /^(\d+)\s*(?:歳|才)?$/;

/**
 * Parses an age group label: "0", "0歳", "1-4", "1–4", "1～4歳", "5-9", "85+", "85-", "85歳以上", or a number
 * (a bare start, whose width comes from the next group). Returns undefined when the label is not an age group.
 */
export function parseAgeGroup(label: unknown): AgeGroup | undefined {
  if (typeof label === 'number') {
    return Number.isInteger(label) && label >= 0 ? { start: label, open: false } : undefined;
  }
  if (typeof label !== 'string') return undefined;
  const s = label.normalize('NFKC').trim();
  let m = RANGE.exec(s);
  if (m) {
    const start = Number(m[1]);
    const end = Number(m[2]) + 1; // "1-4" covers ages 1, 2, 3, 4 → [1, 5)
    return end > start ? { start, end, open: false } : undefined;
  }
  m = OPEN_SUFFIX.exec(s);
  if (m) return { start: Number(m[1]), open: true };
  m = SINGLE.exec(s);
  if (m) return { start: Number(m[1]), open: false };
  return undefined;
}

function rowError(name: string, row: number, extra: Record<string, string | number>, text: string): CivicError {
  return new CivicError(`civic-health-expectancy.errors.${name}`, { row, ...extra }, `row ${row}: ${text}`);
}

/** A number from a count or share cell ("1,234", "１２" and numbers); undefined when blank. */
export function cellNumber(value: unknown, field: string, row: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value
    : typeof value === 'string' ? Number(value.normalize('NFKC').replace(/[,\s]/g, '')) : NaN;
  if (!Number.isFinite(n)) throw rowError('notNumber', row, { field }, `${field} is not a number`);
  if (n < 0) throw rowError('negative', row, { field }, `${field} is negative`);
  return n;
}

function required(value: unknown, field: string, row: number): number {
  const n = cellNumber(value, field, row);
  if (n === undefined) throw rowError('missingValue', row, { field }, `${field} is missing`);
  return n;
}

function share(value: unknown, field: string, row: number): number | undefined {
  const n = cellNumber(value, field, row);
  if (n !== undefined && n > 1) throw rowError('shareRange', row, { field }, `${field} must be between 0 and 1`);
  return n;
}

/** Widths from the labels: checks order, gaps, overlaps and the open last group. */
function widths(rows: LifeTableInputRow[]): Array<{ label: string; start: number; n: number | null }> {
  const parsed = rows.map((r, i) => {
    const group = parseAgeGroup(r?.age);
    if (!group) throw rowError('badAge', i + 1, {}, 'the age group cannot be read');
    return group;
  });
  return parsed.map((g, k) => {
    const row = k + 1;
    if (k === 0 && g.start !== 0) throw rowError('firstNotZero', row, {}, 'the first age group must start at 0');
    if (k > 0) {
      const prev = parsed[k - 1];
      const prevEnd = prev.end ?? g.start;
      if (g.start <= prev.start) throw rowError('unsorted', row, {}, 'age groups must be in increasing order');
      if (g.start < prevEnd) throw rowError('overlapping', row, {}, 'this age group overlaps the one before');
      if (g.start > prevEnd) throw rowError('missingGroup', row, { from: prevEnd, to: g.start - 1 }, `ages ${prevEnd}–${g.start - 1} are missing`);
    }
    const last = k === parsed.length - 1;
    if (last && g.end !== undefined) throw rowError('lastNotOpen', row, {}, 'the last age group must be open-ended (e.g. 85+)');
    if (!last && g.open) throw rowError('openNotLast', row, {}, 'only the last age group may be open-ended');
    const n = last ? null : (g.end ?? parsed[k + 1].start) - g.start;
    return { label: typeof rows[k].age === 'number' ? String(rows[k].age) : String(rows[k].age).trim(), start: g.start, n };
  });
}

/** Checks and reads the input: ages start at 0, increase without gaps or overlaps, the last group open; counts sane. */
export function checkRows(rows: LifeTableInputRow[]): Group[] {
  if (!Array.isArray(rows) || rows.length < 2) {
    throw new CivicError('civic-health-expectancy.errors.noRows', {}, 'the input needs at least two age groups');
  }
  const ages = widths(rows);
  const out = ages.map(({ label, start, n }, i): Group => {
    const r = rows[i];
    const row = i + 1;
    const P = required(r.population, 'population', row);
    const D = required(r.deaths, 'deaths', row);
    if (P === 0) throw rowError('zeroPopulation', row, {}, 'the population is 0');
    if (D > P) throw rowError('deathsOverPopulation', row, {}, 'deaths exceed the population');
    const N = cellNumber(r.surveySize, 'surveySize', row) ?? P;
    if (N === 0) throw rowError('zeroSurvey', row, {}, 'the survey size is 0');
    const unhealthy = cellNumber(r.unhealthy, 'unhealthy', row);
    if (unhealthy !== undefined && unhealthy > N) throw rowError('unhealthyOverPopulation', row, {}, 'more unhealthy people than people');
    const piSurvey = unhealthy !== undefined ? unhealthy / N : share(r.prevalence, 'prevalence', row) ?? null;
    const I = share(r.institutionalised, 'institutionalised', row) ?? 0;
    const pi = piSurvey === null ? null : (1 - I) * piSurvey + I;
    return { label, start, n, P, D, pi, piSurvey, N: piSurvey === null ? null : N, I };
  });
  const withHealth = out.filter((g) => g.pi !== null).length;
  if (withHealth > 0 && withHealth < out.length) {
    throw rowError('missingHealth', out.findIndex((g) => g.pi === null) + 1, {}, 'unhealthy count or prevalence is missing');
  }
  if (out[out.length - 1].D === 0) {
    throw rowError('openNoDeaths', out.length, {}, 'the open last group needs deaths > 0 (L = l/m)');
  }
  return out;
}

/** Column names of the user's table (CSV headers); blank fields are found by their usual names. */
export interface RowFields {
  age?: string; population?: string; deaths?: string; unhealthy?: string; prevalence?: string; surveySize?: string;
  institutionalised?: string; sex?: string; year?: string;
  /** table-level values read from the first row: live births of the year, a published q0 */
  births?: string; q0?: string;
}

type FieldName = keyof Required<RowFields>;

const ALIASES: Record<FieldName, string[]> = {
  age: ['age', 'ageGroup', 'age_group', '年齢', '年齢階級', '年齢区分'],
  population: ['population', 'pop', '人口'],
  deaths: ['deaths', '死亡数', '死亡者数'],
  unhealthy: ['unhealthy', 'careLevel2Plus', '要介護2以上', '要介護2〜5', '要介護2～5', '要介護2以上認定者数', '不健康者数'],
  prevalence: ['prevalence', '不健康割合', '有病率', '制限あり割合', '日常生活に制限あり割合'],
  surveySize: ['surveySize', 'N', '調査人数', '回答者数'],
  institutionalised: ['institutionalised', 'institutionalized', '施設入所割合', '施設入所者割合'],
  sex: ['sex', 'gender', '性別', '性'],
  year: ['fiscalYear', 'year', '年度'],
  births: ['births', '出生数'],
  q0: ['q0', '0歳死亡確率'],
};

/** Reads the value of `name` from a CSV row object: the chosen column, else the first usual name present. */
function pick(obj: Record<string, unknown>, fields: RowFields, name: FieldName, registry: boolean): unknown {
  const chosen = fields[name];
  if (chosen) return getOwn(obj, chosen);
  // A prevalence column the user chose wins over an unhealthy count found only by its usual name: a table may
  // carry both (care level 2+ counts and survey answers) and the choice says which health measure to use.
  if (name === 'unhealthy' && fields.prevalence && !registry) return undefined;
  if (registry && (name === 'prevalence' || name === 'surveySize')) return undefined;
  for (const alias of ALIASES[name]) if (obj[alias] !== undefined) return obj[alias];
  return undefined;
}

/**
 * Turns CSV-parsed objects into life table input rows, reading the columns named in `fields` (or their usual
 * names). `registry` (平均自立期間): the unhealthy count is a full count, so N = population and survey columns
 * are ignored.
 */
export function rowsFromObjects(objects: unknown[], fields: RowFields = {}, registry = false): LifeTableInputRow[] {
  if (!Array.isArray(objects)) throw new CivicError('civic-health-expectancy.errors.noRows', {}, 'the input is not an array of rows');
  return Array.from(objects, (o) => {                       // Array.from: a sparse array's holes become rows too
    const obj = (o !== null && typeof o === 'object' ? o : {}) as Record<string, unknown>;
    const get = (name: FieldName) => pick(obj, fields, name, registry) as number | string | undefined;
    return {
      age: get('age') as string | number, population: get('population') as number, deaths: get('deaths') as number,
      unhealthy: get('unhealthy'), prevalence: get('prevalence'), surveySize: get('surveySize'),
      institutionalised: get('institutionalised'),
    };
  });
}

/**
 * Normalises a sex label: 男/男性/M/men/male/1 → male, 女/女性/F/women/female/2 → female; anything else (総数, 計,
 * a topic such as "life-table") → total, so that a message's text never becomes a new table key.
 */
export function normaliseSex(value: unknown): string {
  const s = (typeof value === 'string' || typeof value === 'number' ? String(value) : '').normalize('NFKC').trim().toLowerCase();
  if (!s) return 'total';
  if (['男', '男性', 'm', 'male', 'men', 'man', '1'].includes(s)) return 'male';
  if (['女', '女性', 'f', 'female', 'women', 'woman', '2'].includes(s)) return 'female';
  return 'total';
}

/** One table of a file: the rows of one sex and one fiscal year (year null when the file has no year column). */
export interface InputTable { sex: string | null; year: number | null; objects: unknown[]; births?: number; q0?: number }

/**
 * Splits CSV rows into tables by the sex and year columns when the file has them (one file may hold both sexes
 * and several fiscal years); rows keep their order within a table. Tables are ordered by sex, then year.
 */
export function splitTables(objects: unknown[], fields: RowFields = {}): InputTable[] {
  if (!Array.isArray(objects) || objects.length === 0) throw new CivicError('civic-health-expectancy.errors.noRows', {}, 'the input has no rows');
  const tables = new Map<string, InputTable>();
  Array.from(objects).forEach((o, i) => {
    const obj = (o !== null && typeof o === 'object' ? o : {}) as Record<string, unknown>;
    const sexCell = pick(obj, fields, 'sex', false);
    const yearCell = pick(obj, fields, 'year', false);
    const sex = sexCell === undefined || sexCell === '' ? null : normaliseSex(sexCell);
    let year: number | null = null;
    if (yearCell !== undefined && yearCell !== '') {
      year = Number(typeof yearCell === 'string' ? yearCell.normalize('NFKC').trim() : yearCell);
      if (!Number.isInteger(year)) throw rowError('badYear', i + 1, {}, 'the fiscal year is not a whole number');
    }
    const key = `${sex ?? ''}|${year ?? ''}`;
    let t = tables.get(key);
    if (!t) tables.set(key, (t = { sex, year, objects: [] }));
    if (t.objects.length === 0) {                              // table-level values sit on the first row
      const births = cellNumber(pick(obj, fields, 'births', false), 'births', i + 1);
      const q0 = cellNumber(pick(obj, fields, 'q0', false), 'q0', i + 1);
      if (births !== undefined) t.births = births;
      if (q0 !== undefined) t.q0 = q0;
    }
    t.objects.push(o);
  });
  return [...tables.values()].sort((a, b) => (a.sex ?? '').localeCompare(b.sex ?? '') || (a.year ?? 0) - (b.year ?? 0));
}

