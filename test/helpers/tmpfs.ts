// A real small file system for disk-full tests: a tmpfs of a few hundred KiB mounted on a temp folder (needs root,
// which CI has). A real ENOSPC beats an emulation. Where mounting is impossible the caller's suite is pending with
// the reason, except in CI (CI=true), where that fails.
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

export interface SmallDisk {
  dir: string;
  /** grows (or shrinks) the file system to `kib` KiB: "space freed" without touching its files */
  resize(kib: number): void;
  /** bytes used on the file system */
  used(): number;
  unmount(): void;
}

/** Mounts a tmpfs of `kib` KiB on a new temp folder; when mounting is impossible, the reason as text. */
export function mountSmallDisk(kib: number): SmallDisk | string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-smalldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs (${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()})`;
  }
  return {
    dir,
    resize: (size) => { execFileSync('mount', ['-o', `remount,size=${size}k`, dir], { stdio: 'pipe' }); },
    used: () => { const s = fs.statfsSync(dir); return (s.blocks - s.bfree) * s.bsize; },
    unmount: () => {
      try { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); } catch { /* already gone */ }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For a mocha `before`: the mounted disk, or pending (outside CI) / failing (CI) with the reason. */
export function requireSmallDisk(ctx: Mocha.Context, kib: number): SmallDisk {
  const disk = mountSmallDisk(kib);
  if (typeof disk !== 'string') return disk;
  if (process.env.CI === 'true') throw new Error(`${disk}: required in CI (run as root)`);
  console.log(`      pending: ${disk}`);
  ctx.skip();
  throw new Error('unreachable');
}
