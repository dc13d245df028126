import assert from 'assert';
import { ackTargetOf, noteOf } from '../../../lib/alerts';

describe('alerts: what an acknowledgement message asks for', () => {
  it('reads an alert id, "all" (for a site when given) and object forms', () => {
    assert.strictEqual(ackTargetOf('house-1-th-01/heat/abc'), 'house-1-th-01/heat/abc');
    assert.strictEqual(ackTargetOf('all'), 'all');
    assert.deepStrictEqual(ackTargetOf('all', 'house-2'), { all: true, site: 'house-2' });
    assert.deepStrictEqual(ackTargetOf({ site: 'river-east' }), { site: 'river-east' });
    assert.deepStrictEqual(ackTargetOf({ id: 'a/b/c', comment: 'checked the vents' }), { id: 'a/b/c' });
  });
  it('reads the 0.1.0 word "house" as a site', () => {
    assert.deepStrictEqual(ackTargetOf({ house: 'house-1' }), { site: 'house-1' });
  });
  it('answers undefined for anything else', () => {
    for (const bad of ['', 42, null, undefined, true, [], {}, { comment: 'no target' }]) assert.strictEqual(ackTargetOf(bad), undefined);
  });
  it('reads who acknowledges and why, trimmed and cut to 200 characters', () => {
    assert.deepStrictEqual(noteOf({ id: 'x', by: ' 山田 ', comment: '換気扇を修理' }), { by: '山田', comment: '換気扇を修理' });
    assert.strictEqual(noteOf({ comment: 'x'.repeat(500) }).comment?.length, 200);
    assert.deepStrictEqual(noteOf('x'), {});
    assert.deepStrictEqual(noteOf({ by: 42, comment: '' }), {});
  });
});
