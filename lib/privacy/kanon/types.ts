// Shared types and enumerations of the k-anonymity module.
import type { QuasiIdentifier } from '../hierarchy';

/** A column of codes, as narrow as its dictionary allows (a million records of a 12-value column take 1 MB). */
export type Codes = Uint8Array | Uint16Array | Int32Array;

/** Information-loss metrics, as ARX defines them (non-uniform entropy, loss, precision). */
export const METRICS = ['entropy', 'loss', 'precision'] as const;
export type LossMetric = typeof METRICS[number];

/** What happens to records in classes below k: left out, or released with every quasi-identifier as '*'. */
export const SUPPRESSED_RECORDS = ['remove', 'mask'] as const;
export type SuppressedRecords = typeof SUPPRESSED_RECORDS[number];

/** The configuration of one k-anonymity run. */
export interface KAnonymityConfig {
  quasiIdentifiers: QuasiIdentifier[];
  k: number;
  l?: number;                       // distinct l-diversity of `sensitive` (0/undefined = off)
  sensitive?: string;
  suppressionLimit?: number;        // fraction of records that may be suppressed, 0..1
  metric?: LossMetric;              // default non-uniform entropy
  suppressedRecords?: SuppressedRecords;
  maxNodes?: number;                // refuse lattices larger than this (default 2,000,000)
}

/** How a search is watched: a clock, a deadline (epoch ms) after which it stops with the best so far, progress. */
export interface SearchControl {
  now?: () => number;
  deadline?: number;
  onProgress?: (p: SearchProgress) => void;
}

/** Progress of a running search. */
export interface SearchProgress { evaluated: number; nodes: number; elapsedMs: number; found: boolean }
