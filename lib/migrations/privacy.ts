// Config migrations of the privacy nodes (registered by ./index.ts).
import type { MigrationStep } from './index';

/** [type, from version, step]. */
export const PRIVACY_MIGRATIONS: Array<[string, number, MigrationStep]> = [
  // deidentify v2 refuses unknown and missing fields by default; a v1 flow keeps what it did: unknown fields
  // dropped (v1's default), declared fields allowed to be missing
  ['civic-deidentify', 1, (c) => ({ ...c, unknownFields: c.unknownFields || 'drop', missingFields: c.missingFields || 'allow' })],
];
