// Japanese addresses coarsened to prefecture + municipality: 石川県羽咋市千里浜町… → 石川県羽咋市,
// 石川県羽咋郡志賀町… → 石川県羽咋郡志賀町, 石川県金沢市… → 石川県金沢市, 大阪府大阪市北区… → 大阪府大阪市北区 (wards of
// designated cities kept, or dropped with `ward: false`), 東京都千代田区… → 東京都千代田区 (special wards).
import { isNfkcStable } from './normalize';

/** The 47 prefectures. */
export const PREFECTURES: readonly string[] = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県',
  '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県',
  '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県',
  '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
];

/** The 20 designated cities (政令指定都市), whose wards (区) are part of the municipality. */
export const DESIGNATED_CITIES: readonly string[] = [
  '札幌市', '仙台市', 'さいたま市', '千葉市', '横浜市', '川崎市', '相模原市', '新潟市', '静岡市', '浜松市', '名古屋市', '京都市',
  '大阪市', '堺市', '神戸市', '岡山市', '広島市', '北九州市', '福岡市', '熊本市',
];

// Municipalities whose name contains 市/町/村/郡 before the real suffix, where a shortest match would cut them short.
const SPECIAL = ['大和郡山市', '東村山市', '武蔵村山市', '四日市市', '廿日市市', '野々市市', '十日町市', '大町市', '羽村市',
  '大村市', '田村市', '玉村町', '上市町', '大町町', '余市町', '市川三郷町', '西村山郡', '北村山郡', '余市郡', '高市郡'];

const CITY_RE = /^(.+?[市町村])/;
const CITY_OR_WARD_RE = /^(.+?[市区町村])/;

// lookups made once: most addresses start with none of the special names, and every prefecture name ends in
// 都道府県 at its 3rd or 4th character
const PREFECTURE_SET = new Set(PREFECTURES);
const SPECIAL_CITIES = SPECIAL.filter((n) => !n.endsWith('郡'));
const SPECIAL_COUNTIES = SPECIAL.filter((n) => n.endsWith('郡'));
const SPECIAL_FIRST = new Set(SPECIAL.map((n) => n.charCodeAt(0)));
const DESIGNATED = new Set(DESIGNATED_CITIES);
const PREFECTURE_END = new Set([...'都道府県'].map((c) => c.charCodeAt(0)));

function prefectureOf(s: string): string | undefined {
  if (PREFECTURE_END.has(s.charCodeAt(2)) && PREFECTURE_SET.has(s.slice(0, 3))) return s.slice(0, 3);
  if (PREFECTURE_END.has(s.charCodeAt(3)) && PREFECTURE_SET.has(s.slice(0, 4))) return s.slice(0, 4);
  return undefined;
}

function specialOf(s: string, names: readonly string[]): string | undefined {
  return SPECIAL_FIRST.has(s.charCodeAt(0)) ? names.find((n) => s.startsWith(n)) : undefined;
}

// the city, town or village (or a Tokyo special ward) at the start of `s`
function cityOf(s: string, wards: boolean): string | undefined {
  const special = specialOf(s, SPECIAL_CITIES);
  if (special) return special;
  const m = (wards ? CITY_OR_WARD_RE : CITY_RE).exec(s);
  if (!m) return undefined;
  let name = m[1];
  // 大町市, 羽村市: a one-character stem followed by another suffix belongs to the name
  while (name.length <= 2 && s.length > name.length && /[市町村]/.test(s[name.length])) name = s.slice(0, name.length + 1);
  return name;
}

export interface AddressParts { prefecture?: string; county?: string; city?: string; ward?: string; municipality?: string }

/** Splits an address into prefecture, county (郡), city/town/village and designated-city ward. */
export function parseAddress(address: string): AddressParts {
  const parts = splitAddress(address);
  if (parts.city) parts.municipality = `${parts.county ?? ''}${parts.city}${parts.ward ?? ''}`;
  return parts;
}

function splitAddress(address: string): AddressParts {
  let s = isNfkcStable(address) ? address : address.normalize('NFKC');
  if (/\s/.test(s)) s = s.replace(/\s+/g, '');
  const parts: AddressParts = {};
  const pref = prefectureOf(s);
  if (pref) {
    parts.prefecture = pref;
    s = s.slice(pref.length);
  }
  const county = specialOf(s, SPECIAL_CITIES) ? undefined : specialOf(s, SPECIAL_COUNTIES) ?? /^[^市区]+?郡/.exec(s)?.[0];
  if (county) {
    parts.county = county;
    s = s.slice(county.length);
  }
  const city = cityOf(s, parts.prefecture === '東京都' && !parts.county);
  if (city) {
    parts.city = city;
    s = s.slice(city.length);
    if (DESIGNATED.has(city)) {
      const w = /^(.{1,5}?区)/.exec(s);
      if (w) parts.ward = w[1];
    }
  }
  return parts;
}

/**
 * Coarsens an address to 'municipality' (prefecture + 郡 + 市区町村, e.g. 石川県羽咋郡志賀町) or 'prefecture'.
 * Returns undefined when neither can be found.
 */
export function generalizeAddress(address: string, level: 'municipality' | 'prefecture' = 'municipality', ward = true): string | undefined {
  const p = splitAddress(address);
  if (level === 'prefecture') return p.prefecture;
  if (!p.city) return p.prefecture;
  return `${p.prefecture ?? ''}${p.county ?? ''}${p.city}${ward ? p.ward ?? '' : ''}`;
}
