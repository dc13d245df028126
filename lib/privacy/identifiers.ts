// Japanese personal identifiers with their published check digits, and a free-text scrubber that finds and
// replaces them (My Number, corporate number, phone numbers, postal codes, e-mail, insurance-number-like labels,
// labelled names). Matching runs on NFKC-normalised text; replacements are made in the original text.
import { digitsOnly, normalizeWithMap } from './normalize';

/** Check digit of a My Number (個人番号) from its first 11 digits: 11 − (Σ Pn·Qn mod 11), 0 when the remainder ≤ 1. */
export function myNumberCheckDigit(first11: string): number {
  if (!/^[0-9]{11}$/.test(first11)) throw new RangeError('need 11 digits');
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = first11.charCodeAt(11 - n) - 48;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** True for a 12-digit My Number with a correct check digit (full-width digits and hyphens/spaces allowed). */
export function isValidMyNumber(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 12 || !/^[0-9\s\-\u2010-\u2015\u2212\u30FC\uFF0D０-９]+$/.test(value.trim())) return false;
  return myNumberCheckDigit(d.slice(0, 11)) === d.charCodeAt(11) - 48;
}

/** Check digit (the FIRST digit) of a 13-digit corporate number (法人番号) from the other 12 digits. */
export function corporateNumberCheckDigit(last12: string): number {
  if (!/^[0-9]{12}$/.test(last12)) throw new RangeError('need 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const p = last12.charCodeAt(12 - n) - 48;
    sum += p * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** True for a 13-digit corporate number whose first digit is the correct check digit. */
export function isValidCorporateNumber(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 13 || !/^T?[0-9\s\-\u2010-\u2015\u2212\u30FC\uFF0D０-９]+$/.test(value.normalize('NFKC').trim())) return false;
  return corporateNumberCheckDigit(d.slice(1)) === d.charCodeAt(0) - 48;
}

export type PhoneKind = 'fixed' | 'mobile' | 'ip' | 'free';

/** Classifies a Japanese phone number: fixed 0 + 9 digits, mobile 070/080/090 + 8, IP 050 + 8; undefined if neither. */
export function phoneKind(value: string): PhoneKind | undefined {
  const norm = value.normalize('NFKC').trim();
  if (!/^(\+81[\s-]?)?\(?0?\d[\d\s\-()\u2010-\u2015\u2212\u30FC]*\d$/.test(norm)) return undefined;
  let d = digitsOnly(norm);
  if (norm.startsWith('+81')) d = `0${d.slice(2)}`;
  if (d.length === 11 && /^0[789]0/.test(d)) return 'mobile';
  if (d.length === 11 && d.startsWith('050')) return 'ip';
  if (d.length === 10 && /^0120|^0800/.test(d)) return 'free';
  if (d.length === 10 && /^0[1-9][1-9]/.test(d)) return 'fixed';
  return undefined;
}

/** True for a postal code NNN-NNNN (hyphen look-alikes, full width and an optional 〒 allowed). */
export function isPostalCode(value: string): boolean {
  return /^〒?\s*[0-9]{3}-?[0-9]{4}$/.test(value.normalize('NFKC').replace(/[\u2010-\u2015\u2212\u30FC]/g, '-').trim());
}

/** True for a 10-digit long-term-care insured number (介護保険被保険者番号). */
export function isCareInsuredNumber(value: string): boolean {
  return /^[0-9]{10}$/.test(digitsOnly(value)) && /^[0-9０-９\s-]+$/.test(value.trim());
}

/** True for an e-mail address. */
export function isEmail(value: string): boolean {
  return new RegExp(`^${EMAIL_SRC}$`).test(value.normalize('NFKC').trim());
}

const EMAIL_SRC = '[A-Za-z0-9._%+\\-]+@[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}';

export type FindingType = 'email' | 'idLabel' | 'name' | 'corporateNumber' | 'myNumber' | 'phone' | 'careNumber' | 'postalCode';

/** The text each finding type is replaced with. */
export const REPLACEMENTS: Record<FindingType, string> = {
  email: '[EMAIL]', idLabel: '[ID]', name: '[NAME]', corporateNumber: '[CORPORATE-NO]', myNumber: '[MYNUMBER]',
  phone: '[PHONE]', careNumber: '[ID]', postalCode: '[POSTCODE]',
};

const ID_LABELS = '被保険者証番号|被保険者証記号|被保険者番号|被保険者記号|保険者番号|記号番号|記号・番号|保険証番号|介護保険番号|'
  + '受給者番号|受給者証番号|公費負担者番号|マイナンバー|個人番号|基礎年金番号|年金番号|旅券番号|パスポート番号|運転免許証番号|'
  + '免許証番号|患者ID|患者番号|カルテ番号|診察券番号|住民票コード|宛名番号|住民番号|Insurance No\\.?|Patient ID';
const NAME_LABELS = '被保険者氏名|本人氏名|世帯主氏名|保護者氏名|患者氏名|患者名|氏名カナ|カナ氏名|フリガナ|ふりがな|お名前|氏名|名前|Name|NAME|name';
const STOP = '\\n\\r\\t、。,;()\\[\\]「」『』:';

interface Detector { type: FindingType; re: RegExp; group?: number; check?: (m: RegExpExecArray) => boolean;
  pick?: (value: string) => string }

// words that follow a name on forms and are not part of it
const AFTER_NAME = /^(?:連絡先|電話|TEL|Tel|tel|携帯|住所|様|さま|さん|殿|生年月日|性別|年齢|備考|男|女|\(|（)/;

/** A labelled name: the first token, and a second one (given name after a space) unless it is a form word. */
function pickName(value: string): string {
  const tokens = value.split(/[ \u3000]+/).filter(Boolean);
  if (tokens.length >= 2 && tokens[0].length <= 6 && tokens[1].length <= 6 && !AFTER_NAME.test(tokens[1])) {
    return value.slice(0, value.indexOf(tokens[1]) + tokens[1].length);
  }
  return tokens[0] ?? '';
}

const DETECTORS: Detector[] = [
  { type: 'email', re: new RegExp(EMAIL_SRC, 'g') },
  { type: 'corporateNumber', re: /(?<![0-9])[0-9][- ]?[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])/g, check: (m) => isValidCorporateNumber(m[0]) },
  { type: 'myNumber', re: /(?<![0-9])[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])/g, check: (m) => isValidMyNumber(m[0]) },
  { type: 'idLabel', re: new RegExp(`(?:${ID_LABELS})\\s*(?::|は|=)?\\s*([A-Za-z0-9\\u3040-\\u30FF][A-Za-z0-9\\u3040-\\u30FF\\-・.]*(?: [0-9]+)*)`, 'g'), group: 1 },
  { type: 'name', re: new RegExp(`(?:${NAME_LABELS})\\s*(?::|=)\\s*([^\\s${STOP}][^${STOP}]{0,40})`, 'g'), group: 1, pick: pickName },
  { type: 'phone', re: /\+81[- ]?\(?[0-9]{1,4}\)?[- ]?[0-9]{1,4}[- ]?[0-9]{3,4}(?![0-9])/g, check: (m) => phoneKind(m[0]) !== undefined },
  { type: 'phone', re: /(?<![0-9-])0[5789]0[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])/g },
  { type: 'phone', re: /(?<![0-9-])(?:\(0[0-9]{1,4}\)|0[0-9]{1,4})[- ]?[0-9]{1,4}[- ]?[0-9]{3,4}(?![0-9]|-[0-9])/g, check: (m) => phoneKind(m[0]) !== undefined },
  { type: 'careNumber', re: /(?<![0-9-])[0-9]{10}(?![0-9])/g },
  { type: 'postalCode', re: /〒\s?[0-9]{3}-?[0-9]{4}(?![0-9])|(?<![0-9-])[0-9]{3}-[0-9]{4}(?![0-9]|-[0-9])/g },
];

export interface ScrubResult { text: string; findings: Partial<Record<FindingType, number>> }

/** Finds identifiers in free text and replaces each with a placeholder such as [MYNUMBER]; counts per type. */
export function scrubText(text: string): ScrubResult {
  if (!text) return { text, findings: {} };
  const { norm, start, end } = normalizeWithMap(text);
  const taken: Array<[number, number, FindingType]> = [];
  const overlaps = (a: number, b: number) => taken.some(([s, e]) => a < e && b > s);
  for (const d of DETECTORS) {
    d.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = d.re.exec(norm)) !== null) {
      if (m[0].length === 0) { d.re.lastIndex++; continue; }
      let s = m.index;
      let e = m.index + m[0].length;
      if (d.group !== undefined) {
        const g = d.pick ? d.pick(m[d.group] ?? '') : m[d.group];
        if (!g) continue;
        s = m.index + m[0].lastIndexOf(g);
        e = s + g.replace(/\s+$/, '').length;
      }
      if (overlaps(s, e) || (d.check && !d.check(m))) continue;
      taken.push([s, e, d.type]);
    }
  }
  if (!taken.length) return { text, findings: {} };
  taken.sort((a, b) => a[0] - b[0]);
  const findings: Partial<Record<FindingType, number>> = {};
  let out = '';
  let pos = 0;
  for (const [s, e, type] of taken) {
    const os = start[s];
    const oe = end[e - 1];
    out += text.slice(pos, os) + REPLACEMENTS[type];
    pos = oe;
    findings[type] = (findings[type] ?? 0) + 1;
  }
  return { text: out + text.slice(pos), findings };
}
