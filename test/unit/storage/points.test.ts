// The payload shapes `influxdb out` accepts, plus the reading contract, become stamped line-protocol lines.
import assert from 'assert';
import { SeriesClock, linesFromMessage, type PointOptions } from '../../../lib/storage';

const NOW = Date.parse('2026-05-10T03:00:00Z');
const NS = (ms: number) => `${ms}000000`;
/** A clock frozen at NOW whose monotonic part does not move either: only the per-series rule separates points. */
const frozen = () => new SeriesClock(() => NOW, () => 0n);
const opts = (o: Partial<PointOptions> = {}): PointOptions =>
  ({ measurement: 'greenhouse', precision: 'ms', deviceTags: true, integers: false, clock: frozen(), ...o });

describe('storage: messages to points', () => {
  it('writes a reading with its measurement time (in nanoseconds) and device / site / house tags', () => {
    const lines = linesFromMessage({
      payload: { airTemperature: 24.1, airHumidity: 71.5, co2: 612 },
      timestamp: NOW - 60000,
      device: { id: 'house-1-th-01', model: 'sim', site: 'hakui', house: 'house-1' },
    }, opts());
    assert.deepStrictEqual(lines, [`greenhouse,device=house-1-th-01,house=house-1,site=hakui airTemperature=24.1,airHumidity=71.5,co2=612 ${NS(NOW - 60000)}`]);
  });

  it('stamps points without a time with the moment they are accepted, so a replay writes the same point', () => {
    assert.deepStrictEqual(linesFromMessage({ payload: { v: 1 } }, opts()), [`greenhouse v=1 ${NS(NOW)}`]);
    assert.deepStrictEqual(linesFromMessage({ payload: { v: 1 } }, opts({ precision: 's' })), [`greenhouse v=1 ${NS(NOW)}`],
      'the precision setting is about numeric time fields; stamps are always nanoseconds');
  });

  it('stamps points of one series strictly increasing even within one nanosecond; other series are independent', () => {
    const o = opts();
    const lines = [0, 1, 2].map((i) => linesFromMessage({ payload: { v: i }, device: { id: 'd1' } }, o)[0]);
    const other = linesFromMessage({ payload: { v: 9 }, device: { id: 'd2' } }, o)[0];
    const t0 = BigInt(NS(NOW));
    assert.deepStrictEqual(lines, [0n, 1n, 2n].map((d, i) => `greenhouse,device=d1 v=${i} ${t0 + d}`));
    assert.strictEqual(other, `greenhouse,device=d2 v=9 ${t0}`);
  });

  it('converts numeric time fields from the configured precision to nanoseconds', () => {
    assert.deepStrictEqual(linesFromMessage({ payload: { v: 1, time: 1778382000 } }, opts({ precision: 's' })), ['greenhouse v=1 1778382000000000000']);
    assert.deepStrictEqual(linesFromMessage({ payload: { v: 1, time: '1778382000000000001' } }, opts({ precision: 'ns' })), ['greenhouse v=1 1778382000000000001']);
    assert.deepStrictEqual(linesFromMessage({ payload: { v: 1 }, timestamp: '2026-05-10T03:00:00.001Z' }, opts()), [`greenhouse v=1 ${NS(NOW + 1)}`]);
  });

  it('takes [fields, tags], with explicit tags winning over msg.device', () => {
    const lines = linesFromMessage({ payload: [{ v: 2 }, { device: 'other', zone: 'a' }], device: { id: 'd1', site: 's' } }, opts());
    assert.deepStrictEqual(lines, [`greenhouse,device=other,site=s,zone=a v=2 ${NS(NOW)}`]);
  });

  it('takes an array of [fields, tags] as several points, each with its own time field', () => {
    const lines = linesFromMessage({ payload: [[{ v: 1, time: 1000 }, { t: 'a' }], [{ v: 2, time: new Date(2000) }, { t: 'b' }]] }, opts());
    assert.deepStrictEqual(lines, ['greenhouse,t=a v=1 1000000000', 'greenhouse,t=b v=2 2000000000']);
  });

  it('takes a bare value as the field "value", and msg.measurement over the configured one', () => {
    assert.deepStrictEqual(linesFromMessage({ payload: 21.5, measurement: 'temp' }, opts()), [`temp value=21.5 ${NS(NOW)}`]);
    assert.deepStrictEqual(linesFromMessage({ payload: 'on' }, opts()), [`greenhouse value="on" ${NS(NOW)}`]);
  });

  it('reads "12i" strings as integers (as influxdb out does) and leaves out null and non-finite values', () => {
    assert.deepStrictEqual(linesFromMessage({ payload: { n: '12i', s: 'x', nan: NaN, none: null, ok: true } }, opts()),
      [`greenhouse n=12i,s="x",ok=true ${NS(NOW)}`]);
  });

  it('can skip the device tags', () => {
    assert.deepStrictEqual(linesFromMessage({ payload: { v: 1 }, device: { id: 'd1' } }, opts({ deviceTags: false })), [`greenhouse v=1 ${NS(NOW)}`]);
  });

  it('explains what is wrong without repeating the values', () => {
    const expectKey = (msg: object, key: string, o = opts()) => assert.throws(() => linesFromMessage(msg, o), (e: any) => {
      assert.strictEqual(e.key, key);
      assert.ok(!JSON.stringify(e.params).includes('secret'), 'no value in the error');
      return true;
    });
    expectKey({ payload: { name: { first: 'secret' } } }, 'civic-influx-buffer.errors.fieldType');
    expectKey({ payload: [{ v: 1 }, { who: ['secret'] }] }, 'civic-influx-buffer.errors.tagType');
    expectKey({ payload: [] }, 'civic-influx-buffer.errors.emptyPayload');
    expectKey({ payload: null }, 'civic-influx-buffer.errors.payloadType');
    expectKey({ payload: { v: NaN } }, 'civic-influx-buffer.errors.noFields');
    expectKey({ payload: { v: 1 } }, 'civic-influx-buffer.errors.noMeasurement', opts({ measurement: '' }));
    expectKey({ payload: { v: 1 }, timestamp: 'secret' }, 'civic-influx-buffer.errors.badTime');
    expectKey({ payload: { v: 1, time: {} } }, 'civic-influx-buffer.errors.badTime');
    expectKey({ payload: [[{ v: 1 }], 'secret'] }, 'civic-influx-buffer.errors.pointShape');
  });
});
