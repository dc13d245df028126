// Person names in Japanese free text, from the morphological analysis (kuromoji with IPADIC: 名詞,固有名詞,人名 for
// surnames and given names) and from context, which also catches names the dictionary does not know: a name before
// an honorific (さん, 様, 氏, 殿, 先生…), a family member's given name after the relation (長女の陽子, 妻・はる), a
// name after a role (主治医 山本), a given name right after a known surname (山崎はる), and two short nouns
// separated by one space (清水 陽子 with a full-width space: how Japanese documents write a full name).
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import type { Finding } from './patterns';

const HONORIFICS = new Set(['さん', '様', 'さま', '氏', '殿', 'くん', '君', 'ちゃん', '先生', '先輩']);
// nouns that take an honorific without being a name
const NOT_NAMES = new Set(['皆', '皆さん', 'お客', '客', '奥', '患者', '利用者', '家族', 'ご家族', '本人', 'ご本人', '担当', '医師', '先方', '相手',
  'お母', 'お父', '母', '父', '兄', '姉', '娘', '息子', '旦那', 'お嬢', '神', '仏', '王', '職員', '看護師', 'ヘルパー', 'ケアマネ', '主治医',
  '院長', '所長', '施設長', '民生委員', '保健師', '近所', '隣', 'お隣', '同居', '長女', '長男', '次女', '次男', '妻', '夫', '嫁', '孫', '弟',
  '妹', 'お子', '子', '皆様', '各位', '関係者', '医療機関', '事業所', '業者', '当', '貴', '御', '医', '師', '者', '委員', '担当者', '関係者様', '方',
  // form labels that follow a role word (患者氏名, カナ氏名)
  '氏名', '名前', '番号', 'カナ', 'フリガナ', '住所', '電話', '連絡先', '生年月日', '性別', '年齢', '宅', '自宅', '要介護', '要支援', 'ID']);
const RELATIONS = new Set(['長女', '長男', '次女', '次男', '三女', '三男', '妻', '夫', '娘', '息子', '嫁', '婿', '孫', '姉', '妹', '兄', '弟',
  '母', '父', '義母', '義父', '祖母', '祖父', '叔母', '叔父', '伯母', '伯父', '姪', '甥', '配偶者', '内縁']);
const ROLES = new Set(['ケアマネ', '主治医', '看護師', '民生委員', '保健師', 'ヘルパー', '医師', '紹介元', '担当者', '担当医', '薬剤師',
  '理学療法士', '作業療法士', '相談員', '管理者', '患者', '利用者']);
// words that continue a role compound (担当/保健/師, 訪問/看護/師): skipped before the name
const ROLE_PARTS = new Set(['担当', '保健', '師', '看護', '訪問', '民生', '委員', 'ケアマネ', '医', '員', '士', '者', '生活', '相談']);
const LINKERS = new Set(['の', '・', ' ', '\u3000', ':', '=', '(', '：']);
const NAME_TEXT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々ー]+$/u;
const HAN = /^[\p{Script=Han}々]+$/u;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
// noun kinds that are never names (verbal nouns, adverbial nouns, numbers, pronouns, suffixes…)
const NOT_NAME_DETAIL = new Set(['サ変接続', '副詞可能', '数', '代名詞', '非自立', '接尾', '形容動詞語幹', 'ナイ形容詞語幹', '特殊']);

interface Tok { t: IpadicFeatures; s: string; start: number; end: number }

const isPersonName = (t: IpadicFeatures) => t.pos === '名詞' && t.pos_detail_1 === '固有名詞' && t.pos_detail_2 === '人名';
const isSpace = (x: Tok | undefined) => !!x && /^[ \u3000]+$/.test(x.s);

/** Could this token be (part of) a name when the context says a name is here? */
function nameLike(x: Tok | undefined, maxLen = 4): boolean {
  if (!x || !NAME_TEXT.test(x.s) || x.s.length > maxLen) return false;
  const t = x.t;
  if (isPersonName(t)) return true;
  if (t.pos === '名詞') return !NOT_NAME_DETAIL.has(t.pos_detail_1) && !RELATIONS.has(x.s) && !HONORIFICS.has(x.s) && !NOT_NAMES.has(x.s);
  // a given name in kana may be taken for a verb or adjective (はる, ちよ): accept short kana words
  return (t.pos === '動詞' || t.pos === '形容詞' || t.word_type === 'UNKNOWN') && /^[\p{Script=Hiragana}\p{Script=Katakana}ー]{2,4}$/u.test(x.s);
}

// kuromoji 0.1.2 shifts word_position by one per sentence: positions are found again by walking the text
function positioned(text: string, tokens: IpadicFeatures[]): Tok[] {
  let cursor = 0;
  return tokens.map((t) => {
    const s = t.surface_form;
    const at = text.indexOf(s, cursor);
    const start = at >= 0 ? at : cursor;
    cursor = start + s.length;
    return { t, s, start, end: cursor };
  });
}

const PIECE = 256;
const BREAK = /[。、，,.!?！？\n\r\t ]/;
// runs no name is part of: 8+ digits, letters or symbols, or 24+ katakana
const NOT_NAME_RUN = /[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々ー\s。、（）「」]{8,}|[\p{Script=Katakana}ー]{24,}/gu;

/**
 * Tokens of `text`. kuromoji builds an unknown word over a whole run of digits, letters or katakana from every
 * position in it, which is quadratic in the run's length (100 KB of digits would take gigabytes): runs no name can
 * be part of are left out, and the rest is analysed in pieces of at most PIECE characters cut at punctuation.
 */
function tokenize(text: string, tokenizer: Tokenizer<IpadicFeatures>): Tok[] {
  const out: Tok[] = [];
  let from = 0;
  const segment = (a: number, b: number) => {
    while (a < b) {
      let to = Math.min(b, a + PIECE);
      if (to < b) {
        let cut = to;
        while (cut > a + PIECE / 2 && !BREAK.test(text[cut - 1])) cut--;
        if (cut > a + PIECE / 2) to = cut;
      }
      const piece = text.slice(a, to);
      for (const t of positioned(piece, tokenizer.tokenize(piece))) { t.start += a; t.end += a; out.push(t); }
      a = to;
    }
  };
  NOT_NAME_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NOT_NAME_RUN.exec(text)) !== null) {
    segment(from, m.index);
    from = m.index + m[0].length;
  }
  segment(from, text.length);
  return out;
}

/** Names in `text`, from its tokens and their context. */
export function findNames(text: string, tokenizer: Tokenizer<IpadicFeatures>): Finding[] {
  const toks = tokenize(text, tokenizer);
  const marked = new Uint8Array(toks.length);
  for (let i = 0; i < toks.length; i++) {
    const x = toks[i];
    // a katakana "name" inside a katakana word (マイ|ナンバー) is not one
    if (isPersonName(x.t) && !NOT_NAMES.has(x.s) && !(KATAKANA.test(x.s) && (KATAKANA.test(toks[i + 1]?.s ?? '') || KATAKANA.test(toks[i - 1]?.s ?? '')))) {
      marked[i] = 1;
      if (x.t.pos_detail_3 === '姓') {
        const j = isSpace(toks[i + 1]) ? i + 2 : i + 1;
        if (nameLike(toks[j], 3) || givenAfterSurname(toks[j])) marked[j] = 1;
      }
      if (x.t.pos_detail_3 === '名' && i > 1 && isSpace(toks[i - 1]) && nameLike(toks[i - 2], 3) && HAN.test(toks[i - 2].s)) marked[i - 2] = 1;
    }
    if (isSpace(x) && HAN.test(toks[i - 1]?.s ?? '') && nameLike(toks[i - 1], 3) && toks[i - 1].t.pos === '名詞'
      && (nameLike(toks[i + 1], 3) || givenAfterSurname(toks[i + 1])) && !isBoundaryWord(toks[i + 2])) {
      marked[i - 1] = 1;
      marked[i + 1] = 1;
    }
    if (HONORIFICS.has(x.s) && i > 0) markBefore(toks, marked, i);
    if ((RELATIONS.has(x.s) || ROLES.has(x.s)) && x.t.pos === '名詞') markAfter(toks, marked, i);
  }
  return [...spans(toks, marked), ...honorificsInText(text, toks, marked)];
}

// right after a surname the dictionary's reading of a one-character given name (博, 清) matters less: any short kanji
function givenAfterSurname(x: Tok | undefined): boolean {
  return !!x && HAN.test(x.s) && x.s.length <= 3 && !NOT_NAMES.has(x.s) && x.t.pos !== '助詞' && x.t.pos !== '助動詞'
    && x.t.pos_detail_1 !== '数' && !HONORIFICS.has(x.s);
}

// the space rule must not join a noun and the first of a longer compound ("特記 事項なし")
function isBoundaryWord(x: Tok | undefined): boolean {
  return !!x && x.t.pos === '名詞' && HAN.test(x.s) && x.t.pos_detail_1 !== '接尾';
}

// the noun run right before an honorific (one or two tokens, a space allowed between and before the honorific)
function markBefore(toks: Tok[], marked: Uint8Array, h: number): void {
  let i = isSpace(toks[h - 1]) ? h - 2 : h - 1;
  const run: number[] = [];
  while (i >= 0 && run.length < 3 && (nameLike(toks[i]) || (isSpace(toks[i]) && run.length > 0 && nameLike(toks[i - 1])))) {
    run.push(i);
    i--;
  }
  const words = run.filter((x) => !isSpace(toks[x])).map((x) => toks[x].s);
  if (!words.length || words.some((w) => NOT_NAMES.has(w))) return;
  for (const x of run) marked[x] = 1;
}

// a name after a relation or role word ("長女の陽子", "妻・はる", "主治医 山本", "担当保健師の松本 節子")
function markAfter(toks: Tok[], marked: Uint8Array, r: number): void {
  let i = r + 1;
  while (toks[i] && ROLE_PARTS.has(toks[i].s)) i++;
  if (toks[i] && LINKERS.has(toks[i].s)) i++;
  if (!nameLike(toks[i])) return;
  marked[i] = 1;
  if (isSpace(toks[i + 1]) && nameLike(toks[i + 2], 3)) { marked[i + 1] = 1; marked[i + 2] = 1; return; }
  if (nameLike(toks[i + 1], 3) && (isPersonName(toks[i + 1].t) || isPersonName(toks[i].t))) marked[i + 1] = 1;
}

// marked tokens as spans (a space between two marked tokens joins them)
function spans(toks: Tok[], marked: Uint8Array): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (!marked[i]) continue;
    const start = toks[i].start;
    let end = toks[i].end;
    while (i + 1 < toks.length && (marked[i + 1] || (isSpace(toks[i + 1]) && marked[i + 2]))) end = toks[++i].end;
    out.push({ start, end, type: 'name' });
  }
  return out;
}

const HONORIFIC_TEXT = /(?<![\p{Script=Han}\p{Script=Katakana}々ー])([\p{Script=Han}\p{Script=Katakana}々ー]{1,4})[ \u3000]?(?:さん|様|さま|氏|殿|ちゃん)/gu;

// honorifics the analyser split wrongly ("表さん" read as the verb 表す): a short kanji/katakana run before them
function honorificsInText(text: string, toks: Tok[], marked: Uint8Array): Finding[] {
  const out: Finding[] = [];
  const covered = (s: number, e: number) => toks.some((x, i) => marked[i] && x.start < e && x.end > s);
  HONORIFIC_TEXT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = HONORIFIC_TEXT.exec(text)) !== null) {
    const s = m.index;
    const e = s + m[1].length;
    if (NOT_NAMES.has(m[1]) || covered(s, e)) continue;
    out.push({ start: s, end: e, type: 'name' });
  }
  return out;
}
