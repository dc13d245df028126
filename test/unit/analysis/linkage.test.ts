// Record linkage: name normalisation (width, script, small kana, 旧字体) and the linking rules.
import assert from 'assert';
import { Linker, normalizeName, normalizeSex, normalizeBirthDate, type LinkConfig } from '../../../lib/analysis';
import { pseudonymize } from '../../../lib/privacy/pseudonym';

const KEY = 'linkage-unit-test-key-00000000001';
const FORMAT = { key: KEY, prefix: 'P-', length: 16 };
const KDB: LinkConfig = { idFields: [{ field: '宛名番号', kind: 'atena' }, { field: '介護番号', kind: 'care' }], nameField: 'カナ', birthField: '生年月日', sexField: '性別' };
const CARE: LinkConfig = { idFields: [{ field: '介護番号', kind: 'care' }], nameField: 'カナ', birthField: '生年月日', sexField: '性別' };

describe('analysis: names for linkage', () => {
  it('folds width, script, small kana, voiced variants and old kanji forms', () => {
    const forms = ['ショウコ', 'ｼｮｳｺ', 'しょうこ', 'シヨウコ', 'ｼﾖｳｺ'];
    assert.deepStrictEqual(new Set(forms.map(normalizeName)).size, 1);
    assert.strictEqual(normalizeName('髙橋　邊'), normalizeName('高橋 辺'));
    assert.strictEqual(normalizeName('渡邉 﨑'), normalizeName('渡辺崎'));
    assert.strictEqual(normalizeName('ヂ ヅ'), 'ジズ');
  });
  it('reads sex codes and 和暦 birth dates', () => {
    assert.deepStrictEqual(['男', '女性', 'M', '2', '?'].map(normalizeSex), ['M', 'F', 'M', 'F', '']);
    assert.strictEqual(normalizeBirthDate('昭和21年5月3日'), '1946-05-03');
    assert.strictEqual(normalizeBirthDate('S21.5.3'), '1946-05-03');
    assert.strictEqual(normalizeBirthDate('昭和21年5月'), '');
  });
});

describe('analysis: linkage', () => {
  const kdb = [
    { 宛名番号: '1000001', 介護番号: '0000000001', カナ: 'タナカ ヒロシ', 生年月日: '1946-05-03', 性別: '男', bmi: 22 },
    { 宛名番号: '1000002', 介護番号: '', カナ: 'サトウ ハナコ', 生年月日: '1950-01-02', 性別: '女', bmi: 25 },
    { 宛名番号: '1000003', カナ: 'スズキ イチロウ', 生年月日: '1940-07-07', 性別: '男' },
    { 宛名番号: '1000004', カナ: 'スズキ イチロウ', 生年月日: '1940-07-07', 性別: '男' },          // same name, birth date and sex
  ];

  it('links by 宛名番号 to the same pseudonym the store and civic-deidentify make, and removes identifying fields', () => {
    const l = new Linker(FORMAT);
    const r = l.link(kdb, 'kdb', KDB);
    assert.strictEqual(r.linked[0].person, pseudonymize(KEY, '1000001'));
    assert.deepStrictEqual(Object.keys(r.linked[0]).sort(), ['bmi', 'person', '性別']);
    assert.deepStrictEqual({ ...r.report, source: 'kdb' }, { source: 'kdb', records: 4, linked: 4, byNumber: 4, byMappedNumber: 0, byNameBirthSex: 0, unlinked: 0, ambiguous: 0 });
  });

  it('links care records by a mapped number, by name + 和暦 birth date + sex, and never guesses between twins', () => {
    const l = new Linker(FORMAT);
    l.link(kdb, 'kdb', KDB);
    const care = [
      { 介護番号: '0000000001', カナ: '', 生年月日: '', 性別: '男', 認定日: '2023-04-01' },
      { 介護番号: '0000000099', カナ: 'ｻﾄｳ ﾊﾅｺ', 生年月日: '昭和25年1月2日', 性別: '女性', 認定日: '2023-05-01' },
      { 介護番号: '0000000077', カナ: 'すずき いちろう', 生年月日: 'S15.7.7', 性別: '男', 認定日: '2023-06-01' },
      { 介護番号: '0000000088', カナ: 'ヤマダ タロウ', 生年月日: '1930-01-01', 性別: '男', 認定日: '2023-07-01' },
    ];
    const r = l.link(care, 'care', CARE);
    assert.deepStrictEqual(r.linked.map((x) => x.person), [pseudonymize(KEY, '1000001'), pseudonymize(KEY, '1000002')]);
    assert.deepStrictEqual(r.unlinked.map((x) => x.linkStatus), ['ambiguous', 'unlinked']);
    assert.ok(r.unlinked.every((x) => !('カナ' in x) && !('介護番号' in x) && !('生年月日' in x)));
    assert.deepStrictEqual([r.report.byMappedNumber, r.report.byNameBirthSex, r.report.ambiguous, r.report.unlinked], [1, 1, 1, 1]);
    // the care number seen with a link is learned: next time it links by number alone
    const again = l.link([{ 介護番号: '0000000099', 認定日: '2024-01-01' }], 'care', CARE);
    assert.strictEqual(again.linked[0].person, pseudonymize(KEY, '1000002'));
  });

  it('gives the same result whatever the order of the rows in a batch', () => {
    const rows = [{ カナ: 'タナカ ヒロシ', 生年月日: '1946-05-03', 性別: '男' }, ...kdb];
    const a = new Linker(FORMAT).link(rows, 's', KDB);
    const b = new Linker(FORMAT).link([...rows].reverse(), 's', KDB);
    assert.strictEqual(a.report.byNameBirthSex, 1);
    assert.deepStrictEqual(a.report, b.report);
  });

  it('keeps no clear value in its index', () => {
    const l = new Linker(FORMAT);
    l.link(kdb, 'kdb', KDB);
    const text = JSON.stringify(l.index.entries());
    for (const v of ['1000001', '0000000001', 'タナカ', 'ﾀﾅｶ', '1946-05-03']) assert.ok(!text.includes(v), v);
  });
});
