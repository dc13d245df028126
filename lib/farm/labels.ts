// Japanese wording of farm records for the dashboards and the reports (the reports are in Japanese by design; the
// node catalogs carry the editor's labels in both languages).
import { GROWTH_MODELS } from '../agro/growth';
import type { WorkEntry } from './entry';

/** 作業の名前. */
export const WORK_LABELS_JA: Readonly<Record<string, string>> = {
  planting: '定植', sowing: '播種', training: '誘引', leafRemoval: '摘葉', irrigation: '灌水', fertilising: '施肥',
  spraying: '防除', harvest: '収穫', observation: '生育観察', seasonEnd: '栽培終了', note: 'メモ',
};

/** 収穫の等級. */
export const GRADE_LABELS_JA: Readonly<Record<string, string>> = { shu: '秀', yu: '優', ryo: '良', out: '規格外' };

/** 作物の名前. */
export const CROP_LABELS_JA: Readonly<Record<string, string>> = { tomato: 'トマト', rice: '水稲', sweetcorn: 'スイートコーン' };

/** The Japanese name of a stage id (any model). */
export function stageLabelJa(id: string): string {
  for (const m of Object.values(GROWTH_MODELS)) {
    const s = m.stages.find((x) => x.id === id);
    if (s) return s.nameJa.split('〜')[0].replace(/・.*$/, '') || s.nameJa;
  }
  return id;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, ''));

/** One line saying what was done, e.g. "施肥 有機液肥 2 kg", "防除 (化学合成) 薬剤A 1000倍 300 m²", "収穫 12.5 kg 秀". */
export function describeEntry(e: WorkEntry): string {
  const parts = [WORK_LABELS_JA[e.work] ?? e.work];
  if (e.crop) parts.push(CROP_LABELS_JA[e.crop] ?? e.crop);
  if (e.synthetic) parts.push('(化学合成)');
  if (e.product) parts.push(e.product);
  if (e.amount !== undefined) parts.push(`${num(e.amount)} ${e.work === 'irrigation' ? 'L' : e.unit ?? ''}`.trim());
  if (e.dilution !== undefined) parts.push(`${num(e.dilution)}倍`);
  if (e.area !== undefined) parts.push(`${num(e.area)} m²`);
  if (e.kg !== undefined) parts.push(`${num(e.kg)} kg`);
  if (e.grade) parts.push(GRADE_LABELS_JA[e.grade] ?? e.grade);
  if (e.stage) parts.push(stageLabelJa(e.stage));
  if (e.note) parts.push(`— ${e.note}`);
  return parts.join(' ');
}
