import assert from 'assert';
import {
  myNumberCheckDigit, isValidMyNumber, corporateNumberCheckDigit, isValidCorporateNumber, phoneKind, isPostalCode,
  isCareInsuredNumber, isEmail, scrubText, normalizeIdentifier, digitsOnly,
} from '../../../lib/privacy';

describe('privacy: identifiers', () => {
  describe('My Number (個人番号) check digit', () => {
    it('accepts the published example 123456789018 and computes its check digit 8', () => {
      assert.strictEqual(myNumberCheckDigit('12345678901'), 8);
      assert.strictEqual(isValidMyNumber('123456789018'), true);
    });
    it('rejects every wrong check digit', () => {
      for (let d = 0; d <= 9; d++) if (d !== 8) assert.strictEqual(isValidMyNumber(`12345678901${d}`), false, String(d));
    });
    it('gives 0 when the remainder is 0 or 1', () => {
      // 00000000000 → sum 0 → remainder 0 → check 0
      assert.strictEqual(myNumberCheckDigit('00000000000'), 0);
      assert.strictEqual(isValidMyNumber('000000000000'), true);
      // find one with remainder 1 and check it too
      for (let i = 0; i < 200; i++) {
        const body = String(10000000000 + i * 7919).slice(-11);
        let sum = 0;
        for (let n = 1; n <= 11; n++) sum += Number(body[11 - n]) * (n <= 6 ? n + 1 : n - 5);
        if (sum % 11 === 1) { assert.strictEqual(myNumberCheckDigit(body), 0); return; }
      }
      assert.fail('no body with remainder 1 found');
    });
    it('reads full-width digits and ー/‐/− hyphens', () => {
      assert.strictEqual(isValidMyNumber('１２３４５６７８９０１８'), true);
      assert.strictEqual(isValidMyNumber('1234ー5678ー9018'), true);
      assert.strictEqual(isValidMyNumber('1234‐5678−9018'), true);
      assert.strictEqual(isValidMyNumber('１２３４５６７８９０１９'), false);
    });
    it('rejects wrong lengths and letters', () => {
      assert.strictEqual(isValidMyNumber('12345678901'), false);
      assert.strictEqual(isValidMyNumber('1234567890180'), false);
      assert.strictEqual(isValidMyNumber('A23456789018'), false);
    });
  });

  describe('corporate number (法人番号)', () => {
    it('accepts the National Tax Agency number 7000012050002 and rejects other first digits', () => {
      assert.strictEqual(corporateNumberCheckDigit('000012050002'), 7);
      assert.strictEqual(isValidCorporateNumber('7000012050002'), true);
      for (let d = 0; d <= 9; d++) if (d !== 7) assert.strictEqual(isValidCorporateNumber(`${d}000012050002`), false);
    });
    it('reads full-width digits and a T prefix (invoice registration)', () => {
      assert.strictEqual(isValidCorporateNumber('７００００１２０５０００２'), true);
      assert.strictEqual(isValidCorporateNumber('T7000012050002'), true);
    });
  });

  describe('phones, postal codes, care numbers, e-mail', () => {
    it('classifies fixed, mobile, IP and free-dial numbers', () => {
      assert.strictEqual(phoneKind('0767-22-1111'), 'fixed');
      assert.strictEqual(phoneKind('076-220-2111'), 'fixed');
      assert.strictEqual(phoneKind('(0767)22-1111'), 'fixed');
      assert.strictEqual(phoneKind('090-1234-5678'), 'mobile');
      assert.strictEqual(phoneKind('０８０ー１２３４ー５６７８'), 'mobile');
      assert.strictEqual(phoneKind('050-1234-5678'), 'ip');
      assert.strictEqual(phoneKind('0120-123-456'), 'free');
      assert.strictEqual(phoneKind('+81-76-220-2111'), 'fixed');
    });
    it('rejects wrong lengths', () => {
      assert.strictEqual(phoneKind('0767-22-111'), undefined);
      assert.strictEqual(phoneKind('090-1234-567'), undefined);
      assert.strictEqual(phoneKind('030-1234-5678'), undefined);
      assert.strictEqual(phoneKind('1234567890'), undefined);
    });
    it('reads postal codes with 〒, full width and dash look-alikes', () => {
      assert.ok(isPostalCode('925-0001'));
      assert.ok(isPostalCode('〒925-0001'));
      assert.ok(isPostalCode('〒９２５－０００１'));
      assert.ok(isPostalCode('925ー0001'));
      assert.ok(!isPostalCode('92-50001'));
      assert.ok(!isPostalCode('925-001'));
    });
    it('recognises 10-digit care insured numbers only', () => {
      assert.ok(isCareInsuredNumber('0123456789'));
      assert.ok(isCareInsuredNumber('０１２３４５６７８９'));
      assert.ok(!isCareInsuredNumber('012345678'));
      assert.ok(!isCareInsuredNumber('01234567890'));
    });
    it('recognises e-mail addresses', () => {
      assert.ok(isEmail('taro.yamada@city.hakui.lg.jp'));
      assert.ok(isEmail('ｔａｒｏ＠example.jp'));
      assert.ok(!isEmail('taro@'));
      assert.ok(!isEmail('@example.jp'));
    });
    it('normalises identifiers (NFKC, hyphens, spaces)', () => {
      assert.strictEqual(normalizeIdentifier('  １２３ー４５６  '), '123-456');
      assert.strictEqual(digitsOnly('〒９２５－０００１'), '9250001');
    });
  });

  describe('scrubText', () => {
    it('replaces every identifier kind in a note and counts them', () => {
      const note = '氏名：山田 太郎、電話０７６７－２２－１１１１、携帯090-1234-5678、〒925-0001、mail taro@example.jp、'
        + '個人番号 1234 5678 9018、法人番号 7000012050002、被保険者番号：12345678 確認';
      const r = scrubText(note);
      for (const raw of ['山田', '太郎', '1111', '5678', '925-0001', 'taro@', '9018', '7000012050002', '12345678']) {
        assert.ok(!r.text.includes(raw), `${raw} left in ${r.text}`);
      }
      assert.deepStrictEqual(r.findings, { name: 1, phone: 2, postalCode: 1, email: 1, myNumber: 1, corporateNumber: 1, idLabel: 1 });
      assert.ok(r.text.includes('[MYNUMBER]') && r.text.includes('[CORPORATE-NO]') && r.text.includes('電話[PHONE]'));
    });
    it('leaves dates, quantities and katakana long vowels alone; a 12-digit number with a wrong check digit is a plain [ID]', () => {
      const text = '日付 2024-03-01 コーヒー 血圧138/82 LDL 162 医療費 12345678円';
      assert.strictEqual(scrubText(text).text, text);
      assert.strictEqual(scrubText('受付番号 123456789019').text, '受付番号 [ID]');
    });
    it('keeps the original (full-width) text around the replacements', () => {
      const r = scrubText('ＴＥＬ：０９０－１２３４－５６７８（日中）');
      assert.strictEqual(r.text, 'ＴＥＬ：[PHONE]（日中）');
    });
    it('finds a full-width My Number', () => {
      assert.strictEqual(scrubText('番号は１２３４５６７８９０１８です').text, '番号は[MYNUMBER]です');
    });
  });
});
