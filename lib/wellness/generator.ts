// Synthetic residents for the wellness platform: a documented, seeded generator of a small town's records — the
// residents register (宛名番号, numbers, kana names, birth dates), KDB checkups and medical-cost summaries, care-need
// certifications and a needs survey — with known effects built in, so that the demo shows the whole pipeline and the
// tests can check that the risk model recovers the effects. Nobody in it exists; names are drawn from common lists.
//
// The outcome model (care-need certification within 3 years of the survey, among respondents not certified before):
//   logit P = β0 + Σ βj·xj with the coefficients in KNOWN_EFFECTS (age centred at 75, per year; sbp per 10 mmHg).

/** The coefficients the generator uses for the 3-year certification risk (per unit of each predictor). */
export const KNOWN_EFFECTS = {
  intercept: -2.6, age: 0.09, male: 0.25, exercise: -0.5, outings: -0.12, social: -0.4, walk_slow: 0.7, chewing: 0.3,
  forgetful: 0.6, bmi: 0, sbp10: 0.1, hba1c: 0.25, smoker: 0.3,
} as const;

/** The districts of the demo town. */
export const DISTRICTS = ['羽咋', '邑知', '千里浜', '粟ノ保', '富永', '余喜', '越路', '一ノ宮'] as const;
const DISTRICT_WEIGHTS = [0.24, 0.16, 0.12, 0.1, 0.12, 0.09, 0.09, 0.08];
const SURNAMES = ['タナカ', 'ヤマダ', 'サトウ', 'スズキ', 'タカハシ', 'ワタナベ', 'イトウ', 'ナカムラ', 'コバヤシ', 'カトウ', 'ヨシダ', 'ヤマモト', 'マツモト',
  'イノウエ', 'キムラ', 'ハヤシ', 'シミズ', 'ヤマグチ', 'モリ', 'イケダ', 'ハシモト', 'サイトウ', 'ニシムラ', 'ホシノ', 'ツジ', 'ムラカミ', 'オカダ', 'ナカガワ'];
const MALE = ['ヒロシ', 'タケシ', 'マサオ', 'カズオ', 'シゲル', 'イサム', 'ミノル', 'ススム', 'ツトム', 'アキラ', 'マコト', 'タカシ', 'ショウジ', 'キヨシ', 'ユウジ'];
const FEMALE = ['カズコ', 'ヨウコ', 'ケイコ', 'ノリコ', 'サチコ', 'ヒロコ', 'ミチコ', 'トシコ', 'フミコ', 'キョウコ', 'マサコ', 'ヨシエ', 'チヨ', 'ハルミ', 'ショウコ'];

/** Seeded uniform numbers in [0, 1) (mulberry32): the same seed gives the same town. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (s: string, days: number) => iso(new Date(Date.parse(`${s}T00:00:00Z`) + days * 86400000));

/** 和暦 form of an ISO date, as municipal systems print it (昭和50年3月1日). */
export function toWareki(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const eras: Array<[string, string, number]> = [['令和', '2019-05-01', 2018], ['平成', '1989-01-08', 1988], ['昭和', '1926-12-25', 1925], ['大正', '1912-07-30', 1911]];
  const era = eras.find(([, start]) => isoDate >= start) ?? eras[eras.length - 1];
  const ey = y - era[2];
  return `${era[0]}${ey === 1 ? '元' : ey}年${m}月${d}日`;
}

function halfWidthKana(s: string): string {
  const map: Record<string, string> = { ア: 'ｱ', イ: 'ｲ', ウ: 'ｳ', エ: 'ｴ', オ: 'ｵ', カ: 'ｶ', キ: 'ｷ', ク: 'ｸ', ケ: 'ｹ', コ: 'ｺ', サ: 'ｻ', シ: 'ｼ', ス: 'ｽ', セ: 'ｾ', ソ: 'ｿ',
    タ: 'ﾀ', チ: 'ﾁ', ツ: 'ﾂ', テ: 'ﾃ', ト: 'ﾄ', ナ: 'ﾅ', ニ: 'ﾆ', ヌ: 'ﾇ', ネ: 'ﾈ', ノ: 'ﾉ', ハ: 'ﾊ', ヒ: 'ﾋ', フ: 'ﾌ', ヘ: 'ﾍ', ホ: 'ﾎ', マ: 'ﾏ', ミ: 'ﾐ',
    ム: 'ﾑ', メ: 'ﾒ', モ: 'ﾓ', ヤ: 'ﾔ', ユ: 'ﾕ', ヨ: 'ﾖ', ラ: 'ﾗ', リ: 'ﾘ', ル: 'ﾙ', レ: 'ﾚ', ロ: 'ﾛ', ワ: 'ﾜ', ン: 'ﾝ', ョ: 'ﾖ', ュ: 'ﾕ', ャ: 'ﾔ', ッ: 'ﾂ',
    ガ: 'ｶﾞ', ギ: 'ｷﾞ', グ: 'ｸﾞ', ゲ: 'ｹﾞ', ゴ: 'ｺﾞ', ザ: 'ｻﾞ', ジ: 'ｼﾞ', ズ: 'ｽﾞ', ゼ: 'ｾﾞ', ゾ: 'ｿﾞ', ダ: 'ﾀﾞ', デ: 'ﾃﾞ', ド: 'ﾄﾞ', バ: 'ﾊﾞ', ビ: 'ﾋﾞ',
    ブ: 'ﾌﾞ', ベ: 'ﾍﾞ', ボ: 'ﾎﾞ', パ: 'ﾊﾟ', ピ: 'ﾋﾟ', プ: 'ﾌﾟ', ペ: 'ﾍﾟ', ポ: 'ﾎﾟ' };
  return [...s].map((c) => map[c] ?? c).join('');
}

/** A synthetic resident with the identifiers municipal systems hold. */
export interface Resident {
  atena: string; insured: string; care: string; kana: string; birth: string; sex: '男' | '女'; district: string; age: number;
}

/** The generated residents and the rows of each source. */
export interface Town {
  residents: Resident[];
  /** rows of each source as the municipal exports have them (Japanese headers, clear identifiers) */
  checkups: Record<string, string>[]; claims: Record<string, string>[]; care: Record<string, string>[]; survey: Record<string, string>[];
}

/** The generated residents and the rows of each source. */
export interface TownOptions { residents?: number; seed?: number; surveyDate?: string; followUpYears?: number }

/** Column order of each source file. */
export const SOURCE_COLUMNS = {
  checkups: ['宛名番号', '被保険者番号', '介護保険被保険者番号', '氏名カナ', '生年月日', '性別', '年齢', '地区', '受診日', 'BMI', '収縮期血圧', 'HbA1c', '喫煙'],
  claims: ['宛名番号', '被保険者番号', '年度', '医療費', '受診日数'],
  care: ['介護保険被保険者番号', '氏名カナ', '生年月日', '性別', '認定日', '要介護度'],
  survey: ['宛名番号', '氏名カナ', '生年月日', '性別', '年齢', '地区', '回答日', '運動習慣', '外出日数', '社会参加', '歩行速度低下', '咀嚼困難', '物忘れ'],
} as const;

const yes = (b: boolean) => (b ? 'はい' : 'いいえ');

/**
 * Generates a town of residents aged 40–89 on the survey date. Residents 65+ get the needs survey (70 % answer; 15 %
 * of answers lack the 宛名番号 and carry the name in another form: half-width or hiragana, with a 和暦 birth date), half
 * of them had a checkup the year before; care certifications follow the outcome model above.
 */
export function generateTown(options: TownOptions = {}): Town {
  const { residents: count = 20000, seed = 20260401, surveyDate = '2021-06-01', followUpYears = 3 } = options;
  const r = seeded(seed);
  const town: Town = { residents: [], checkups: [], claims: [], care: [], survey: [] };
  const e = KNOWN_EFFECTS;
  for (let i = 0; i < count; i++) {
    const age = 40 + Math.floor(r() * 50);
    const male = r() < 0.47;
    const birth = addDays(`${Number(surveyDate.slice(0, 4)) - age - 1}-${surveyDate.slice(5)}`, 1 + Math.floor(r() * 364));
    let u = r(); let di = 0;
    while (di < DISTRICT_WEIGHTS.length - 1 && u > DISTRICT_WEIGHTS[di]) { u -= DISTRICT_WEIGHTS[di]; di++; }
    const res: Resident = {
      atena: String(1000001 + i), insured: String(30000001 + i), care: age >= 65 ? String(1720000001 + i).padStart(10, '0') : '',
      kana: `${pick(r, SURNAMES)} ${pick(r, male ? MALE : FEMALE)}`, birth, sex: male ? '男' : '女', district: DISTRICTS[di], age,
    };
    town.residents.push(res);
    const exercise = r() < 0.55 - 0.006 * (age - 65);
    const outings = Math.max(0, Math.min(7, Math.round(4.5 - 0.06 * (age - 65) + 1.6 * normal(r))));
    const social = r() < 0.4;
    const walkSlow = r() < 0.15 + 0.01 * (age - 65);
    const chewing = r() < 0.2;
    const forgetful = r() < 0.1 + 0.008 * (age - 65);
    const bmi = Math.round((22.8 + 3 * normal(r)) * 10) / 10;
    const sbp = Math.round(128 + 0.4 * (age - 65) + 15 * normal(r));
    const hba1c = Math.round((5.7 + 0.6 * normal(r)) * 10) / 10;
    const smoker = r() < (male ? 0.25 : 0.06);
    const checkedOn = addDays(`${Number(surveyDate.slice(0, 4)) - 1}-06-01`, Math.floor(r() * 200));
    const hadCheckup = r() < 0.5;
    if (hadCheckup) {
      town.checkups.push({ 宛名番号: res.atena, 被保険者番号: res.insured, 介護保険被保険者番号: res.care, 氏名カナ: res.kana, 生年月日: res.birth, 性別: res.sex,
        年齢: String(age - 1), 地区: res.district, 受診日: checkedOn, BMI: String(bmi), 収縮期血圧: String(sbp), HbA1c: String(hba1c), 喫煙: yes(smoker) });
    }
    for (let fy = 2020; fy <= 2023; fy++) {
      const cost = Math.round(Math.exp(11.2 + 0.025 * (age - 65) + 0.9 * normal(r)) / 10) * 10;
      town.claims.push({ 宛名番号: res.atena, 被保険者番号: res.insured, 年度: String(fy), 医療費: String(cost), 受診日数: String(Math.max(0, Math.round(cost / 9000))) });
    }
    if (age < 65) continue;
    // certification before the survey (prevalent cases: excluded from the risk model)
    if (r() < 0.03 + 0.004 * (age - 65)) {
      town.care.push({ 介護保険被保険者番号: res.care, 氏名カナ: res.kana, 生年月日: toWareki(res.birth), 性別: res.sex,
        認定日: addDays(surveyDate, -Math.floor(1 + r() * 700)), 要介護度: pick(r, ['要支援1', '要支援2', '要介護1', '要介護2']) });
      continue;
    }
    const answered = r() < 0.7;
    const answeredOn = addDays(surveyDate, Math.floor(r() * 30));
    if (answered) {
      const noNumber = r() < 0.15;
      const form = r();
      const kana = noNumber ? (form < 0.4 ? halfWidthKana(res.kana) : form < 0.7 ? res.kana.replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60)) : res.kana.replace(' ', '　')) : res.kana;
      town.survey.push({ 宛名番号: noNumber ? '' : res.atena, 氏名カナ: kana, 生年月日: noNumber ? toWareki(res.birth) : res.birth, 性別: res.sex,
        年齢: String(age), 地区: res.district, 回答日: answeredOn, 運動習慣: yes(exercise), 外出日数: String(outings), 社会参加: yes(social),
        歩行速度低下: yes(walkSlow), 咀嚼困難: yes(chewing), 物忘れ: yes(forgetful) });
    }
    const logit = e.intercept + e.age * (age - 75) + e.male * Number(male) + e.exercise * Number(exercise) + e.outings * outings
      + e.social * Number(social) + e.walk_slow * Number(walkSlow) + e.chewing * Number(chewing) + e.forgetful * Number(forgetful)
      + e.bmi * (bmi - 23) + e.sbp10 * (sbp - 130) / 10 + e.hba1c * (hba1c - 5.7) + e.smoker * Number(smoker);
    if (r() < 1 / (1 + Math.exp(-logit))) {
      town.care.push({ 介護保険被保険者番号: res.care, 氏名カナ: res.kana, 生年月日: toWareki(res.birth), 性別: res.sex,
        認定日: addDays(answeredOn, 1 + Math.floor(r() * (365 * followUpYears - 2))), 要介護度: pick(r, ['要支援1', '要支援2', '要介護1', '要介護2', '要介護3']) });
    }
  }
  return town;
}
