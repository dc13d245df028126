// The free-text scrubber: identifiers, phones, postal codes, e-mail, labelled values, addresses below the
// municipality and person names are replaced by placeholders such as [NAME]. Matching runs on the NFKC-normalised
// text (full-width digits, hyphen look-alikes); replacements are made in the original. Every finder is linear in
// the text; names need the morphological analyser (loadTokenizer), without it only labelled names are found.
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import { normalizeWithMap } from '../normalize';
import { findAddresses } from './addresses';
import { findNames } from './names';
import { findEmails, findLabelled, findNumbers, type Finding, type FindingType } from './patterns';

/** The text each finding type is replaced with. */
export const REPLACEMENTS: Record<FindingType, string> = {
  email: '[EMAIL]', idLabel: '[ID]', name: '[NAME]', corporateNumber: '[CORPORATE-NO]', myNumber: '[MYNUMBER]',
  phone: '[PHONE]', careNumber: '[ID]', postalCode: '[POSTCODE]', identifier: '[ID]', address: '[ADDRESS]',
};

// when two findings overlap, the merged span keeps the type of the more specific one
const PRIORITY: FindingType[] = ['email', 'myNumber', 'corporateNumber', 'phone', 'postalCode', 'idLabel', 'careNumber', 'identifier', 'address', 'name'];

/** A scrubbed text, the counts per finding type, and the replaced spans in the original text. */
export interface ScrubResult { text: string; findings: Partial<Record<FindingType, number>>; spans: Finding[] }

/** Sorts findings and merges overlapping ones. */
function merge(found: Finding[]): Finding[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      if (f.end > last.end) last.end = f.end;
      if (PRIORITY.indexOf(f.type) < PRIORITY.indexOf(last.type)) last.type = f.type;
      continue;
    }
    out.push({ ...f });
  }
  return out;
}

/** Finds personal information in free text and replaces it; `tokenizer` adds names found by morphological analysis. */
export function scrubText(text: string, tokenizer?: Tokenizer<IpadicFeatures>): ScrubResult {
  if (!text) return { text, findings: {}, spans: [] };
  const { norm, start, end } = normalizeWithMap(text);
  const found = merge([...findEmails(norm), ...findNumbers(norm), ...findLabelled(norm), ...findAddresses(norm),
    ...(tokenizer ? findNames(norm, tokenizer) : [])]);
  if (!found.length) return { text, findings: {}, spans: [] };
  const findings: Partial<Record<FindingType, number>> = {};
  const spans: Finding[] = [];
  let out = '';
  let pos = 0;
  for (const f of found) {
    const os = start[f.start];
    const oe = end[f.end - 1];
    out += text.slice(pos, os) + REPLACEMENTS[f.type];
    pos = oe;
    findings[f.type] = (findings[f.type] ?? 0) + 1;
    spans.push({ start: os, end: oe, type: f.type });
  }
  return { text: out + text.slice(pos), findings, spans };
}
