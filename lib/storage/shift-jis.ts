// Text → Shift_JIS as Windows writes it (CP932), the way Excel and the city's systems read it (no Node-RED import).
// Text that came through a JIS-style decoder (macOS, Java's "Shift_JIS", many web forms) holds a few code points that
// CP932 spells differently — above all the wave dash of "9時〜17時" and "65〜69歳". iconv-lite's CP932 table has no
// entry for them and would write "?", so they are first mapped to the code points CP932 uses for the same JIS
// character: the seven places where the JIS X 0208 table published by Unicode and Microsoft's CP932 table differ.
// What still has no CP932 byte sequence (𠮷, é, ☃, an unpaired surrogate) becomes "?", and is counted so that a
// caller can warn or refuse instead of losing it unseen.
import iconv from 'iconv-lite';

/** A JIS X 0208 character as Unicode's JIS table decodes it → the code point CP932 uses for it (CP932 bytes in comments). */
const JIS_TO_CP932: Readonly<Record<string, string>> = {
  '\u301c': '\uff5e',   // WAVE DASH → FULLWIDTH TILDE (0x8160)
  '\u2016': '\u2225',   // DOUBLE VERTICAL LINE → PARALLEL TO (0x8161)
  '\u2212': '\uff0d',   // MINUS SIGN → FULLWIDTH HYPHEN-MINUS (0x817C)
  '\u00a2': '\uffe0',   // CENT SIGN → FULLWIDTH CENT SIGN (0x8191)
  '\u00a3': '\uffe1',   // POUND SIGN → FULLWIDTH POUND SIGN (0x8192)
  '\u00ac': '\uffe2',   // NOT SIGN → FULLWIDTH NOT SIGN (0x81CA)
  '\u2014': '\u2015',   // EM DASH → HORIZONTAL BAR (0x815C)
};
const JIS_ONLY = /[\u301c\u2016\u2212\u00a2\u00a3\u00ac\u2014]/g;

/** Shift_JIS bytes of a text, and how many characters had no CP932 form and were written as "?". */
export interface Cp932Text { bytes: Buffer; unmappable: number }

function countQuestionMarks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('?'); i !== -1; i = text.indexOf('?', i + 1)) n++;
  return n;
}

/**
 * `text` in CP932. A "?" byte (0x3F) never occurs inside a two-byte CP932 character (trail bytes are 0x40–0xFC), so
 * the characters replaced are the "?" bytes written less the "?" characters the text already had.
 */
export function toCp932(text: string): Cp932Text {
  const mapped = text.replace(JIS_ONLY, (c) => JIS_TO_CP932[c]);
  const bytes = iconv.encode(mapped, 'CP932');
  let written = 0;
  for (let i = bytes.indexOf(0x3f); i !== -1; i = bytes.indexOf(0x3f, i + 1)) written++;
  return { bytes, unmappable: written - countQuestionMarks(mapped) };
}
