// Deterministic record linkage on keyed pseudonyms. A person is the keyed pseudonym of their 宛名番号 (address
// number, the municipality's person key). Other numbers (国保・後期 被保険者番号, 介護保険 被保険者番号) and, where no
// number is present, the normalised name + birth date + sex are keyed as well and looked up in an index that maps
// each keyed identifier to the persons seen with it. Nothing clear is kept: the index holds keyed values only, and
// the identifying fields are removed from every record that leaves.
import { createHmac } from 'crypto';
import { CivicError } from '../errors';
import { normalizeIdentifier } from '../privacy/normalize';
import { pseudonymizeChecked, assertKey } from '../privacy/pseudonym';
import { normalizeBirthDate, normalizeName, normalizeSex } from './names';
import { getOwn, setOwn } from '../util/own';

/** Kinds of identifiers a source may carry; `atena` (宛名番号) defines the person. */
export const ID_KINDS = ['atena', 'insured', 'care'] as const;
/** One of ID_KINDS. */
export type IdKind = typeof ID_KINDS[number];

/** Which fields of a source carry numbers, name, birth date and sex. */
export interface LinkConfig {
  idFields: Array<{ field: string; kind: IdKind }>;
  nameField?: string; birthField?: string; sexField?: string;
  /** further fields to remove from linked records (e.g. an address) */
  dropFields?: string[];
  /** property that receives the person pseudonym (default 'person') */
  personField?: string;
}

/** Key and form of the person pseudonyms. */
export interface PseudonymFormat { key: string; prefix: string; length: number }

/** How a record was linked. */
export type LinkMethod = 'number' | 'mapped' | 'nameBirthSex';
/** Counts of one linked batch (no record, no identifier). */
export interface SourceReport { source: string; records: number; linked: number; byNumber: number; byMappedNumber: number; byNameBirthSex: number; unlinked: number; ambiguous: number }
/** Linked and unlinked records, the report and the index entries learned. */
export interface LinkResult { linked: Record<string, unknown>[]; unlinked: Record<string, unknown>[]; report: SourceReport; added: IndexEntry[] }
/** One keyed identifier → person mapping. */
export interface IndexEntry { idKind: string; keyed: string; person: string }

const NAME_KEY = 'name-birth-sex';

/** Keyed identifiers → persons. Keys are HMACs: the index is safe to keep in the store. */
export class LinkIndex {
  // one map per identifier kind: no key concatenation on the hot path
  private readonly maps = new Map<string, Map<string, string | Set<string>>>();
  private count = 0;

  /** Number of keyed identifiers known. */
  get size(): number { return this.count; }

  private mapOf(idKind: string): Map<string, string | Set<string>> {
    let m = this.maps.get(idKind);
    if (!m) { m = new Map(); this.maps.set(idKind, m); }
    return m;
  }

  /** Adds one mapping; returns true when it is new. */
  add(idKind: string, keyed: string, person: string): boolean {
    const m = this.mapOf(idKind);
    const cur = m.get(keyed);
    if (cur === undefined) { m.set(keyed, person); this.count++; return true; }
    if (cur === person) return false;
    if (typeof cur === 'string') { m.set(keyed, new Set([cur, person])); return true; }
    if (cur.has(person)) return false;
    cur.add(person);
    return true;
  }

  /** The persons known for a keyed identifier (0, 1 or several). */
  lookup(idKind: string, keyed: string): string[] {
    const cur = this.maps.get(idKind)?.get(keyed);
    return cur === undefined ? [] : typeof cur === 'string' ? [cur] : [...cur];
  }

  /** All entries, for saving. */
  entries(): IndexEntry[] {
    const out: IndexEntry[] = [];
    for (const [idKind, m] of this.maps) {
      for (const [keyed, v] of m) for (const person of typeof v === 'string' ? [v] : v) out.push({ idKind, keyed, person });
    }
    return out;
  }
}

/** The linker: keys identifiers with the city's key, links records of each source and learns from them. */
export class Linker {
  readonly index: LinkIndex;
  private readonly f: PseudonymFormat;
  private readonly pattern: RegExp;

  constructor(format: PseudonymFormat, index = new LinkIndex()) {
    assertKey(format.key);
    this.f = format;
    this.index = index;
    this.pattern = new RegExp(`^${format.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{${format.length}}$`);
  }

  /** The person pseudonym of a 宛名番号 — the same value civic-deidentify and the store make with this key. */
  person(atena: unknown): string {
    const s = String(atena).trim();
    return this.pattern.test(s) ? s : pseudonymizeChecked(this.f.key, s, { prefix: this.f.prefix, length: this.f.length });
  }

  private keyed(kind: string, value: string): string {
    return createHmac('sha256', this.f.key).update(`link:${kind}\u0000${value}`).digest('base64url');
  }

  /** Keyed name + birth date + sex, or undefined when one of them is missing. */
  private nameKey(rec: Record<string, unknown>, c: LinkConfig): string | undefined {
    if (!c.nameField || !c.birthField || !c.sexField) return undefined;
    const name = normalizeName(getOwn(rec, c.nameField));
    const birth = normalizeBirthDate(getOwn(rec, c.birthField));
    const sex = normalizeSex(getOwn(rec, c.sexField));
    return name && birth && sex ? this.keyed(NAME_KEY, `${name}|${birth}|${sex}`) : undefined;
  }

  /**
   * Links a batch from one source. Records that carry a 宛名番号 are handled first (they teach the index), so the
   * order inside a batch does not matter. Returns linked records (identifying fields removed, person added),
   * unlinked/ambiguous ones (identifying fields removed, `linkStatus` set), the per-source report and new index entries.
   */
  link(records: unknown[], source: string, c: LinkConfig): LinkResult {
    const personField = c.personField || 'person';
    const drop = new Set([...c.idFields.map((f) => f.field), c.nameField, c.birthField, c.sexField, ...(c.dropFields ?? [])].filter(Boolean) as string[]);
    if (c.sexField) drop.delete(c.sexField);                    // sex is an analysis dimension, not an identifier
    const report: SourceReport = { source, records: records.length, linked: 0, byNumber: 0, byMappedNumber: 0, byNameBirthSex: 0, unlinked: 0, ambiguous: 0 };
    const added: IndexEntry[] = [];
    const learn = (kind: string, keyed: string, person: string) => { if (this.index.add(kind, keyed, person)) added.push({ idKind: kind, keyed, person }); };
    const atenaField = c.idFields.find((f) => f.kind === 'atena')?.field;
    const out: Array<{ i: number; rec: Record<string, unknown> }> = [];
    const unlinked: Array<{ i: number; rec: Record<string, unknown> }> = [];
    // records with a 宛名番号 first (they teach the index), then the others, each group in input order
    const first: number[] = [];
    const later: number[] = [];
    const hasAtena = (r: unknown) => atenaField !== undefined && !!r && typeof r === 'object' && present(getOwn(r as Record<string, unknown>, atenaField));
    records.forEach((r, i) => (hasAtena(r) ? first : later).push(i));
    const otherIds = c.idFields.filter((f) => f.kind !== 'atena');
    for (const i of [...first, ...later]) {
      const rec = records[i];
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
        throw new CivicError('civic-record-link.errors.notRecord', { row: i + 1 }, `record ${i + 1} is not an object`);
      }
      const r = rec as Record<string, unknown>;
      const ids: Array<{ kind: string; keyed: string }> = [];
      for (const f of otherIds) {
        const v = getOwn(r, f.field);
        if (present(v)) ids.push({ kind: f.kind, keyed: this.keyed(f.kind, normalizeIdentifier(String(v).trim())) });
      }
      const nameKey = this.nameKey(r, c);
      let person: string | undefined;
      let method: LinkMethod | undefined;
      let ambiguous = false;
      const atena = atenaField ? getOwn(r, atenaField) : undefined;
      if (present(atena)) {
        person = this.person(normalizeIdentifier(String(atena)));
        method = 'number';
      } else {
        const viaIds = new Set<string>();
        for (const id of ids) for (const p of this.index.lookup(id.kind, id.keyed)) viaIds.add(p);
        if (viaIds.size === 1) { person = [...viaIds][0]; method = 'mapped'; } else if (viaIds.size > 1) ambiguous = true;
        else if (nameKey) {
          const viaName = this.index.lookup(NAME_KEY, nameKey);
          if (viaName.length === 1) { person = viaName[0]; method = 'nameBirthSex'; } else if (viaName.length > 1) ambiguous = true;
        }
      }
      const clean: Record<string, unknown> = {};
      for (const k in r) if (!drop.has(k) && Object.hasOwn(r, k)) setOwn(clean, k, r[k]);
      if (person && method) {
        for (const id of ids) learn(id.kind, id.keyed, person);
        if (nameKey) learn(NAME_KEY, nameKey, person);
        setOwn(clean, personField, person);
        out.push({ i, rec: clean });
        report.linked++;
        if (method === 'number') report.byNumber++; else if (method === 'mapped') report.byMappedNumber++; else report.byNameBirthSex++;
      } else {
        clean.linkStatus = ambiguous ? 'ambiguous' : 'unlinked';
        unlinked.push({ i, rec: clean });
        if (ambiguous) report.ambiguous++; else report.unlinked++;
      }
    }
    const byInput = (a: { i: number }, b: { i: number }) => a.i - b.i;
    return { linked: out.sort(byInput).map((x) => x.rec), unlinked: unlinked.sort(byInput).map((x) => x.rec), report, added };
  }
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && String(v).trim() !== '';
}

/** Comma / 、 / new-line separated names → trimmed list. */
export function splitList(text: string | undefined): string[] {
  return String(text ?? '').split(/[,、\n]/).map((s) => s.trim()).filter(Boolean);
}
