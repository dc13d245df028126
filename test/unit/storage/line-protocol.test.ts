// Line protocol as the InfluxDB reference writes it, including its escaping examples.
import assert from 'assert';
import {
  encodePoint, escapeKey, escapeMeasurement, quoteString, timestampFromMillis, precisionParam, normalisePrecision,
  encodeFieldValue,
} from '../../../lib/storage';

describe('storage: line protocol', () => {
  it('writes the reference example: measurement, tag, field, nanosecond timestamp', () => {
    assert.strictEqual(
      encodePoint({ measurement: 'weather', tags: { location: 'us-midwest' }, fields: { temperature: 82 }, time: '1465839830100400200' }),
      'weather,location=us-midwest temperature=82 1465839830100400200');
  });

  it('escapes commas and spaces in measurements, but not equals signs', () => {
    assert.strictEqual(escapeMeasurement('wea,ther'), 'wea\\,ther');
    assert.strictEqual(escapeMeasurement('wea ther'), 'wea\\ ther');
    assert.strictEqual(escapeMeasurement('a=b'), 'a=b');
  });

  it('escapes commas, equals signs and spaces in tag keys, tag values and field keys', () => {
    assert.strictEqual(escapeKey('us,midwest'), 'us\\,midwest');
    assert.strictEqual(escapeKey('loc ation'), 'loc\\ ation');
    assert.strictEqual(escapeKey('temp=rature'), 'temp\\=rature');
    assert.strictEqual(
      encodePoint({ measurement: 'weather', tags: { 'loc ation': 'us,midwest' }, fields: { 'temp=rature': 82 }, time: '1' }),
      'weather,loc\\ ation=us\\,midwest temp\\=rature=82 1');
  });

  it('quotes string fields, escaping double quotes and backslashes', () => {
    assert.strictEqual(quoteString('too warm'), '"too warm"');
    assert.strictEqual(quoteString('too"hot"'), '"too\\"hot\\""');
    assert.strictEqual(quoteString('C:\\data'), '"C:\\\\data"');
    assert.strictEqual(quoteString('a,b=c d'), '"a,b=c d"', 'no other escaping inside quotes');
  });

  it('writes numbers as floats unless integers are configured, and then only safe integers', () => {
    assert.strictEqual(encodeFieldValue(82), '82');
    assert.strictEqual(encodeFieldValue(82, { integers: true }), '82i');
    assert.strictEqual(encodeFieldValue(82.5, { integers: true }), '82.5');
    assert.strictEqual(encodeFieldValue(2 ** 60, { integers: true }), String(2 ** 60), 'beyond 2^53 stays a float');
    assert.strictEqual(encodeFieldValue(-7n), '-7i');
    assert.strictEqual(encodeFieldValue(true), 'true');
    assert.strictEqual(encodeFieldValue(false), 'false');
    assert.strictEqual(encodeFieldValue(27.2), '27.2');
  });

  it('sorts tags by key and leaves out empty tag values', () => {
    assert.strictEqual(encodePoint({ measurement: 'm', tags: { site: 'hakui', device: 'd1', house: '' }, fields: { v: 1 } }),
      'm,device=d1,site=hakui v=1');
  });

  it('refuses points without fields, line breaks, and non-finite numbers, naming what is wrong', () => {
    assert.throws(() => encodePoint({ measurement: 'm', fields: {} }), { key: 'civic-influx-buffer.errors.noFields' });
    assert.throws(() => encodePoint({ measurement: 'm', tags: { device: 'a\nb' }, fields: { v: 1 } }),
      (e: any) => e.key === 'civic-influx-buffer.errors.newline' && e.params.name === 'tag device');
    assert.throws(() => encodeFieldValue(NaN, {}, 'co2'), (e: any) => e.key === 'civic-influx-buffer.errors.notFinite' && e.params.field === 'co2');
    assert.throws(() => encodePoint({ measurement: '', fields: { v: 1 } }), { key: 'civic-influx-buffer.errors.noMeasurement' });
  });

  it('converts epoch milliseconds to each precision without losing nanoseconds to floating point', () => {
    const ms = 1778382000123;
    assert.strictEqual(timestampFromMillis(ms, 'ns'), '1778382000123000000');
    assert.strictEqual(timestampFromMillis(ms, 'us'), '1778382000123000');
    assert.strictEqual(timestampFromMillis(ms, 'ms'), '1778382000123');
    assert.strictEqual(timestampFromMillis(ms, 's'), '1778382000');
  });

  it('names precisions as each API expects them', () => {
    assert.strictEqual(precisionParam('us', 'v1'), 'u');
    assert.strictEqual(precisionParam('us', 'v2'), 'us');
    assert.strictEqual(precisionParam('ns', 'v1'), 'ns');
    assert.strictEqual(normalisePrecision('n'), 'ns');
    assert.strictEqual(normalisePrecision('u'), 'us');
    assert.strictEqual(normalisePrecision(''), 'ms');
    assert.throws(() => normalisePrecision('h'), { key: 'civic-influx-buffer.errors.precision' });
  });
});
