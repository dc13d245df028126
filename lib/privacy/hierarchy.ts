// Generalisation hierarchies for k-anonymity, the way ARX builds them: level 0 is the value itself, each level
// coarser, the last level is '*'. Built in: age (5 → 10 → 20 years → *), numeric bands, dates (month → year → *),
// postal codes (3 digits → *), Japanese addresses (municipality → prefecture → *), ICD-10 codes (category → chapter
// → *), user tables and plain categories.
import { CivicError } from '../errors';
import { parseAddress } from './address';
import { parseDate } from './era';
import { normalizeIdentifier } from './normalize';
import { icd10Generalize } from './icd10';
import { getOwn } from '../util/own';

/** The hierarchies a quasi-identifier can have. */
export const HIERARCHY_TYPES = ['age', 'numeric', 'date', 'postcode', 'address', 'icd10', 'table', 'category'] as const;
export type HierarchyType = typeof HIERARCHY_TYPES[number];

/** A quasi-identifier: the field, its hierarchy and the hierarchy's parameters. */
export interface QuasiIdentifier {
  field: string;
  hierarchy: HierarchyType;
  widths?: number[];                     // age/numeric: band widths per level (default 5, 10, 20)
  topCode?: number;                      // age: values at or above it become 'N+' (default 90; 0 = none)
  table?: Record<string, string[]>;      // table: value → [level 1, level 2, ...]
}

/** A hierarchy: `levels` counts level 0 (the value) through the top ('*'); `generalize` maps a value to a level. */
export interface Hierarchy { levels: number; names: string[]; generalize(value: string, level: number): string }

const TOP = '*';
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const POSTCODE = /^〒?\s*([0-9]{3})-?([0-9]{4})?$/;

function numericBands(widths: number[], topCode: number): Hierarchy {
  for (let i = 1; i < widths.length; i++) {
    if (widths[i] % widths[i - 1] !== 0) {
      throw new CivicError('civic-k-anonymize.errors.widths', { widths: widths.join(', ') }, 'each band width must be a multiple of the previous one');
    }
  }
  return {
    levels: widths.length + 2,
    names: ['value', ...widths.map((w) => `${w}-band`), TOP],
    generalize(value, level) {
      if (level === 0) return value;
      if (level > widths.length) return TOP;
      const s = value.normalize('NFKC').replace(/\s*(歳|才)$/, '').trim();
      let lo: number;
      const plus = /^([0-9]+(?:\.[0-9]+)?)\+$/.exec(s);
      if (plus) return topCode > 0 ? `${topCode}+` : s;
      const band = /^(-?[0-9]+)-(-?[0-9]+)$/.exec(s);
      if (band) lo = Number(band[1]);
      else if (/^-?[0-9]+(?:\.[0-9]+)?$/.test(s)) lo = Number(s);
      else return value;
      if (topCode > 0 && lo >= topCode) return `${topCode}+`;
      const w = widths[level - 1];
      const start = Math.floor(lo / w) * w;
      const end = topCode > 0 ? Math.min(start + w - 1, topCode - 1) : start + w - 1;
      return `${start}-${end}`;
    },
  };
}

/** Builds the hierarchy of a quasi-identifier (throws a translatable error for a bad table). */
export function buildHierarchy(qi: QuasiIdentifier): Hierarchy {
  switch (qi.hierarchy) {
    case 'age': return numericBands(qi.widths?.length ? qi.widths : [5, 10, 20], qi.topCode ?? 90);
    case 'numeric': return numericBands(qi.widths?.length ? qi.widths : [5, 10, 20], qi.topCode ?? 0);
    case 'date': return {
      levels: 4,
      names: ['date', 'month', 'year', TOP],
      generalize(value, level) {
        // an ISO-shaped date parses to itself or to nothing: either way the value itself (skip the parser)
        if (level === 0) return ISO_DATE.test(value) ? value : parseDate(value)?.iso ?? value;
        if (level >= 3) return TOP;
        if (ISO_DATE.test(value)) return level === 1 ? value.slice(0, 7) : value.slice(0, 4);
        const d = parseDate(value);
        if (!d) return value;
        return level === 1 && d.month !== undefined ? d.iso.slice(0, 7) : String(d.year).padStart(4, '0');
      },
    };
    case 'postcode': return {
      levels: 3,
      names: ['postcode', '3 digits', TOP],
      generalize(value, level) {
        if (level >= 2) return TOP;
        // a value already in plain form matches as its normalised form would (skip NFKC)
        const m = POSTCODE.exec(value) ?? POSTCODE.exec(normalizeIdentifier(value));
        if (!m) return value;
        return level === 0 ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : m[1];
      },
    };
    case 'address': {
      const parsed = new Map<string, ReturnType<typeof parseAddress>>();
      return {
      levels: 4,
      names: ['address', 'municipality', 'prefecture', TOP],
      generalize(value, level) {
        if (level === 0) return value;
        if (level >= 3) return TOP;
        let p = parsed.get(value);
        if (!p) { p = parseAddress(value); parsed.set(value, p); }
        if (level === 2) return p.prefecture ?? TOP;
        return p.city ? `${p.prefecture ?? ''}${p.municipality}` : p.prefecture ?? value;
      },
      };
    }
    case 'table': {
      const table = qi.table ?? {};
      const depth = Math.max(0, ...Object.values(table).map((row) => (Array.isArray(row) ? row.length : 0)));
      if (depth === 0) throw new CivicError('civic-k-anonymize.errors.table', { field: qi.field }, `field "${qi.field}": the hierarchy table is empty`);
      return {
        levels: depth + 2,
        names: ['value', ...Array.from({ length: depth }, (_, i) => `table ${i + 1}`), TOP],
        generalize(value, level) {
          if (level === 0) return value;
          if (level > depth) return TOP;
          const row = getOwn(table, value);
          if (!row || row.length === 0) return value;
          return String(row[Math.min(level, row.length) - 1]);
        },
      };
    }
    case 'icd10': return { levels: 4, names: ['code', 'category', 'chapter', TOP], generalize: icd10Generalize };
    case 'category': return { levels: 2, names: ['value', TOP], generalize: (value, level) => (level === 0 ? value : TOP) };
    default: throw new CivicError('civic-k-anonymize.errors.hierarchy', { field: (qi as QuasiIdentifier).field }, 'unknown hierarchy');
  }
}
