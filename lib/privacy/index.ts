// De-identification of health data under Japan's APPI (匿名加工情報 / 仮名加工情報) and HIPAA Safe Harbor:
// identifier detection with check digits, era dates, address coarsening, keyed pseudonyms, a policy engine with
// a processing report, k-anonymity / l-diversity by an optimal lattice search
// and a synthetic KDB-like dataset (CSV decoding lives in lib/csv). No Node-RED import.
export * from './normalize';
export * from './identifiers';
export * from './text';
export * from './detect';
export * from './shape';
export * from './csv-records';
export * from './era';
export * from './address';
export * from './pseudonym';
export * from './policy';
export * from './deidentify';
export * from './transforms';
export * from './unique';
export * from './icd10';
export * from './hierarchy';
export * from './kanon';
export * from './jobs';
export * from './synthetic';
export * from './census';
