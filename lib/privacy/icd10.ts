// ICD-10 codes generalised the way the classification itself groups them: a code (E75.2) → its three-character
// category (E75) → its chapter (IV, E00-E90) → '*'. Chapter ranges from WHO ICD-10 (2019 edition), Volume 1,
// "Chapters" list; Japan's 疾病、傷害及び死因の統計分類 (ICD-10 2013 準拠) uses the same 22 chapters.

/** The 22 chapters: roman numeral, first and last three-character category. */
export const ICD10_CHAPTERS: ReadonlyArray<readonly [string, string, string]> = [
  ['I', 'A00', 'B99'], ['II', 'C00', 'D48'], ['III', 'D50', 'D89'], ['IV', 'E00', 'E90'], ['V', 'F00', 'F99'],
  ['VI', 'G00', 'G99'], ['VII', 'H00', 'H59'], ['VIII', 'H60', 'H95'], ['IX', 'I00', 'I99'], ['X', 'J00', 'J99'],
  ['XI', 'K00', 'K93'], ['XII', 'L00', 'L99'], ['XIII', 'M00', 'M99'], ['XIV', 'N00', 'N99'], ['XV', 'O00', 'O99'],
  ['XVI', 'P00', 'P96'], ['XVII', 'Q00', 'Q99'], ['XVIII', 'R00', 'R99'], ['XIX', 'S00', 'T98'], ['XX', 'V01', 'Y98'],
  ['XXI', 'Z00', 'Z99'], ['XXII', 'U00', 'U99'],
];

const CODE = /^([A-Z])([0-9]{2})(?:\.?[0-9A-Z]{0,4})?$/;

/** The three-character category of an ICD-10 code ('E75.2' → 'E75', 'ｅ７５２' → 'E75'), or undefined. */
export function icd10Category(value: string): string | undefined {
  const m = CODE.exec(value.normalize('NFKC').replace(/\s+/g, '').toUpperCase());
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** The chapter range of a code ('E75.2' → 'E00-E90'), or undefined for a code in no chapter. */
export function icd10Chapter(value: string): string | undefined {
  const cat = icd10Category(value);
  if (!cat) return undefined;
  const ch = ICD10_CHAPTERS.find(([, from, to]) => cat >= from && cat <= to);
  return ch ? `${ch[1]}-${ch[2]}` : undefined;
}

/** The ICD-10 hierarchy as a generaliser: level 0 the code, 1 the category, 2 the chapter, 3 '*'. */
export function icd10Generalize(value: string, level: number): string {
  if (level <= 0) return value;
  if (level >= 3) return '*';
  const g = level === 1 ? icd10Category(value) : icd10Chapter(value);
  return g ?? (level === 1 ? value : '*');
}
