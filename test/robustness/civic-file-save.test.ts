// file-save under malformed messages and configs (see fuzz.ts for what every run asserts): whatever the file name and
// payload, nothing is written outside the base folder and no temporary file is left behind.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import fileSave from '../../nodes/civic-file-save/civic-file-save';
import { robustnessSuite, type Msg } from './fuzz';

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-fs-fuzz-'));
const folder = path.join(parent, 'base');
fs.mkdirSync(folder);

/** Every file below `dir` (relative names). */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? walk(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]));
}

robustnessSuite({
  type: 'civic-file-save', module: fileSave, outputs: 1, privacy: true, fixed: ['folder'],
  config: { folder, encoding: 'shift_jis', ifExists: 'keepBoth' },
  valid: (n: number): Msg[] => [{ filename: `run-${n}.csv`, payload: `性別,人数\r\n女,${n}\r\n` }],
  ready: (outs) => outs[0].length > 0,
  verify: () => {
    assert.deepStrictEqual(fs.readdirSync(parent), ['base'], 'nothing outside the base folder');
    assert.deepStrictEqual(walk(folder).filter((f) => /^\..*\.[0-9a-f]{12}\.tmp$/.test(path.basename(f))), [], 'no temporary file left');
  },
});

// the fuzz folder is this file's own (robustnessSuite knows nothing of it)
after(() => { fs.rmSync(parent, { recursive: true, force: true }); });
