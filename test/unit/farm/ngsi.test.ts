// NGSI-v2 export against the Smart Data Models JSON Schemas copied into test/fixtures/smart-data-models (CC BY 4.0):
// the key-values entities validate as they are, the normalised ones after taking each attribute's value; the batch
// update reaches a local HTTP server as a context broker would receive it.
import assert from 'assert';
import fs from 'fs';
import http from 'http';
import path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { dayEntities, normalize, keyValues, postEntities, ngsiIdPart } from '../../../lib/farm';
import { freePort } from '../../helpers/servers';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'smart-data-models');

function validators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of fs.readdirSync(FIXTURES).filter((x) => x.endsWith('.json') && !x.includes('.example.'))) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')));
  }
  const get = (id: string) => ajv.getSchema(id)!;
  return {
    WeatherObserved: get('https://smart-data-models.github.io/dataModel.Weather/WeatherObserved/schema.json'),
    AgriParcelRecord: get('https://smart-data-models.github.io/dataModel.Agrifood/AgriParcelRecord/schema.json'),
  };
}

const day = {
  house: 'ハウス1', date: '2025-06-01', start: Date.parse('2025-06-01T00:00:00+09:00'),
  payload: { tmean: 22.4, airHumidityMean: 78.5, soilTemperatureMean: 20.1, soilMoistureMean: 38.5, soilECMean: 2.4 },
};
const parcel = { id: 'ハウス1', latitude: 36.8933, longitude: 136.7789 };

describe('NGSI-v2 export (Smart Data Models)', () => {
  const v = validators();

  it('the models\' own examples validate (the schemas and their references load)', () => {
    for (const [type, fn] of Object.entries(v)) {
      const example = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${type}.example.json`), 'utf8'));
      assert.ok(fn(example), `${type} example: ${JSON.stringify(fn.errors)}`);
    }
  });

  it('a day of a house becomes a WeatherObserved and an AgriParcelRecord that validate, in both forms', () => {
    const entities = dayEntities(day, parcel, 'hakui');
    assert.deepStrictEqual(entities.map((e) => e.id.replace(/-[0-9a-f]{6}-/, '-#-')), ['urn:ngsi-ld:WeatherObserved:hakui-1-#-2025-06-01', 'urn:ngsi-ld:AgriParcelRecord:hakui-1-#-2025-06-01']);
    for (const e of entities) {
      const fn = v[e.type as keyof typeof v];
      assert.ok(fn(e), `${e.type} key-values: ${JSON.stringify(fn.errors)}`);
      const n = normalize(e);
      for (const [k, a] of Object.entries(n)) if (k !== 'id' && k !== 'type') assert.ok(typeof (a as any).type === 'string' && 'value' in (a as any), k);
      assert.ok(fn(keyValues(n)), `${e.type} normalised: ${JSON.stringify(fn.errors)}`);
    }
    const parcelRecord = entities[1];
    assert.deepStrictEqual([parcelRecord.soilMoistureVwc, parcelRecord.soilMoistureEc, parcelRecord.relativeHumidity], [0.385, 0.24, 0.785]);
    assert.strictEqual(entities[0].dateObserved, '2025-05-31T15:00:00.000Z');
  });

  it('a wrong value is caught by the schema (the check can fail)', () => {
    const [weather] = dayEntities(day, parcel, 'hakui');
    assert.ok(!v.WeatherObserved({ ...weather, relativeHumidity: 78.5 }));
    assert.ok(!v.AgriParcelRecord({ ...dayEntities(day, parcel, 'hakui')[1], hasAgriParcel: undefined }));
    assert.notStrictEqual(ngsiIdPart('ハウス1'), ngsiIdPart('温室1'));
    assert.strictEqual(ngsiIdPart('house-1'), 'house-1');
  });

  it('POSTs one batch update with the FIWARE service headers and the token', async () => {
    const port = await freePort();
    const got: Array<{ url?: string; headers: http.IncomingHttpHeaders; body: any }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { got.push({ url: req.url, headers: req.headers, body: JSON.parse(body) }); res.statusCode = got.length === 1 ? 204 : 400; res.end(); });
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const entities = dayEntities(day, parcel, 'hakui').map(normalize);
      assert.strictEqual(await postEntities(entities, { url: `http://127.0.0.1:${port}/`, service: 'hakui', servicePath: '/farm', token: 'secret-token', format: 'normalized' }), 204);
      assert.strictEqual(got[0].url, '/v2/op/update');
      assert.deepStrictEqual([got[0].headers['fiware-service'], got[0].headers['fiware-servicepath'], got[0].headers['x-auth-token']], ['hakui', '/farm', 'secret-token']);
      assert.deepStrictEqual(got[0].body, { actionType: 'append', entities });
      await assert.rejects(postEntities(entities, { url: `http://127.0.0.1:${port}`, format: 'keyValues' }), { key: 'civic-ngsi-export.errors.status', params: { status: 400 } });
      assert.strictEqual(got[1].url, '/v2/op/update?options=keyValues');
    } finally { server.close(); }
    await assert.rejects(postEntities([], { url: `http://127.0.0.1:${port}`, format: 'normalized' }), { key: 'civic-ngsi-export.errors.unreachable' });
  });
});
