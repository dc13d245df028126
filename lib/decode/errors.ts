// Errors and number helpers shared by the decoders. Every payload problem is a CivicError whose key lives in the
// sensor-decode catalog (`civic-sensor-decode.errors.<name>`) and whose params name the byte offset where it went wrong.
import { CivicError } from '../errors';

/** A decode error with the catalog key `civic-sensor-decode.errors.<name>`. */
export function decodeError(name: string, params: Record<string, string | number>, english: string): CivicError {
  return new CivicError(`civic-sensor-decode.errors.${name}`, params, english);
}

/** Throws a "truncated" error unless `bytes` holds `need` bytes from `offset`. */
export function need(bytes: Uint8Array, offset: number, need: number, what: string): void {
  if (offset + need > bytes.length) {
    throw decodeError('truncated', { offset, expected: need, got: Math.max(0, bytes.length - offset), what },
      `byte ${offset}: frame truncated: ${what} needs ${need} bytes, only ${Math.max(0, bytes.length - offset)} left`);
  }
}

/** Two-digit upper-case hex of a byte, for messages ("0x99"). */
export function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** Removes binary floating-point noise from a scaled value (0.1 × 3 → 0.3, 27.200000000000003 → 27.2). */
export function clean(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  const r = Number(x.toPrecision(12));
  return r === 0 ? 0 : r;
}

/** The shortest decimal that reads back as the same float32 (27.200000762939453 → 27.2). */
export function cleanFloat32(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  // Float32 carries 6-9 significant digits. Rounding to 6 digits already gives the shortest decimal whenever that has
  // ≤ 6 digits (x lies within half a float32 ulp, ~3e-8 relative, of it); otherwise try 7, 8, then 9 (always exact).
  for (let p = 6; p < 9; p++) {
    const candidate = Number(x.toPrecision(p));
    if (Math.fround(candidate) === x) return candidate;
  }
  return Number(x.toPrecision(9));
}

/** The divisor k when `scale` is 1/k for a whole k (0.1 → 10), else 0. */
export function divisorOf(scale: number): number {
  const k = Math.round(1 / scale);
  return k !== 0 && Math.abs(1 / scale - k) < 1e-9 ? k : 0;
}

/**
 * Applies `raw × scale + offset` without float noise: a scale of 1/k (0.1, 0.01, 0.001) is a division by k, which
 * gives the double nearest the decimal (272 × 0.1 → 27.2, not 27.200000000000003); other results are cleaned.
 */
export function scaleValue(raw: number, scale: number, offset: number, divisor = divisorOf(scale)): number {
  if (scale === 1 && offset === 0) return raw;
  const v = divisor !== 0 && Number.isInteger(raw) ? raw / divisor : clean(raw * scale);
  return offset === 0 ? v : clean(v + offset);
}
