// What a user's npm and Node-RED's palette manager read from package.json, the README they show, and the
// licence. The installed package itself is tested in test/flows/pack-install.test.ts.
import assert from 'assert';
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const repository = require(path.join(root, 'scripts', 'set-repository.js'));

/** Source files (not generated, not dependencies). */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : walk(full);
    return /\.(ts|js|html)$/.test(e.name) ? [full] : [];
  });
}

describe('package.json and README for npm and the palette manager', () => {
  it('names the repository, where to report bugs and the home page, all the same GitHub project', () => {
    const base = repository.repositoryBase(pkg);
    assert.strictEqual(pkg.bugs.url, `${base}/issues`);
    assert.strictEqual(pkg.homepage, `${base}#readme`);
  });

  it('has the node-red keyword first (the flow library lists only such packages), and the engines', () => {
    assert.strictEqual(pkg.keywords[0], 'node-red');
    assert.match(pkg.engines.node, /^>=\d+/);
    assert.match(pkg['node-red'].version, /^>=4/);
  });

  it('puts a version floor on node-red only; every peer is optional, so no user project gets ERESOLVE', () => {
    for (const [name, range] of Object.entries(pkg.peerDependencies as Record<string, string>)) {
      assert.strictEqual(range === '*', name !== 'node-red', `${name}: ${range}`);
      // a required node-red peer would make npm install a second Node-RED into the user dir
      assert.strictEqual(pkg.peerDependenciesMeta[name]?.optional, true, `${name} optional`);
    }
    assert.ok(!('node-red' in (pkg.dependencies ?? {})));
  });

  it('links the README to the repository with absolute URLs (docs/ and the screenshots are not in the package)', () => {
    assert.deepStrictEqual(repository.check(), []);
  });

  it('cites only notes that are in the repository (docs/), and sections of domain.md that exist', () => {
    const sources = ['lib', 'nodes', 'node-kit', 'test', 'bench', 'scripts'].flatMap((d) => walk(path.join(root, d)));
    const domain = fs.readFileSync(path.join(root, 'docs', 'domain.md'), 'utf8');
    const missing: string[] = [];
    for (const file of sources) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/([A-Za-z0-9_-]+\.md)(?: §(\d+))?/g)) {
        const where = path.relative(root, file);
        if (!fs.existsSync(path.join(root, 'docs', m[1])) && !fs.existsSync(path.join(root, m[1]))) missing.push(`${where}: ${m[1]}`);
        if (m[2] && m[1] === 'domain.md' && !new RegExp(`^## §${m[2]} `, 'm').test(domain)) missing.push(`${where}: domain.md §${m[2]}`);
      }
    }
    assert.deepStrictEqual(missing, []);
  });

  it('carries the full Apache License 2.0 text', () => {
    const text = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
    assert.strictEqual(pkg.license, 'Apache-2.0');
    for (const part of ['TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION', '9. Accepting Warranty or Additional Liability',
      'END OF TERMS AND CONDITIONS']) assert.ok(text.includes(part), part);
  });

  it('prepack prints nothing on stdout, so `npm pack --json` parses', function () {
    this.timeout(180000);
    // inside the repository (.work/ is git-ignored), where tsc finds the type packages
    fs.mkdirSync(path.join(root, '.work'), { recursive: true });
    const out = fs.mkdtempSync(path.join(root, '.work', 'prepack-'));
    try {
      // the prepack command line on a small part of the build (one node, into a temp folder): same script, same flags;
      // lib's own declarations of untyped modules (jstat) come along, as the full build has them
      const tsconfig = path.join(out, 'tsconfig.json');
      fs.writeFileSync(tsconfig, JSON.stringify({ extends: path.join(root, 'tsconfig.json'), include: [path.join(root, 'lib/editor-data.ts'), path.join(root, 'lib/**/*.d.ts'), path.join(root, 'nodes/civic-csv/*.ts')] }));
      const [cmd, ...args] = (pkg.scripts.prepack as string).split(' ');
      assert.strictEqual(cmd, 'node');
      const stdout = execFileSync(process.execPath, [...args, '--tsconfig', tsconfig, '--out', path.join(out, 'dist'), '--only', 'civic-csv'],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      assert.strictEqual(stdout, '');
      assert.ok(fs.existsSync(path.join(out, 'dist', 'nodes', 'civic-csv', 'civic-csv.html')), 'the build ran');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
