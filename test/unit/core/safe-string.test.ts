// safeString: the text of any value, also of values String() throws on (found by the robustness suite: a msg.topic
// or device id that is a null-prototype object, or JSON with a "toString" key, crashed several nodes).
import assert from 'assert';
import { safeString } from '../../../lib/errors';

describe('safeString', () => {
  it('is String() for ordinary values', () => {
    assert.deepStrictEqual([safeString('a'), safeString(1.5), safeString(null), safeString(undefined), safeString([1, 2]), safeString(10n)],
      ['a', '1.5', 'null', 'undefined', '1,2', '10']);
  });
  it('never throws for values without a usable toString', () => {
    assert.strictEqual(safeString(Object.create(null)), '[object Object]');
    assert.strictEqual(safeString(JSON.parse('{"toString":"x","valueOf":1}')), '[object Object]');
    assert.strictEqual(safeString([Object.create(null)]), '[object Array]');
    assert.strictEqual(safeString({ toString() { throw new Error('no'); } }), '[object Object]');
    assert.strictEqual(safeString(Symbol('s')), 'Symbol(s)');
  });
});
