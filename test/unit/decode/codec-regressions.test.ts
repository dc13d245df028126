// Regressions found by test/security/codec-sandbox: a codec call that poisons the sandbox's built-ins (an
// Object.prototype.toJSON rewriting every later result) and unbounded recursion that exhausts the host's stack.
import assert from 'assert';
import { createCodec, SandboxPool, type Codec } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

async function keyOf(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (err) { assert.ok(isCivicError(err), `not a CivicError: ${String(err)}`); return err.key; }
  return 'no error';
}

describe('codec sandbox: one call cannot break the calls after it', function () {
  this.timeout(30000);
  let pool: SandboxPool;
  let codec: Codec | undefined;
  beforeEach(() => { pool = new SandboxPool(1); });
  afterEach(() => { codec?.close(); pool.stop(); });

  it('built-ins are frozen after compile: Object.prototype.toJSON set in a call does not rewrite later results', async () => {
    codec = await createCodec(`function decodeUplink(input) {
      if (input.bytes[0] === 1) { try { Object.defineProperty(Object.prototype, 'toJSON', { value: function () { return { x: 1 }; } }); } catch (e) {} }
      return { data: { t: input.bytes[1] } };
    }`, { pool, timeoutMs: 5000 });
    await codec.decode('d', [1, 5]);
    assert.deepStrictEqual((await codec.decode('d', [0, 7])).data, { t: 7 });
  });
  it('top-level polyfills still work (they run before the freeze)', async () => {
    codec = await createCodec(`if (!Array.prototype.sum) Array.prototype.sum = function () { var s = 0; for (var i = 0; i < this.length; i++) s += this[i]; return s; };
      function decodeUplink(input) { return { data: { t: input.bytes.sum() } }; }`, { pool, timeoutMs: 5000 });
    assert.deepStrictEqual((await codec.decode('d', [1, 2, 3])).data, { t: 6 });
  });
  it('unbounded recursion is reported as a memory/stack stop (a CivicError), and the next call works', async () => {
    codec = await createCodec(`function decodeUplink(input) {
      if (input.bytes[0] === 1) return (function f() { return f() + 1; })();
      return { data: { t: input.bytes[1] } };
    }`, { pool, timeoutMs: 5000 });
    assert.strictEqual(await keyOf(codec.decode('d', [1])), 'civic-sensor-decode.errors.codecMemory');
    assert.deepStrictEqual((await codec.decode('d', [0, 9])).data, { t: 9 });
  });
});
