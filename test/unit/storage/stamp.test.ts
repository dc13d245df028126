// Points without a time: nanosecond stamps, strictly increasing per series, following the wall clock.
import assert from 'assert';
import { SeriesClock, seriesKey } from '../../../lib/storage';

describe('storage: stamping points without a time', () => {
  it('refines the wall clock millisecond with the monotonic clock', () => {
    let mono = 5_000n;
    const clock = new SeriesClock(() => 1000, () => mono);
    assert.strictEqual(clock.now(), 1_000_000_000n);
    mono += 250n;
    assert.strictEqual(clock.now(), 1_000_000_250n);
  });

  it('gives 1,000 points of one series in the same nanosecond 1,000 different, increasing times', () => {
    const clock = new SeriesClock(() => 1000, () => 0n);
    const key = seriesKey('m', { device: 'd1' });
    const times = Array.from({ length: 1000 }, () => BigInt(clock.stamp(key)));
    assert.strictEqual(new Set(times).size, 1000);
    assert.ok(times.every((t, i) => i === 0 || t > times[i - 1]));
  });

  it('follows the wall clock when it is set forward, and stays increasing per series when it goes back', () => {
    let wall = 1000;
    const clock = new SeriesClock(() => wall, () => 0n);
    const key = seriesKey('m', {});
    assert.strictEqual(clock.stamp(key), '1000000000');
    wall = 5000;
    assert.strictEqual(clock.stamp(key), '5000000000');
    wall = 2000;
    assert.strictEqual(clock.stamp(key), '5000000001', 'never before the previous point of the series');
    assert.strictEqual(clock.stamp(seriesKey('m', { device: 'other' })), '2000000000');
  });

  it('names a series by measurement and sorted tags', () => {
    assert.strictEqual(seriesKey('m', { b: '2', a: '1' }), seriesKey('m', { a: '1', b: '2' }));
    assert.notStrictEqual(seriesKey('m', { a: '1' }), seriesKey('n', { a: '1' }));
  });
});
