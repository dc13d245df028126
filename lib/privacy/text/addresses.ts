// Addresses below the municipality in free text (石川県羽咋市旭町1-2-3, 羽咋郡志賀町字末吉2丁目5番地1, 大字今浜タ4,
// 千里浜町12番地 コーポ千里浜3号室): anchored on lot numbers (digits before 丁目・番地・番・号 or a hyphen and more
// digits) and on 字/大字, grown left over the town name up to the municipality (which stays: APPI lets an address be
// kept at the municipality) and right over the rest of the lot number and a building name. Linear: each anchor looks
// at bounded windows only.
import { parseAddress } from '../address';
import type { Finding } from './patterns';

// lot numbers never start with 0 (phone numbers do)
const LOT = /(?<![0-9])[1-9][0-9]{0,5}(?:丁目|番地|番|号|-[0-9])/g;
const NUMBER_RUN = /^[0-9-]{1,40}/;
const AZA = /大字|字/g;
const PLACE_CHAR = /[\p{Script=Han}\p{Script=Katakana}ヶケノ々ー]/u;
const DELIMITER = /[\s、。，,:;()「」『』【】[\]・]/;
const TAIL = /^(?:[0-9]+(?:丁目|番地の?|番の?|号|-|の)?)+/;
const AZA_TAIL = /^(?:大字|字)[\p{Script=Han}\p{Script=Katakana}ヶケノ々ー]{1,10}?[イロハニホヘトタ]?[0-9]+/u;
const BUILDING = /^[ \u3000]?[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}A-Za-zー]{2,14}[0-9]{1,4}(?:号室|号)?/u;
const STRONG = /丁目|番地|番|号/;

/** Where the town part of an address starts, left of `pos`: after the municipality, or the start of the place name. */
function townStart(text: string, pos: number): number {
  let s = pos;
  while (s > 0 && pos - s < 24 && !DELIMITER.test(text[s - 1])) s--;
  const window = text.slice(s, pos);
  const p = parseAddress(window);
  // a bare "…町" could as well be the town itself: trust a municipality only with its prefecture or county, or a 市
  if (p.city && (p.prefecture || p.county || p.city.endsWith('市'))) {
    // parseAddress consumed prefecture, county, city and ward from the start of the window (no spaces in it)
    return s + (p.prefecture?.length ?? 0) + (p.county?.length ?? 0) + p.city.length + (p.ward?.length ?? 0);
  }
  // no municipality: the run of place-name characters just before the number (大字/字 included)
  let t = pos;
  while (t > s && pos - t < 12 && (PLACE_CHAR.test(text[t - 1]) || text[t - 1] === '字')) t--;
  return t;
}

function tailEnd(text: string, pos: number): number {
  const m = TAIL.exec(text.slice(pos, pos + 40));
  let end = pos + (m ? m[0].length : 0);
  while (end > pos && /[-の]/.test(text[end - 1])) end--;
  const b = BUILDING.exec(text.slice(end, end + 24));
  if (b && /[0-9]/.test(b[0])) end += b[0].length;
  return end;
}

/** Addresses below the municipality. */
export function findAddresses(text: string): Finding[] {
  const out: Finding[] = [];
  let covered = 0;
  LOT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LOT.exec(text)) !== null) {
    if (m.index < covered) continue;
    // 8 digits or more in a row of hyphenated numbers is a phone or an identifier, not a lot number
    if ((NUMBER_RUN.exec(text.slice(m.index, m.index + 40))?.[0].replace(/-/g, '').length ?? 0) >= 8) continue;
    const start = townStart(text, m.index);
    const end = tailEnd(text, m.index);
    const hasTown = start < m.index;
    if (!hasTown && !STRONG.test(m[0])) continue;            // "682-16155" alone is no address
    if (hasTown && text.slice(start, m.index).replace(/^(?:大字|字)/, '').length === 0) continue;
    out.push({ start, end, type: 'address' });
    covered = end;
    LOT.lastIndex = Math.max(LOT.lastIndex, end);
  }
  AZA.lastIndex = 0;
  while ((m = AZA.exec(text)) !== null) {
    if (out.some((f) => f.start <= m!.index && m!.index < f.end)) continue;
    const a = AZA_TAIL.exec(text.slice(m.index, m.index + 24));
    if (!a) continue;
    out.push({ start: m.index, end: tailEnd(text, m.index + a[0].length - (/[0-9]+$/.exec(a[0])?.[0].length ?? 0)), type: 'address' });
  }
  return out;
}
