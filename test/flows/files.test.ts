// Every ready-made flow (flows/) and example (examples/) parses, uses only node types that are installed with
// the pack and its optional peers, contains no function node, explains itself with comment nodes, and gives
// every flow node a position (the runtime takes nodes without x/y for config nodes).
import assert from 'assert';
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const PACKAGES = ['@node-red/nodes', 'node-red-dashboard', 'node-red-contrib-modbus', 'node-red-contrib-influxdb'];
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

const CONFIG_TYPES = /^(mqtt-broker|ui_base|ui_tab|ui_group|ui_spacer|influxdb|modbus-client|tls-config|http proxy|global-config)$/;

describe('flow files: ready-made flows and examples', () => {
  const types = installedTypes();
  const files = [...flowFiles(path.join(root, 'flows')), ...flowFiles(path.join(root, 'examples'))];

  it('finds the installed node types and the flow files', () => {
    assert.ok(types.has('mqtt in') && types.has('ui_gauge') && types.has('influxdb out') && types.has('modbus-read'));
    assert.ok(types.has('sensor-sim'));
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

      it('explains itself with a comment node', () => {
        const comments = nodes.filter((n) => n.type === 'comment');
        assert.ok(comments.length >= 1 && comments.every((c) => (c.name ?? '').length > 0));
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
