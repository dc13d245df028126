// k-anonymity (optionally with distinct l-diversity) by full-domain generalisation, as ARX does it, split by
// concern: encoding (columns of codes), class counting, the lattice search, loss metrics, output and risk.
export * from './types';
export { ColumnEncoder, prepare, encode, type Encoded, type EncodedColumns } from './encode';
export { ClassCounter, type Evaluation } from './counter';
export { aggregate, lossTables, type LossTables } from './loss';
export { search, bruteForce, latticeShape, maxSuppressedOf, type SearchResult } from './search';
export { solve, writeRecords, outputLength, kAnonymize, type KAnonymityReport, type KAnonymityResult, type Solution } from './output';
export { riskBefore, riskAfter, rareCombinations, summaryJa, summaryEn, type ClassRisk, type RareCombination } from './risk';
