import assert from 'assert';
import { parseCcm, ccmValues } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const EXAMPLE = '<?xml version="1.0"?><UECS ver="1.00-E10"><DATA type="InAirTemp.mIC" room="1" region="1" order="1" priority="29">23.0</DATA><IP>192.168.1.64</IP></UECS>';
const data = (type: string, value: string, room = 1, region = 1, order = 1, priority = 29) =>
  `<DATA type="${type}" room="${room}" region="${region}" order="${order}" priority="${priority}">${value}</DATA>`;
const packet = (...items: string[]) => `<?xml version="1.0"?><UECS ver="1.00-E10">${items.join('')}<IP>192.168.1.64</IP></UECS>`;

function badXml(xml: string, offset?: number): string {
  let reason = '';
  assert.throws(() => parseCcm(xml), (err: unknown) => {
    assert.ok(isCivicError(err), String(err));
    assert.strictEqual(err.key, 'civic-sensor-decode.errors.badXml');
    if (offset !== undefined) assert.strictEqual(err.params.offset, offset);
    reason = String(err.params.reason);
    return true;
  });
  return reason;
}

describe('UECS CCM', () => {
  it('parses the standard example with its attributes and IP', () => {
    const p = parseCcm(EXAMPLE);
    assert.strictEqual(p.ver, '1.00-E10');
    assert.strictEqual(p.ip, '192.168.1.64');
    assert.deepStrictEqual(p.data, [{ type: 'InAirTemp.mIC', name: 'InAirTemp', room: 1, region: 1, order: 1, priority: 29,
      value: '23.0', attributes: Object.assign(Object.create(null), { type: 'InAirTemp.mIC', room: '1', region: '1', order: '1', priority: '29' }) }]);
  });

  it('maps known types to canonical metrics (radiation kW/m² → W/m²) and keeps unknown types by CCM name', () => {
    const v = ccmValues(parseCcm(packet(data('InAirTemp.mIC', '23.0'), data('InAirHumid.mIC', '71.5'),
      data('InAirCO2.mIC', '612'), data('InRadiation.mIC', '0.523'), data('InAirHD.mIC', '4.2'),
      data('SoilTemp.mIC', '-1.5'), data('WWindSpeed.mOC', '3.2'), data('InIllumi.mIC', '12000'))));
    assert.deepStrictEqual(v.values, { airTemperature: 23, airHumidity: 71.5, co2: 612, solarRadiation: 523,
      humidityDeficit: 4.2, soilTemperature: -1.5, windSpeed: 3.2, InIllumi: 12000 });
    assert.strictEqual(v.units.solarRadiation, 'W/m²');
    assert.strictEqual(v.units.humidityDeficit, 'g/m³');
    assert.ok(!('InIllumi' in v.units));
  });

  it('lower priority number wins for the same type/room/region/order', () => {
    const v = ccmValues(parseCcm(packet(data('InAirTemp.mIC', '23.0', 1, 1, 1, 29), data('InAirTemp.mIC', '22.0', 1, 1, 1, 5))));
    assert.deepStrictEqual(v.values, { airTemperature: 22 });
  });

  it('the same metric for another room gets a suffix', () => {
    const v = ccmValues(parseCcm(packet(data('InAirTemp.mIC', '23.0', 1), data('InAirTemp.mIC', '21.0', 2))));
    assert.deepStrictEqual(v.values, { airTemperature: 23, airTemperature_2_1_1: 21 });
  });

  it('filters by type, room, region, order; 0 in the packet is a wildcard', () => {
    const p = parseCcm(packet(data('InAirTemp.mIC', '23.0', 1), data('InAirTemp.mIC', '21.0', 2),
      data('InAirHumid.mIC', '70', 0), data('InAirCO2.mIC', '500', 1, 2)));
    assert.deepStrictEqual(ccmValues(p, { room: 2 }).values, { airTemperature: 21, airHumidity: 70 });
    assert.deepStrictEqual(ccmValues(p, { types: ['InAirCO2'] }).values, { co2: 500 });
    assert.deepStrictEqual(ccmValues(p, { types: ['InAirTemp.mIC'], room: 1 }).values, { airTemperature: 23 });
    assert.deepStrictEqual(ccmValues(p, { region: 2 }).values, { co2: 500 });
    assert.deepStrictEqual(ccmValues(p, { order: 3 }).values, {});
  });

  it('a non-numeric value is left out with a warning', () => {
    const v = ccmValues(parseCcm(packet(data('InAirTemp.mIC', 'abc'))));
    assert.deepStrictEqual(v.values, {});
    assert.strictEqual(v.warnings.length, 1);
  });

  it('decodes entities and self-closing elements', () => {
    const p = parseCcm('<UECS ver="1.00-E10"><DATA type="X.mC" room="0" region="0" order="0" priority="1">&#49;&amp;</DATA><SEARCH/></UECS>');
    assert.strictEqual(p.data[0].value, '1&');
    assert.deepStrictEqual(p.other.map((o) => o.name), ['SEARCH']);
  });

  it('is strict: single quotes, wrong case, mismatched or unclosed tags are errors with a byte offset', () => {
    assert.match(badXml(`<UECS ver='1.00'></UECS>`, 10), /double quotes/);
    badXml('<uecs ver="1"></uecs>', 0);
    badXml('<UECS ver="1"><DATA type="A" room="1" region="1" order="1">1</data></UECS>', 60);
    badXml('<UECS ver="1"><DATA type="A" room="1" region="1" order="1">1', 60);
    badXml('<UECS ver="1"></UECS>junk');
    badXml('<UECS ver="1"><DATA type="A" room="x" region="1" order="1">1</DATA></UECS>', 14);
    badXml('<UECS ver="1"><DATA type="A" room="1" region="1" order="1">1 & 2</DATA></UECS>');
    badXml('<UECS ver="1"><!-- c --></UECS>');
    badXml('');
  });

  it('counts the offset in bytes, not characters', () => {
    badXml('<UECS ver="温室"><DATA></UECS>', 25);   // 21 characters, 25 bytes
  });
});
