// Drain bookkeeping (lib/partition/drain.ts): markers per owned partition, readings held back after a partition's
// marker, and the count of messages sent but not yet completed.
import assert from 'assert';
import { Drain, InFlight, drainMarker, isDrainMarker, markerTopic, subscriptionFilters } from '../../../lib/partition';
import { topicMatches } from '../../../lib/security';

describe('partition: drain before a takeover', () => {
  it('marks each owned partition inside its own subscription filter', () => {
    const slot = { index: 1, count: 2, partitions: 64 };
    const filters = subscriptionFilters('civic/p', slot);
    assert.ok(topicMatches(filters[0], markerTopic('civic/p', 1)));
    assert.ok(!topicMatches(filters[0], markerTopic('civic/p', 3)));
    assert.deepStrictEqual(drainMarker('t1'), { civicDrain: 't1' });
    assert.ok(isDrainMarker({ civicDrain: 't1' }) && !isDrainMarker({ payload: {} }) && !isDrainMarker(null));
  });

  it('closes a partition when its marker comes back, and is done when all are back', () => {
    const d = new Drain('tok', [1, 3, 5]);
    d.see('other-token', 1);
    assert.deepStrictEqual([d.closed(1), d.markersBack, d.missing], [false, false, [1, 3, 5]]);
    d.see('tok', 1);
    d.see('tok', 3);
    assert.deepStrictEqual([d.closed(1), d.closed(3), d.closed(5), d.closed(7), d.markersBack], [true, true, false, false, false]);
    d.see('tok', 5);
    assert.ok(d.markersBack);
  });

  it('counts messages until the node they were sent to completes them', () => {
    const f = new InFlight();
    f.sent('alert', 'm1');
    f.sent('mqtt-out', 'm1');
    f.sent('alert', 'm2');
    assert.strictEqual(f.size, 3);
    f.completed('alert', 'm1');
    f.completed('unknown', 'm9');                  // sent before tracking began: ignored
    assert.strictEqual(f.size, 2);
    f.completed('mqtt-out', 'm1');
    f.completed('alert', 'm2');
    f.completed('alert', 'm2');
    assert.strictEqual(f.size, 0);
  });
});
