// Password hashes for the logins (editor, dashboards) and the MQTT broker accounts. Hashing is deliberately slow,
// so it never runs on the event loop: both functions below use node:crypto's asynchronous KDFs, which run in
// libuv's thread pool, and at most KDF_CONCURRENCY of them at a time, so a burst of guesses cannot occupy the whole
// pool (Node-RED's file context store and file nodes use the same threads).
//   web logins:    $scrypt$ln=15,r=8,p=1$<salt base64>$<key base64>       (RFC 7914 scrypt, N = 2^ln)
//   MQTT accounts: $7$<iterations>$<salt base64>$<hash base64>           (mosquitto 2.x password_file format:
//                  PBKDF2-HMAC-SHA512, 12-byte salt, 64-byte hash), so one accounts file serves aedes and mosquitto.
import crypto from 'crypto';

/** scrypt cost for new web-login hashes: N = 2^15 (32 MiB, tens of ms on one core). */
export const SCRYPT_LOG_N = 15;
/** PBKDF2 iterations for new MQTT hashes (mosquitto_passwd writes 101; this is the OWASP-style slow setting). */
export const PBKDF2_ITERATIONS = 100_000;
/** At most this many password hashes are computed at once (one: on a 2-core server the other core stays with Node-RED). */
export const KDF_CONCURRENCY = 1;
/** More waiting hashes than this are refused at once (the login answers "busy"): a flood cannot queue up forever. */
export const KDF_QUEUE_LIMIT = 64;

let running = 0;
const waiting: Array<() => void> = [];

/** Error raised when too many hashes are already waiting. */
export class KdfBusyError extends Error {
  constructor() { super('too many password checks at once'); this.name = 'KdfBusyError'; }
}

/** Error raised when a check that waited for its turn was no longer wanted (its login got locked meanwhile). */
export class KdfSkippedError extends Error {
  constructor() { super('password check skipped'); this.name = 'KdfSkippedError'; }
}

/** Asked when a waiting check gets its turn: false skips the hash (KdfSkippedError). */
export type StillWanted = () => boolean | Promise<boolean>;

async function limited<T>(work: () => Promise<T>, stillWanted?: StillWanted): Promise<T> {
  if (running >= KDF_CONCURRENCY) {
    if (waiting.length >= KDF_QUEUE_LIMIT) throw new KdfBusyError();
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    if (stillWanted && !(await stillWanted())) throw new KdfSkippedError();
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function scrypt(password: string, salt: Buffer, logN: number, r: number, p: number, length: number, stillWanted?: StillWanted): Promise<Buffer> {
  const N = 2 ** logN;
  return limited(() => new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  }), stillWanted);
}

function pbkdf2(password: string, salt: Buffer, iterations: number, stillWanted?: StillWanted): Promise<Buffer> {
  return limited(() => new Promise((resolve, reject) => {
    crypto.pbkdf2(password, salt, iterations, 64, 'sha512', (err, key) => (err ? reject(err) : resolve(key)));
  }), stillWanted);
}

/** A new scrypt hash of a web-login password (`$scrypt$…`). */
export async function hashWebPassword(password: string, logN = SCRYPT_LOG_N): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, logN, 8, 1, 32);
  return `$scrypt$ln=${logN},r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A new mosquitto-compatible hash of an MQTT password (`$7$<iterations>$…`). */
export async function hashMqttPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.randomBytes(12);
  const hash = await pbkdf2(password, salt, iterations);
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** True when `stored` is a hash this module can check (`$scrypt$…` or `$7$…`). */
export function isSupportedHash(stored: unknown): stored is string {
  return typeof stored === 'string' && (/^\$scrypt\$ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(stored)
    || /^\$7\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(stored));
}

/**
 * Checks a password against a stored hash, off the event loop and in constant time; false for unknown formats.
 * `stillWanted` is asked when the check gets its turn (a burst of guesses may have locked the login meanwhile).
 */
export async function verifyPassword(stored: string, password: string, stillWanted?: StillWanted): Promise<boolean> {
  if (!isSupportedHash(stored) || typeof password !== 'string') return false;
  const parts = stored.split('$');
  let expected: Buffer;
  let actual: Buffer;
  if (parts[1] === 'scrypt') {
    const [ln, r, p] = parts[2].split(',').map((kv) => Number(kv.split('=')[1]));
    if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
    expected = Buffer.from(parts[4], 'base64');
    actual = await scrypt(password, Buffer.from(parts[3], 'base64'), ln, r, p, expected.length, stillWanted);
  } else {
    const iterations = Number(parts[2]);
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
    expected = Buffer.from(parts[4], 'base64');
    actual = await pbkdf2(password, Buffer.from(parts[3], 'base64'), iterations, stillWanted);
  }
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
