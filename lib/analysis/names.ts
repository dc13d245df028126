// Normalisation of the fields used to link a person's records when no number is present: names (kana or kanji),
// birth dates (和暦 or Gregorian) and sex. Municipal systems differ in width (ｶﾀｶﾅ/カタカナ, full-width letters),
// in script (hiragana/katakana), in small kana (old systems have none: ｼﾖｳｺ for ショウコ), in voiced variants
// (ヂ/ジ, ヅ/ズ, ヴ/ブ) and in kanji forms (旧字体/異体字 such as 髙/高, 﨑/崎, 邊/辺, 齋/斎): each is folded to one form.
import { parseDate } from '../privacy/era';

const SMALL_KANA: Record<string, string> = {
  ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ',
};
const VOICED_VARIANTS: Record<string, string> = { ヂ: 'ジ', ヅ: 'ズ', ヴ: 'ブ', ヰ: 'イ', ヱ: 'エ', ヲ: 'オ' };

/**
 * Old and variant kanji forms (旧字体・異体字) common in Japanese surnames and given names → the standard form
 * (常用漢字 / 人名用漢字). The set covers the variants municipal registers most often hold.
 */
export const KANJI_VARIANTS: Readonly<Record<string, string>> = {
  髙: '高', 﨑: '崎', 嵜: '崎', 邊: '辺', 邉: '辺', 齋: '斎', 齊: '斉', 濱: '浜', 澤: '沢', 廣: '広', 國: '国', 櫻: '桜', 與: '与',
  實: '実', 壽: '寿', 藏: '蔵', 龍: '竜', 嶋: '島', 嶌: '島', 冨: '富', 德: '徳', 惠: '恵', 眞: '真', 圓: '円', 邨: '村', 彌: '弥', 榮: '栄',
  瀨: '瀬', 瀧: '滝', 黑: '黒', 淺: '浅', 關: '関', 鐵: '鉄', 靜: '静', 傳: '伝', 學: '学', 萬: '万', 會: '会', 團: '団', 氣: '気', 禮: '礼',
  變: '変', 戶: '戸', 靑: '青', 條: '条', 來: '来', 佛: '仏', 縣: '県', 樂: '楽', 巖: '巌', 莊: '荘', 將: '将', 彥: '彦', 豐: '豊', 雙: '双',
  讓: '譲', 藝: '芸', 聰: '聡', 亞: '亜', 惡: '悪', 爲: '為', 營: '営', 驛: '駅', 鹽: '塩', 應: '応', 假: '仮', 價: '価', 畫: '画', 擴: '拡',
  覺: '覚', 勸: '勧', 歡: '歓', 觀: '観', 歸: '帰', 舊: '旧', 擧: '挙', 峽: '峡', 狹: '狭', 曉: '暁', 區: '区', 驅: '駆', 勳: '勲', 薰: '薫',
  徑: '径', 經: '経', 繼: '継', 輕: '軽', 鷄: '鶏', 儉: '倹', 劍: '剣', 檢: '検', 權: '権', 顯: '顕', 驗: '験', 嚴: '厳', 恆: '恒', 黃: '黄',
  號: '号', 濟: '済', 碎: '砕', 雜: '雑', 參: '参', 慘: '惨', 兒: '児', 辭: '辞', 濕: '湿', 收: '収', 從: '従', 澁: '渋', 獸: '獣', 縱: '縦',
  肅: '粛', 處: '処', 敍: '叙', 燒: '焼', 稱: '称', 乘: '乗', 淨: '浄', 剩: '剰', 疊: '畳', 孃: '嬢', 釀: '醸', 愼: '慎', 盡: '尽', 粹: '粋',
  醉: '酔', 穗: '穂', 隨: '随', 髓: '髄', 數: '数', 聲: '声', 竊: '窃', 專: '専', 戰: '戦', 錢: '銭', 纖: '繊', 禪: '禅', 總: '総', 騷: '騒',
  增: '増', 臟: '臓', 屬: '属', 續: '続', 墮: '堕', 對: '対', 帶: '帯', 滯: '滞', 臺: '台', 擇: '択', 擔: '担', 膽: '胆', 單: '単', 斷: '断',
  癡: '痴', 遲: '遅', 晝: '昼', 蟲: '虫', 鑄: '鋳', 廳: '庁', 聽: '聴', 鎭: '鎮', 遞: '逓', 點: '点', 轉: '転', 當: '当', 黨: '党', 盜: '盗',
  燈: '灯', 獨: '独', 讀: '読', 屆: '届', 貳: '弐', 惱: '悩', 腦: '脳', 霸: '覇', 廢: '廃', 拜: '拝', 賣: '売', 麥: '麦', 發: '発', 髮: '髪',
  拔: '抜', 蠻: '蛮', 祕: '秘', 拂: '払', 竝: '並', 辨: '弁', 瓣: '弁', 辯: '弁', 舖: '舗', 寶: '宝', 沒: '没', 滿: '満', 默: '黙', 譯: '訳',
  藥: '薬', 豫: '予', 餘: '余', 搖: '揺', 樣: '様', 謠: '謡', 賴: '頼', 亂: '乱', 覽: '覧', 兩: '両', 獵: '猟', 綠: '緑', 壘: '塁', 勵: '励',
  靈: '霊', 齡: '齢', 戀: '恋', 爐: '炉', 勞: '労', 樓: '楼', 錄: '録', 灣: '湾', 𠮷: '吉',
};

const SINGLE_VARIANTS = new Map(Object.entries(KANJI_VARIANTS));

/**
 * A name in one comparable form: NFKC (half-width kana and full-width letters unified), hiragana → katakana, small
 * kana → full size, ヂ/ヅ/ヴ → ジ/ズ/ブ, old kanji forms → standard forms, spaces and separators removed.
 */
export function normalizeName(value: unknown): string {
  if (typeof value !== 'string') return '';
  let s = value.normalize('NFKC');
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    let c = code >= 0x3041 && code <= 0x3096 ? String.fromCodePoint(code + 0x60) : ch;       // hiragana → katakana
    c = SMALL_KANA[c] ?? VOICED_VARIANTS[c] ?? SINGLE_VARIANTS.get(c) ?? c;
    out += c;
  }
  s = out.replace(/[\s\u3000・･.,、，_-]/g, '');
  return s.toUpperCase();
}

/** Sex as 'M' or 'F' from 男/男性/M/1 and 女/女性/F/2 (the KDB and 住基 codes); '' when unknown. */
export function normalizeSex(value: unknown): string {
  const s = String(value ?? '').normalize('NFKC').trim().toLowerCase();
  if (['男', '男性', 'm', 'male', '1'].includes(s)) return 'M';
  if (['女', '女性', 'f', 'female', '2'].includes(s)) return 'F';
  return '';
}

/** Birth date as ISO 'YYYY-MM-DD' from 和暦 or Gregorian forms; '' when not a full date. */
export function normalizeBirthDate(value: unknown): string {
  const d = parseDate(value);
  return d && d.precision === 'day' ? d.iso : '';
}
