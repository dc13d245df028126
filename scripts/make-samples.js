#!/usr/bin/env node
'use strict';
// Writes the small sample input files in flows/samples/ that `npm start` feeds to the ready-made flows:
//   kdb-sample.csv          300 synthetic KDB-like health records of residents of 羽咋市 (no real person),
//                           Shift_JIS (CP932), CRLF, from the seeded generator in lib/privacy (same seed, same file)
//   lifetable-male.csv      life table input for a town of about 21,000 (age groups, population, deaths, people
//   lifetable-female.csv    certified care level 2 or higher, and the resident survey's share limited in daily life
//                           with its number of respondents), UTF-8, one file per sex
//   registrations.csv       smart-farming registrations (new farmers and companies), Shift_JIS
// Run after `npm run build` (it uses the compiled library): node scripts/make-samples.js
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'flows', 'samples');
let lib;
try {
  lib = require(path.join(root, 'dist', 'lib'));
} catch {
  console.error('build the pack first: npm run build');
  process.exit(1);
}
const iconv = require('iconv-lite');

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
const field = (v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csv = (rows) => `${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;

function writeSjis(name, text) {
  const bytes = iconv.encode(text, 'CP932');
  if (iconv.decode(bytes, 'CP932') !== text) throw new Error(`${name}: a character has no Shift_JIS code`);
  fs.writeFileSync(path.join(out, name), bytes);
  console.log(`flows/samples/${name}: ${bytes.length} bytes (Shift_JIS)`);
}

function writeUtf8(name, text) {
  fs.writeFileSync(path.join(out, name), text);
  console.log(`flows/samples/${name}: ${Buffer.byteLength(text)} bytes (UTF-8)`);
}

// ---- KDB-like health records -------------------------------------------------------------------------------
/** Column headers of the sample, in the order a KDB-style export lists them, and the synthetic field behind each. */
const KDB_COLUMNS = [
  ['宛名番号', 'personId'], ['氏名', 'name'], ['性別', 'sex'], ['生年月日', 'birthDate'], ['年齢', 'age'],
  ['郵便番号', 'postcode'], ['住所', 'address'], ['電話番号', 'phone'], ['個人番号', 'myNumber'],
  ['保険者番号', 'insurerNumber'], ['介護保険被保険者番号', 'careInsuredNumber'], ['保険種別', 'insurance'],
  ['主傷病', 'diagnosis'], ['要介護度', 'careLevel'], ['受診日', 'visitDate'], ['医療費', 'medicalCost'], ['備考', 'note'],
];
const KDB_ROWS = 300;
const KDB_SEED = 2024;

/** The town's own residents (a city's KDB export holds its own insured only): the first 300 of the stream in 羽咋市. */
function kdbSample() {
  const records = [];
  for (const r of lib.privacy.syntheticRecords(KDB_SEED)) {
    if (r.address.startsWith('石川県羽咋市')) records.push(r);
    if (records.length === KDB_ROWS) break;
  }
  return csv([KDB_COLUMNS.map(([h]) => h), ...records.map((r) => KDB_COLUMNS.map(([, f]) => r[f]))]);
}

// ---- life tables -------------------------------------------------------------------------------------------
// A town of about 21,000 with an old population (about 38 % aged 65+), two fiscal years (令和5・6年度 = FY2023,
// FY2024) so that the board can show the change between them; FY2023 had slightly higher death rates and a
// slightly higher share limited in daily life.
// Deaths are the population times death rates close to Japan's 2020 life tables; care level 2+ counts are the
// population times certification rates close to the national long-term-care statistics (insured from age 40).
const AGES = ['0', '1-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54',
  '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+'];
const TOWN = {
  male: {
    population: [57, 260, 363, 409, 446, 350, 319, 363, 431, 517, 616, 649, 671, 759, 902, 1023, 770, 594, 363, 127],
    deathRate: [0.0019, 0.0002, 0.00008, 0.0001, 0.0003, 0.0005, 0.0005, 0.0006, 0.0008, 0.0011, 0.0018, 0.0029,
      0.0045, 0.0072, 0.0115, 0.019, 0.032, 0.06, 0.12, 0.27],
    careRate: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.002, 0.002, 0.002, 0.003, 0.004, 0.012, 0.022, 0.045, 0.09, 0.19, 0.38],
  },
  female: {
    population: [54, 246, 346, 387, 418, 319, 299, 350, 418, 501, 603, 649, 688, 792, 968, 1144, 935, 836, 660, 352],
    deathRate: [0.0017, 0.00015, 0.00007, 0.00008, 0.00015, 0.00022, 0.00025, 0.0003, 0.00045, 0.0007, 0.0011, 0.0016,
      0.0023, 0.0034, 0.005, 0.008, 0.014, 0.03, 0.066, 0.19],
    careRate: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.002, 0.002, 0.002, 0.003, 0.004, 0.01, 0.02, 0.05, 0.12, 0.27, 0.52],
  },
};
const LIFE_TABLE_YEAR = 2024;
/** The year before: death rates and limitation shares this much higher (the town improved a little in FY2024). */
const PREVIOUS_YEAR = { year: 2023, deathFactor: 1.08, limitationFactor: 1.05 };

// 健康寿命 as the national statistics define it (日常生活に制限のない期間の平均, Sullivan method): the share of
// residents who answer the resident survey "my health limits my daily life", by age group. The age pattern follows
// the national survey (rising steeply after 70); its level is scaled so that the sample town lands a little above
// the city's baseline (men 65.9, women 67.1) — a believable first year of the plan. About 12 % of each age group
// answered the survey (N in the file), which the standard error uses.
const LIMITATION_SHAPE = [0.03, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.13, 0.15, 0.17, 0.2, 0.24,
  0.29, 0.37, 0.48, 0.61, 0.76];
const HLE_AIM = { male: 66.4, female: 67.8 };

function surveyColumns(sex, rows) {
  const hleWith = (k) => {
    const input = rows.map((r, i) => ({ age: r.age, population: r.P, deaths: r.D,
      prevalence: Math.min(0.97, Math.round(LIMITATION_SHAPE[i] * k * 1000) / 1000),
      surveySize: Math.max(5, Math.round(r.P * 0.12)) }));
    return { input, hle: lib.kpi.lifeTable(lib.kpi.rowsFromObjects(input, { prevalence: 'prevalence' }), { a: 0.5 })[0].hle };
  };
  let lo = 0.5;
  let hi = 4;
  for (let i = 0; i < 60; i++) {                             // HLE falls as k grows: bisect for the aim
    const mid = (lo + hi) / 2;
    if (hleWith(mid).hle > HLE_AIM[sex]) lo = mid; else hi = mid;
  }
  return hleWith((lo + hi) / 2);
}

function lifeTableRows(sex, deathFactor) {
  const t = TOWN[sex];
  return AGES.map((age, i) => {
    const P = t.population[i];
    return { age, P, D: Math.round(P * t.deathRate[i] * deathFactor), C: Math.round(P * t.careRate[i] * deathFactor) };
  });
}

function lifeTableSample(sex) {
  const rows = lifeTableRows(sex, 1);
  const survey = surveyColumns(sex, rows);
  const before = lifeTableRows(sex, PREVIOUS_YEAR.deathFactor);
  const label = sex === 'male' ? '男' : '女';
  const line = (year, r, i, share) => [year, label, r.age, r.P, r.D, r.C, share, survey.input[i].surveySize];
  const text = csv([['年度', '性別', '年齢階級', '人口', '死亡数', '要介護2以上', '制限あり割合', '回答者数'],
    ...before.map((r, i) => line(PREVIOUS_YEAR.year, r, i, Math.min(0.97, Math.round(survey.input[i].prevalence * PREVIOUS_YEAR.limitationFactor * 1000) / 1000))),
    ...rows.map((r, i) => line(LIFE_TABLE_YEAR, r, i, survey.input[i].prevalence))]);
  const table = lib.kpi.lifeTable(lib.kpi.rowsFromObjects(rows.map((r) => ({ age: r.age, population: r.P, deaths: r.D, unhealthy: r.C })), {}, true),
    lib.kpi.INDEPENDENT_LIFE.options);
  return { text, population: rows.reduce((a, r) => a + r.P, 0), e0: table[0].e, hle0: table[0].hle, survey0: survey.hle };
}

// ---- smart-farming registrations ---------------------------------------------------------------------------
// The city's register of smart-farming entrants (新規就農者) and companies (参入企業). A farm that sent a change
// notice appears twice (same 登録番号): counts are of distinct registration numbers still farming (営農中).
const REGISTRATIONS = [
  ['登録番号', '区分', '経営体名', '登録日', '地区', '主な作物', 'スマート農業技術', '状態'],
  ['C-001', '参入企業', '千里浜アグリテック株式会社', '2022-06-01', '千里浜', 'ミニトマト', '環境制御・LoRaWANセンサ', '営農中'],
  ['F-001', '新規就農者', 'はくい夢トマト農園', '2024-04-15', '邑知', 'トマト', '環境モニタリング', '営農中'],
  ['F-002', '新規就農者', '滝谷いちご園', '2024-07-01', '滝谷', 'いちご', '自動かん水', '営農中'],
  ['C-002', '参入企業', '能登スマートファーム合同会社', '2024-10-01', '粟ノ保', '米', 'ドローン防除・水管理', '営農中'],
  ['F-003', '新規就農者', '邑知の里ファーム', '2025-04-01', '邑知', 'ブロッコリー', '自動操舵トラクタ', '営農中'],
  ['F-002', '新規就農者', '滝谷いちご園', '2025-05-20', '滝谷', 'いちご', '自動かん水・環境制御', '営農中'],
  ['F-004', '新規就農者', '神子原ベジ工房', '2025-06-10', '神子原', '葉物野菜', '環境モニタリング', '撤退'],
  ['F-005', '新規就農者', '柴垣シーサイドファーム', '2025-09-01', '柴垣', 'さつまいも', '土壌センサ', '営農中'],
  ['C-003', '参入企業', '北陸フィールドデータ株式会社', '2025-11-01', '千里浜', 'メロン', '温室データ連携', '撤退'],
  ['F-006', '新規就農者', '粟ノ保グリーンラボ', '2026-04-01', '粟ノ保', 'ミニトマト', '環境制御', '営農中'],
];

function main() {
  fs.mkdirSync(out, { recursive: true });
  writeSjis('kdb-sample.csv', kdbSample());
  for (const sex of ['male', 'female']) {
    const s = lifeTableSample(sex);
    writeUtf8(`lifetable-${sex}.csv`, s.text);
    console.log(`  ${sex}: population ${s.population}, e0 ${s.e0.toFixed(2)}, 健康寿命 (survey) ${s.survey0.toFixed(2)}, KDB average independent life ${s.hle0.toFixed(2)}`);
  }
  writeSjis('registrations.csv', csv(REGISTRATIONS));
}

module.exports = { KDB_COLUMNS, KDB_ROWS, KDB_SEED, LIFE_TABLE_YEAR, PREVIOUS_YEAR, REGISTRATIONS };

if (require.main === module) main();
