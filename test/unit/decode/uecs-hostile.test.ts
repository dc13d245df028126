// Issue 15 §5, hostile UECS XML. Seen failing before the fix: type="__proto__" / "constructor" decoded to
// { undefined: NaN } (the CCM type table was looked up through Object.prototype), and &#x110000; threw a bare
// RangeError from String.fromCodePoint instead of a translated error.
import assert from 'assert';
import { parseCcm, ccmValues, uecsReading } from '../../../lib/decode';
import { isCivicError } from '../../../lib/errors';

const data = (type: string, value: string) => `<DATA type="${type}" room="1" region="1" order="1" priority="29">${value}</DATA>`;
const packet = (...items: string[]) => `<?xml version="1.0"?><UECS ver="1.00-E10">${items.join('')}<IP>192.168.1.64</IP></UECS>`;

function rejects(fn: () => unknown, key: string): Record<string, string | number> {
  let params: Record<string, string | number> = {};
  assert.throws(fn, (err: unknown) => {
    assert.ok(isCivicError(err), `not a translated error: ${String(err)}`);
    assert.strictEqual(err.key, `civic-sensor-decode.errors.${key}`);
    params = err.params;
    return true;
  });
  return params;
}

describe('UECS CCM: hostile names and characters', () => {
  for (const name of ['__proto__', 'constructor', 'prototype', 'constructor.mIC', 'InAirTemp.__proto__', 'toString', 'hasOwnProperty']) {
    it(`type="${name}" never reaches Object.prototype`, () => {
      const xml = packet(data(name, '23.0'));
      if (/__proto__|constructor|prototype/.test(name)) {
        const p = rejects(() => ccmValues(parseCcm(xml)), 'reservedName');
        assert.ok(typeof p.offset === 'number');
      } else {
        const v = ccmValues(parseCcm(xml));
        assert.deepStrictEqual(v.values, { [name]: 23 });
        assert.strictEqual(Object.getPrototypeOf(v.values), Object.prototype);
      }
    });
  }

  it('reserved attribute and element names are refused, attributes live in null-prototype maps', () => {
    rejects(() => parseCcm(`<UECS ver="1"><DATA type="InAirTemp" room="1" region="1" order="1" __proto__="x">1</DATA></UECS>`), 'reservedName');
    rejects(() => parseCcm('<UECS ver="1"><constructor>1</constructor></UECS>'), 'reservedName');
    const p = parseCcm(packet(data('InAirTemp.mIC', '23.0')));
    assert.strictEqual(Object.getPrototypeOf(p.data[0].attributes), null);
  });

  for (const ref of ['&#x110000;', '&#1114112;', '&#xD800;', '&#0;', '&#x99999999999;']) {
    it(`${ref} is a translated error naming the byte, not a RangeError`, () => {
      const xml = packet(data('InAirTemp.mIC', `2${ref}3`));
      const p = rejects(() => parseCcm(xml), 'badCodePoint');
      assert.strictEqual(p.offset, Buffer.byteLength(xml.slice(0, xml.indexOf('&#'))));
    });
  }

  it('a valid character reference still decodes', () => {
    assert.deepStrictEqual(ccmValues(parseCcm(packet(data('InAirTemp.mIC', '&#x32;3.5')))).values, { airTemperature: 23.5 });
  });

  it('the uecs-in path refuses them the same way', () => {
    rejects(() => uecsReading(packet(data('__proto__', '1'))), 'reservedName');
    rejects(() => uecsReading(packet(data('InAirTemp', '&#x110000;'))), 'badCodePoint');
  });
});
