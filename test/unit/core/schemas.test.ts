import assert from 'assert';
import { validate, describeSchemaError } from '../../../lib/schemas';
import { isCivicError } from '../../../lib/errors';
import { measurementTime, round, unitsFor } from '../../../lib/metrics';

describe('schemas: config validation', () => {
  it('coerces editor strings to numbers and fills defaults', () => {
    const r = validate<Record<string, unknown>>('civic-sensor-sim.config', { devices: '12', interval: '2.5' });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.strictEqual(r.value.devices, 12);
    assert.strictEqual(r.value.interval, 2.5);
    assert.strictEqual(r.value.format, 'reading');
    assert.strictEqual(r.value.latitude, 36.8933);
  });

  it('names the field and the limit of the first problem', () => {
    const r = validate('civic-sensor-sim.config', { devices: 0 });
    assert.ok(!r.ok);
    if (r.ok) return;
    assert.ok(isCivicError(r.error));
    assert.strictEqual(r.error.key, 'shared.schema.minimum');
    assert.deepStrictEqual(r.error.params, { field: 'devices', limit: '1' });
  });

  it('rejects house names that cannot be LoRaWAN device ids', () => {
    const r = validate('civic-sensor-sim.config', { houses: 'House 1' });
    assert.ok(!r.ok);
    if (!r.ok) assert.strictEqual(r.error.key, 'shared.schema.pattern');
  });

  it('does not change the object it was given', () => {
    const def = { devices: '3' };
    validate('civic-sensor-sim.config', def);
    assert.deepStrictEqual(def, { devices: '3' });
  });

  it('describes a missing required property with its path', () => {
    const e = describeSchemaError({ instancePath: '/device', keyword: 'required', params: { missingProperty: 'id' }, schemaPath: '' });
    assert.strictEqual(e.params.field, 'device.id');
    assert.strictEqual(e.key, 'shared.schema.required');
  });

  it('validates a reading message against the contract', () => {
    const good = { topic: 'd', payload: { airTemperature: 1 }, timestamp: 1, device: { id: 'd' }, meta: { source: 's', warnings: [] } };
    assert.ok(validate('reading.message', good).ok);
    const bad = { ...good, payload: { airTemperature: 'warm' } };
    assert.ok(!validate('reading.message', bad).ok);
  });
});

describe('metrics', () => {
  it('rounds scaled integers without float noise', () => {
    assert.strictEqual(round(272 * 0.1, 1), 27.2);
    assert.strictEqual(round(-0.04, 1), 0);
    assert.strictEqual(round(1234 * 0.01, 2), 12.34);
  });
  it('gives units for canonical names only', () => {
    assert.deepStrictEqual(unitsFor({ co2: 1, vpd: 2, custom: 3 }), { co2: 'ppm', vpd: 'kPa' });
  });
});

describe('metrics: measurementTime', () => {
  it('takes epoch milliseconds and refuses what is no Date', () => {
    assert.strictEqual(measurementTime(1778382000000), 1778382000000);
    assert.strictEqual(measurementTime(-5), -5);
    for (const bad of [NaN, Infinity, 1.7e18, '1778382000000', null, undefined]) assert.strictEqual(measurementTime(bad), undefined);
  });
});
