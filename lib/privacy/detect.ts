// Detectors for single values that look like personal data: phone numbers, dates, My Numbers, identifier-like
// digit strings, postal codes, addresses, e-mail and person names. Used where a value's shape is a warning sign:
// a header cell that looks like data (a file without its header row) and a kept field that holds what belongs
// in another column (shifted columns). Short values only; free text has its own scrubber (text/).
import { parseAddress } from './address';
import { parseDate } from './era';
import { isEmail, isPostalCode, isValidMyNumber, phoneKind } from './identifiers';
import { isNfkcStable } from './normalize';

/** What a value looks like. */
export const DATA_KINDS = ['email', 'myNumber', 'phone', 'postcode', 'date', 'identifier', 'address', 'personName'] as const;
export type DataKind = typeof DATA_KINDS[number];

// Common Japanese surnames of two or more characters (a one-character surname alone is too often a plain word).
const SURNAMES = new Set(('佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 斎藤 清水 山崎 '
  + '阿部 池田 橋本 山下 石川 中島 前田 藤田 後藤 小川 岡田 村上 長谷川 近藤 石井 斉藤 坂本 遠藤 藤井 青木 福田 三浦 西村 '
  + '藤原 太田 松田 原田 岡本 中野 中川 小野 田村 竹内 金子 和田 中山 石田 上田 森田 小島 柴田 原 宮崎 酒井 工藤 横山 宮本 '
  + '内田 高木 安藤 島田 谷口 大野 高田 丸山 今井 河野 藤本 村田 武田 上野 杉山 増田 小山 大塚 平野 菅原 久保 松井 千葉 岩崎 '
  + '桜井 野口 松尾 野村 木下 菊地 佐野 大西 杉本 新井 浜田 菅野 市川 水野 小松 島崎 古川 小池 平田 高野 北村 西田 宮田 坂口 '
  + '干場 番匠 宮前 砂山 谷内 中谷 寺西 瀬戸 杉森 坂下 新谷 油谷 道下 桶谷 浜岡 北島 出島 向田').split(' '));

const HONORIFIC_END = /(様|さま|さん|殿|氏|君|くん|ちゃん)$/;
const KANJI_NAME = /^[\p{Script=Han}々]{1,4}[ \u3000][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々ー]{1,5}$/u;
const KANA_NAME = /^[\p{Script=Katakana}ー]{1,8}[ \u3000][\p{Script=Katakana}ー]{1,8}$/u;
const NAME_CHARS = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々ー]+$/u;
const DIGIT_ID = /^[A-Za-z]{0,3}[-]?[0-9][0-9 -]*[0-9]$/;
const ADDRESS_TAIL = /[市区町村郡].*[0-9]+(?:丁目|番地|番|号|-)|^(?:大字|字)\S+[0-9]/;

/** True when `s` reads as a person's name (kanji or katakana name with a space, a common surname, an honorific). */
export function looksLikePersonName(s: string): boolean {
  if (KANJI_NAME.test(s) || KANA_NAME.test(s)) return true;
  const bare = s.replace(HONORIFIC_END, '');
  if (bare !== s && bare.length >= 1 && bare.length <= 8 && NAME_CHARS.test(bare)) return true;
  if (!NAME_CHARS.test(s) || s.length > 7) return false;
  for (let n = 2; n <= 3 && n <= s.length; n++) {
    if (SURNAMES.has(s.slice(0, n)) && s.length - n <= 3) return true;
  }
  return false;
}

/** True when `s` is an address below the prefecture (a prefecture and a municipality, or a lot number after one). */
export function looksLikeAddress(s: string): boolean {
  const p = parseAddress(s);
  if (p.prefecture && p.city) return true;
  return ADDRESS_TAIL.test(s);
}

/**
 * What a single value looks like (undefined when it looks like none of the kinds), skipping the kinds in `allow`
 * (a date field may hold dates). Identifier-like: six or more digits, possibly with hyphens, spaces or a short
 * letter prefix, and no decimal point or thousands separator (amounts are numbers, not identifiers).
 */
export function detectValue(value: unknown, allow?: ReadonlySet<DataKind>): DataKind | undefined {
  if (value === null || value === undefined || typeof value === 'boolean') return undefined;
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  if (raw === undefined) return undefined;
  // text already in NFKC form holds no hyphen look-alike either: most kept values (codes, amounts) skip that work
  const s = isNfkcStable(raw) ? raw.trim() : raw.normalize('NFKC').replace(/[\u2010-\u2015\u2212\u30FC](?=[0-9])|(?<=[0-9])[\u2010-\u2015\u2212\u30FC]/g, '-').trim();
  if (s.length < 2 || s.length > 200) return undefined;
  if (on('email', allow) && s.includes('@') && isEmail(s)) return 'email';
  // the cheap tests before each detector only skip values it cannot accept: a My Number has 12 digits, a postal
  // code starts with 〒 or a digit and has 7, an address names a 市区町村郡 or 字, a name has kana or kanji
  if (on('myNumber', allow) && s.length >= 12 && isValidMyNumber(s)) return 'myNumber';
  if (on('phone', allow) && /^[+(0]/.test(s) && phoneKind(s)) return 'phone';
  if (on('postcode', allow) && s.length >= 7 && /^[0-9〒]/.test(s) && isPostalCode(s)) return 'postcode';
  // a date is a date, also in a field allowed to hold dates (not an identifier made of digits and hyphens)
  if (/[0-9]/.test(s)) {
    const d = parseDate(s);
    if (d && d.precision !== 'year' && (!/^[0-9]+$/.test(s) || (d.year >= 1868 && d.year <= 2100))) return on('date', allow) ? 'date' : undefined;
  }
  if (on('identifier', allow) && DIGIT_ID.test(s) && s.replace(/[^0-9]/g, '').length >= 6) return 'identifier';
  if (on('address', allow) && /[市区町村郡字]/.test(s) && looksLikeAddress(s)) return 'address';
  if (on('personName', allow) && NON_ASCII.test(s) && looksLikePersonName(s)) return 'personName';
  return undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;

function on(kind: DataKind, allow: ReadonlySet<DataKind> | undefined): boolean {
  return !allow || !allow.has(kind);
}
