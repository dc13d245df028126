// An exclusive lock on a queue folder, so that two nodes (in one Node-RED or in two processes) never append to and
// acknowledge the same queue. The lock is a file created with O_EXCL holding its owner: process id, host, boot id
// and the process's start time (Linux /proc), so that a lock left by a process that died — SIGKILL, power cut —
// is recognised as stale at once (no waiting for a timeout) even when a new process got the same pid.
import crypto from 'crypto';
import fs from 'fs';
import fsp from 'fs/promises';
import os from 'os';
import path from 'path';
import { CivicError } from '../errors';

/** Who holds a queue folder. */
export interface LockOwner { pid: number; host: string; boot?: string; start?: string; token: string; label?: string }

/** A held lock; `release()` removes it (only if it is still ours). */
export interface DirLock { owner: LockOwner; release(): Promise<void> }

const LOCK_FILE = 'queue.lock';
/** Locks held by this process, by folder: a second node of the same Node-RED is refused without touching files. */
const heldHere = new Map<string, LockOwner>();

function readProc(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}

/** Start time of a process in clock ticks since boot (Linux), to tell a live owner from a reused pid. */
function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function bootId(): string | undefined {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim();
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** True when the recorded owner certainly no longer runs (same host: dead pid, other boot, or a reused pid). */
export function isStale(owner: LockOwner, self: Pick<LockOwner, 'pid' | 'host' | 'boot'> = { pid: process.pid, host: os.hostname(), boot: bootId() }): boolean {
  if (owner.host !== self.host) return false;                       // cannot look into another machine: keep it
  if (owner.boot && self.boot && owner.boot !== self.boot) return true;
  if (owner.pid === self.pid) return true;                          // ours but not in heldHere: left by an earlier run
  if (!alive(owner.pid)) return true;
  const start = processStart(owner.pid);
  return !!(owner.start && start && owner.start !== start);
}

function lockedError(dir: string, owner: Partial<LockOwner>): CivicError {
  return new CivicError('civic-influx-buffer.errors.locked',
    { dir, pid: owner.pid ?? 0, host: owner.host ?? '?', label: owner.label ?? '' },
    `the queue folder ${dir} is in use by ${owner.label ? `${owner.label}, ` : ''}process ${owner.pid} on ${owner.host}`);
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as LockOwner;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? parsed : undefined;
  } catch { return undefined; }
}

/** Moves a stale lock out of the way, unless another process replaced it meanwhile (then that one is kept). */
async function breakStale(file: string, stale: LockOwner | undefined): Promise<void> {
  const aside = `${file}.stale-${crypto.randomBytes(4).toString('hex')}`;
  try { await fsp.rename(file, aside); } catch { return; }
  const moved = await readOwner(aside);
  if (stale && moved && moved.token !== stale.token) {
    await fsp.link(aside, file).catch(() => undefined);             // a live lock taken meanwhile: put it back
  }
  await fsp.rm(aside, { force: true });
}

/**
 * Takes the lock of `dir` (created if missing) for this process; `label` names the holder in errors (a node id).
 * Throws CivicError `civic-influx-buffer.errors.locked` with the owner (dir, pid, host, label) when it is held.
 */
export async function lockDirectory(dir: string, label?: string): Promise<DirLock> {
  const key = path.resolve(dir);
  const here = heldHere.get(key);
  if (here) throw lockedError(dir, here);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), boot: bootId(), start: processStart(process.pid),
    token: crypto.randomBytes(8).toString('hex'), label };
  heldHere.set(key, owner);                 // before any await: a sibling node starting at the same moment sees it
  const file = path.join(dir, LOCK_FILE);
  try {
    await fsp.mkdir(dir, { recursive: true });
    await createLockFile(dir, file, owner);
  } catch (err) {
    heldHere.delete(key);
    throw err;
  }
  return {
    owner,
    release: async () => {
      if (heldHere.get(key)?.token === owner.token) heldHere.delete(key);
      const current = await readOwner(file);
      if (current?.token === owner.token) await fsp.rm(file, { force: true });
    },
  };
}

async function createLockFile(dir: string, file: string, owner: LockOwner): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.writeFile(file, JSON.stringify(owner), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = await readOwner(file);
      if (attempt > 0 || (current && !isStale(current))) throw lockedError(dir, current ?? {});
      if (!current && Date.now() - (await fsp.stat(file).then((s) => s.mtimeMs, () => 0)) < 5000) {
        throw lockedError(dir, {});                                  // being written by another process right now
      }
      await breakStale(file, current);
    }
  }
}
