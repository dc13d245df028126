// A labelled corpus of synthetic care and clinical notes (no real person): each note comes with the character
// spans of the personal information in it (names, addresses below the municipality, phones, identifiers, postal
// codes, e-mail), so a scrubber's recall and precision can be measured per entity type. The name, place and
// phrasing lists are written here and are not used by the scrubber, so a high score is not a tautology: names
// appear with and without honorifics, as family members' given names, in katakana after labels and unmarked in
// running text; rare local surnames of the Noto peninsula are among them.
import { rng } from '../synthetic';
import { myNumberCheckDigit } from '../identifiers';

export type EntityType = 'name' | 'address' | 'phone' | 'identifier' | 'postcode' | 'email';

/** The entity types a scrubber is measured on. */
export const ENTITY_TYPES: readonly EntityType[] = ['name', 'address', 'phone', 'identifier', 'postcode', 'email'];

/** One labelled span: [start, end) in the note's text. */
export interface Entity { type: EntityType; start: number; end: number }

/** A synthetic note and the personal information in it. */
export interface LabelledNote { text: string; entities: Entity[]; style: 'care' | 'clinical' }

// surname, reading (katakana)
const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['佐藤', 'サトウ'], ['鈴木', 'スズキ'], ['高橋', 'タカハシ'], ['田中', 'タナカ'], ['伊藤', 'イトウ'], ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'], ['中村', 'ナカムラ'], ['小林', 'コバヤシ'], ['加藤', 'カトウ'], ['吉田', 'ヨシダ'], ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'], ['山口', 'ヤマグチ'], ['松本', 'マツモト'], ['井上', 'イノウエ'], ['木村', 'キムラ'], ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'], ['池田', 'イケダ'], ['橋本', 'ハシモト'], ['阿部', 'アベ'], ['石川', 'イシカワ'], ['前田', 'マエダ'],
  ['藤田', 'フジタ'], ['岡田', 'オカダ'], ['後藤', 'ゴトウ'], ['長谷川', 'ハセガワ'], ['村上', 'ムラカミ'], ['近藤', 'コンドウ'],
  ['坂本', 'サカモト'], ['遠藤', 'エンドウ'], ['青木', 'アオキ'], ['西村', 'ニシムラ'], ['福田', 'フクダ'], ['三浦', 'ミウラ'],
  ['藤原', 'フジワラ'], ['岡本', 'オカモト'], ['中川', 'ナカガワ'], ['原田', 'ハラダ'], ['竹内', 'タケウチ'], ['宮本', 'ミヤモト'],
  // surnames common on the Noto peninsula and rarer ones
  ['干場', 'ホシバ'], ['番匠', 'バンショウ'], ['表', 'オモテ'], ['宮前', 'ミヤマエ'], ['砂山', 'スナヤマ'], ['谷内', 'ヤチ'],
  ['中谷', 'ナカタニ'], ['寺西', 'テラニシ'], ['瀬戸', 'セト'], ['杉森', 'スギモリ'], ['坂下', 'サカシタ'], ['新谷', 'シンタニ'],
  ['油谷', 'アブラタニ'], ['道下', 'ミチシタ'], ['桶谷', 'オケタニ'], ['四十万', 'シジマ'], ['浜岡', 'ハマオカ'], ['北島', 'キタジマ'],
  ['出島', 'デジマ'], ['向田', 'ムカイダ'], ['能登谷', 'ノトヤ'], ['上出', 'カミデ'],
];
const GIVEN: ReadonlyArray<readonly [string, string]> = [
  ['太郎', 'タロウ'], ['一郎', 'イチロウ'], ['健一', 'ケンイチ'], ['誠', 'マコト'], ['浩', 'ヒロシ'], ['茂', 'シゲル'],
  ['実', 'ミノル'], ['博', 'ヒロシ'], ['清', 'キヨシ'], ['勇', 'イサム'], ['大輔', 'ダイスケ'], ['翔太', 'ショウタ'],
  ['正雄', 'マサオ'], ['光男', 'ミツオ'], ['功', 'イサオ'], ['進', 'ススム'], ['修', 'オサム'], ['隆', 'タカシ'],
  ['花子', 'ハナコ'], ['幸子', 'サチコ'], ['和子', 'カズコ'], ['洋子', 'ヨウコ'], ['恵子', 'ケイコ'], ['久美子', 'クミコ'],
  ['由美', 'ユミ'], ['美穂', 'ミホ'], ['陽子', 'ヨウコ'], ['節子', 'セツコ'], ['文子', 'フミコ'], ['トシ子', 'トシコ'],
  ['ふみ子', 'フミコ'], ['キヨ', 'キヨ'], ['はる', 'ハル'], ['ちよ', 'チヨ'], ['さくら', 'サクラ'], ['葵', 'アオイ'],
];
const HONORIFICS = ['さん', '様', '氏', '殿', 'さま'];
const RELATIVES = ['長女', '長男', '次男', '次女', '妻', '夫', '娘', '息子', '嫁', '孫', '姉', '弟'];
const ROLES = ['担当ケアマネ', '主治医', '訪問看護師', '民生委員', '担当保健師', 'ヘルパー'];

// municipality (with prefecture), towns below it
const PLACES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['石川県', '羽咋市', ['旭町', '千里浜町', '川原町', '石野町', '柳田町', '島出町', '太田町', '粟ノ保町']],
  ['石川県', '羽咋郡志賀町', ['末吉', '高浜町', '富来領家町', '堀松', '赤住']],
  ['石川県', '羽咋郡宝達志水町', ['子浦', '今浜', '敷浪', '宿']],
  ['石川県', '七尾市', ['府中町', '和倉町', '袖ケ江町', '中島町浜田']],
  ['石川県', '金沢市', ['広坂', '長町', '泉野町', '寺町', '高尾台']],
  ['石川県', '鹿島郡中能登町', ['能登部下', '末坂', '井田']],
  ['富山県', '氷見市', ['中央町', '伊勢大町', '島尾']],
];
const BUILDINGS = ['コーポ千里浜', 'ハイツ旭', 'グリーンハイツ', '市営住宅', 'メゾン川原'];
const MAIL_HOSTS = ['example.jp', 'mail.example.com', 'city.example.lg.jp'];
const MAIL_USERS = ['hoshiba', 'kazu.t', 'yamada1950', 'care-k', 'noto.hana'];

type Part = string | ((r: Ctx) => Array<string | [EntityType, string]>);

interface Ctx {
  r: () => number;
  pick<T>(a: readonly T[]): T;
  person(): { sur: string; surKana: string; given: string; givenKana: string };
}

const DIGITS = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const FULL_WIDTH = (s: string) => s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

function phone(c: Ctx): string {
  const k = Math.floor(c.r() * 6);
  const mobile = `0${c.pick(['70', '80', '90'])}`;
  const forms = [
    `${mobile}-${DIGITS(c.r, 4)}-${DIGITS(c.r, 4)}`, `0767-${DIGITS(c.r, 2)}-${DIGITS(c.r, 4)}`,
    `(0767)${DIGITS(c.r, 2)}-${DIGITS(c.r, 4)}`, FULL_WIDTH(`076-${DIGITS(c.r, 3)}-${DIGITS(c.r, 4)}`),
    `${mobile} ${DIGITS(c.r, 4)} ${DIGITS(c.r, 4)}`, `0767${DIGITS(c.r, 6)}`,
  ];
  return forms[k];
}

function myNumber(c: Ctx): string {
  const body = DIGITS(c.r, 11);
  const n = body + myNumberCheckDigit(body);
  return c.r() < 0.5 ? n : `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`;
}

function address(c: Ctx): { head: string; rest: string } {
  const [pref, city, towns] = c.pick(PLACES);
  const town = c.pick(towns);
  const n = () => 1 + Math.floor(c.r() * 30);
  const forms = [
    `${town}${n()}-${n()}`, `${town}${n()}丁目${n()}番${n()}号`, `${town}${n()}番地`, `字${town}${n()}番地${n()}`,
    `大字${town}${c.pick(['イ', 'ロ', 'ハ', 'タ'])}${n()}`, `${town}${n()}-${n()}-${n()} ${c.pick(BUILDINGS)}${n()}号室`,
    FULL_WIDTH(`${town}${n()}-${n()}`),
  ];
  const head = c.r() < 0.6 ? `${pref}${city}` : city;
  return { head, rest: c.pick(forms) };
}

/** Name as it appears: full (with or without a space), surname only or given name only. */
function nameForm(c: Ctx, p: ReturnType<Ctx['person']>, form: 'full' | 'sur' | 'given'): string {
  if (form === 'sur') return p.sur;
  if (form === 'given') return p.given;
  return `${p.sur}${c.pick(['', ' ', '　'])}${p.given}`;
}

// Each template is a list of parts; a function part returns text pieces, an entity piece being [type, text].
const CARE: Part[][] = [
  [(c) => { const p = c.person(); return [['name', nameForm(c, p, 'full')], `${c.pick(HONORIFICS)}宅へ訪問。バイタル安定、食事量は8割。`]; }],
  ['利用者：', (c) => [['name', nameForm(c, c.person(), 'full')]], '　要介護2。デイサービス週2回利用。'],
  [(c) => { const p = c.person(); return [`${c.pick(RELATIVES)}の`, ['name', p.given], `${c.pick(['さん', '様'])}より電話（`, ['phone', phone(c)], '）あり。来週の受診に同行予定。']; }],
  ['10:30 ', (c) => [['name', nameForm(c, c.person(), 'sur')]], `${'さん'}、トイレ誘導時にふらつきあり。転倒なし。`],
  ['カナ氏名：', (c) => { const p = c.person(); return [['name', `${p.surKana} ${p.givenKana}`]]; }, '　生年月日 昭和15年4月2日'],
  ['住所：', (c) => { const a = address(c); return [a.head, ['address', a.rest]]; }, '　独居。近所の方が毎日見守り。'],
  [(c) => { const a = address(c); return [`自宅（${a.head}`, ['address', a.rest], '）の玄関に段差あり、手すり設置を提案。']; }],
  [(c) => [`${c.pick(ROLES)}の`, ['name', nameForm(c, c.person(), 'full')], 'と担当者会議。福祉用具の変更を検討。']],
  ['介護保険被保険者番号 ', (c) => [['identifier', DIGITS(c.r, 10)]], ' で区分変更を申請済み。'],
  ['被保険者番号：', (c) => [['identifier', DIGITS(c.r, 8)]], '（後期高齢）、負担割合1割。'],
  [(c) => { const p = c.person(); const q = c.person(); return [['name', nameForm(c, p, 'full')], 'と', ['name', nameForm(c, q, 'full')], 'が同席し、サービス内容を説明した。']; }],
  [(c) => [['name', nameForm(c, c.person(), 'sur')], `${c.pick(['さん', '様', '氏'])}の${c.pick(RELATIVES)}・`, ['name', c.person().given], 'が介護中。介護負担の訴えあり。']],
  ['緊急連絡先 ', (c) => [['phone', phone(c)]], '（', (c) => [['name', nameForm(c, c.person(), 'full')]], '）'],
  ['マイナンバー ', (c) => [['identifier', myNumber(c)]], ' を確認のうえ書類を返却。'],
  [(c) => [['name', nameForm(c, c.person(), 'full')], `${c.pick(HONORIFICS)}（`, ['postcode', `〒${c.pick(['925', '929', '926'])}-${DIGITS(c.r, 4)}`], ' ', ...((a) => [a.head, ['address', a.rest]] as Array<string | [EntityType, string]>)(address(c)), '）へ書類を郵送。']],
  ['本日、', (c) => [['name', nameForm(c, c.person(), 'full')]], 'から入浴拒否あり。声かけで午後に入浴できた。'],
  ['家族から連絡：', (c) => [['email', `${c.pick(MAIL_USERS)}@${c.pick(MAIL_HOSTS)}`]], ' 宛てに報告書を送付希望。'],
];
const CLINICAL: Part[][] = [
  ['S: 膝の痛みが続く。O: 血圧138/82、体温36.5℃。A: 変形性膝関節症。P: 湿布継続。患者 ', (c) => [['name', nameForm(c, c.person(), 'full')]], '。'],
  ['患者氏名：', (c) => [['name', nameForm(c, c.person(), 'full')]], '　カルテ番号 ', (c) => [['identifier', `K-${DIGITS(c.r, 6)}`]]],
  ['紹介元 ', (c) => [['name', nameForm(c, c.person(), 'sur')]], '内科 ', (c) => [['name', nameForm(c, c.person(), 'sur')]], '先生より。HbA1c 7.8%、食事指導を実施。'],
  [(c) => [['name', nameForm(c, c.person(), 'full')], '（78歳 女性）。糖尿病にて通院中。次回は3か月後。']],
  ['保険者番号 ', (c) => [['identifier', DIGITS(c.r, 8)]], '、記号・番号 ', (c) => [['identifier', `${DIGITS(c.r, 3)}-${DIGITS(c.r, 5)}`]], '、本人。'],
  ['連絡先：', (c) => [['phone', phone(c)]], '　住所：', (c) => { const a = address(c); return [a.head, ['address', a.rest]]; }],
  ['妻の', (c) => [['name', c.person().given]], 'さんが付き添い。服薬はお薬カレンダーで管理。'],
  [(c) => [['name', nameForm(c, c.person(), 'sur')], '、転倒歴あり。骨密度検査を予約。']],
  ['患者ID ', (c) => [['identifier', DIGITS(c.r, 7)]], '　検査結果を説明。LDL 162、経過観察。'],
  ['保健指導：', (c) => [['name', nameForm(c, c.person(), 'full')]], ' 様。特定健診で血圧高値。減塩を指導。電話 ', (c) => [['phone', phone(c)]]],
];

function context(seed: number): Ctx {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  return {
    r, pick,
    person: () => {
      const [sur, surKana] = pick(SURNAMES);
      const [given, givenKana] = pick(GIVEN);
      return { sur, surKana, given, givenKana };
    },
  };
}

function render(parts: Part[], c: Ctx): { text: string; entities: Entity[] } {
  let text = '';
  const entities: Entity[] = [];
  for (const part of parts) {
    const pieces = typeof part === 'string' ? [part] : part(c);
    for (const piece of pieces) {
      if (typeof piece === 'string') { text += piece; continue; }
      entities.push({ type: piece[0], start: text.length, end: text.length + piece[1].length });
      text += piece[1];
    }
  }
  return { text, entities };
}

/** `count` labelled notes (seeded): each joins 1–3 sentences of care-record or clinical style. */
export function labelledNotes(count = 300, seed = 2024): LabelledNote[] {
  const c = context(seed);
  const notes: LabelledNote[] = [];
  for (let i = 0; i < count; i++) {
    const style = c.r() < 0.6 ? 'care' : 'clinical';
    const pool = style === 'care' ? CARE : CLINICAL;
    const sentences = 1 + Math.floor(c.r() * 3);
    let text = '';
    const entities: Entity[] = [];
    for (let s = 0; s < sentences; s++) {
      const one = render(c.pick(pool), c);
      const offset = text.length;
      for (const e of one.entities) entities.push({ type: e.type, start: e.start + offset, end: e.end + offset });
      text += one.text + (s < sentences - 1 ? c.pick(['', '\n', ' ']) : '');
    }
    notes.push({ text, entities, style });
  }
  return notes;
}
