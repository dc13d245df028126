import assert from 'assert';
import { generateRecords, isValidMyNumber, parseDate, generalizeAddress, isPostalCode, phoneKind } from '../../../lib/privacy';

describe('privacy: synthetic KDB-like dataset', () => {
  const recs = generateRecords(500, 5);
  it('is the same for the same seed and different for another', () => {
    assert.deepStrictEqual(generateRecords(20, 5), recs.slice(0, 20));
    assert.notDeepStrictEqual(generateRecords(20, 6), recs.slice(0, 20));
  });
  it('has valid My Numbers, era birth dates matching the age, Ishikawa addresses, postcodes and phones', () => {
    for (const r of recs) {
      assert.ok(isValidMyNumber(r.myNumber), r.myNumber);
      const b = parseDate(r.birthDate);
      assert.ok(b && b.precision === 'day', r.birthDate);
      assert.ok(Math.abs(2024 - b.year - r.age) <= 1, `${r.birthDate} ${r.age}`);
      assert.match(generalizeAddress(r.address) ?? '', /^石川県/);
      assert.ok(isPostalCode(r.postcode), r.postcode);
      assert.ok(phoneKind(r.phone), r.phone);
      assert.match(r.careInsuredNumber, /^[0-9]{10}$/);
    }
    assert.ok(recs.some((r) => /^(明治|大正|昭和|平成|令和)/.test(r.birthDate)));
    assert.ok(recs.some((r) => /^[MTSHR][0-9]+\./.test(r.birthDate)));
    assert.ok(recs.some((r) => /[０-９]/.test(r.birthDate)));
  });
});
