import assert from 'assert';
import { generalizeAddress, parseAddress } from '../../../lib/privacy';

describe('privacy: addresses to prefecture + municipality', () => {
  const cases: Array<[string, string]> = [
    ['石川県羽咋市千里浜町1-2', '石川県羽咋市'],
    ['石川県羽咋郡志賀町末吉1', '石川県羽咋郡志賀町'],
    ['石川県金沢市広坂1-1-1', '石川県金沢市'],
    ['石川県野々市市三納1', '石川県野々市市'],
    ['石川県鳳珠郡能登町宇出津1', '石川県鳳珠郡能登町'],
    ['石川県能美郡川北町壱ツ屋1', '石川県能美郡川北町'],
    ['大阪府大阪市北区梅田1-1', '大阪府大阪市北区'],
    ['静岡県浜松市中央区元城町103', '静岡県浜松市中央区'],
    ['東京都千代田区丸の内1', '東京都千代田区'],
    ['東京都西多摩郡檜原村467', '東京都西多摩郡檜原村'],
    ['東京都東村山市本町1', '東京都東村山市'],
    ['奈良県大和郡山市北郡山町248', '奈良県大和郡山市'],
    ['北海道余市郡余市町黒川町1', '北海道余市郡余市町'],
    ['長野県大町市大町1', '長野県大町市'],
    ['三重県四日市市諏訪町1', '三重県四日市市'],
    ['石川県　羽咋市　旭町１－１', '石川県羽咋市'],
  ];
  for (const [address, expected] of cases) {
    it(`${address} → ${expected}`, () => assert.strictEqual(generalizeAddress(address), expected));
  }
  it('drops a designated-city ward on request and coarsens to the prefecture', () => {
    assert.strictEqual(generalizeAddress('大阪府大阪市北区梅田1-1', 'municipality', false), '大阪府大阪市');
    assert.strictEqual(generalizeAddress('石川県羽咋郡志賀町末吉1', 'prefecture'), '石川県');
  });
  it('handles an address without the prefecture', () => {
    assert.deepStrictEqual(parseAddress('金沢市広坂1-1-1').municipality, '金沢市');
    assert.strictEqual(generalizeAddress('金沢市広坂1-1-1', 'prefecture'), undefined);
  });
});
