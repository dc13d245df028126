// Saving a file completely or not at all: what a reader of the folder sees is the old file or the whole new one,
// never half of it and never a temporary file left behind; names built from data stay inside the base folder.
import assert from 'assert';
import fs from 'fs';
import fsp from 'fs/promises';
import os from 'os';
import path from 'path';
import iconv from 'iconv-lite';
import { encodeText, numberedName, payloadBytes, resolveInside, saveFile, writeFileAtomic, writeFileAtomicSync, type AtomicFs } from '../../../lib/storage';

const dirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-atomic-'));
  dirs.push(dir);
  return dir;
}
const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
/** The code of a rejected save's CivicError key, e.g. 'outside'. */
async function kindOf(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (err) { return String((err as { key?: string }).key).replace('shared.file.errors.', ''); }
  return 'no error';
}
const fsError = (code: string) => Object.assign(new Error(`${code}: simulated, /secret/path`), { code });

describe('storage: files saved completely or not at all', () => {
  after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('writes a Shift_JIS CSV that reads back the same through iconv (CP932), with no temporary file left', async () => {
    const base = tmp();
    const text = '性別,年齢,住所\r\n女,70-74,石川県羽咋市\r\n男,90+,石川県羽咋郡志賀町\r\n①髙﨑,～,－\r\n';
    const { file, bytes } = await saveFile('outbox/run_匿名加工.csv', text, { base, encoding: 'shift_jis', createDir: true });
    assert.strictEqual(file, path.join(base, 'outbox', 'run_匿名加工.csv'));
    const raw = fs.readFileSync(file);
    assert.strictEqual(bytes, raw.length);
    assert.strictEqual(iconv.decode(raw, 'CP932'), text);
    assert.notStrictEqual(raw.toString('utf8'), text, 'not UTF-8');
    assert.deepStrictEqual(leftovers(path.join(base, 'outbox')), []);
  });

  it('writes UTF-8 with one BOM, objects as indented JSON, and a Buffer byte for byte', async () => {
    assert.deepStrictEqual([...encodeText('a', 'utf8-bom')], [0xef, 0xbb, 0xbf, 0x61]);
    assert.deepStrictEqual([...encodeText('\ufeffa', 'utf8-bom')], [0xef, 0xbb, 0xbf, 0x61], 'no second BOM');
    assert.deepStrictEqual([...encodeText('é', 'utf8')], [0xc3, 0xa9]);
    assert.strictEqual(payloadBytes({ k: 5, items: ['年齢'] }, 'utf8').toString('utf8'), '{\n  "k": 5,\n  "items": [\n    "年齢"\n  ]\n}');
    assert.strictEqual(payloadBytes(42, 'utf8').toString(), '42');
    const blob = Buffer.from([0, 255, 0x82, 0xa0]);
    assert.strictEqual(payloadBytes(blob, 'shift_jis'), blob);
    const base = tmp();
    await saveFile('report.json', { kind: 'processing-report' }, { base, encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(base, 'report.json'), 'utf8')), { kind: 'processing-report' });
  });

  it('refuses payloads that are not data (undefined, a function, a cyclic object), naming only the type', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const p of [undefined, null, () => 1, cyclic, Symbol('s')]) {
      assert.throws(() => payloadBytes(p, 'utf8'), (e: { key?: string }) => e.key === 'shared.file.errors.payload');
    }
  });

  it('overwrites by default, keeps both as "name (2).ext", "name (3).ext", or refuses when set to fail', async () => {
    const base = tmp();
    await saveFile('a.csv', 'one', { base });
    await saveFile('a.csv', 'two', { base });
    assert.strictEqual(fs.readFileSync(path.join(base, 'a.csv'), 'utf8'), 'two');
    const second = await saveFile('a.csv', 'three', { base, ifExists: 'keepBoth' });
    const third = await saveFile('a.csv', 'four', { base, ifExists: 'keepBoth' });
    assert.strictEqual(second.file, path.join(base, 'a (2).csv'));
    assert.strictEqual(third.file, path.join(base, 'a (3).csv'));
    assert.deepStrictEqual(['a.csv', 'a (2).csv', 'a (3).csv'].map((f) => fs.readFileSync(path.join(base, f), 'utf8')), ['two', 'three', 'four']);
    assert.strictEqual(await kindOf(saveFile('a.csv', 'five', { base, ifExists: 'fail' })), 'exists');
    assert.strictEqual(fs.readFileSync(path.join(base, 'a.csv'), 'utf8'), 'two');
    assert.strictEqual((await saveFile('b.csv', 'new', { base, ifExists: 'fail' })).file, path.join(base, 'b.csv'));
    assert.deepStrictEqual(leftovers(base), []);
    assert.strictEqual(numberedName('/x/report.tar.gz', 2), '/x/report.tar (2).gz');
    assert.strictEqual(numberedName('/x/README', 4), '/x/README (4)');
  });

  it('keeps both when ten writers save the same name at once: ten files, none lost', async () => {
    const base = tmp();
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => saveFile('same.txt', `w${i}`, { base, ifExists: 'keepBoth' })));
    assert.strictEqual(new Set(out.map((o) => o.file)).size, 10);
    assert.deepStrictEqual(fs.readdirSync(base).map((f) => fs.readFileSync(path.join(base, f), 'utf8')).sort(), Array.from({ length: 10 }, (_, i) => `w${i}`).sort());
  });

  it('refuses names built to leave the base folder (.., absolute paths elsewhere, a link out), writing nothing', async () => {
    const base = tmp();
    const outside = tmp();
    for (const name of ['../escape.csv', 'outbox/../../escape.csv', path.join(outside, 'escape.csv'), '/etc/passwd', '..', '.', 'a/../..']) {
      assert.throws(() => resolveInside(base, name), (e: { key?: string }) => e.key === 'shared.file.errors.outside', name);
      assert.strictEqual(await kindOf(saveFile(name, 'x', { base, createDir: true })), 'outside', name);
    }
    for (const name of [undefined, 42, '', '   ', 'a\0b', { toString: () => 'x' }]) {
      assert.strictEqual(await kindOf(saveFile(name, 'x', { base })), 'badName', String(name));
    }
    assert.strictEqual(resolveInside(base, path.join(base, 'in', 'ok.csv')), path.join(base, 'in', 'ok.csv'), 'an absolute path inside is fine');
    fs.symlinkSync(outside, path.join(base, 'link'));
    assert.strictEqual(await kindOf(saveFile('link/escape.csv', 'x', { base })), 'outside');
    // with "create the folder" on, not even an empty folder may appear on the far side of the link
    assert.strictEqual(await kindOf(saveFile('link/new/deeper/escape.csv', 'x', { base, createDir: true })), 'outside');
    assert.deepStrictEqual(fs.readdirSync(outside), []);
    assert.ok(!fs.existsSync(path.join(path.dirname(base), 'escape.csv')));
  });

  it('a disk that fills up halfway through leaves the old file byte for byte and no temporary file', async () => {
    const base = tmp();
    const target = path.join(base, 'report.json');
    const old = Buffer.from('{"old": true}\n');
    fs.writeFileSync(target, old);
    // the first write call puts half the bytes on disk, then the disk is full
    const failing: Partial<AtomicFs> = {
      open: async (file, flags, mode) => {
        const fh = await fsp.open(file, flags, mode);
        let calls = 0;
        return new Proxy(fh, { get: (t, prop) => (prop === 'write'
          ? async (buf: Buffer, off: number, len: number) => {
            if (calls++ > 0) throw fsError('ENOSPC');
            return t.write(buf, off, Math.ceil(len / 2));
          }
          : (typeof (t as any)[prop] === 'function' ? (t as any)[prop].bind(t) : (t as any)[prop])) });
      },
    };
    const err = await saveFile('report.json', 'x'.repeat(100000), { base, fs: failing }).then(() => undefined, (e: Error & { key?: string }) => e);
    assert.strictEqual(err?.key, 'shared.file.errors.diskFull');
    assert.ok(!err.message.includes('/secret/path') && !err.message.includes(base), 'the message names no path');
    assert.deepStrictEqual(fs.readFileSync(target), old);
    assert.deepStrictEqual(fs.readdirSync(base), ['report.json']);
  });

  it('a rename refused by the system leaves the old file and no temporary file; a missing folder is named as such', async () => {
    const base = tmp();
    const target = path.join(base, 'a.csv');
    fs.writeFileSync(target, 'old');
    const err = await writeFileAtomic(target, 'new', { fs: { rename: () => Promise.reject(fsError('EACCES')) } }).then(() => undefined, (e: { key?: string }) => e);
    assert.strictEqual(err?.key, 'shared.file.errors.permission');
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'old');
    assert.deepStrictEqual(fs.readdirSync(base), ['a.csv']);
    assert.strictEqual(await kindOf(saveFile('missing/a.csv', 'x', { base })), 'noFolder');
    fs.mkdirSync(path.join(base, 'folder'));
    assert.strictEqual(await kindOf(saveFile('folder', 'x', { base })), 'notFile');
  });

  it('the synchronous flavour replaces a file whole, with the mode asked for, and cleans up on error', () => {
    const base = tmp();
    const file = path.join(base, 'sub', 'secret.json');
    writeFileAtomicSync(file, '{"a":1}', { mode: 0o600, createDir: true });
    writeFileAtomicSync(file, '{"a":2}', { mode: 0o600 });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), '{"a":2}');
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
    fs.mkdirSync(path.join(base, 'dir'));
    assert.throws(() => writeFileAtomicSync(path.join(base, 'dir'), 'x'), /EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    assert.deepStrictEqual(leftovers(base), []);
    assert.deepStrictEqual(leftovers(path.join(base, 'sub')), []);
  });
});
