// Free text: the scrubber (patterns, addresses, names by morphological analysis), the labelled synthetic corpus
// and the recall/precision measure used by the tests and the bench.
export { scrubText, REPLACEMENTS, type ScrubResult } from './scrub';
export { FINDING_TYPES, type Finding, type FindingType } from './patterns';
export { loadTokenizer } from './tokenizer';
export { labelledNotes, ENTITY_TYPES, type EntityType, type Entity, type LabelledNote } from './corpus';
export { scoreSpans, recallFromOutput, type Span, type Scores, type TypeScore } from './evaluate';
