// Every ready-made flow (flows/*.json, examples/**/*.json) is free of secrets: no password, key, token or
// credential value, no node credentials, no key-like strings. The scanner itself is checked on planted secrets.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { scanFlow, keyLike, repoRoot } from './secrets';

const root = repoRoot();

function jsonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(full) : e.name.endsWith('.json') ? [full] : [];
  });
}

describe('security: ready-made flows carry no secrets', () => {
  const files = [
    ...fs.readdirSync(path.join(root, 'flows')).filter((f) => f.endsWith('.json')).map((f) => path.join(root, 'flows', f)),
    ...jsonFiles(path.join(root, 'examples')),
  ];

  it('finds the flow files (flows/ and examples/)', () => {
    assert.ok(files.some((f) => f.includes(`${path.sep}flows${path.sep}`)), 'no flows/*.json');
    assert.ok(files.filter((f) => f.includes(`${path.sep}examples${path.sep}`)).length >= 12, 'fewer examples than nodes');
  });

  for (const file of files) {
    const rel = path.relative(root, file);
    it(`${rel}: no password, key, token, credential or key-like value`, () => {
      const findings = scanFlow(JSON.parse(fs.readFileSync(file, 'utf8')), rel);
      assert.deepStrictEqual(findings, []);
    });
  }

  describe('the scanner finds planted secrets (so the checks above can fail)', () => {
    const plant = (node: Record<string, unknown>) => scanFlow([{ id: 'a', type: 'x', ...node }], 'planted').map((f) => f.what);
    it('a password, token, API key or HMAC key property with a value', () => {
      for (const name of ['password', 'pass', 'apiKey', 'api_key', 'token', 'secret', 'key', 'hmacKey', 'privateKey', 'authorization']) {
        assert.strictEqual(plant({ [name]: 'hunter2' }).length, 1, name);
      }
      assert.deepStrictEqual(plant({ password: '', token: null, key: '' }), []);
    });
    it('node credentials, also nested', () => {
      assert.deepStrictEqual(plant({ credentials: { user: 'u', password: 'p' } }).length > 0, true);
      assert.deepStrictEqual(plant({ credentials: {} }), []);
    });
    it('key-like strings: hex keys, random base64, PEM, JWT, bcrypt — also inside JSON text', () => {
      assert.ok(keyLike('c0ffee'.repeat(6)).length > 0);
      assert.ok(keyLike('k3Y9pQ2vX7mB4nR8tW1zL6cF0hJ5sD2gA9eU3iO7yT4').length > 0);
      assert.ok(keyLike('-----BEGIN PRIVATE KEY-----\nabc').length > 0);
      assert.ok(keyLike('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc').length > 0);
      assert.ok(keyLike('$2a$10$' + 'a'.repeat(53)).length > 0);
      assert.ok(plant({ topic: JSON.stringify({ nested: { password: 'x' } }) }).length > 0);
      assert.deepStrictEqual(keyLike('application/1/device/24e124136b000001/event/up'), []);
    });
    it('documented non-secret names (join.key, sort.msgKey) pass', () => {
      assert.deepStrictEqual(scanFlow([{ id: 'j', type: 'join', key: 'topic' }, { id: 's', type: 'sort', msgKey: 'payload', seqKey: 'payload' }], 'ok'), []);
    });
  });
});
