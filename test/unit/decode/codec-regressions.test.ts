// Regressions found by test/security/codec-sandbox: a codec call that poisons the sandbox's built-ins (an
// Object.prototype.toJSON rewriting every later result) and unbounded recursion that exhausts the host's stack.
import assert from 'assert';
import { createCodecRunner } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const keyOf = (fn: () => unknown): string => {
  try { fn(); } catch (err) { assert.ok(isCivicError(err), `not a CivicError: ${String(err)}`); return err.key; }
  return 'no error';
};

describe('codec sandbox: one call cannot break the calls after it', () => {
  it('built-ins are frozen after compile: Object.prototype.toJSON set in a call does not rewrite later results', async () => {
    const r = await createCodecRunner(`function decodeUplink(input) {
      if (input.bytes[0] === 1) { try { Object.defineProperty(Object.prototype, 'toJSON', { value: function () { return { x: 1 }; } }); } catch (e) {} }
      return { data: { t: input.bytes[1] } };
    }`);
    r.decode([1, 5]);
    assert.deepStrictEqual(r.decode([0, 7]).data, { t: 7 });
    r.dispose();
  });
  it('top-level polyfills still work (they run before the freeze)', async () => {
    const r = await createCodecRunner(`if (!Array.prototype.sum) Array.prototype.sum = function () { var s = 0; for (var i = 0; i < this.length; i++) s += this[i]; return s; };
      function decodeUplink(input) { return { data: { t: input.bytes.sum() } }; }`);
    assert.deepStrictEqual(r.decode([1, 2, 3]).data, { t: 6 });
    r.dispose();
  });
  it('unbounded recursion is reported as a memory/stack stop (a CivicError), and the next call works', async () => {
    const r = await createCodecRunner(`function decodeUplink(input) {
      if (input.bytes[0] === 1) return (function f() { return f() + 1; })();
      return { data: { t: input.bytes[1] } };
    }`);
    assert.strictEqual(keyOf(() => r.decode([1])), 'civic-sensor-decode.errors.codecMemory');
    assert.deepStrictEqual(r.decode([0, 9]).data, { t: 9 });
    r.dispose();
  });
});
