import assert from 'assert';
import { ackTargetOf } from '../../../lib/alerts';

describe('alerts: what an acknowledgement message asks for', () => {
  it('reads an alert id, "all" (for a house when given) and object forms', () => {
    assert.strictEqual(ackTargetOf('house-1-th-01/heat/abc'), 'house-1-th-01/heat/abc');
    assert.strictEqual(ackTargetOf('all'), 'all');
    assert.deepStrictEqual(ackTargetOf('all', 'house-2'), { all: true, house: 'house-2' });
    assert.deepStrictEqual(ackTargetOf({ house: 'house-1' }), { house: 'house-1' });
  });
  it('answers undefined for anything else', () => {
    for (const bad of ['', 42, null, undefined, true]) assert.strictEqual(ackTargetOf(bad), undefined);
  });
});
