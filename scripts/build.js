#!/usr/bin/env node
'use strict';
// Builds the pack: compiles TypeScript into dist/, then puts each node's editor file, icons and message
// catalogs next to its compiled .js, where Node-RED looks for them. The shared catalog (errors and labels every
// node uses) is merged into each node's catalog because Node-RED gives every node file its own namespace.
// `--if-stale` skips the work when nothing under the sources changed since the last build (used by `npm start`).

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
// Options for working on one part while others are mid-change: `--tsconfig tsconfig.decode.json --out
// .work/decode --only sensor-decode,uecs-in` compiles and assembles just that part into its own folder.
function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const dist = path.resolve(root, option('--out') ?? 'dist');
const tsconfig = path.resolve(root, option('--tsconfig') ?? 'tsconfig.json');
const onlyTypes = option('--only') ? new Set(option('--only').split(',')) : undefined;
const stamp = path.join(dist, '.build-stamp');
const sourceDirs = ['lib', 'node-kit', 'nodes', 'test', 'bench', 'resources', 'plugins'].map((d) => path.join(root, d));
const languages = ['en-US', 'ja'];

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

function isStale() {
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const inputs = [...sourceDirs, path.join(root, 'tsconfig.json'), path.join(root, 'package.json')];
  return inputs.some((p) => (fs.existsSync(p) && fs.statSync(p).isDirectory() ? newestMtime(p) : fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0) > built);
}

function mergeDeep(base, extra) {
  const out = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? mergeDeep(out[k], v) : v;
  }
  return out;
}

function keyPaths(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? keyPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${path.relative(root, file)}: ${err.message}`, { cause: err });
  }
}

function copyDir(from, to, filter = () => true) {
  if (!fs.existsSync(from)) return;
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(src, dst, filter);
    else if (filter(entry.name)) fs.copyFileSync(src, dst);
  }
}

/** Every catalog key must exist in both languages, so no label silently falls back to a raw key. */
function checkParity(label, catalogs) {
  const [en, ja] = languages.map((l) => new Set(keyPaths(catalogs[l])));
  const missing = [...[...en].filter((k) => !ja.has(k)).map((k) => `ja lacks ${k}`),
    ...[...ja].filter((k) => !en.has(k)).map((k) => `en-US lacks ${k}`)];
  if (missing.length) throw new Error(`${label}: message catalogs differ:\n  ${missing.join('\n  ')}`);
}

function buildNodeAssets() {
  const nodesDir = path.join(root, 'nodes');
  const shared = Object.fromEntries(languages.map((l) =>
    [l, readJson(path.join(root, 'node-kit', 'locales', l, 'shared.json'))]));
  checkParity('node-kit', shared);
  for (const type of fs.readdirSync(nodesDir)) {
    const src = path.join(nodesDir, type);
    if (!fs.statSync(src).isDirectory()) continue;
    if (onlyTypes && !onlyTypes.has(type)) continue;
    const out = path.join(dist, 'nodes', type);
    fs.mkdirSync(out, { recursive: true });
    const editor = path.join(src, `${type}.html`);
    if (!fs.existsSync(editor)) throw new Error(`nodes/${type}: missing ${type}.html`);
    fs.copyFileSync(editor, path.join(out, `${type}.html`));
    copyDir(path.join(src, 'icons'), path.join(out, 'icons'));
    const catalogs = {};
    for (const lang of languages) {
      const own = path.join(src, 'locales', lang, `${type}.json`);
      if (!fs.existsSync(own)) throw new Error(`nodes/${type}: missing locales/${lang}/${type}.json`);
      catalogs[lang] = mergeDeep(shared[lang], readJson(own));
      const outLocale = path.join(out, 'locales', lang);
      fs.mkdirSync(outLocale, { recursive: true });
      // compact: these are read by Node-RED, not by people (the sources in nodes/ stay indented)
      fs.writeFileSync(path.join(outLocale, `${type}.json`), JSON.stringify(catalogs[lang]));
      const help = path.join(src, 'locales', lang, `${type}.html`);
      if (fs.existsSync(help)) fs.copyFileSync(help, path.join(outLocale, `${type}.html`));
    }
    if (!fs.existsSync(path.join(src, 'locales', 'ja', `${type}.html`))) {
      throw new Error(`nodes/${type}: missing Japanese help locales/ja/${type}.html`);
    }
    checkParity(`nodes/${type}`, catalogs);
  }
}

/** Replaces each `"$enum": "<name>"` keyword by the list from lib/editor-data (after literal `enum` values). */
function expandEnums(node, enums, where) {
  if (Array.isArray(node)) return node.map((v) => expandEnums(v, enums, where));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) if (k !== '$enum') out[k] = expandEnums(v, enums, where);
  if (node.$enum !== undefined) {
    const list = enums[node.$enum];
    if (!Array.isArray(list)) throw new Error(`${where}: unknown "$enum": "${node.$enum}" (lib/editor-data.ts)`);
    out.enum = [...(Array.isArray(node.enum) ? node.enum : []), ...list];
  }
  return out;
}

/**
 * The schemas go to dist with their enumerations filled in from lib, and the same lists (plus the editor's other
 * data) become resources/civic-enums.js, which every editor file loads: one source for validation and dialogs.
 */
function buildSchemasAndEditorData() {
  const { ENUMS, EDITOR_DATA } = require(path.join(dist, 'lib', 'editor-data.js'));
  const from = path.join(root, 'lib', 'schemas');
  const to = path.join(dist, 'lib', 'schemas');
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from).filter((x) => x.endsWith('.json'))) {
    const schema = expandEnums(readJson(path.join(from, f)), ENUMS, `lib/schemas/${f}`);
    fs.writeFileSync(path.join(to, f), `${JSON.stringify(schema)}\n`);
  }
  const resources = path.join(root, 'resources');
  fs.mkdirSync(resources, { recursive: true });
  const text = '// Generated by scripts/build.js from lib/editor-data.ts: do not edit.\n'
    + `window.CivicEnums = Object.freeze(${JSON.stringify({ enums: ENUMS, data: EDITOR_DATA })});\n`;
  const file = path.join(resources, 'civic-enums.js');
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

/** The editor plugin's catalogs must have the same keys in both languages, like the nodes'. */
function checkPluginCatalogs() {
  const dir = path.join(root, 'plugins');
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const catalogs = Object.fromEntries(languages.map((l) => [l, readJson(path.join(dir, name, 'locales', l, `${name}.json`))]));
    checkParity(`plugins/${name}`, catalogs);
  }
}

function main() {
  if (process.argv.includes('--if-stale') && !isStale()) return;
  const started = Date.now();
  // tsc never deletes: without this, a renamed or removed source would leave its old output (and old tests) behind
  for (const d of ['lib', 'node-kit', 'nodes', 'test', 'bench']) fs.rmSync(path.join(dist, d), { recursive: true, force: true });
  // tsc reports on stdout; sent to stderr so that `npm pack --json` (prepack) prints nothing but its JSON
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig, '--outDir', dist],
    { stdio: ['ignore', process.stderr, process.stderr], cwd: root });
  buildSchemasAndEditorData();
  buildNodeAssets();
  checkPluginCatalogs();
  fs.writeFileSync(stamp, new Date().toISOString());
  if (!process.argv.includes('--quiet')) console.log(`build: done in ${Date.now() - started} ms`);
}

try {
  main();
} catch (err) {
  console.error(`build failed: ${err.message}`);
  process.exit(1);
}
