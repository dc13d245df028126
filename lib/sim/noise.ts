// Deterministic noise: every value is a pure function of (seed, device, channel, time), so the same seed and the
// same timestamps give the same output whatever order or rate the simulator is ticked at.

/** 32-bit integer hash (murmur3 finaliser) of several integers. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ (v | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Uniform number in [0, 1) from the hash of the arguments. */
export function uniform(...values: number[]): number {
  return hashInts(...values) / 4294967296;
}

/** Smooth noise in [-1, 1]: cosine interpolation between hashed knots `periodMs` apart. */
export function smoothNoise(seed: number, device: number, channel: number, t: number, periodMs: number): number {
  const k = Math.floor(t / periodMs);
  const f = (t - k * periodMs) / periodMs;
  const a = uniform(seed, device, channel, k) * 2 - 1;
  const b = uniform(seed, device, channel, k + 1) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}

/** Small per-timestamp jitter in [-1, 1] (sensor noise). */
export function jitter(seed: number, device: number, channel: number, t: number): number {
  return uniform(seed, device, channel, Math.floor(t / 1000), 7) * 2 - 1;
}
