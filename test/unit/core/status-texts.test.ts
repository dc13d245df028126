// Status texts a user reads under each node on the canvas: full words, short by meaning, never cut (issue 15,
// part 7: "0 alert · 0 open · …" could not be read). Every node's status catalog entries in both languages are
// rendered with wide sample values and must fit node-kit's STATUS_WIDTH; a key `<name>Short` is the shorter wording
// statusText falls back to, so then that one must fit. The statuses nodes set while running are checked by the
// robustness suite (test/robustness/fuzz.ts, checkDelivery) with isReadableStatus.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import type { NodeAPI } from 'node-red';
import { STATUS_WIDTH, errorStatus, shortStatus, statusText, statusWidth } from '../../../node-kit';
import { CivicError } from '../../../lib/errors';

import { repoRoot } from '../../security/secrets';

// the catalogs as written (the build merges the shared ones into each node's copy)
const nodesDir = path.join(repoRoot(), 'nodes');
const kitDir = path.join(repoRoot(), 'node-kit', 'locales');

/** Wide but realistic values for each placeholder name the catalogs use (unknown names get a 5-digit count). */
const SAMPLES: Record<string, string> = {
  value: '12.34', vpd: '1.23', encoding: 'Shift_JIS', sex: '男性', grade: 'A', progress: ' 100%', port: '16520',
  index: '12', count: '12345', owned: '64', error: 'ECONNREFUSED', devices: '10000', rounds: '12345', topics: '12345', code: 'ENOSPC',
  status: '503',
};
const render = (text: string) => text.replace(/__(\w+)__/g, (_m, name: string) => SAMPLES[name] ?? '12345');

/** A catalog key under `status` that the node's source only ever logs (never passes to node.status) is no status. */
function onlyLogged(type: string, key: string): boolean {
  const source = path.join(nodesDir, type, `${type}.ts`);
  if (!fs.existsSync(source)) return false;
  const lines = fs.readFileSync(source, 'utf8').split('\n').filter((l) => l.includes(`.status.${key}'`));
  return lines.length > 0 && lines.every((l) => /\.(log|warn|error)\(/.test(l) && !/status\(/.test(l));
}

function catalogs(): Array<{ file: string; lang: string; status: Record<string, string> }> {
  const out: Array<{ file: string; lang: string; status: Record<string, string> }> = [];
  for (const type of fs.readdirSync(nodesDir)) {
    for (const lang of ['en-US', 'ja']) {
      const file = path.join(nodesDir, type, 'locales', lang, `${type}.json`);
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      const status = Object.fromEntries(Object.entries((json[type]?.status ?? {}) as Record<string, string>).filter(([k]) => !onlyLogged(type, k)));
      out.push({ file: `${type}/${lang}`, lang, status });
    }
  }
  for (const lang of ['en-US', 'ja']) {
    out.push({ file: `shared/${lang}`, lang, status: JSON.parse(fs.readFileSync(path.join(kitDir, lang, 'shared.json'), 'utf8')).shared.status });
  }
  return out;
}

describe('status texts: full, readable, short by meaning', () => {
  it('statusWidth counts wide (Japanese) characters as two columns', () => {
    assert.strictEqual(statusWidth('abc'), 3);
    assert.strictEqual(statusWidth('警報 2件'), 8);
    assert.strictEqual(statusWidth('ＡＢ'), 4);
  });

  for (const { file, status } of catalogs()) {
    it(`${file}: every status text fits ${STATUS_WIDTH} columns with wide values (or has a Short wording that does)`, () => {
      for (const [key, text] of Object.entries(status)) {
        if (key.endsWith('Short')) continue;
        const used = status[`${key}Short`] ?? text;
        const shown = render(used);
        assert.ok(statusWidth(shown) <= STATUS_WIDTH, `${file} status.${key}${status[`${key}Short`] ? 'Short' : ''}: "${shown}" is ${statusWidth(shown)} columns`);
        assert.ok(!/…|\.\.\.$/.test(shown), `${file} status.${key}: "${shown}" looks cut`);
      }
    });
  }

  const fakeRED = (catalog: Record<string, string>) => ({
    _: (key: string, params: Record<string, unknown> = {}) => (catalog[key] ?? key).replace(/__(\w+)__/g, (_m, n: string) => String(params[n])),
  }) as unknown as NodeAPI;

  it('statusText takes the full wording when it fits and the shorter one otherwise, never a cut text', () => {
    const RED = fakeRED({ 'x.status.sum': '__a__ firing · __b__ open · __c__ skipped', 'x.status.sumShort': '__a__ firing · __b__ open' });
    assert.strictEqual(statusText(RED, ['x.status.sum', 'x.status.sumShort'], { a: 1, b: 2, c: 0 }), '1 firing · 2 open · 0 skipped');
    assert.strictEqual(statusText(RED, ['x.status.sum', 'x.status.sumShort'], { a: 12345, b: 67890, c: 12345 }), '12345 firing · 67890 open');
    assert.strictEqual(shortStatus('0 alert · 0 open · 0 skip'), '0 alert · 0 open · 0 skip', 'shortStatus no longer cuts');
  });

  it('a failed message shows its translated error when it fits, else its short status, else "see debug" — never cut', () => {
    const RED = fakeRED({
      'x.errors.short': 'byte 3: unknown type', 'x.errors.long': 'byte __offset__: unknown CayenneLPP type __got__ on channel __channel__',
      'x.status.long': 'unknown type __got__', 'x.errors.other': 'a very long explanation of what went wrong and how to fix it in the editor',
      'shared.status.seeDebug': 'error: see debug',
    });
    assert.strictEqual(errorStatus(RED, new CivicError('x.errors.short')).text, 'byte 3: unknown type');
    assert.strictEqual(errorStatus(RED, new CivicError('x.errors.long', { offset: 3, got: '0x99', channel: 4 })).text, 'unknown type 0x99');
    assert.strictEqual(errorStatus(RED, new CivicError('x.errors.other')).text, 'error: see debug');
    assert.strictEqual(errorStatus(RED, new Error('ENOENT: no such file or directory, open /somewhere/very/long')).text, 'error: see debug');
    assert.strictEqual(errorStatus(RED, new Error('boom')).fill, 'red');
  });
});
