// Keyed pseudonyms (HMAC-SHA-256) and per-person date offsets derived from the same secret key. Without the key
// nobody can recompute or reverse them; with it, the same person gets the same pseudonym in every dataset.
import { createHmac, createSecretKey, type KeyObject } from 'crypto';
import { CivicError } from '../errors';
import { normalizeIdentifier } from './normalize';

/** Shortest secret accepted for pseudonyms (characters). */
export const MIN_KEY_LENGTH = 16;

/** Throws a translatable error unless `key` is a usable secret (never echoes the key). */
export function assertKey(key: string | undefined): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new CivicError('civic-deidentify.errors.noKey', {}, 'pseudonymisation needs a secret key; refusing to fall back to plain hashing');
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new CivicError('civic-deidentify.errors.shortKey', { min: MIN_KEY_LENGTH }, `the secret key must have at least ${MIN_KEY_LENGTH} characters`);
  }
}

export interface PseudonymOptions { prefix?: string; length?: number; domain?: string }

/**
 * Pseudonym of a value: prefix + the first `length` hex digits of HMAC-SHA-256(key, domain ␀ normalised value).
 * The value is NFKC-normalised with hyphens unified, so '１２３４－５６７８' and '1234-5678' give the same pseudonym.
 */
export function pseudonymize(key: string, value: unknown, options: PseudonymOptions = {}): string {
  assertKey(key);
  return pseudonymizeChecked(key, value, options);
}

/** `pseudonymize` for a key already checked with `assertKey` (the per-record hot path). */
export function pseudonymizeChecked(key: string, value: unknown, options: PseudonymOptions = {}): string {
  return pseudonymizer(key, options)(value);
}

/** `pseudonymizeChecked` as a function of the value, its options read once (for a key checked with `assertKey`). */
export function pseudonymizer(key: string, options: PseudonymOptions = {}): (value: unknown) => string {
  const { prefix = 'P-', length = 16, domain = '' } = options;
  const secret = secretOf(key);
  const digits = Math.max(8, Math.min(64, length));
  const before = domain ? `${domain}\u0000` : '';
  return (value) => prefix + hmacSha256Hex(secret, before + normalizeIdentifier(String(value))).slice(0, digits);
}

// The key as a KeyObject, made once per key: createHmac then skips converting the key string for every value
// (about a tenth of its cost), and the key bytes live outside the JS heap.
let prepared: { key: string; secret: KeyObject } | undefined;

function secretOf(key: string): KeyObject {
  if (prepared?.key !== key) prepared = { key, secret: createSecretKey(Buffer.from(key, 'utf8')) };
  return prepared.secret;
}

/** HMAC-SHA-256 (RFC 2104 with SHA-256, test vectors in RFC 4231) of `data` under `key`, as hex. Strings are UTF-8. */
export function hmacSha256Hex(key: string | Uint8Array | KeyObject, data: string | Uint8Array): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** A per-person date offset in whole days within ±range, stable for the same key and person id. */
export function dateShiftDays(key: string, personId: unknown, range: number): number {
  assertKey(key);
  const mac = createHmac('sha256', secretOf(key)).update(`date-shift\u0000${normalizeIdentifier(String(personId))}`).digest();
  const span = 2 * Math.max(0, Math.floor(range)) + 1;
  return (mac.readUInt32BE(0) % span) - Math.floor(range);
}
