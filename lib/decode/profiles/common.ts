// Pieces every device profile shares: byte readers, the fPort check, and the profile contract.
import { decodeError } from '../errors';
import type { Decoded } from '../values';

/** A device profile: a model name and a decode function over the frame bytes (fPort when the uplink gives one). */
export interface Profile {
  id: string;
  vendor: string;
  model: string;
  /** what the profile expects, for the help and the README */
  summary: string;
  decode(bytes: Uint8Array, fPort?: number): Decoded;
}

export const u16be = (b: Uint8Array, i: number): number => (b[i] << 8) | b[i + 1];
export const i16be = (b: Uint8Array, i: number): number => ((b[i] << 8) | b[i + 1]) << 16 >> 16;
export const u16le = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
export const i16le = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8)) << 16 >> 16;
export const i32le = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
export const u32le = (b: Uint8Array, i: number): number => i32le(b, i) >>> 0;
export const u32be = (b: Uint8Array, i: number): number => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
export const i32be = (b: Uint8Array, i: number): number => (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
export const i8 = (b: Uint8Array, i: number): number => (b[i] << 24) >> 24;

/** Hex text of `bytes[from, to)`, upper case, no separators. */
export function hexOf(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.subarray(from, to)).toString('hex').toUpperCase();
}

/** Refuses a frame sent on another fPort than the profile's measurement port(s) (when the uplink says which). */
export function checkPort(fPort: number | undefined, expected: number[], model: string): void {
  if (fPort !== undefined && !expected.includes(fPort)) {
    throw decodeError('wrongPort', { offset: 0, fPort, expected: expected.join(', '), model },
      `fPort ${fPort} is not a ${model} frame (fPort ${expected.join(', ')})`);
  }
}
