// Every message key exists in both languages: a key present in en-US but missing in ja (or the other way round)
// would show city staff a raw key or an English text. Covers every node's catalog, the shared node-kit catalog and
// the editor plugin's catalogs (the build refuses such catalogs too; this makes it a visible test).
import assert from 'assert';
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** Dotted paths of every leaf of a catalog. */
function keyPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v)
    ? keyPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

/** Every catalog pair: [label, en-US file, ja file]. */
function catalogPairs(): Array<[string, string, string]> {
  const pairs: Array<[string, string, string]> = [];
  const add = (label: string, dir: string, file: string) => pairs.push([label, path.join(dir, 'en-US', file), path.join(dir, 'ja', file)]);
  for (const type of fs.readdirSync(path.join(root, 'nodes'))) {
    if (fs.existsSync(path.join(root, 'nodes', type, 'locales'))) add(`nodes/${type}`, path.join(root, 'nodes', type, 'locales'), `${type}.json`);
  }
  add('node-kit', path.join(root, 'node-kit', 'locales'), 'shared.json');
  for (const name of fs.readdirSync(path.join(root, 'plugins'))) add(`plugins/${name}`, path.join(root, 'plugins', name, 'locales'), `${name}.json`);
  return pairs;
}

/** What each language lacks. */
export function catalogDifferences(enFile: string, jaFile: string): string[] {
  const [en, ja] = [enFile, jaFile].map((f) => new Set(keyPaths(JSON.parse(fs.readFileSync(f, 'utf8')))));
  return [...[...en].filter((k) => !ja.has(k)).map((k) => `ja lacks ${k}`), ...[...ja].filter((k) => !en.has(k)).map((k) => `en-US lacks ${k}`)];
}

describe('message catalogs: the same keys in Japanese and English', () => {
  const pairs = catalogPairs();

  it('finds the catalogs of every node, node-kit and the editor plugin', () => {
    const nodes = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))['node-red'].nodes);
    for (const type of nodes) assert.ok(pairs.some(([label]) => label === `nodes/${type}`), type);
    assert.ok(pairs.some(([label]) => label === 'plugins/civic-editor'));
    assert.ok(pairs.some(([label]) => label === 'node-kit'));
  });

  for (const [label, en, ja] of pairs) {
    it(`${label}: every key in both languages`, () => {
      assert.ok(fs.existsSync(en) && fs.existsSync(ja), `${label}: both catalogs exist`);
      assert.deepStrictEqual(catalogDifferences(en, ja), []);
    });
  }

  it('names what is missing when a key is in one language only', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'civic-cat-'));
    try {
      fs.writeFileSync(path.join(dir, 'en.json'), JSON.stringify({ a: { b: 'B', c: 'C' } }));
      fs.writeFileSync(path.join(dir, 'ja.json'), JSON.stringify({ a: { b: 'ビー' }, d: 'ディー' }));
      assert.deepStrictEqual(catalogDifferences(path.join(dir, 'en.json'), path.join(dir, 'ja.json')), ['ja lacks a.c', 'en-US lacks d']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
