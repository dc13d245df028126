// Text normalisation for Japanese identifiers: NFKC (full-width digits and letters → ASCII, ㍼ → 昭和) and the
// many dash look-alikes (ー ‐ − － ｰ …) that municipal data uses as hyphens.

/** Characters that stand for a hyphen in Japanese input (after NFKC some survive: ー U+30FC, ‐ U+2010, − U+2212). */
export const HYPHEN_LIKE = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u02D7\u30FC\uFE63\uFF0D\uFF70]/g;

// Characters that are their own NFKC form and compose with no neighbour (none is a combining mark): printable
// ASCII, tab and line ends, 〒, hiragana and katakana letters (not the sound marks U+3099–U+309C, not ー) and the
// CJK unified ideographs. Era dates, addresses and postcodes as municipal files write them are made of these.
const NFKC_STABLE = /^[\t\n\r -~〒\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]*$/;

/** True when `s.normalize('NFKC') === s` is sure without normalising (no hyphen look-alike but '-' either). */
export function isNfkcStable(s: string): boolean {
  return NFKC_STABLE.test(s);
}

/** NFKC + every hyphen look-alike to '-' + collapsed white space, trimmed: the form identifiers are matched in. */
export function normalizeIdentifier(value: string): string {
  // printable ASCII without spaces, or any text already in that form, is returned as it is (the common case)
  if (/^[\x21-\x7e]*$/.test(value) || (isNfkcStable(value) && !/\s/.test(value))) return value;
  return value.normalize('NFKC').replace(HYPHEN_LIKE, '-').replace(/\s+/g, ' ').trim();
}

/** Only the digits of a value after NFKC (e.g. '１２３４－５６７８' → '12345678'). */
export function digitsOnly(value: string): string {
  return value.normalize('NFKC').replace(/[^0-9]/g, '');
}

const HYPHEN_ONE = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u02D7\u30FC\uFE63\uFF0D\uFF70]/;

/**
 * NFKC-normalises free text code point by code point, keeping for every normalised character where it came from
 * in the original, so matches found in the normalised text can be replaced in the original. Hyphen look-alikes
 * next to a digit become '-' (a long-vowel mark inside a katakana word stays).
 */
export function normalizeWithMap(text: string): { norm: string; start: number[]; end: number[] } {
  let norm = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = ch.normalize('NFKC');
    for (let j = 0; j < n.length; j++) {
      start.push(i);
      end.push(i + ch.length);
    }
    norm += n;
    i += ch.length;
  }
  // hyphens next to digits (length-preserving, so the maps stay valid)
  let out = '';
  for (let j = 0; j < norm.length; j++) {
    const c = norm[j];
    if (HYPHEN_ONE.test(c) && ((j > 0 && /[0-9]/.test(norm[j - 1])) || (j + 1 < norm.length && /[0-9]/.test(norm[j + 1])))) out += '-';
    else out += c;
  }
  return { norm: out, start, end };
}
