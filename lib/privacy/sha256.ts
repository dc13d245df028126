// HMAC-SHA-256 with the key prepared once. Node's createHmac costs more to set up (a native object, the key
// padded and hashed into two SHA-256 states) than to hash a 10-byte identifier, and the de-identification hot path
// makes two MACs per record under one key. Here the two keyed states (key ⊕ ipad, key ⊕ opad: RFC 2104 section 2)
// are compressed once, so a short value costs two SHA-256 block compressions (FIPS 180-4 section 6.2.2).
// Output is bit for bit HMAC-SHA-256: RFC 4231 vectors and a cross-check against node:crypto in the tests.

// FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
// section 5.3.3: the initial hash value
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const W = new Int32Array(64);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// one block (section 6.2.2): `W[0..15]` holds the message block as big-endian words; `h` is updated in place
function compress(h: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = W[t - 15];
    const y = W[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  let a = h[0]; let b = h[1]; let c = h[2]; let d = h[3]; let e = h[4]; let f = h[5]; let g = h[6]; let k = h[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
}

let scratch = Buffer.alloc(256);

// the UTF-8 bytes of a string (as node:crypto hashes strings) in a reused buffer: ASCII without a copy through
// the encoder, the rest by Buffer.write (3 bytes per UTF-16 unit at most)
function utf8(s: string): number {
  if (scratch.length < 3 * s.length) scratch = Buffer.alloc(3 * s.length + 64);
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return scratch.write(s, 0, 'utf8');
    scratch[i] = c;
  }
  return n;
}

// hashes `len` bytes of `bytes` onto state `h`, with `prior` bytes already hashed into `h` (the padded key block)
function finish(h: Int32Array, bytes: Uint8Array, len: number, prior: number): void {
  let i = 0;
  for (; i + 64 <= len; i += 64) {
    for (let j = 0; j < 16; j++) {
      const p = i + 4 * j;
      W[j] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
    }
    compress(h);
  }
  // the tail, 0x80, zeros and the 64-bit bit length (section 5.1.1): one block, or two when the tail is 56+ bytes
  W.fill(0, 0, 16);
  const rest = len - i;
  for (let j = 0; j < rest; j++) W[j >> 2] |= bytes[i + j] << (24 - 8 * (j & 3));
  W[rest >> 2] |= 0x80 << (24 - 8 * (rest & 3));
  if (rest >= 56) {
    compress(h);
    W.fill(0, 0, 16);
  }
  const bits = (prior + len) * 8;
  W[14] = Math.floor(bits / 0x100000000);
  W[15] = bits | 0;
  compress(h);
}

/** SHA-256 (FIPS 180-4) of bytes, as 8 big-endian words. */
export function sha256Words(bytes: Uint8Array): Int32Array {
  const h = IV.slice();
  finish(h, bytes, bytes.length, 0);
  return h;
}

/** HMAC-SHA-256 (RFC 2104) under one key, the key's two padded blocks compressed once at construction. */
export class HmacSha256 {
  private readonly inner = IV.slice();
  private readonly outer = IV.slice();
  private readonly h = new Int32Array(8);

  constructor(key: string | Uint8Array) {
    let k = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    // RFC 2104 section 2: a key longer than the block is hashed first
    if (k.length > 64) k = wordsToBytes(sha256Words(k));
    for (const [state, pad] of [[this.inner, 0x36], [this.outer, 0x5c]] as const) {
      for (let j = 0; j < 16; j++) {
        let w = 0;
        for (let b = 0; b < 4; b++) w = (w << 8) | ((k[4 * j + b] ?? 0) ^ pad);
        W[j] = w;
      }
      compress(state);
    }
  }

  /** The MAC of `data` (strings as UTF-8) as 8 big-endian words, valid until the next call. */
  words(data: string | Uint8Array): Int32Array {
    const h = this.h;
    h.set(this.inner);
    if (typeof data === 'string') {
      const len = utf8(data);   // may replace the scratch buffer: read it after
      finish(h, scratch, len, 64);
    } else finish(h, data, data.length, 64);
    // the outer hash over the 32-byte inner digest: one block
    W.set(h, 0);
    W[8] = 0x80000000;
    W.fill(0, 9, 15);
    W[15] = (64 + 32) * 8;
    h.set(this.outer);
    compress(h);
    return h;
  }

  /** The first `digits` hex digits (at most 64) of the MAC of `data`. */
  hex(data: string | Uint8Array, digits = 64): string {
    const h = this.words(data);
    const n = digits >= 64 ? 64 : digits > 0 ? Math.floor(digits) : 0;   // as String#slice reads a length
    let out = '';
    for (let i = 0; i < n; i += 2) out += HEX[(h[i >> 3] >>> (24 - 4 * (i & 7))) & 0xff];
    return n & 1 ? out.slice(0, n) : out;
  }
}

function wordsToBytes(words: Int32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  words.forEach((w, i) => { out[4 * i] = w >>> 24; out[4 * i + 1] = w >>> 16; out[4 * i + 2] = w >>> 8; out[4 * i + 3] = w; });
  return out;
}
