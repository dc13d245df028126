// Files written completely or not at all (no Node-RED import): the content goes to a unique temporary name in the
// target's folder (`.<name>.<random>.tmp`), is fsync'd, then renamed over the target (or linked to a free name), and
// the folder is fsync'd where the filesystem allows it. On any error the temporary file is removed and an existing
// target is left exactly as it was, so a reader watching the folder never sees half a file. Names that come from
// messages are confined to a base folder. Errors are CivicErrors `shared.file.errors.<kind>` that never carry the
// path or the content (file names are built from data).
import crypto from 'crypto';
import fs from 'fs';
import fsp from 'fs/promises';
import path from 'path';
import { CivicError } from '../errors';
import { toCp932 } from './shift-jis';

/** Text encodings a saved file can have (a Buffer payload is written as it is). */
export const FILE_ENCODINGS = ['utf8', 'utf8-bom', 'shift_jis'] as const;
export type FileEncoding = typeof FILE_ENCODINGS[number];
/** What to do when the target exists: replace it, write next to it as `name (2).ext`, or refuse. */
export const IF_EXISTS = ['overwrite', 'keepBoth', 'fail'] as const;
export type IfExists = typeof IF_EXISTS[number];
/** Characters the encoding cannot hold (Shift_JIS: 𠮷, é…): write "?" for each and say how many, or save nothing. */
export const UNMAPPABLE = ['replace', 'refuse'] as const;
export type Unmappable = typeof UNMAPPABLE[number];
/** Bytes of a text or payload, and how many of its characters the encoding could not hold (written as "?"). */
export interface Encoded { bytes: Buffer; unmappable: number }

/** The filesystem calls a save makes (fs/promises); tests inject failures through it. */
export interface AtomicFs {
  open: (file: string, flags: string, mode?: number) => Promise<fsp.FileHandle>;
  rename: (from: string, to: string) => Promise<void>;
  link: (from: string, to: string) => Promise<void>;
  unlink: (file: string) => Promise<void>;
  mkdir: (dir: string, options: { recursive: true }) => Promise<unknown>;
  realpath: (file: string) => Promise<string>;
}
const REAL_FS: AtomicFs = { open: fsp.open, rename: fsp.rename, link: fsp.link, unlink: fsp.unlink, mkdir: fsp.mkdir, realpath: fsp.realpath };

/** Options of writeFileAtomic. */
export interface AtomicOptions {
  /** overwrite (default), keepBoth, fail. */
  ifExists?: IfExists;
  /** File mode of a new file (e.g. 0o600 for secrets); default 0o666 less the umask. */
  mode?: number;
  /** Create the target's folder (with its parents) when it is missing. */
  createDir?: boolean;
  /** Injected filesystem (tests). */
  fs?: Partial<AtomicFs>;
}

/** The error kind (catalog key `shared.file.errors.<kind>`) of a filesystem error code. */
export function fileErrorKind(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC': case 'EDQUOT': return 'diskFull';
    case 'EACCES': case 'EPERM': case 'EROFS': return 'permission';
    case 'EEXIST': return 'exists';
    case 'ENOENT': return 'noFolder';
    case 'EISDIR': case 'ENOTDIR': case 'ENOTEMPTY': return 'notFile';
    default: return 'io';
  }
}

/** A CivicError for a failed save that names the kind of failure (and the error code), never the path. */
export function fileError(err: unknown): CivicError {
  if (err instanceof CivicError) return err;
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'EIO';
  const kind = fileErrorKind(code);
  return new CivicError(`shared.file.errors.${kind}`, { code }, `file not saved: ${kind} (${code})`);
}

/** A unique temporary name next to `file`: `.<name>.<random>.tmp` (hidden, so most watchers skip it). */
export function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
}

/** `name.ext` → `name (n).ext` (the way file managers keep both). */
export function numberedName(file: string, n: number): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)} (${n})${ext}`;
}

/**
 * Text → bytes in one of FILE_ENCODINGS (a UTF-8 BOM is added once; Shift_JIS as Windows writes it, CP932, see
 * shift-jis.ts), with the count of characters written as "?" because the encoding has none (UTF-8: always 0).
 */
export function encodeTextChecked(text: string, encoding: FileEncoding): Encoded {
  if (encoding === 'shift_jis') return toCp932(text);
  const body = Buffer.from(text, 'utf8');
  return { bytes: encoding === 'utf8-bom' && !text.startsWith('\ufeff') ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body, unmappable: 0 };
}

/** Text → bytes in one of FILE_ENCODINGS (see encodeTextChecked). */
export function encodeText(text: string, encoding: FileEncoding): Buffer {
  return encodeTextChecked(text, encoding).bytes;
}

/** A message payload → bytes: Buffer as it is, text encoded, numbers and booleans as text, objects as pretty JSON. */
export function payloadEncoded(payload: unknown, encoding: FileEncoding): Encoded {
  if (Buffer.isBuffer(payload)) return { bytes: payload, unmappable: 0 };
  if (payload instanceof Uint8Array) return { bytes: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), unmappable: 0 };
  if (typeof payload === 'string') return encodeTextChecked(payload, encoding);
  if (typeof payload === 'number' || typeof payload === 'boolean' || typeof payload === 'bigint') return encodeTextChecked(String(payload), encoding);
  if (payload !== null && typeof payload === 'object') {
    let text: string | undefined;
    try { text = JSON.stringify(payload, null, 2); } catch { text = undefined; }
    if (typeof text === 'string') return encodeTextChecked(text, encoding);
  }
  throw new CivicError('shared.file.errors.payload', { type: payload === null ? 'null' : typeof payload }, 'the payload cannot be written to a file');
}

/** The bytes of payloadEncoded. */
export function payloadBytes(payload: unknown, encoding: FileEncoding): Buffer {
  return payloadEncoded(payload, encoding).bytes;
}

/**
 * The absolute path `name` (relative to `base`, or absolute) names inside `base`; throws `shared.file.errors.outside`
 * for a path that leaves it (`..`, another root) and `badName` for a name that is not a usable text.
 */
export function resolveInside(base: string, name: unknown): string {
  if (typeof name !== 'string' || !name.trim() || name.includes('\0')) {
    throw new CivicError('shared.file.errors.badName', { type: typeof name }, 'the file name is missing or not a text');
  }
  const root = path.resolve(base);
  const full = path.resolve(root, name);
  const rel = path.relative(root, full);
  if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new CivicError('shared.file.errors.outside', {}, 'the file name points outside the base folder');
  }
  return full;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its deepest existing folder with the missing rest appended (nothing there to follow). */
async function realOrAncestor(io: AtomicFs, p: string): Promise<string> {
  const missing: string[] = [];
  for (let cur = p; ; cur = path.dirname(cur)) {
    try {
      return path.join(await io.realpath(cur), ...missing);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT' || path.dirname(cur) === cur) throw err;
      missing.unshift(path.basename(cur));
    }
  }
}

async function writeAll(fh: fsp.FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
}

/** fsync of a folder, so a rename survives a power cut; some filesystems (and Windows) cannot, which is fine. */
export function syncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch { /* not supported here */ } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/** Puts the finished temporary file at `file` (or a free `file (n)`) by the rule; returns the final path. */
async function place(io: AtomicFs, tmp: string, file: string, ifExists: IfExists): Promise<string> {
  if (ifExists === 'overwrite') { await io.rename(tmp, file); return file; }
  for (let n = 1; n <= 9999; n++) {
    const target = n === 1 ? file : numberedName(file, n);
    try {
      await io.link(tmp, target);               // fails with EEXIST instead of replacing: no race with another writer
      await io.unlink(tmp).catch(() => undefined);
      return target;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EEXIST') {
        if (ifExists === 'fail') throw new CivicError('shared.file.errors.exists', {}, 'the file exists already');
        continue;
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
      // a filesystem without hard links (FAT, some network shares): check, then rename
      if (fs.existsSync(target)) {
        if (ifExists === 'fail') throw new CivicError('shared.file.errors.exists', {}, 'the file exists already');
        continue;
      }
      await io.rename(tmp, target);
      return target;
    }
  }
  throw new CivicError('shared.file.errors.tooMany', {}, 'too many files of this name');
}

/**
 * Writes `data` to `file` completely or not at all (temporary file, fsync, rename or link, fsync of the folder);
 * returns the path written (another one under keepBoth). On error the temporary file is gone and an existing
 * target unchanged; the error is a CivicError `shared.file.errors.<kind>`.
 */
export async function writeFileAtomic(file: string, data: Buffer | string, options: AtomicOptions = {}): Promise<string> {
  const io: AtomicFs = { ...REAL_FS, ...options.fs };
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const dir = path.dirname(file);
  let tmp: string | undefined;
  try {
    if (options.createDir) await io.mkdir(dir, { recursive: true });
    tmp = tempName(file);
    const fh = await io.open(tmp, 'wx', options.mode);
    try {
      await writeAll(fh, bytes);
      await fh.sync();
    } finally { await fh.close(); }
    const written = await place(io, tmp, file, options.ifExists ?? 'overwrite');
    tmp = undefined;
    syncDirSync(dir);
    return written;
  } catch (err) {
    if (tmp !== undefined) await io.unlink(tmp).catch(() => undefined);
    throw fileError(err);
  }
}

/**
 * The same for code that must stay synchronous (start-up scripts, small state files): temporary file, fsync,
 * rename over `file`, fsync of the folder; the temporary file is removed on error (the original error is thrown).
 */
export function writeFileAtomicSync(file: string, data: Uint8Array | string, options: { mode?: number; createDir?: boolean } = {}): void {
  if (options.createDir) fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempName(file);
  try {
    const fd = fs.openSync(tmp, 'wx', options.mode);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally { fs.closeSync(fd); }
    fs.renameSync(tmp, file);
  } catch (err) {
    try { fs.unlinkSync(tmp); } catch { /* not created */ }
    throw err;
  }
  syncDirSync(path.dirname(file));
}

/** Options of saveFile: the base folder names are confined to, the encoding of text, and the write options. */
export interface SaveOptions extends AtomicOptions {
  /** Absolute folder every name must stay inside. */
  base: string;
  encoding?: FileEncoding;
  /** replace (default): "?" for each character the encoding cannot hold; refuse: save nothing (error unmappable). */
  unmappable?: Unmappable;
}

/**
 * Saves a message payload under `name` inside `options.base` (see resolveInside, payloadBytes, writeFileAtomic);
 * a folder reached through a link that leaves the base is refused as well. Returns the final path, its size and how
 * many characters were written as "?" (under `unmappable: 'refuse'` such a payload is refused before anything is made).
 */
export async function saveFile(name: unknown, payload: unknown, options: SaveOptions): Promise<{ file: string; bytes: number; unmappable: number }> {
  const io: AtomicFs = { ...REAL_FS, ...options.fs };
  const file = resolveInside(options.base, name);
  const { bytes, unmappable } = payloadEncoded(payload, options.encoding ?? 'utf8');
  if (unmappable > 0 && options.unmappable === 'refuse') {
    throw new CivicError('shared.file.errors.unmappable', { count: unmappable }, 'characters the encoding cannot hold');
  }
  const outside = () => new CivicError('shared.file.errors.outside', {}, 'the file name points outside the base folder');
  const dir = path.dirname(file);
  try {
    // checked before a folder is made (a link inside the base must not get even an empty folder made beyond it), and
    // again after, on the real folders
    if (!isInside(await realOrAncestor(io, path.resolve(options.base)), await realOrAncestor(io, dir))) throw outside();
    if (options.createDir) await io.mkdir(dir, { recursive: true });
    const [root, real] = await Promise.all([io.realpath(path.resolve(options.base)), io.realpath(dir)]);
    if (!isInside(root, real)) throw outside();
  } catch (err) { throw fileError(err); }
  const written = await writeFileAtomic(file, bytes, { ...options, createDir: false });
  return { file: written, bytes: bytes.length, unmappable };
}
