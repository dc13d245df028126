// Pattern finders for free text, each linear in the text: numbers are found as maximal runs by one scan and then
// classified (My Number and corporate number by their check digits, phone numbers, postal codes, care insured
// numbers, long identifiers), e-mail addresses are grown outwards from each '@' within RFC 5321 length limits,
// labelled identifiers and names follow their label ("被保険者番号：…", "氏名 …"). Regular expressions only ever run
// on bounded windows, so no input (100 KB of digits, "a.a.a.…") can make them backtrack over the whole text.
import { isEmail, isValidCorporateNumber, isValidMyNumber, phoneKind } from '../identifiers';

/** What a replaced span was taken for. */
export const FINDING_TYPES = ['email', 'idLabel', 'name', 'corporateNumber', 'myNumber', 'phone', 'careNumber', 'postalCode',
  'identifier', 'address'] as const;
export type FindingType = typeof FINDING_TYPES[number];

/** A span [start, end) of the normalised text and what it was taken for. */
export interface Finding { start: number; end: number; type: FindingType }

const isDigit = (c: number) => c >= 48 && c <= 57;
const SEPARATOR = new Set(['-', ' ', '(', ')']);
// words right after a number that make it a quantity, not an identifier
const UNIT_AFTER = /^(?:円|歳|才|人|件|回|点|日|か月|ヶ月|年|時|分|秒|%|％|mg|kg|g|ml|mL|cm|mm|km|m|単位|錠|包|本|台|枚|階|号室|番地)/;
const DATE_RUN = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$|^[0-9]{1,4}[-][0-9]{1,2}$/;

/** The maximal runs of digits and separators (a separator only between digits, or brackets around an area code). */
function numberRuns(text: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const opens = (text[i] === '(' || text[i] === '+') && i + 1 < n && isDigit(text.charCodeAt(i + 1));
    if (!isDigit(c) && !opens) { i++; continue; }
    const start = i;
    let last = i;
    i++;
    while (i < n) {
      const ch = text[i];
      if (isDigit(text.charCodeAt(i))) { last = i; i++; continue; }
      // a separator continues the run only when a digit (possibly after a bracket) follows
      if (SEPARATOR.has(ch) && i + 1 < n && (isDigit(text.charCodeAt(i + 1)) || (ch === ')' && text[i + 1] === ' '))) { i++; continue; }
      if (ch === ')') { i++; continue; }
      break;
    }
    // an opening bracket belongs to the number only around an area code: "(0767)22-1234", not "(090-1234-5678"
    const bracketed = text[start] === '(' && text.slice(start, last + 1).includes(')');
    runs.push([text[start] === '(' && !bracketed ? start + 1 : start, last + 1]);
    i = last + 1;
  }
  return runs;
}

/** What a run of digits is, or undefined (quantities, dates, short numbers). */
function classifyRun(run: string, before: string, after: string): FindingType | undefined {
  const d = run.replace(/[^0-9]/g, '');
  if (d.length > 20) return 'identifier';                    // a blob of digits: nothing a note needs
  if (d.length === 12 && isValidMyNumber(run)) return 'myNumber';
  if (d.length === 13 && isValidCorporateNumber(run)) return 'corporateNumber';
  if (/^[0+(]/.test(run) && phoneKind(run)) return 'phone';
  if (/^[0-9]{3}-[0-9]{4}$/.test(run) || (before.endsWith('〒') && /^[0-9]{3}-?[0-9]{4}$/.test(run))) return 'postalCode';
  if (DATE_RUN.test(run) || UNIT_AFTER.test(after)) return undefined;
  if (d.length === 10 && /^[0-9]+$/.test(run)) return 'careNumber';
  if (d.length >= 8) return 'identifier';
  return undefined;
}

/** Numbers that are identifiers, phones or postal codes. */
export function findNumbers(text: string): Finding[] {
  const out: Finding[] = [];
  for (const [s, e] of numberRuns(text)) {
    const run = text.slice(s, e);
    const before = text.slice(Math.max(0, s - 2), s);
    const after = text.slice(e, e + 3).trimStart();
    const type = classifyRun(run, before, after);
    if (type) { out.push({ start: type === 'postalCode' && before.endsWith('〒') ? s - 1 : s, end: e, type }); continue; }
    // "090 1234 5678 0767 22 1234": a run of several numbers, each classified alone
    if (run.includes(' ') && run.replace(/[^0-9]/g, '').length <= 60) {
      let pos = s;
      for (const part of run.split(' ')) {
        const t = part && classifyRun(part, '', '');
        if (t) out.push({ start: pos, end: pos + part.length, type: t });
        pos += part.length + 1;
      }
    }
  }
  return out;
}

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;

/** E-mail addresses, grown from each '@' (local part ≤ 64, domain ≤ 255 characters). */
export function findEmails(text: string): Finding[] {
  const out: Finding[] = [];
  let at = text.indexOf('@');
  let floor = 0;
  while (at >= 0) {
    let s = at;
    while (s > floor && at - s < 64 && LOCAL.test(text[s - 1])) s--;
    let e = at + 1;
    while (e < text.length && e - at < 256 && DOMAIN.test(text[e])) e++;
    while (e > at + 1 && /[.-]/.test(text[e - 1])) e--;
    if (s < at && isEmail(text.slice(s, e))) { out.push({ start: s, end: e, type: 'email' }); floor = e; }
    at = text.indexOf('@', at + 1);
  }
  return out;
}

const ID_LABELS = ['被保険者証番号', '被保険者証記号', '被保険者番号', '被保険者記号', '保険者番号', '記号・番号', '記号番号', '保険証番号',
  '介護保険番号', '受給者証番号', '受給者番号', '公費負担者番号', 'マイナンバー', '個人番号', '基礎年金番号', '年金番号', '旅券番号',
  'パスポート番号', '運転免許証番号', '免許証番号', '患者ID', '患者番号', 'カルテ番号', '診察券番号', '住民票コード', '宛名番号', '住民番号',
  '利用者番号', '整理番号', 'Insurance No', 'Patient ID'];
const NAME_LABELS = ['被保険者氏名', '本人氏名', '世帯主氏名', '保護者氏名', '患者氏名', '利用者氏名', '氏名カナ', 'カナ氏名', 'フリガナ', 'ふりがな',
  '患者名', '利用者名', 'お名前', '氏名', '名前', 'Name', 'NAME'];

function labelRegex(labels: string[]): RegExp {
  return new RegExp(`(?:${labels.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
}
const ID_LABEL_RE = labelRegex(ID_LABELS);
const NAME_LABEL_RE = labelRegex(NAME_LABELS);
const ID_VALUE = /^[\s]{0,3}(?:[:=]|は)?[\s]{0,3}([A-Za-z0-9][A-Za-z0-9\-・.]{0,29}(?: [0-9]{1,10}){0,3})/;
const NAME_VALUE = /^[\s]{0,3}(?:[:=]|[\s])[\s]{0,3}([\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}々ー]{1,10}(?:[ \u3000][\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}々ー]{1,10})?)/u;
// words that follow a labelled name on forms and are not part of it
const AFTER_NAME = /^(?:連絡先|電話|TEL|携帯|住所|様|さま|さん|殿|生年月日|性別|年齢|備考|男|女|要介護|要支援)/;

/** Values after identifier and name labels. */
export function findLabelled(text: string): Finding[] {
  const out: Finding[] = [];
  for (const [re, value, type] of [[ID_LABEL_RE, ID_VALUE, 'idLabel'], [NAME_LABEL_RE, NAME_VALUE, 'name']] as const) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const from = m.index + m[0].length;
      const v = value.exec(text.slice(from, from + 64));
      if (!v || !v[1]) continue;
      let val = v[1];
      if (type === 'name') {
        const parts = val.split(/[ \u3000]/);
        if (parts.length === 2 && AFTER_NAME.test(parts[1])) val = parts[0];
        val = val.replace(/(様|さま|さん|殿)$/, '');
      }
      const start = from + v[0].length - v[1].length;
      if (val) out.push({ start, end: start + val.length, type });
      re.lastIndex = Math.max(re.lastIndex, start + val.length);
    }
  }
  return out;
}

