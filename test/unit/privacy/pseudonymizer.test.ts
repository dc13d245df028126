// The pseudonymiser a policy builds once per rule (the key made a node:crypto KeyObject once, the options read
// once) must give exactly what pseudonymizeChecked gives and what a one-shot createHmac with the key string gives,
// for every option and for values in every script (the RFC 4231 vectors and the OpenSSL-pinned pseudonyms are in
// pseudonym.test.ts). The date offset likewise.
import assert from 'assert';
import { createHmac } from 'crypto';
import { dateShiftDays, pseudonymize, pseudonymizeChecked, pseudonymizer, rng } from '../../../lib/privacy';

function randomText(r: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const q = r();
    if (q < 0.55) s += String.fromCharCode(0x20 + Math.floor(r() * 95));
    else if (q < 0.8) s += String.fromCharCode(0x3041 + Math.floor(r() * 0x5000));   // kana and kanji
    else if (q < 0.9) s += String.fromCharCode(0xff10 + Math.floor(r() * 0x40));     // full-width digits and letters
    else s += String.fromCodePoint(0x1f300 + Math.floor(r() * 0x200));               // astral
  }
  return s;
}

// the normalisation pseudonyms apply (lib/privacy/normalize.ts), restated for the reference MAC
function normalized(value: unknown): string {
  const s = String(value);
  if (/^[\x21-\x7e]*$/.test(s)) return s;
  return s.normalize('NFKC').replace(/[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u02D7\u30FC\uFE63\uFF0D\uFF70]/g, '-')
    .replace(/\s+/g, ' ').trim();
}

describe('privacy: the pseudonymiser built once per rule', () => {
  it('gives what pseudonymizeChecked and a one-shot createHmac give, for every option', () => {
    const r = rng(4231);
    const options = [{}, { domain: 'kdb', prefix: 'K-', length: 20 }, { length: 8 }, { length: 64 }, { length: 17 }, { length: 3 }, { length: 99 }];
    for (const key of ['bench-secret-key-0123456789abcdef', '羽咋市の仮名化キー・二〇二四年度版です', 'k'.repeat(200)]) {
      for (const o of options) {
        const fast = pseudonymizer(key, o);
        for (let i = 0; i < 150; i++) {
          const value = i % 4 === 0 ? Math.floor(r() * 1e12) : i % 4 === 1 ? `A${String(i).padStart(8, '0')}` : randomText(r, 1 + Math.floor(r() * 30));
          const digits = Math.max(8, Math.min(64, o.length ?? 16));
          const data = (o.domain ? `${o.domain}\u0000` : '') + normalized(value);
          const expected = (o.prefix ?? 'P-') + createHmac('sha256', key).update(data).digest('hex').slice(0, digits);
          assert.strictEqual(fast(value), expected);
          assert.strictEqual(pseudonymizeChecked(key, value, o), expected);
          assert.strictEqual(pseudonymize(key, value, o), expected);
        }
      }
    }
  });

  it('keeps each key apart when calls alternate between keys', () => {
    const a = 'first-key-0123456789';
    const b = 'second-key-0123456789';
    for (const v of ['A00000042', '１２３４－５６７８', 'x']) {
      const ra = pseudonymize(a, v);
      const rb = pseudonymize(b, v);
      assert.notStrictEqual(ra, rb);
      assert.strictEqual(pseudonymize(a, v), ra);
      assert.strictEqual(ra, `P-${createHmac('sha256', a).update(normalized(v)).digest('hex').slice(0, 16)}`);
      assert.strictEqual(dateShiftDays(b, v, 30), (createHmac('sha256', b).update(`date-shift\u0000${normalized(v)}`).digest().readUInt32BE(0) % 61) - 30);
    }
  });

  it('shifts dates by the offset a one-shot createHmac gives', () => {
    const key = 'bench-secret-key-0123456789abcdef';
    const r = rng(17);
    for (let i = 0; i < 300; i++) {
      const id = `A${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
      const range = 1 + Math.floor(r() * 60);
      const first = createHmac('sha256', key).update(`date-shift\u0000${id}`).digest().readUInt32BE(0);
      assert.strictEqual(dateShiftDays(key, id, range), (first % (2 * range + 1)) - range);
    }
  });
});
