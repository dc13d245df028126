// Recall and precision of a scrubber per entity type on labelled notes. Recall: a labelled entity counts as found
// when replacements cover every one of its characters (other than spaces). Precision: a replacement counts as
// right when it overlaps a labelled entity of any type (what matters is that personal data went, not which
// placeholder it got); replacements are grouped by the entity type their placeholder stands for.
import type { Entity, EntityType, LabelledNote } from './corpus';

/** A replaced span of the original text and the entity type its placeholder stands for. */
export interface Span { start: number; end: number; type: EntityType }

/** Counts and ratios for one entity type. */
export interface TypeScore { entities: number; found: number; recall: number; replaced: number; correct: number; precision: number }

/** Scores per entity type, and over all types. */
export type Scores = Record<EntityType | 'all', TypeScore>;

function covered(e: Entity, text: string, spans: Span[]): boolean {
  for (let i = e.start; i < e.end; i++) {
    if (/\s/.test(text[i])) continue;
    if (!spans.some((s) => s.start <= i && i < s.end)) return false;
  }
  return true;
}

function empty(): TypeScore {
  return { entities: 0, found: 0, recall: 1, replaced: 0, correct: 0, precision: 1 };
}

/** Scores the replaced spans of each note (`spansOf(note)`) against the labels. */
export function scoreSpans(notes: LabelledNote[], spansOf: (note: LabelledNote) => Span[]): Scores {
  const scores = {} as Scores;
  const get = (t: EntityType | 'all') => (scores[t] ??= empty());
  for (const note of notes) {
    const spans = spansOf(note);
    for (const e of note.entities) {
      const hit = covered(e, note.text, spans);
      for (const t of [e.type, 'all'] as const) { get(t).entities++; if (hit) get(t).found++; }
    }
    for (const s of spans) {
      const right = note.entities.some((e) => s.start < e.end && s.end > e.start);
      for (const t of [s.type, 'all'] as const) { get(t).replaced++; if (right) get(t).correct++; }
    }
  }
  for (const s of Object.values(scores)) {
    s.recall = s.entities ? s.found / s.entities : 1;
    s.precision = s.replaced ? s.correct / s.replaced : 1;
  }
  return scores;
}

/**
 * Recall measured on output text only (when the replaced spans are not known, e.g. through a running flow): an
 * entity counts as found when its text (without spaces) no longer appears in the scrubbed note.
 */
export function recallFromOutput(notes: LabelledNote[], outputs: string[]): Partial<Record<EntityType, TypeScore>> {
  const out: Partial<Record<EntityType, TypeScore>> = {};
  notes.forEach((note, i) => {
    const scrubbed = outputs[i].replace(/[\s\u3000]/g, '');
    for (const e of note.entities) {
      const s = (out[e.type] ??= empty());
      s.entities++;
      if (!scrubbed.includes(note.text.slice(e.start, e.end).replace(/[\s\u3000]/g, ''))) s.found++;
    }
  });
  for (const s of Object.values(out)) s!.recall = s!.entities ? s!.found / s!.entities : 1;
  return out;
}
