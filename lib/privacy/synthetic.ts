// A seeded generator of synthetic KDB-like health records (no real person): Japanese names, addresses in
// Ishikawa, birth dates written in era form (昭和50年3月1日, S50.3.1, H2/5/10, full-width), insurance numbers,
// long-term-care insured numbers, valid My Numbers, phones and free-text notes. Used by tests and the bench.
import { ERAS } from './era';
import { myNumberCheckDigit } from './identifiers';
import type { QuasiIdentifier } from './hierarchy';

/** A small fast seeded PRNG (mulberry32): the same seed gives the same dataset. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口',
  '松本', '井上', '木村', '林', '清水', '山崎', '中島', '池田', '阿部', '橋本', '北村', '西田', '宮本', '坂本', '表', '干場'];
const GIVEN_M = ['太郎', '一郎', '健', '誠', '浩', '茂', '実', '博', '清', '勇', '大輔', '翔太', '蓮', '湊', '悠真'];
const GIVEN_F = ['花子', '幸子', '和子', '洋子', '恵子', '久美子', '由美', '美穂', '陽子', 'さくら', '陽菜', '結衣', '葵', 'ひかり'];

/** Municipalities of Ishikawa with their county (郡) and postal-code prefix, and sample town names. */
export const ISHIKAWA: ReadonlyArray<{ city: string; county?: string; zip: string; towns: string[]; phone: string }> = [
  { city: '金沢市', zip: '920', towns: ['広坂', '本町', '長町', '泉野町', '寺町'], phone: '076' },
  { city: '金沢市', zip: '921', towns: ['高尾', '有松', '西泉'], phone: '076' },
  { city: '七尾市', zip: '926', towns: ['袖ケ江町', '府中町', '和倉町'], phone: '0767' },
  { city: '小松市', zip: '923', towns: ['小馬出町', '園町', '八幡'], phone: '0761' },
  { city: '輪島市', zip: '928', towns: ['河井町', '鳳至町', '門前町'], phone: '0768' },
  { city: '珠洲市', zip: '927', towns: ['上戸町', '飯田町', '宝立町'], phone: '0768' },
  { city: '加賀市', zip: '922', towns: ['大聖寺南町', '山代温泉', '片山津温泉'], phone: '0761' },
  { city: '羽咋市', zip: '925', towns: ['旭町', '千里浜町', '川原町', '石野町', '柳田町'], phone: '0767' },
  { city: 'かほく市', zip: '929', towns: ['宇野気', '高松', '七塚'], phone: '076' },
  { city: '白山市', zip: '924', towns: ['倉光', '鶴来本町', '美川浜町'], phone: '076' },
  { city: '能美市', zip: '923', towns: ['寺井町', '根上町', '辰口町'], phone: '0761' },
  { city: '野々市市', zip: '921', towns: ['三納', '本町', '扇が丘'], phone: '076' },
  { city: '志賀町', county: '羽咋郡', zip: '925', towns: ['末吉', '高浜町', '富来領家町'], phone: '0767' },
  { city: '宝達志水町', county: '羽咋郡', zip: '929', towns: ['子浦', '今浜', '門前'], phone: '0767' },
  { city: '中能登町', county: '鹿島郡', zip: '929', towns: ['能登部下', '末坂', '井田'], phone: '0767' },
  { city: '津幡町', county: '河北郡', zip: '929', towns: ['加賀爪', '清水', '庄'], phone: '076' },
  { city: '内灘町', county: '河北郡', zip: '920', towns: ['大学', '鶴ケ丘', '向粟崎'], phone: '076' },
  { city: '穴水町', county: '鳳珠郡', zip: '927', towns: ['大町', '川島'], phone: '0768' },
  { city: '能登町', county: '鳳珠郡', zip: '927', towns: ['宇出津', '松波'], phone: '0768' },
  { city: '川北町', county: '能美郡', zip: '923', towns: ['壱ツ屋', '土室'], phone: '076' },
];

const DIAGNOSES = ['E11', 'E78', 'I10', 'I63', 'I50', 'J44', 'M17', 'F03', 'N18', 'C16', 'K29', 'G30'];
const CARE_LEVELS = ['非該当', '要支援1', '要支援2', '要介護1', '要介護2', '要介護3', '要介護4', '要介護5'];

/** Hierarchy tables for the synthetic categories (diagnosis → ICD chapter → group; care level → band → certified). */
export const SYNTHETIC_TABLES: Record<string, Record<string, string[]>> = {
  diagnosis: {
    E11: ['E 内分泌・代謝', '生活習慣病'], E78: ['E 内分泌・代謝', '生活習慣病'], I10: ['I 循環器', '生活習慣病'],
    I63: ['I 循環器', '生活習慣病'], I50: ['I 循環器', '生活習慣病'], J44: ['J 呼吸器', 'その他'], M17: ['M 筋骨格', 'その他'],
    F03: ['F/G 認知症', '認知症'], G30: ['F/G 認知症', '認知症'], N18: ['N 腎尿路', '生活習慣病'], C16: ['C 新生物', 'その他'],
    K29: ['K 消化器', 'その他'],
  },
  careLevel: {
    非該当: ['非該当', '非該当'], 要支援1: ['要支援', '認定あり'], 要支援2: ['要支援', '認定あり'],
    要介護1: ['要介護1-2', '認定あり'], 要介護2: ['要介護1-2', '認定あり'], 要介護3: ['要介護3-5', '認定あり'],
    要介護4: ['要介護3-5', '認定あり'], 要介護5: ['要介護3-5', '認定あり'],
  },
};

/** The 9 quasi-identifiers of a synthetic record, with hierarchies (used by tests and the bench). */
export const SYNTHETIC_QIS: QuasiIdentifier[] = [
  { field: 'age', hierarchy: 'age' },
  { field: 'sex', hierarchy: 'category' },
  { field: 'address', hierarchy: 'address' },
  { field: 'postcode', hierarchy: 'postcode' },
  { field: 'birthDate', hierarchy: 'date' },
  { field: 'visitDate', hierarchy: 'date' },
  { field: 'diagnosis', hierarchy: 'table', table: SYNTHETIC_TABLES.diagnosis },
  { field: 'careLevel', hierarchy: 'table', table: SYNTHETIC_TABLES.careLevel },
  { field: 'insurance', hierarchy: 'category' },
];

export interface SyntheticRecord {
  personId: string; name: string; sex: string; birthDate: string; age: number; postcode: string; address: string;
  phone: string; myNumber: string; insurerNumber: string; careInsuredNumber: string; insurance: string;
  diagnosis: string; careLevel: string; visitDate: string; medicalCost: number; note: string;
}

const FULL = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** A date written the way municipal forms write it, in era form (style picked by the PRNG). */
export function eraString(year: number, month: number, day: number, style: number): string {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let era = ERAS[0];
  for (const e of ERAS) if (iso >= e.start) era = e;
  const ey = year - era.offset;
  switch (style % 5) {
    case 0: return `${era.name}${ey === 1 ? '元' : ey}年${month}月${day}日`;
    case 1: return `${era.letter}${ey}.${month}.${day}`;
    case 2: return `${era.letter}${ey}/${month}/${day}`;
    case 3: return FULL(`${era.name}${ey}年${month}月${day}日`);
    default: return iso;
  }
}

function digits(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
  return s;
}

/** A random valid My Number (12 digits with its check digit). */
export function randomMyNumber(r: () => number): string {
  const body = digits(r, 11);
  return body + myNumberCheckDigit(body);
}

/** Endless seeded stream of synthetic records (as of fiscal 2024). */
export function* syntheticRecords(seed = 1): Generator<SyntheticRecord> {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  let id = 0;
  for (;;) {
    id++;
    const female = r() < 0.53;
    const age = Math.min(104, Math.floor(Math.sqrt(r()) * 95) + Math.floor(r() * 10));
    const byear = 2024 - age - (r() < 0.25 ? 1 : 0);
    const bmonth = 1 + Math.floor(r() * 12);
    const bday = 1 + Math.floor(r() * 28);
    const place = pick(ISHIKAWA);
    const town = pick(place.towns);
    const vmonth = 1 + Math.floor(r() * 12);
    const vyear = vmonth >= 4 ? 2024 : 2025;
    const name = `${pick(SURNAMES)}${r() < 0.5 ? ' ' : '　'}${female ? pick(GIVEN_F) : pick(GIVEN_M)}`;
    const phone = r() < 0.4 ? `090-${digits(r, 4)}-${digits(r, 4)}` : `${place.phone}-${digits(r, 6 - place.phone.length)}-${digits(r, 4)}`;
    const care = age >= 65 ? (r() < 0.7 ? '非該当' : pick(CARE_LEVELS.slice(1))) : '非該当';
    yield {
      personId: `A${String(id).padStart(8, '0')}`,
      name,
      sex: female ? '女' : '男',
      birthDate: eraString(byear, bmonth, bday, Math.floor(r() * 5)),
      age,
      postcode: `〒${place.zip}-${digits(r, 4)}`,
      address: `石川県${place.county ?? ''}${place.city}${town}${1 + Math.floor(r() * 9)}-${1 + Math.floor(r() * 30)}`,
      phone,
      myNumber: randomMyNumber(r),
      insurerNumber: age >= 75 ? `3917${digits(r, 4)}` : `17${digits(r, 4)}`,
      careInsuredNumber: digits(r, 10),
      insurance: age >= 75 ? '後期高齢' : r() < 0.6 ? '国保' : '被用者',
      diagnosis: pick(DIAGNOSES),
      careLevel: care,
      visitDate: eraString(vyear, vmonth, 1 + Math.floor(r() * 28), 2),
      medicalCost: Math.floor(r() * 50000) * 10,
      note: r() < 0.3 ? `氏名：${name.replace(/\s/g, '')} 連絡先 ${phone}` : r() < 0.5 ? '特記事項なし' : `被保険者番号 ${digits(r, 8)} 確認済`,
    };
  }
}

/** The first `count` records of the seeded stream. */
export function generateRecords(count: number, seed = 1): SyntheticRecord[] {
  const out: SyntheticRecord[] = [];
  const it = syntheticRecords(seed);
  for (let i = 0; i < count; i++) out.push(it.next().value as SyntheticRecord);
  return out;
}
