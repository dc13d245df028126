// The HMAC-SHA-256 behind the pseudonyms, prepared once per key (lib/privacy/sha256.ts). SHA-256 itself against
// the NIST examples for FIPS 180-4 (CSRC "Cryptographic Standards and Guidelines: Examples with Intermediate Values",
// SHA256.pdf and SHA2_Additional.pdf: "abc", the 448-bit two-block message, the empty message, one million "a"),
// then the MAC bit for bit against node:crypto's createHmac over seeded keys and messages of every length around
// the 55/56/64-byte block boundaries, Japanese, astral and lone-surrogate text (the RFC 4231 vectors are in
// pseudonym.test.ts). The per-policy pseudonymiser must give exactly what pseudonymizeChecked gives.
import assert from 'assert';
import { createHmac } from 'crypto';
import { dateShiftDays, pseudonymizeChecked, pseudonymizer, rng } from '../../../lib/privacy';
import { HmacSha256, sha256Words } from '../../../lib/privacy/sha256';

function hex(words: Int32Array): string {
  return [...words].map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}

function randomText(r: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const q = r();
    if (q < 0.55) s += String.fromCharCode(0x20 + Math.floor(r() * 95));
    else if (q < 0.8) s += String.fromCharCode(0x3041 + Math.floor(r() * 0x5000));   // kana and kanji: 3 bytes in UTF-8
    else if (q < 0.9) s += String.fromCodePoint(0x1f300 + Math.floor(r() * 0x200)); // astral: 4 bytes
    else if (q < 0.95) s += String.fromCharCode(0x80 + Math.floor(r() * 0x700));    // 2 bytes
    else s += String.fromCharCode(0xd800 + Math.floor(r() * 0x800));                 // a lone surrogate
  }
  return s;
}

describe('privacy: HMAC-SHA-256 with the key prepared once', () => {
  it('hashes the FIPS 180-4 examples (NIST CSRC SHA256.pdf, SHA2_Additional.pdf)', () => {
    assert.strictEqual(hex(sha256Words(Buffer.from('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.strictEqual(hex(sha256Words(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    assert.strictEqual(hex(sha256Words(new Uint8Array(0))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.strictEqual(hex(sha256Words(Buffer.alloc(1_000_000, 'a'))), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('gives createHmac\'s MAC for keys of 0–150 bytes and messages of 0–200 characters, as text and as bytes', () => {
    const r = rng(4231);
    const lengths = [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200];
    for (let i = 0; i < 600; i++) {
      const key = Buffer.from(Array.from({ length: Math.floor(r() * 151) }, () => Math.floor(r() * 256)));
      const mac = new HmacSha256(i % 2 ? key : key.toString('latin1'));
      const keyBytes = i % 2 ? key : Buffer.from(key.toString('latin1'), 'utf8');
      const length = i < lengths.length * 4 ? lengths[i % lengths.length] : Math.floor(r() * 201);
      const text = i % 3 ? randomText(r, length) : 'x'.repeat(length);
      assert.strictEqual(mac.hex(text), createHmac('sha256', keyBytes).update(text).digest('hex'), `text of ${length} characters`);
      const bytes = Buffer.from(Array.from({ length }, () => Math.floor(r() * 256)));
      assert.strictEqual(mac.hex(bytes), createHmac('sha256', keyBytes).update(bytes).digest('hex'), `${length} bytes`);
    }
  });

  it('keeps the MAC of a text longer than its buffer, and cuts hex output where String#slice would', () => {
    const mac = new HmacSha256('hakui-city-pseudonym-key-2024');
    const long = randomText(rng(1), 5000);
    const full = createHmac('sha256', 'hakui-city-pseudonym-key-2024').update(long).digest('hex');
    assert.strictEqual(mac.hex(long), full);
    for (const digits of [1, 8, 15, 16, 16.5, 63, 64, 65, 0, Number.NaN]) assert.strictEqual(mac.hex(long, digits), full.slice(0, digits), `${digits} digits`);
  });

  it('pseudonymises and shifts dates exactly as the one-shot HMAC does', () => {
    const key = 'bench-secret-key-0123456789abcdef';
    const r = rng(17);
    const options = [{}, { domain: 'kdb', prefix: 'K-', length: 20 }, { length: 8 }, { length: 64 }, { length: 17 }, { length: 3 }, { length: 99 }];
    for (const o of options) {
      const fast = pseudonymizer(key, o);
      for (let i = 0; i < 200; i++) {
        const value = i % 4 === 0 ? Math.floor(r() * 1e12) : i % 4 === 1 ? `A${String(i).padStart(8, '0')}` : randomText(r, 1 + Math.floor(r() * 30));
        assert.strictEqual(fast(value), pseudonymizeChecked(key, value, o));
        const prefix = o.prefix ?? 'P-';
        const norm = pseudonymizeChecked(key, value, o).slice(prefix.length);
        const data = o.domain ? `${o.domain}\u0000` : '';
        const digits = Math.max(8, Math.min(64, o.length ?? 16));
        assert.strictEqual(norm, createHmac('sha256', key).update(data + normalized(value)).digest('hex').slice(0, digits));
      }
    }
    for (let i = 0; i < 200; i++) {
      const id = `A${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
      const first = createHmac('sha256', key).update(`date-shift\u0000${id}`).digest().readUInt32BE(0);
      assert.strictEqual(dateShiftDays(key, id, 30), (first % 61) - 30);
    }
  });
});

// the normalisation pseudonyms apply (lib/privacy/normalize.ts), restated for the reference MAC above
function normalized(value: unknown): string {
  const s = String(value);
  if (/^[\x21-\x7e]*$/.test(s)) return s;
  return s.normalize('NFKC').replace(/[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u02D7\u30FC\uFE63\uFF0D\uFF70]/g, '-')
    .replace(/\s+/g, ' ').trim();
}
