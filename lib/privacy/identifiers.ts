// Japanese personal identifiers with their published check digits (My Number, corporate number), phone numbers,
// postal codes, care insured numbers and e-mail. The free-text scrubber built on them is in text/.
import { digitsOnly } from './normalize';

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
