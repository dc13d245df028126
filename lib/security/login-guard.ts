// Brute-force protection for every login the pack checks (editor, dashboards and their live-data sockets, the
// embedded MQTT broker): rate limit and lockout per client address, per user and per user at one address
// (rate-limiter-flexible, in memory), password hashing off the event loop (./passwords), and events for the log
// that never carry the password. A login that was verified recently is remembered under a keyed hash, so the
// dashboards' basic auth (sent with every request) costs one hash per user, address and cacheSeconds, not one per
// request.
import crypto from 'crypto';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { KdfBusyError, KdfSkippedError, hashWebPassword, verifyPassword } from './passwords';

/** An account the guard can check: its stored hash and its role. */
export interface Account { username: string; role: string; hash: string }
/** Finds an account by user name (undefined when there is none). */
export type AccountLookup = (username: string) => Account | undefined;

/** Limits of the guard (defaults: DEFAULT_LOGIN_POLICY). */
export interface LoginPolicy {
  /** failed logins from one client address within addressWindowSeconds before the address is locked */
  addressFailures: number; addressWindowSeconds: number;
  /** consecutive failed logins for one user from one address before that pair is locked */
  userAddressFailures: number;
  /** failed logins for one user from any address within userWindowSeconds before the user is locked */
  userFailures: number; userWindowSeconds: number;
  /** how long a lock lasts */
  lockSeconds: number;
  /** login attempts per address and second that are checked at all (more are refused without hashing) */
  attemptsPerSecond: number;
  /** how long a verified login is remembered */
  cacheSeconds: number;
}

/** Default limits: 5 wrong guesses lock a user at an address, 20 lock the address, 30 lock the user, for 15 min. */
export const DEFAULT_LOGIN_POLICY: Readonly<LoginPolicy> = {
  addressFailures: 20, addressWindowSeconds: 3600, userAddressFailures: 5, userFailures: 30, userWindowSeconds: 3600,
  lockSeconds: 900, attemptsPerSecond: 5, cacheSeconds: 300,
};

/** Outcome of a login: the account, or why not and when to try again. */
export type LoginResult = { ok: true; account: Account }
  | { ok: false; reason: 'invalid' | 'locked' | 'busy'; retryAfterSeconds: number };

/** What the guard reports for the log: user is the name only when the account exists (a typo may be a password). */
export interface LoginEvent { kind: 'failed' | 'locked'; user: string; address: string; failures: number; lockSeconds?: number }

/** Client address without the IPv4-mapped IPv6 prefix. */
export function clientAddress(address: string | undefined): string {
  const a = String(address ?? 'unknown');
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

const retryAfter = (res: RateLimiterRes | null | undefined) => Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000));

/** Checks logins against `lookup` under the limits of `policy`; see the file comment. */
export class LoginGuard {
  private readonly policy: LoginPolicy;
  private readonly byAddress: RateLimiterMemory;
  private readonly byUserAddress: RateLimiterMemory;
  private readonly byUser: RateLimiterMemory;
  private readonly attempts: RateLimiterMemory;
  private readonly cacheKey = crypto.randomBytes(32);
  private readonly verified = new Map<string, number>();
  private dummy?: Promise<string>;

  /**
   * `dummyHash` makes the hash an unknown name is checked against (same format and cost as the real accounts',
   * so the answer time does not tell which names exist); a scrypt hash by default.
   */
  constructor(private readonly lookup: AccountLookup, policy: Partial<LoginPolicy> = {},
    private readonly onEvent: (e: LoginEvent) => void = () => undefined,
    private readonly dummyHash: () => Promise<string> = () => hashWebPassword(crypto.randomBytes(16).toString('hex'))) {
    this.policy = { ...DEFAULT_LOGIN_POLICY, ...policy };
    const p = this.policy;
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'a', points: p.addressFailures, duration: p.addressWindowSeconds });
    this.byUserAddress = new RateLimiterMemory({ keyPrefix: 'ua', points: p.userAddressFailures, duration: p.lockSeconds });
    this.byUser = new RateLimiterMemory({ keyPrefix: 'u', points: p.userFailures, duration: p.userWindowSeconds });
    this.attempts = new RateLimiterMemory({ keyPrefix: 'r', points: p.attemptsPerSecond, duration: 1 });
  }

  /** Cache key of a verified login: keyed hash of user, password, stored hash and address (no password kept). */
  private remembered(username: string, password: string, hash: string, address: string): string {
    return crypto.createHmac('sha256', this.cacheKey).update(`${username}\0${password}\0${hash}\0${address}`).digest('base64');
  }

  /**
   * The lock that applies to this user at this address, if any (retry-after in seconds): the address's and the
   * user-at-address lock always; the user's own lock (guesses from anywhere) only with `withUser`, so an attacker
   * guessing a name cannot throw its owner out of a session that already proved the password.
   */
  async lockOf(username: string, address: string, withUser = true): Promise<number | undefined> {
    const checks: Array<[RateLimiterMemory, string, number]> = [
      [this.byAddress, address, this.policy.addressFailures],
      [this.byUserAddress, `${username}\0${address}`, this.policy.userAddressFailures],
      ...(withUser ? [[this.byUser, username, this.policy.userFailures] as [RateLimiterMemory, string, number]] : []),
    ];
    for (const [limiter, key, limit] of checks) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= limit) return retryAfter(res);
    }
    return undefined;
  }

  /** Checks a login from `address`; see LoginResult. Never throws for bad input. */
  async login(username: unknown, password: unknown, rawAddress: string | undefined): Promise<LoginResult> {
    const user = typeof username === 'string' ? username.slice(0, 200) : '';
    const pass = typeof password === 'string' ? password.slice(0, 1000) : '';
    const address = clientAddress(rawAddress);
    const account = user ? this.lookup(user) : undefined;
    const now = Date.now();
    const atAddress = await this.lockOf(user, address, false);
    if (atAddress !== undefined) return { ok: false, reason: 'locked', retryAfterSeconds: atAddress };
    if (account) {
      const until = this.verified.get(this.remembered(user, pass, account.hash, address));
      if (until !== undefined && until > now) return { ok: true, account };
    }
    const locked = await this.lockOf(user, address);
    if (locked !== undefined) return { ok: false, reason: 'locked', retryAfterSeconds: locked };
    try {
      await this.attempts.consume(address);
    } catch (res) {
      return { ok: false, reason: 'locked', retryAfterSeconds: retryAfter(res as RateLimiterRes) };
    }
    let ok: boolean;
    try {
      // an unknown user costs the same hash as a known one, so timing does not tell which names exist
      this.dummy ??= this.dummyHash();
      // a guess that waited for its turn is dropped unhashed when the guesses before it locked the login
      const unlocked = async () => (await this.lockOf(user, address)) === undefined;
      ok = await verifyPassword(account?.hash ?? await this.dummy, pass, unlocked) && !!account;
    } catch (err) {
      if (err instanceof KdfBusyError) return { ok: false, reason: 'busy', retryAfterSeconds: 1 };
      if (err instanceof KdfSkippedError) return { ok: false, reason: 'locked', retryAfterSeconds: (await this.lockOf(user, address)) ?? 1 };
      throw err;
    }
    if (ok && account) {
      await this.byUserAddress.delete(`${user}\0${address}`);
      this.remember(this.remembered(user, pass, account.hash, address), now);
      return { ok: true, account };
    }
    await this.recordFailure(account ? user : '', address);
    return { ok: false, reason: 'invalid', retryAfterSeconds: 1 };
  }

  private remember(key: string, now: number): void {
    if (this.verified.size >= 1000) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(key, now + this.policy.cacheSeconds * 1000);
  }

  private async recordFailure(knownUser: string, address: string): Promise<void> {
    const p = this.policy;
    const consume = async (limiter: RateLimiterMemory, key: string, limit: number): Promise<boolean> => {
      const res = await limiter.consume(key).catch((r: RateLimiterRes) => r);
      if (res.consumedPoints >= limit) { await limiter.block(key, p.lockSeconds); return true; }
      return false;
    };
    const name = knownUser || '(unknown user)';
    const lockedAddress = await consume(this.byAddress, address, p.addressFailures);
    // failures under an unknown name count against the address only: nobody can lock out a user that does not exist
    const lockedPair = knownUser ? await consume(this.byUserAddress, `${knownUser}\0${address}`, p.userAddressFailures) : false;
    const lockedUser = knownUser ? await consume(this.byUser, knownUser, p.userFailures) : false;
    const failures = (await this.byAddress.get(address))?.consumedPoints ?? 1;
    this.onEvent({ kind: 'failed', user: name, address, failures });
    if (lockedAddress || lockedPair || lockedUser) this.onEvent({ kind: 'locked', user: name, address, failures, lockSeconds: p.lockSeconds });
  }
}
