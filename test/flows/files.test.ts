// Every ready-made flow (flows/) and example (examples/) parses, uses only node types that are installed with
// the pack and its optional peers, contains no function node, explains itself with comment nodes, and gives
// every flow node a position (the runtime takes nodes without x/y for config nodes).
import assert from 'assert';
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const PACKAGES = ['@node-red/nodes', 'node-red-dashboard', '@flowfuse/node-red-dashboard', 'node-red-contrib-modbus', 'node-red-contrib-influxdb'];
const CODE_NODES = new Set(['function', 'template-function', 'exec', 'python-function']);

function htmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : htmlFiles(full);
    return e.name.endsWith('.html') ? [full] : [];
  });
}

/** Node types registered by the installed packages' editor files, plus ours from package.json. */
function installedTypes(): Set<string> {
  const types = new Set<string>(['tab', 'subflow', 'group', 'junction']);
  for (const pkg of PACKAGES) {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [root] }));
    for (const file of htmlFiles(dir)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/registerType\(\s*['"]([^'"]+)['"]/g)) types.add(m[1]);
    }
  }
  const ours = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))['node-red'].nodes;
  Object.keys(ours).forEach((t) => types.add(t));
  return types;
}

function flowFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return flowFiles(full);
    return e.name.endsWith('.json') ? [full] : [];
  });
}

const CONFIG_TYPES = /^(civic-store|mqtt-broker|ui_base|ui_tab|ui_group|ui_spacer|ui-base|ui-page|ui-group|ui-theme|influxdb|civic-influxdb|modbus-client|tls-config|http proxy|global-config)$/;
/** Properties that name a config node (or a flow tab) the node needs: they must point at a node in the same file. */
const CONFIG_REFS = ['group', 'page', 'ui', 'theme', 'tab', 'broker', 'influxdb', 'server'];

describe('flow files: ready-made flows and examples', () => {
  const types = installedTypes();
  const files = [...flowFiles(path.join(root, 'flows')), ...flowFiles(path.join(root, 'examples'))];

  it('finds the installed node types and the flow files', () => {
    assert.ok(types.has('mqtt in') && types.has('ui_gauge') && types.has('influxdb out') && types.has('modbus-read'));
    assert.ok(types.has('ui-base') && types.has('ui-gauge') && types.has('ui-table') && types.has('ui-notification'), 'Dashboard 2.0 types');
    assert.ok(types.has('civic-sensor-sim'));
    assert.ok(files.length >= 3, `${files.length} files`);
  });

  for (const file of files) {
    const name = path.relative(root, file);
    describe(name, () => {
      const nodes = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, any>>;

      it('is a flow array with unique ids and wires that point at nodes in the file', () => {
        assert.ok(Array.isArray(nodes) && nodes.length > 0);
        const ids = new Set(nodes.map((n) => n.id));
        assert.strictEqual(ids.size, nodes.length, 'duplicate ids');
        for (const n of nodes) {
          for (const out of n.wires ?? []) for (const target of out) assert.ok(ids.has(target), `${n.id} → ${target}`);
        }
      });

      it('uses only installed node types and no function node', () => {
        for (const n of nodes) {
          assert.ok(!CODE_NODES.has(n.type), `${n.id} is a ${n.type} node`);
          assert.ok(types.has(n.type), `${n.id}: type ${n.type} is not installed`);
        }
      });

      it('has every config node it refers to (complete on import)', () => {
        const ids = new Set(nodes.map((n) => n.id));
        for (const n of nodes) {
          for (const key of CONFIG_REFS) {
            const ref = n[key];
            if (typeof ref !== 'string' || ref === '') continue;
            if (n.type === 'mqtt-broker' || n.type === 'modbus-server') continue; // their 'broker'/'server' are host names
            assert.ok(ids.has(ref), `${n.id} (${n.type}).${key} → ${ref} is not in the file`);
          }
        }
      });

      it('explains itself with a comment node', () => {
        const comments = nodes.filter((n) => n.type === 'comment');
        assert.ok(comments.length >= 1 && comments.every((c) => (c.name ?? '').length > 0));
        for (const tab of nodes.filter((n) => n.type === 'tab')) {
          assert.ok(comments.some((c) => c.z === tab.id), `tab ${tab.label} has no comment node`);
        }
      });

      it('gives every flow node a position', () => {
        for (const n of nodes) {
          if (n.type === 'tab' || CONFIG_TYPES.test(n.type)) continue;
          assert.ok(typeof n.x === 'number' && typeof n.y === 'number', `${n.id} (${n.type}) has no x/y`);
        }
      });
    });
  }
});

describe('flow files: domain and dashboard parts (CIVIC_DASHBOARD)', () => {
   
  const { assembleFlows } = require(path.join(root, 'scripts', 'flows.js'));
  const dir = path.join(root, 'flows');
  const names = ['greenhouse', 'soil', 'wellness', 'kpi'];

  it('has a domain file, a classic (-ui) and a Dashboard 2.0 (-dashboard2) file per flow, each with its own tab', () => {
    for (const name of names) {
      const parts = ['', '-ui', '-dashboard2'].map((s) => JSON.parse(fs.readFileSync(path.join(dir, `${name}${s}.json`), 'utf8')) as Array<Record<string, any>>);
      assert.ok(parts[0].every((n) => !/^ui[-_]/.test(n.type)), `${name}.json: a dashboard node in the domain file`);
      assert.ok(parts[1].some((n) => n.type === 'ui_base') && parts[1].every((n) => !/^ui-/.test(n.type)), `${name}-ui.json`);
      assert.ok(parts[2].some((n) => n.type === 'ui-base') && parts[2].every((n) => !/^ui_/.test(n.type)), `${name}-dashboard2.json`);
      for (const p of parts) assert.strictEqual(p.filter((n) => n.type === 'tab').length, 1);
    }
  });

  for (const choice of ['both', 'classic', 'dashboard2']) {
    it(`"${choice}": every link resolves, every dashboard entry is fed and every domain exit reaches a dashboard`, () => {
      const nodes = assembleFlows(dir, choice) as Array<Record<string, any>>;
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const links = nodes.filter((n) => n.type === 'link in' || n.type === 'link out');
      assert.ok(links.length > 20);
      for (const n of links) {
        assert.ok(n.links.length > 0, `${n.id} is linked to nothing`);
        for (const id of n.links) {
          const other = byId.get(id);
          assert.ok(other && other.type === (n.type === 'link in' ? 'link out' : 'link in'), `${n.id} → ${id}`);
          assert.ok(other.links.includes(n.id), `${id} does not link back to ${n.id}`);
        }
      }
      const types = new Set(nodes.map((n) => n.type));
      assert.strictEqual(types.has('ui_gauge'), choice !== 'dashboard2');
      assert.strictEqual(types.has('ui-gauge'), choice !== 'classic');
      assert.ok(types.has('civic-alert') && types.has('civic-kpi-progress') && types.has('civic-k-anonymize'));
    });
  }

  it('refuses an unknown choice', () => {
    assert.throws(() => assembleFlows(dir, 'angular'), /unknown dashboard choice "angular"/);
  });

  it('the examples: a folder per flow, its main part needs no other package and the links join the parts', () => {
    const ex = path.join(root, 'examples', 'ready-made flows');
    const OTHER = /^(ui[-_]|modbus-|influxdb)/;
    for (const title of ['温室モニタリング', '土壌モニタリング', '健康データ匿名加工', 'KPIボード']) {
      const files = fs.readdirSync(path.join(ex, title)).filter((f) => f.endsWith('.json')).sort();
      const parts = files.map((f) => ({ f, nodes: JSON.parse(fs.readFileSync(path.join(ex, title, f), 'utf8')) as Array<Record<string, any>> }));
      assert.strictEqual(files[0], `1 ${title}.json`);
      assert.deepStrictEqual(parts[0].nodes.filter((n) => OTHER.test(n.type)).map((n) => n.type), [], `${title}: main part`);
      for (const p of parts.slice(1)) {
        assert.match(p.f, /\((.+) が必要\)\.json$/, `${title}/${p.f} names the package it needs`);
        assert.ok(p.nodes.some((n) => OTHER.test(n.type)), `${title}/${p.f} needs no other package: belongs to the main part`);
        assert.strictEqual(p.nodes.filter((n) => n.type === 'tab').length, 1, `${title}/${p.f}: one tab`);
      }
      assert.ok(parts.some((p) => p.nodes.some((n) => n.type === 'ui_base')) && parts.some((p) => p.nodes.some((n) => n.type === 'ui-base')), title);
      // every link resolves within the folder, and both ends name each other (any import order joins them)
      const all = new Map(parts.flatMap((p) => p.nodes).map((n) => [n.id, n]));
      for (const n of [...all.values()].filter((x) => x.type === 'link in' || x.type === 'link out')) {
        assert.ok(n.links.length > 0, `${title}: ${n.id} is linked to nothing`);
        for (const id of n.links) assert.ok(all.get(id)?.links?.includes(n.id), `${title}: ${n.id} → ${id}`);
      }
    }
  });

  it('the examples run without environment variables: every ${…} and $env() they still read is a tab variable', () => {
    for (const file of flowFiles(path.join(root, 'examples'))) {
      const nodes = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, any>>;
      const name = path.relative(root, file);
      for (const n of nodes.filter((x) => x.type !== 'tab')) {
        const tab = nodes.find((t) => t.type === 'tab' && t.id === n.z);
        // a ${NAME} left in a value (an env-typed path) or a $env('NAME') is read from the tab's variables
        for (const m of JSON.stringify(n).matchAll(/\$env\(\\?['"]([A-Z0-9_]+)|\$\{([A-Z0-9_]+)\}/g)) {
          const variable = m[1] ?? m[2];
          assert.ok(tab?.env?.some((e: { name: string }) => e.name === variable), `${name}: ${n.id} reads ${variable}, which its tab does not set`);
        }
        if (n.type === 'file in' || n.type === 'file' || n.type === 'watch') {
          const where = String(n.filename ?? n.files ?? '');
          assert.ok(!where.startsWith('/'), `${name}: ${n.id} uses the absolute path ${where}`);
        }
      }
    }
  });
});
