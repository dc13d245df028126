// Password hashes: known-answer vectors for both formats (RFC 7914 §12 for scrypt; a mosquitto_passwd 2.0.11 line
// for the $7$ PBKDF2-SHA512 format), and the hashing happens off the event loop with a bounded queue.
import assert from 'assert';
import {
  KDF_CONCURRENCY, KDF_QUEUE_LIMIT, KdfBusyError, hashMqttPassword, hashWebPassword, isSupportedHash, verifyPassword,
} from '../../../lib/security';

// RFC 7914 §12, third vector: scrypt(P="pleaseletmein", S="SodiumChloride", N=16384, r=8, p=1, dkLen=64)
const RFC7914 = '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887';
// written by `mosquitto_passwd -c -b file alice secret` (mosquitto 2.0.11, default 101 iterations)
const MOSQUITTO = '$7$101$cMRWgDYyTYzHfQkN$qKWyY/TixDx+xk3T1pFxQzWhvHf02MYbme+ZZnYUbU0laxHckM4Hx6OyJdHEVlf+NEMaabPlW5L5dljRf730lw==';

describe('security: password hashes', () => {
  it('checks a scrypt hash built from the RFC 7914 test vector', async () => {
    const stored = `$scrypt$ln=14,r=8,p=1$${Buffer.from('SodiumChloride').toString('base64')}$${Buffer.from(RFC7914, 'hex').toString('base64')}`;
    assert.strictEqual(await verifyPassword(stored, 'pleaseletmein'), true);
    assert.strictEqual(await verifyPassword(stored, 'pleaseletmeout'), false);
  });

  it('reads and writes the mosquitto password_file hash ($7$, PBKDF2-SHA512)', async () => {
    assert.strictEqual(await verifyPassword(MOSQUITTO, 'secret'), true);
    assert.strictEqual(await verifyPassword(MOSQUITTO, 'Secret'), false);
    const mine = await hashMqttPassword('device-pass', 1000);
    assert.match(mine, /^\$7\$1000\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    assert.strictEqual(await verifyPassword(mine, 'device-pass'), true);
  });

  it('new web hashes are scrypt with a random salt; unknown formats and bad costs never match', async () => {
    const a = await hashWebPassword('pw', 10);
    const b = await hashWebPassword('pw', 10);
    assert.notStrictEqual(a, b);
    assert.ok(isSupportedHash(a) && (await verifyPassword(a, 'pw')));
    for (const bad of ['', 'pw', '$2b$10$abcdefghijklmnopqrstuuN6Eeq7hXjM1bWCZl6H4Glm8S7ZvE9S6', '$scrypt$ln=40,r=8,p=1$AAAA$AAAA', '$7$0$AAAA$AAAA']) {
      assert.strictEqual(await verifyPassword(bad, 'pw'), false, bad);
    }
  });

  it('hashes run off the event loop, a few at a time, and a flood beyond the queue is refused', async () => {
    const stored = await hashWebPassword('pw', 12);
    let turns = 0;
    const ticker = setInterval(() => { turns++; }, 0);
    const results = await Promise.allSettled(Array.from({ length: KDF_CONCURRENCY + KDF_QUEUE_LIMIT + 10 }, () => verifyPassword(stored, 'nope')));
    clearInterval(ticker);
    assert.ok(turns > 0, 'the event loop kept turning while the hashes ran');
    const busy = results.filter((r) => r.status === 'rejected' && r.reason instanceof KdfBusyError).length;
    assert.strictEqual(busy, 10);
    assert.ok(results.filter((r) => r.status === 'fulfilled').every((r) => (r as PromiseFulfilledResult<boolean>).value === false));
  });
});
