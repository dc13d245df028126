// `npm ls --all` of the installed tree shows no package with a known sandbox escape: vm2 (critical escapes, no
// fix, abandoned), safe-eval, notevil, static-eval before 2.0.2. node-red-contrib-modbus 5.23.3 pulled vm2; the
// versions this pack allows do not.
import assert from 'assert';
import { execFile } from 'child_process';
import { repoRoot } from './secrets';

const root = repoRoot();

interface Dep { version?: string; dependencies?: Record<string, Dep> }

/** Every installed package name@version in the tree npm reports. */
function walk(deps: Record<string, Dep> | undefined, out: Map<string, Set<string>>, trail: string[] = []): void {
  for (const [name, dep] of Object.entries(deps ?? {})) {
    if (!out.has(name)) out.set(name, new Set());
    out.get(name)!.add(`${dep.version ?? '?'} (via ${[...trail, name].join(' > ')})`);
    if (trail.length < 40) walk(dep.dependencies, out, [...trail, name]);
  }
}

function lessThan(version: string, limit: string): boolean {
  const a = version.split(/[.+-]/).map(Number);
  const b = limit.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== b[i]) return (a[i] || 0) < b[i];
  return false;
}

describe('security: no dependency with a known sandbox escape', function () {
  this.timeout(60_000);
  let tree: Map<string, Set<string>>;
  before(async () => {
    const json = await new Promise<string>((resolve, reject) => {
      // npm ls exits 1 for peer/extraneous warnings while still printing the tree: read stdout either way
      execFile('npm', ['ls', '--all', '--json'], { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: 50_000 }, (err, stdout) => {
        if (stdout) resolve(stdout); else reject(err ?? new Error('npm ls printed nothing'));
      });
    });
    tree = new Map();
    walk((JSON.parse(json) as Dep).dependencies, tree);
  });

  it('npm ls lists the installed tree (sanity: node-red and node-red-contrib-modbus are in it)', () => {
    assert.ok(tree.has('node-red') && tree.has('node-red-contrib-modbus') && tree.size > 100, `${tree.size} packages`);
  });

  for (const name of ['vm2', 'safe-eval', 'notevil']) {
    it(`${name} is not installed anywhere in the tree`, () => {
      assert.ok(!tree.has(name), `${name} found: ${[...(tree.get(name) ?? [])].join('; ')}`);
    });
  }

  it('static-eval, if present, is at least 2.0.2', () => {
    const old = [...(tree.get('static-eval') ?? [])].filter((v) => lessThan(v.split(' ')[0], '2.0.2'));
    assert.deepStrictEqual(old, []);
  });
});
