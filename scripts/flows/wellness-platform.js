'use strict';
// 健康データ分析: the wellness data platform, the ready-made flow next to 健康データ匿名加工 (its own files
// flows/wellness-platform{,-ui,-dashboard2}.json): the demo town's four sources (Shift_JIS CSV) → civic-csv → civic-deidentify
// (仮名加工: identifying extras removed, link fields kept for the next node) → civic-record-link (one per source;
// keyed pseudonyms, clear keys removed) → civic-store-write (DuckDB file) → analyses on the store (risk model,
// correlations, cross-tabs with suppression) → the staff page, one resident page per district (suppressed aggregates
// only) and open-data files. Residents' device readings arrive over MQTT and are stored pseudonymised at entry.
const fs = require('fs');
const os = require('os');
const path = require('path');

/** Bump when the generator's output changes, so cached demo towns are made again. */
const DEMO_VERSION = 1;
const { layout, comment, change, jsonata, toDashboards, fromDomain, d2Page, d2Group, d2Text, d2Table, d2Chart, shared, partTab } = require('./common');

const Z = 'wp-tab';
const ZUI = 'wp-ui-flow';
const ZD2 = 'wp-d2-flow';
const STORE = 'wp-store';
const DISTRICTS = ['羽咋', '邑知', '千里浜', '粟ノ保', '富永', '余喜', '越路', '一ノ宮'];
const SOURCES = [
  { key: 'checkups', label: '特定健診 (KDB)', kind: 'checkup', ids: [['宛名番号', 'atena'], ['被保険者番号', 'insured'], ['介護保険被保険者番号', 'care']], name: true },
  { key: 'claims', label: '医療費 (KDB)', kind: 'claims', ids: [['宛名番号', 'atena'], ['被保険者番号', 'insured']], name: false },
  { key: 'survey', label: 'ニーズ調査 (アンケート)', kind: 'survey', ids: [['宛名番号', 'atena']], name: true },
  { key: 'care', label: '要介護認定', kind: 'care', ids: [['介護保険被保険者番号', 'care']], name: true },
];
/** Survey indicators shown to residents: a share of respondents per district against the town. */
const INDICATORS = [
  { field: 'exercise', label: '運動の習慣がある人' }, { field: 'social', label: '地域の活動に参加している人' },
  { field: 'walk_slow', label: '歩く速さが遅くなったと感じる人' }, { field: 'forgetful', label: '物忘れが気になる人' },
];
/** Risk model predictors (the store's column names), with the words the reading uses. */
const PREDICTORS = [
  { field: 'age', label: '年齢', type: 'number', level: '', unit: 5, unitName: '歳', modifiable: false },
  { field: 'sex', label: '男性', type: 'level', level: '男', unit: 1, unitName: '', modifiable: false },
  { field: 'exercise', label: '運動の習慣', type: 'yes', level: '', unit: 1, unitName: '', modifiable: true },
  { field: 'outings', label: '週の外出日数', type: 'number', level: '', unit: 1, unitName: '日', modifiable: true },
  { field: 'social', label: '地域の活動への参加', type: 'yes', level: '', unit: 1, unitName: '', modifiable: true },
  { field: 'walk_slow', label: '歩く速さの低下', type: 'yes', level: '', unit: 1, unitName: '', modifiable: false },
  { field: 'chewing', label: 'かみにくさ', type: 'yes', level: '', unit: 1, unitName: '', modifiable: false },
  { field: 'forgetful', label: '物忘れ', type: 'yes', level: '', unit: 1, unitName: '', modifiable: false },
  { field: 'bmi', label: 'BMI', type: 'number', level: '', unit: 1, unitName: '', modifiable: false },
  { field: 'sbp', label: '収縮期血圧', type: 'number', level: '', unit: 10, unitName: 'mmHg', modifiable: true },
  { field: 'hba1c', label: 'HbA1c', type: 'number', level: '', unit: 1, unitName: '%', modifiable: true },
  { field: 'smoker', label: '喫煙', type: 'yes', level: '', unit: 1, unitName: '', modifiable: true },
];

/**
 * Writes the demo town (lib/wellness generator; seeded, nobody in it exists) as the four Shift_JIS CSV files the
 * municipal systems would export, once: <dir>/demo/<source>.csv. Needs the built library (npm start builds first).
 */
function ensureDemoTown(dir, residents) {
  const demo = path.join(dir, 'demo');
  const stamp = path.join(demo, `.town-${residents}`);
  if (fs.existsSync(stamp)) return demo;
  // the town depends only on its size and the generator: made once per machine in the temp folder, then copied
  const cache = path.join(os.tmpdir(), `civic-iot-demo-town-${residents}-v${DEMO_VERSION}`);
  if (!fs.existsSync(path.join(cache, 'complete'))) {
    const lib = require(path.join(__dirname, '..', '..', 'dist', 'lib', 'wellness'));
    const town = lib.generateTown({ residents });
    const tmp = fs.mkdtempSync(`${cache}-`);
    for (const s of SOURCES) {
      const cols = lib.SOURCE_COLUMNS[s.key];
      fs.writeFileSync(path.join(tmp, `${s.key}.csv`), lib.encodeCsv(lib.csvText(cols, town[s.key].map((r) => cols.map((c) => r[c] ?? ''))), 'shift_jis'));
    }
    fs.writeFileSync(path.join(tmp, 'complete'), '');
    try { fs.renameSync(tmp, cache); } catch { fs.rmSync(tmp, { recursive: true, force: true }); }   // another process won the race
  }
  fs.mkdirSync(demo, { recursive: true, mode: 0o700 });
  for (const s of SOURCES) fs.copyFileSync(path.join(cache, `${s.key}.csv`), path.join(demo, `${s.key}.csv`));
  fs.writeFileSync(stamp, new Date().toISOString());
  return demo;
}

const pct = "function($r) { $r = null ? '— (少人数のため非公表)' : $formatNumber($r * 100, '0.0') & '%' }";
/** Per-district indicator rows from the four suppressed cross-tabs (joined by topic = indicator field). */
const DISTRICT_ROWS = `(
  $p := payload;
  $pct := ${pct};
  $ind := ${JSON.stringify(INDICATORS)};
  $districts := $distinct($p.exercise.rows.key[0]);
  $districts.(
    $d := $;
    { "district": $d, "rows": [$ind.( $t := $lookup($p, field);
      { "指標": label, "この地区": $pct($t.rows[key[0] = $d].total.rate), "市全体": $pct($t.totals.total.rate) } )] }
  )
)`;
/** The model's coefficients as table rows (Japanese column names). */
const MODEL_ROWS = `[payload.coefficients[name != '(intercept)'].{
  "項目": label,
  "オッズ比": $formatNumber(oddsRatio, '0.00'),
  "95%信頼区間": $formatNumber(orLow, '0.00') & '〜' & $formatNumber(orHigh, '0.00'),
  "p値": p < 0.001 ? '<0.001' : $formatNumber(p, '0.000')
}]`;
const LABELS = { age: '年齢', outings: '週の外出日数', bmi: 'BMI', sbp: '収縮期血圧', hba1c: 'HbA1c' };
const CORRELATION_ROWS = `(
  $l := ${JSON.stringify(LABELS)};
  [payload.results.{
  "組み合わせ": $lookup($l, x) & ' × ' & $lookup($l, y),
  "方法": method = 'pearson' ? 'ピアソン' : 'スピアマン',
  "件数": n,
  "相関係数": suppressed ? '—' : $formatNumber(r, '0.00'),
  "95%信頼区間": suppressed ? '—' : $formatNumber(ciLow, '0.00') & '〜' & $formatNumber(ciHigh, '0.00')
}])`;
const LINK_ROWS = `(
  $names := ${JSON.stringify(Object.fromEntries(SOURCES.map((x) => [x.key, x.label])))};
  [payload.*.{
  "出どころ": $lookup($names, source), "件数": records, "突合": linked, "番号で": byNumber, "別の番号で": byMappedNumber,
  "氏名・生年月日・性別で": byNameBirthSex, "突合できない": unlinked, "あいまい": ambiguous
}])`;
// Healthy life expectancy of the town by sex and year, from the KPI board's civic-health-expectancy (link
// kpi-to-residents): each KPI value is kept in flow context by "sex-year", and the list goes to the pages.
const SEX_NAMES = '$n := {"male": "男性", "female": "女性", "total": "男女計"};';
const HLE_KEEP = `$merge([$exists($flowContext('hle')) ? $flowContext('hle') : {}, payload.method = 'sullivan' ? {
  payload.sex & '-' & $string(payload.fiscalYear): {"year": payload.fiscalYear, "sex": payload.sex, "value": payload.value, "low": payload.ciLow, "high": payload.ciHigh}
} : {}])`;
const HLE_LIST = `[$sort($each($flowContext('hle'), function($v) { $v }), function($a, $b) { $a.year > $b.year or ($a.year = $b.year and $a.sex < $b.sex) })]`;
const HLE_POINTS = `(${SEX_NAMES}
  $p := payload;
  $append($append(
    [$p.{"series": $lookup($n, sex), "x": $string(year), "y": value}],
    [$p.{"series": $lookup($n, sex) & " 95%下限", "x": $string(year), "y": low}]),
    [$p.{"series": $lookup($n, sex) & " 95%上限", "x": $string(year), "y": high}]))`;
const slug = (d) => `d${DISTRICTS.indexOf(d)}`;

function crossTab(id, name, dims, outcome, wires) {
  return { id, type: 'civic-cross-tab', z: Z, name, version: 1, store: STORE, kind: 'survey', dimensions: dims, outcome, threshold: 10, wires };
}
function openData(id, name, baseName, title, eventsLabel) {
  return { id, type: 'civic-open-data', z: Z, name, version: 1, folder: '${CIVIC_WELLNESS_DIR}/opendata', baseName, code: '17207', prefecture: '石川県',
    municipality: '羽咋市', title, labels: [{ field: 'district', label: '地域名' }, { field: 'age', label: '年齢階級' }, { field: 'sex', label: '性別' }],
    eventsLabel, asOf: '', wires: [[]] };
}

/** The platform's domain tab 健康データ分析 (its own tab, so its errors reach its own page). */
function platformDomain() {
  const tab = { id: Z, type: 'tab', label: '健康データ分析', disabled: false,
    info: 'KDB・介護・アンケート・機器の記録を人ごとに結び付けて記録ストアに保存し、分析結果を職員・住民の画面とオープンデータにします。住民の画面には秘匿後の集計値だけを出します。' };
  const toError = toDashboards('wp', 'error', Z, 'エラー → 画面');
  const catchAll = { id: 'wp-catch', type: 'catch', z: Z, name: 'このタブのエラー', scope: null, uncaught: false, wires: [[toError.id]] };
  const store = { id: STORE, type: 'civic-store', name: '健康データの記録ストア (DuckDB)', version: 1, backend: 'duckdb', file: 'civic-iot/wellness.duckdb',
    host: '127.0.0.1', port: 5432, database: 'civic', user: 'civic', ssl: false, pseudonymPrefix: 'P-', pseudonymLength: 16, reconnectSeconds: 5 };
  const toLink = toDashboards('wp', 'linkage', Z, '突合の集計 → 画面');
  const toModel = toDashboards('wp', 'model', Z, 'リスクモデル → 画面');
  const toCorr = toDashboards('wp', 'correlation', Z, '相関 → 画面');
  const toDistricts = toDashboards('wp', 'districts', Z, '地区ごとの指標 → 画面');
  const toHle = toDashboards('wp', 'hle', Z, '健康寿命の推移 → 画面');
  const toFiles = toDashboards('wp', 'files', Z, 'オープンデータ → 画面');

  // ---- analyses, after the last write ----
  const fileList = change('wp-file-list', Z, 'ファイル名の一覧', [jsonata('payload', '[payload.*]')], [[toFiles.id]]);
  const collectFiles = { id: 'wp-files-join', type: 'join', z: Z, name: 'これまでのファイル', mode: 'custom', build: 'object', property: 'payload', propertyType: 'msg',
    key: 'topic', joiner: '\\n', joinerType: 'str', useparts: false, accumulate: true, timeout: '', count: '1', reduceRight: false, reduceExp: '', reduceInit: '',
    reduceInitType: '', reduceFixup: '', wires: [[fileList.id]] };
  const files = change('wp-files', Z, '書き出したファイル (CSV)', [jsonata('topic', 'payload.files[0]'), jsonata('payload', 'payload.files[0]')], [[collectFiles.id]]);
  const odSurvey = openData('wp-od-survey', 'オープンデータ: 回答者数', 'kenko_chosa_kaitosha', 'ニーズ調査 回答者数 (地区・年齢階級・性別)', '');
  odSurvey.wires = [[files.id]];
  const xtSurvey = crossTab('wp-xt-survey', '回答者数 (地区×年齢階級×性別)', [{ field: 'district', bands: '' }, { field: 'age', bands: '65,75,85' }, { field: 'sex', bands: '' }], '', [[odSurvey.id]]);
  const districtRows = change('wp-district-rows', Z, '地区ごとの指標 (秘匿後の値だけ)', [jsonata('payload', DISTRICT_ROWS)], [[toDistricts.id]]);
  const joinInd = { id: 'wp-join-ind', type: 'join', z: Z, name: '4つの指標をまとめる', mode: 'custom', build: 'object', property: 'payload', propertyType: 'msg',
    key: 'topic', joiner: '\\n', joinerType: 'str', useparts: false, accumulate: false, timeout: '120', count: String(INDICATORS.length),
    reduceRight: false, reduceExp: '', reduceInit: '', reduceInitType: '', reduceFixup: '', wires: [[districtRows.id]] };
  const indicators = INDICATORS.map((ind, i) => {
    const od = openData(`wp-od-${ind.field}`, `オープンデータ: ${ind.label}`, `kenko_chosa_${ind.field}`, `ニーズ調査 ${ind.label}の割合 (地区・性別)`, `${ind.label}の数`);
    od.wires = [[files.id]];
    const tag = change(`wp-tag-${ind.field}`, Z, `topic = ${ind.field}`, [{ t: 'set', p: 'topic', pt: 'msg', to: ind.field, tot: 'str' }], [[joinInd.id]]);
    return { xt: crossTab(`wp-xt-${ind.field}`, `${ind.label} (地区×性別)`, [{ field: 'district', bands: '' }, { field: 'sex', bands: '' }], ind.field, [[tag.id, od.id]]), tag, od, i };
  });
  const modelRead = change('wp-model-out', Z, '結果 (係数・読み方) → 画面', [], [[toModel.id]]);
  const model = { id: 'wp-model', type: 'civic-risk-model', z: Z, name: '要介護認定 (3年以内) のリスクモデル', version: 1, outcome: 'certified',
    outcomeText: '3年以内に要介護認定を受ける', predictors: PREDICTORS, level: 0.95, top: 3, minEvents: 10, timeoutSeconds: 120, wires: [[modelRead.id]] };
  const corr = { id: 'wp-correlate', type: 'civic-correlate', z: Z, name: '相関 (年齢・外出・BMI・血圧・HbA1c)', version: 1, columns: 'age, outings, bmi, sbp, hba1c',
    methods: ['pearson', 'spearman'], level: 0.95, minPairs: 10, workerThreshold: 5000, timeoutSeconds: 60, wires: [[toCorr.id]] };
  const dataset = { id: 'wp-dataset', type: 'civic-store-query', z: Z, name: '人ごとのデータセット (アンケート + 健診 + 3年以内の認定)', version: 1, store: STORE, mode: 'dataset',
    kind: 'survey', columns: 'age, sex, exercise, outings, social, walk_slow, chewing, forgetful', filters: [], orderBy: '', descending: false, limit: 0,
    baseDate: 'answered_on', joins: [{ kind: 'checkup', dateColumn: 'checked_on', columns: 'bmi, sbp, hba1c, smoker' }], outcomeKind: 'care',
    outcomeDate: 'certified_on', outcomeYears: 3, outcomeName: 'certified', excludePrior: true, wires: [[model.id, corr.id]] };
  const settle = { id: 'wp-settle', type: 'join', z: Z, name: '4つの書き込みがすべて終わったら', mode: 'custom', build: 'object', property: 'payload',
    propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', useparts: false, accumulate: false, timeout: '', count: String(SOURCES.length),
    reduceRight: false, reduceExp: '', reduceInit: '', reduceInitType: '', reduceFixup: '', wires: [[dataset.id, xtSurvey.id, ...indicators.map((x) => x.xt.id)]] };
  const rerun = { id: 'wp-rerun', type: 'inject', z: Z, name: '分析をやり直す', props: [], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '',
    wires: [[dataset.id, xtSurvey.id, ...indicators.map((x) => x.xt.id)]] };

  // ---- sources → 仮名加工 → record-link → store ----
  const joinReports = { id: 'wp-join-reports', type: 'join', z: Z, name: '4つの突合の集計', mode: 'custom', build: 'object', property: 'payload', propertyType: 'msg',
    key: 'topic', joiner: '\\n', joinerType: 'str', useparts: false, accumulate: true, timeout: '', count: String(SOURCES.length), reduceRight: false,
    reduceExp: '', reduceInit: '', reduceInitType: '', reduceFixup: '', wires: [] };
  const linkRows = change('wp-link-rows', Z, '表の行', [jsonata('payload', LINK_ROWS)], [[toLink.id]]);
  const writes = SOURCES.map((s) => ({ id: `wp-write-${s.key}`, type: 'civic-store-write', z: Z, name: `ストアへ: ${s.kind}`, version: 1, store: STORE,
    preset: s.kind, kind: s.kind, columns: [], unknownFields: 'refuse', onInvalid: 'refuse', source: s.key, batchSize: 5000, directory: '', wires: [[settle.id]] }));
  const links = SOURCES.map((s, i) => ({ id: `wp-link-${s.key}`, type: 'civic-record-link', z: Z, name: `突合: ${s.label}`, version: 1, store: STORE, source: s.key,
    idFields: s.ids.map(([field, kind]) => ({ field, kind })), nameField: s.name ? '氏名カナ' : '', birthField: s.name ? '生年月日' : '', sexField: s.name ? '性別' : '',
    dropFields: '', workerThreshold: 2000, timeoutSeconds: 300,
    wires: [[writes[i].id], [joinReports.id, ...(i + 1 < SOURCES.length ? [`wp-read-${SOURCES[i + 1].key}`] : [])], []] }));
  const route = { id: 'wp-route', type: 'switch', z: Z, name: '出どころで分ける', property: 'topic', propertyType: 'msg',
    rules: SOURCES.map((s) => ({ t: 'eq', v: s.key, vt: 'str' })), checkall: 'false', repair: false, outputs: SOURCES.length, wires: links.map((l) => [l.id]) };
  const keep = (field, category) => ({ field, category, action: 'keep' });
  // one table for the four sources, so a source without some of its fields is allowed (missingFields); civic-deidentify
  // holds back a row whose kept value looks like another column's data (shifted columns): dates
  // kept as dates, amounts and counts as numbers
  const KEPT_AS = { 受診日: 'date', 認定日: 'date', 回答日: 'date', 医療費: 'measurement', 受診日数: 'measurement' };
  const pseudo = { id: 'wp-deidentify', type: 'civic-deidentify', z: Z, name: '仮名加工 (突合に使う項目は次のノードへ)', version: 1, preset: 'custom',
    rules: [keep('宛名番号', 'linkId'), keep('被保険者番号', 'identifier'), keep('介護保険被保険者番号', 'identifier'), keep('氏名カナ', 'name'),
      keep('生年月日', 'birthDate'), keep('性別', 'sex'), ...['年齢', '地区', '受診日', 'BMI', '収縮期血圧', 'HbA1c', '喫煙', '年度', '医療費', '受診日数', '認定日',
        '要介護度', '回答日', '運動習慣', '外出日数', '社会参加', '歩行速度低下', '咀嚼困難', '物忘れ'].map((f) => keep(f, KEPT_AS[f] ?? 'attribute')),
      { field: '氏名', category: 'name', action: 'drop' }, { field: '電話番号', category: 'phone', action: 'drop' }, { field: '個人番号', category: 'identifier', action: 'drop' },
      { field: '住所', category: 'address', action: 'address', level: 'municipality' }, { field: '備考', category: 'freeText', action: 'scrub' }],
    unknownFields: 'drop', missingFields: 'allow', personField: '', dateShiftRange: 30, pseudonymPrefix: 'P-', pseudonymLength: 16, asOf: '', onInvalid: 'empty', wires: [[route.id], []] };
  const csv = { id: 'wp-csv', type: 'civic-csv', z: Z, name: 'CSV読込 (Shift_JIS)', version: 1, encoding: 'auto', header: true, delimiter: ',', trim: true, output: 'array', wires: [[pseudo.id]] };
  const reads = SOURCES.map((s) => ({ id: `wp-read-${s.key}`, type: 'file in', z: Z, name: `${s.label} (${s.key}.csv)`, filename: `\${CIVIC_WELLNESS_DIR}/demo/${s.key}.csv`,
    filenameType: 'env', format: '', chunk: false, sendError: false, encoding: 'none', allProps: false, wires: [[`wp-topic-${s.key}`]] }));
  const topics = SOURCES.map((s) => change(`wp-topic-${s.key}`, Z, `topic = ${s.key}`, [{ t: 'set', p: 'topic', pt: 'msg', to: s.key, tot: 'str' }], [[csv.id]]));
  const start = { id: 'wp-start', type: 'inject', z: Z, name: '起動時に見本の町 (架空) を読み込む', props: [], repeat: '', crontab: '', once: true, onceDelay: '20',
    topic: '', wires: [[reads[0].id]] };
  const hleKeep = change('wp-hle-keep', Z, '年度・性別ごとに残して一覧に', [
    { t: 'set', p: 'hle', pt: 'flow', to: HLE_KEEP, tot: 'jsonata' }, jsonata('payload', HLE_LIST)], [[toHle.id]]);
  const hle = { id: 'wp-hle-in', type: 'link in', z: Z, name: '健康寿命 (KPIボードのフローから)', links: ['kpi-to-residents'], wires: [[hleKeep.id]] };

  // ---- residents' devices: readings over MQTT, pseudonymised at entry ----
  const deviceWrite = { id: 'wp-write-device', type: 'civic-store-write', z: Z, name: 'ストアへ: device (入口で仮名に)', version: 1, store: STORE, preset: 'device',
    kind: 'device', columns: [], unknownFields: 'ignore', onInvalid: 'skip', source: 'device', batchSize: 5000, directory: '', wires: [[]] };
  const deviceShape = change('wp-device-shape', Z, '住民番号 (topic) → person', [jsonata('payload', "$merge([payload, {'person': $split(topic, '/')[3]}])")], [[deviceWrite.id]]);
  const deviceIn = { id: 'wp-device-in', type: 'mqtt in', z: Z, name: '家庭の血圧計など (civic/hakui/health/+/measurement)', topic: 'civic/hakui/health/+/measurement', qos: '1',
    datatype: 'json', broker: shared.broker.id, nl: false, rap: true, rh: 0, inputs: 0, wires: [[deviceShape.id]] };
  const simOut = { id: 'wp-device-sim-out', type: 'mqtt out', z: Z, name: '', topic: '', qos: '1', retain: 'false', respTopic: '', contentType: '', userProps: '',
    correl: '', expiry: '', broker: shared.broker.id, wires: [] };
  const sim = change('wp-device-sim', Z, 'シミュレータ: 測定値を作る', [
    jsonata('topic', "'civic/hakui/health/' & $string(1000001 + $floor($random() * 50)) & '/measurement'"),
    jsonata('payload', "{ 'systolic': $round(118 + $random() * 30), 'diastolic': $round(72 + $random() * 16), 'pulseRate': $round(60 + $random() * 25), 'timestamp': $millis() }"),
  ], [[simOut.id]]);
  const simTick = { id: 'wp-device-tick', type: 'inject', z: Z, name: 'シミュレータ: 30秒ごと', props: [], repeat: '30', crontab: '', once: true, onceDelay: '12',
    topic: '', wires: [[sim.id]] };

  const notes = {
    intro: comment('wp-intro', Z, '健康データ分析: 突合 → 記録ストア → 分析 → 職員の画面・住民の画面・オープンデータ',
      'KDB の健診・医療費、介護認定、ニーズ調査 (アンケート) を人ごとに結び付けて記録ストア (DuckDB ファイル civic-iot/wellness.duckdb) に保存し、\n'
      + '分析 (リスクモデル・相関・クロス集計) の結果を画面とオープンデータにします。npm start では架空の町 (約2万人) の見本を起動時に1回読み込みます。\n'
      + '実際のデータでは、file in のファイル名を市のシステムが書き出す CSV にしてください。\n'
      + '鍵: 記録ストアの設定ノードの「仮名の鍵」(npm start が初回に自動で作ります)。突合と機器の測定値はこの鍵で同じ仮名になります。'),
    link: comment('wp-note-link', Z, '仮名加工 → 突合 → ストア (健診から順に)',
      '仮名加工のノードは、電話番号・マイナンバー・備考などを消し、突合に使う項目 (番号・氏名カナ・生年月日・性別) だけを次に渡します。\n'
      + '突合のノードがそれを鍵付き仮名 (person) に置き換えて消すので、ストアに番号や氏名は入りません。突合できない記録は3番目の出口に出ます (ここでは捨てています)。\n'
      + '番号の対応 (宛名番号と被保険者番号など) は先に突合した出どころから覚えるので、健診 → 医療費 → アンケート → 介護認定 の順に読み込みます\n'
      + '(突合が終わると集計の出口から次のファイルを読みます)。4つの書き込みがすべて終わると分析が始まります。'),
    analyses: comment('wp-note-analyses', Z, '分析: 書き込みが終わってから',
      '4つの書き込みがすべて終わったら、人ごとのデータセット (アンケート + 直近の健診 + 3年以内の要介護認定) でリスクモデルと相関を計算し、\n'
      + 'クロス集計は10人未満の値と逆算できる値を秘匿します。住民の画面とオープンデータには秘匿後の集計値だけを送ります。'),
    device: comment('wp-note-device', Z, '住民の機器の測定値 (MQTT)',
      '家庭の血圧計などの値をゲートウェイが civic/hakui/health/<宛名番号>/measurement に送ります。記録ストアに入る時点で宛名番号を鍵付き仮名にします。\n'
      + 'シミュレータの行は、実際のゲートウェイにつないだら消してください。'),
    hle: comment('wp-note-hle', Z, '健康寿命の推移',
      'KPIボードのフロー (健康寿命 civic-health-expectancy の出力2、KPIの値) から年度・男女ごとの健康寿命と95%信頼区間を受け取り、\n'
      + 'フローのコンテキスト (hle) に残して、住民の画面の推移グラフに送ります。KPIボードのフローが無いとグラフは「データ待ち」のままです。'),
  };
  const rows = [
    [notes.intro], [catchAll, toError], [notes.link],
    [start, reads[0], topics[0], csv, pseudo, route, links[0], writes[0]],
    [null, reads[1], topics[1], null, null, null, links[1], writes[1]],
    [null, reads[2], topics[2], null, null, null, links[2], writes[2]],
    [null, reads[3], topics[3], null, null, null, links[3], writes[3]],
    [null, null, null, null, null, null, joinReports, linkRows, toLink],
    [notes.analyses],
    [rerun, settle, dataset, model, modelRead, toModel],
    [null, null, null, corr, toCorr],
    ...indicators.map((x) => [null, null, x.xt, x.tag, x.i === 0 ? joinInd : null, x.i === 0 ? districtRows : null, x.i === 0 ? toDistricts : null]),
    ...indicators.map((x) => [null, null, null, x.od, x.i === 0 ? files : null, x.i === 0 ? collectFiles : null, x.i === 0 ? fileList : null, x.i === 0 ? toFiles : null]),
    [null, null, xtSurvey, odSurvey],
    [notes.hle], [hle, hleKeep, toHle],
    [notes.device], [simTick, sim, simOut], [deviceIn, deviceShape, deviceWrite],
  ];
  joinReports.wires = [[linkRows.id]];
  return [tab, ...layout(rows), store, shared.broker];
}

const TABLE = `<div style="overflow-x:auto"><table style="width:100%;border-collapse:collapse;font-size:14px">
  <tr style="border-bottom:1px solid #ccc"><th ng-repeat="(k, v) in msg.payload[0]" style="text-align:left;padding:2px 6px">{{k}}</th></tr>
  <tr ng-repeat="row in msg.payload" style="border-bottom:1px solid #eee"><td ng-repeat="(k, v) in row" style="padding:2px 6px">{{v}}</td></tr>
</table></div>`;
const LIST = `<ul style="font-size:15px;line-height:1.6;padding-left:1.2em;margin:4px 0"><li ng-repeat="t in msg.payload.items">{{t}}</li></ul>
<p style="font-size:13px;color:#555;margin:4px 0">{{msg.payload.note}}</p>`;
const WHAT_HELPS = "{ 'items': $count(payload.reading.whatHelps) > 0 ? payload.reading.whatHelps : ['はっきりした関係は見つかりませんでした。'], 'note': payload.reading.caution & ' 市内の住民アンケート (' & $string(payload.n) & '人) の分析から。' }";
const TOP_FACTORS = "{ 'items': payload.reading.top, 'note': payload.reading.caution }";

function uiTemplate(id, group, order, name, height, format) {
  return { id, type: 'ui_template', z: ZUI, group, name, order, width: 6, height, format, storeOutMessages: true, fwdInMessages: false,
    resendOnRefresh: true, templateScope: 'local', className: '', wires: [[]] };
}
function uiText(id, group, order, label, format) {
  return { id, type: 'ui_text', z: ZUI, group, order, width: 6, height: 1, name: label, label, format, layout: 'row-spread', className: '', style: false,
    font: '', fontSize: '', color: '#000000', wires: [] };
}
function uiGroup(id, tab, name, order) {
  return { id, type: 'ui_group', name, tab, order, disp: true, width: 6, collapse: false, className: '' };
}
function hleClassic(id, group) {
  return { id, type: 'ui_chart', z: ZUI, name: '健康寿命の推移', group, order: 1, width: 6, height: 5, label: '健康寿命 (年) と95%信頼区間', chartType: 'line',
    legend: 'true', xformat: 'HH:mm', interpolate: 'linear', nodata: 'データ待ち…', dot: true, ymin: '', ymax: '', removeOlder: 1, removeOlderPoints: '',
    removeOlderUnit: '3600', cutout: 0, useOneColor: false, useUTC: false, colors: ['#c2185b', '#f48fb1', '#f48fb1', '#1565c0', '#90caf9', '#90caf9',
      '#9467bd', '#8c564b', '#bcbd22'], outputs: 1, useDifferentColor: false, className: '', wires: [[]] };
}
const HLE_CLASSIC = `(${SEX_NAMES}
  $p := payload;
  $lines := [$distinct([$p.sex]).($sx := $; [{"k": "value", "t": ""}, {"k": "low", "t": " 95%下限"}, {"k": "high", "t": " 95%上限"}].{"name": $lookup($n, $sx) & t, "sex": $sx, "k": k})];
  [{"series": [$lines.name], "labels": [""], "data": $map($lines, function($l) { [$p[sex = $l.sex].{"x": $string(year), "y": $lookup($, $l.k)}] })}])`;

/** The classic dashboard (/ui): the staff page 健康データ分析 and one page per district for residents. */
function platformClassic() {
  const staff = { id: 'wp-ui-tab', type: 'ui_tab', name: '健康データ分析', icon: 'fa-line-chart', order: 6, disabled: false, hidden: false };
  const gLink = uiGroup('wp-ui-g-link', staff.id, '記録の突合 (出どころごと)', 1);
  const gModel = uiGroup('wp-ui-g-model', staff.id, '要介護認定 (3年以内) のリスクモデル', 2);
  const gCorr = uiGroup('wp-ui-g-corr', staff.id, '相関', 3);
  const gFiles = uiGroup('wp-ui-g-files', staff.id, 'オープンデータ (秘匿処理済み)', 4);
  const linkTable = uiTemplate('wp-ui-link', gLink.id, 1, '突合の集計', 5, TABLE);
  const modelSummary = uiText('wp-ui-model-n', gModel.id, 1, '対象 (完全な回答)', "{{msg.payload.n}} 人 (認定 {{msg.payload.events}} 人)、AUC {{msg.payload.auc | number:2}}");
  const modelTop = uiTemplate('wp-ui-model-top', gModel.id, 2, '関係の強い項目', 4, LIST);
  const modelTable = uiTemplate('wp-ui-model-table', gModel.id, 3, '係数 (オッズ比)', 8, TABLE);
  const modelTopData = change('wp-ui-model-top-data', ZUI, '読み方', [jsonata('payload', TOP_FACTORS)], [[modelTop.id]]);
  const modelRows = change('wp-ui-model-rows', ZUI, '表の行', [jsonata('payload', MODEL_ROWS)], [[modelTable.id]]);
  const corrTable = uiTemplate('wp-ui-corr', gCorr.id, 1, '相関', 8, TABLE);
  const corrRows = change('wp-ui-corr-rows', ZUI, '表の行', [jsonata('payload', CORRELATION_ROWS)], [[corrTable.id]]);
  const filesList = uiTemplate('wp-ui-files', gFiles.id, 1, 'ファイル', 4, LIST);
  const filesData = change('wp-ui-files-data', ZUI, '一覧', [jsonata('payload', "{ 'items': payload, 'note': '保存先: user dir の wellness/opendata' }")], [[filesList.id]]);
  const lastError = uiText('wp-ui-error', gLink.id, 2, '最後のエラー', "{{msg.error ? msg.error.message + ' (' + (msg.error.source.name || msg.error.source.type) + ')' : 'なし'}}");
  const out = [staff, gLink, gModel, gCorr, gFiles];
  const rows = [
    [comment('wp-ui-intro', ZUI, '健康データ分析 (職員) と 健康のようす (住民・地区ごと): /ui',
      '職員の画面には突合の件数・リスクモデル・相関・オープンデータのファイルを、住民の画面 (地区ごと) には秘匿後の集計値と健康寿命、\n'
      + '「健康のためにできること」だけを出します。個人の記録は画面に送りません。')],
    [fromDomain('wp', 'ui', 'linkage', ZUI, '突合の集計', [linkTable.id]), linkTable],
    [fromDomain('wp', 'ui', 'model', ZUI, 'リスクモデル', [modelSummary.id, modelTopData.id, modelRows.id, ...DISTRICTS.map((d) => `wp-ui-${slug(d)}-helps-data`)]),
      modelSummary, modelTopData, modelTop, modelRows, modelTable],
    [fromDomain('wp', 'ui', 'correlation', ZUI, '相関', [corrRows.id]), corrRows, corrTable],
    [fromDomain('wp', 'ui', 'files', ZUI, 'オープンデータ', [filesData.id]), filesData, filesList],
    [fromDomain('wp', 'ui', 'error', ZUI, 'エラー', [lastError.id]), lastError],
  ];
  const hleData = change('wp-ui-hle-data', ZUI, 'グラフの形に', [jsonata('payload', HLE_CLASSIC)], [DISTRICTS.map((d) => `wp-ui-${slug(d)}-hle`)]);
  rows.push([fromDomain('wp', 'ui', 'hle', ZUI, '健康寿命の推移', [hleData.id]), hleData]);
  const districtIn = fromDomain('wp', 'ui', 'districts', ZUI, '地区ごとの指標', DISTRICTS.map((d) => `wp-ui-${slug(d)}-rows`));
  rows.push([districtIn]);
  DISTRICTS.forEach((d, i) => {
    const k = slug(d);
    const tab = { id: `wp-ui-${k}-tab`, type: 'ui_tab', name: `健康のようす（${d}）`, icon: 'fa-users', order: 10 + i, disabled: false, hidden: false };
    const gInd = uiGroup(`wp-ui-${k}-g-ind`, tab.id, `${d}地区と市全体`, 1);
    const gHle = uiGroup(`wp-ui-${k}-g-hle`, tab.id, '健康寿命 (市全体) の推移', 2);
    const gHelps = uiGroup(`wp-ui-${k}-g-helps`, tab.id, '健康のためにできること', 3);
    const table = uiTemplate(`wp-ui-${k}-table`, gInd.id, 1, `${d}地区の指標`, 6, TABLE);
    const rowsOf = change(`wp-ui-${k}-rows`, ZUI, `${d}地区の行`, [jsonata('payload', `payload[district = '${d}'].rows`)], [[table.id]]);
    const helps = uiTemplate(`wp-ui-${k}-helps`, gHelps.id, 1, 'できること', 6, LIST);
    const helpsData = change(`wp-ui-${k}-helps-data`, ZUI, 'できること (わかりやすく)', [jsonata('payload', WHAT_HELPS)], [[helps.id]]);
    out.push(tab, gInd, gHle, gHelps);
    rows.push([null, rowsOf, table, helpsData, helps, hleClassic(`wp-ui-${k}-hle`, gHle.id)]);
  });
  return [partTab(ZUI, '健康データ分析 画面 (/ui)', '健康データ分析のクラシック版ダッシュボード (/ui)。職員の画面と地区ごとの住民の画面。集計値だけ。'),
    ...layout(rows), shared.uiBase, ...out];
}

/** Dashboard 2.0 (/dashboard): the staff page /wellness-analysis and one resident page per district /kenko-<n>. */
function platformDashboard2() {
  const page = d2Page('wp-d2-page', '健康データ分析', '/wellness-analysis', 'chart-line', 6);
  const gLink = d2Group('wp-d2-g-link', page.id, '記録の突合 (出どころごと)', 1);
  const gModel = d2Group('wp-d2-g-model', page.id, '要介護認定 (3年以内) のリスクモデル', 2);
  const gCorr = d2Group('wp-d2-g-corr', page.id, '相関', 3);
  const gFiles = d2Group('wp-d2-g-files', page.id, 'オープンデータ (秘匿処理済み)', 4);
  const linkTable = d2Table('wp-d2-link', ZD2, gLink.id, 1, '突合の集計');
  const modelN = d2Text('wp-d2-model-n', ZD2, gModel.id, 1, '対象 (完全な回答)',
    "$string(payload.n) & ' 人 (認定 ' & $string(payload.events) & ' 人)、AUC ' & $formatNumber(payload.auc, '0.00')");
  const modelTop = { ...d2Text('wp-d2-model-top', ZD2, gModel.id, 2, '関係の強い項目', "$join(payload.reading.top, ' ')"), layout: 'col-center' };
  const modelTable = d2Table('wp-d2-model-table', ZD2, gModel.id, 3, '係数 (オッズ比)');
  const modelRows = change('wp-d2-model-rows', ZD2, '表の行', [jsonata('payload', MODEL_ROWS)], [[modelTable.id]]);
  const corrTable = d2Table('wp-d2-corr', ZD2, gCorr.id, 1, '相関');
  const corrRows = change('wp-d2-corr-rows', ZD2, '表の行', [jsonata('payload', CORRELATION_ROWS)], [[corrTable.id]]);
  const filesText = { ...d2Text('wp-d2-files', ZD2, gFiles.id, 1, 'ファイル (wellness/opendata)', "$join(payload, '、')"), layout: 'col-center' };
  const lastError = d2Text('wp-d2-error', ZD2, gLink.id, 2, '最後のエラー', "error ? error.message & ' (' & (error.source.name ? error.source.name : error.source.type) & ')' : 'なし'");
  const out = [page, gLink, gModel, gCorr, gFiles];
  const rows = [
    [comment('wp-d2-intro', ZD2, '健康データ分析 (職員) と 健康のようす (住民・地区ごと): Dashboard 2.0',
      '職員の画面は /dashboard/wellness-analysis、住民の画面は地区ごとに /dashboard/kenko-d0 … d7。秘匿後の集計値だけを出します。')],
    [fromDomain('wp', 'd2', 'linkage', ZD2, '突合の集計', [linkTable.id]), linkTable],
    [fromDomain('wp', 'd2', 'model', ZD2, 'リスクモデル', [modelN.id, modelTop.id, modelRows.id, ...DISTRICTS.map((d) => `wp-d2-${slug(d)}-helps`)]),
      modelN, modelTop, modelRows, modelTable],
    [fromDomain('wp', 'd2', 'correlation', ZD2, '相関', [corrRows.id]), corrRows, corrTable],
    [fromDomain('wp', 'd2', 'files', ZD2, 'オープンデータ', [filesText.id]), filesText],
    [fromDomain('wp', 'd2', 'error', ZD2, 'エラー', [lastError.id]), lastError],
  ];
  const hlePoints = change('wp-d2-hle-data', ZD2, 'グラフの点に', [jsonata('payload', HLE_POINTS)], [DISTRICTS.map((d) => `wp-d2-${slug(d)}-hle`)]);
  rows.push([fromDomain('wp', 'd2', 'hle', ZD2, '健康寿命の推移', [hlePoints.id]), hlePoints]);
  rows.push([fromDomain('wp', 'd2', 'districts', ZD2, '地区ごとの指標', DISTRICTS.map((d) => `wp-d2-${slug(d)}-rows`))]);
  DISTRICTS.forEach((d, i) => {
    const k = slug(d);
    const p = d2Page(`wp-d2-${k}-page`, `健康のようす（${d}）`, `/kenko-${k}`, 'account-group', 10 + i);
    const gInd = d2Group(`wp-d2-${k}-g-ind`, p.id, `${d}地区と市全体`, 1);
    const gHle = d2Group(`wp-d2-${k}-g-hle`, p.id, '健康寿命 (市全体) の推移', 2);
    const gHelps = d2Group(`wp-d2-${k}-g-helps`, p.id, '健康のためにできること', 3);
    const table = d2Table(`wp-d2-${k}-table`, ZD2, gInd.id, 1, `${d}地区の指標`);
    const rowsOf = change(`wp-d2-${k}-rows`, ZD2, `${d}地区の行`, [jsonata('payload', `payload[district = '${d}'].rows`)], [[table.id]]);
    const helps = { ...d2Text(`wp-d2-${k}-helps`, ZD2, gHelps.id, 1, '市内の住民アンケートの分析から',
      "($count(payload.reading.whatHelps) > 0 ? $join(payload.reading.whatHelps, ' ') : 'はっきりした関係は見つかりませんでした。') & ' ' & payload.reading.caution"), layout: 'col-center' };
    const chart = d2Chart(`wp-d2-${k}-hle`, ZD2, gHle.id, 1, '健康寿命 (年) と95%信頼区間', '年', '', '', {
      category: 'series', categoryType: 'property', xAxisProperty: 'x', xAxisPropertyType: 'property', xAxisType: 'category',
      yAxisProperty: 'y', yAxisPropertyType: 'property', action: 'replace', removeOlder: 1, removeOlderPoints: '' });
    out.push(p, gInd, gHle, gHelps);
    rows.push([null, rowsOf, table, helps, chart]);
  });
  return [partTab(ZD2, '健康データ分析 画面 (Dashboard 2.0)', '健康データ分析の Dashboard 2.0 版。職員の画面と地区ごとの住民の画面。集計値だけ。'),
    ...layout(rows), shared.d2Base, shared.d2Theme, ...out];
}

module.exports = { platformDomain, platformClassic, platformDashboard2, ensureDemoTown, DISTRICTS, INDICATORS, PREDICTORS, MODEL_ROWS, CORRELATION_ROWS, HLE_POINTS, slug, SOURCES };
