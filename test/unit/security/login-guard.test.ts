// Login guard: lockout per user at an address, per address and per user; locked logins are refused without
// hashing; events for the log never carry a password; an unknown name cannot lock out a real user.
import assert from 'assert';
import { LoginGuard, hashWebPassword, type Account, type LoginEvent } from '../../../lib/security';

describe('security: login guard (rate limit and lockout)', () => {
  let accounts: Account[];
  before(async () => {
    accounts = [
      { username: 'farmer', role: 'viewer', hash: await hashWebPassword('tomato-2026', 10) },
      { username: 'staff', role: 'operator', hash: await hashWebPassword('kanri-2026', 10) },
    ];
  });
  const guard = (events: LoginEvent[] = [], policy = {}) => new LoginGuard((u) => accounts.find((a) => a.username === u),
    { userAddressFailures: 3, addressFailures: 6, userFailures: 5, attemptsPerSecond: 100, lockSeconds: 60, ...policy }, (e) => events.push(e));

  it('logs in with the right password and refuses a wrong one', async () => {
    const g = guard();
    const ok = await g.login('farmer', 'tomato-2026', '10.0.0.1');
    assert.ok(ok.ok && ok.account.role === 'viewer');
    const bad = await g.login('farmer', 'tomato', '10.0.0.1');
    assert.deepStrictEqual(bad, { ok: false, reason: 'invalid', retryAfterSeconds: 1 });
  });

  it('locks a user at one address after 3 wrong guesses, even for the right password; other addresses still log in', async () => {
    const events: LoginEvent[] = [];
    const g = guard(events);
    for (let i = 0; i < 3; i++) assert.strictEqual((await g.login('farmer', `guess-${i}`, '10.0.0.2')).ok, false);
    const locked = await g.login('farmer', 'tomato-2026', '10.0.0.2');
    assert.ok(!locked.ok && locked.reason === 'locked' && locked.retryAfterSeconds > 1, JSON.stringify(locked));
    assert.ok((await g.login('farmer', 'tomato-2026', '10.0.0.3')).ok);
    assert.ok(events.some((e) => e.kind === 'locked' && e.user === 'farmer' && e.address === '10.0.0.2'));
    assert.ok(!JSON.stringify(events).includes('guess-'), 'a guess reached the log');
  });

  it('locks an address that guesses many names, and a user guessed from many addresses', async () => {
    const g = guard();
    for (let i = 0; i < 6; i++) await g.login(`nobody-${i}`, 'x', '10.0.1.1');
    const r = await g.login('staff', 'kanri-2026', '10.0.1.1');
    assert.ok(!r.ok && r.reason === 'locked');
    const g2 = guard();
    for (let i = 0; i < 5; i++) await g2.login('staff', 'x', `10.0.2.${i}`);
    const r2 = await g2.login('staff', 'kanri-2026', '10.0.2.99');
    assert.ok(!r2.ok && r2.reason === 'locked', 'the user is locked from any new address');
    assert.ok((await g2.login('farmer', 'tomato-2026', '10.0.2.99')).ok, 'other users are not');
  });

  it('failures under unknown names count against the address only, and log no name', async () => {
    const events: LoginEvent[] = [];
    const g = guard(events);
    for (let i = 0; i < 5; i++) await g.login('farmer-typo-with-password-inside', 'x', `10.0.3.${i}`);
    assert.ok((await g.login('farmer', 'tomato-2026', '10.0.3.99')).ok);
    assert.ok(events.every((e) => e.user === '(unknown user)'));
  });

  it('refuses attempts beyond the per-second rate without checking them', async () => {
    const g = guard([], { attemptsPerSecond: 2 });
    const results = await Promise.all(Array.from({ length: 5 }, () => g.login('farmer', 'tomato-2026', '10.0.4.1')));
    assert.ok(results.filter((r) => !r.ok && r.reason === 'locked').length >= 1, JSON.stringify(results.map((r) => r.ok)));
    assert.ok(results.some((r) => r.ok));
  });

  it('a verified login is remembered: repeated basic-auth requests do not count as attempts', async () => {
    const g = guard([], { attemptsPerSecond: 1 });
    assert.ok((await g.login('farmer', 'tomato-2026', '10.0.5.1')).ok);
    for (let i = 0; i < 20; i++) assert.ok((await g.login('farmer', 'tomato-2026', '10.0.5.1')).ok);
  });

  it('guesses of a name from elsewhere lock new logins of that user, not a session that already proved the password', async () => {
    const g = guard();
    assert.ok((await g.login('staff', 'kanri-2026', '10.0.6.1')).ok);
    for (let i = 0; i < 5; i++) await g.login('staff', 'x', `10.0.7.${i}`);
    assert.ok((await g.login('staff', 'kanri-2026', '10.0.6.1')).ok, 'the running session goes on');
    const fresh = await g.login('staff', 'kanri-2026', '10.0.6.2');
    assert.ok(!fresh.ok && fresh.reason === 'locked');
  });

  it('a locked address is refused even with a password it used before', async () => {
    const g = guard();
    assert.ok((await g.login('farmer', 'tomato-2026', '10.0.8.1')).ok);
    for (let i = 0; i < 3; i++) await g.login('farmer', `guess-${i}`, '10.0.8.1');
    const r = await g.login('farmer', 'tomato-2026', '10.0.8.1');
    assert.ok(!r.ok && r.reason === 'locked');
  });

  it('a burst of guesses stops being hashed once the guesses before it locked the login', async () => {
    const g = guard();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => g.login('farmer', `burst-${i}`, '10.0.9.1')));
    const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
    assert.ok(checked <= 4, `${checked} of 20 guesses were hashed (3 lock the pair)`);
    assert.strictEqual(results.filter((r) => !r.ok && r.reason === 'locked').length, 20 - checked);
  });
});
