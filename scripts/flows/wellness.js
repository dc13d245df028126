'use strict';
// 健康データ匿名加工: the wellness data pipeline. A KDB-like CSV (Shift_JIS) dropped into a watched folder (and the
// sample file once at start) → civic-csv → deidentify (APPI 匿名加工情報) → k-anonymize (k = 5) → a de-identified
// CSV in the outbox and a processing report (JSON); a second branch makes 仮名加工情報 (keyed pseudonyms, the key
// is a Node-RED credential) for the city's own analysis. The dashboard page shows aggregated figures only.
const fs = require('fs');
const path = require('path');
// wellnessDomain() is the tab 健康データ匿名加工; wellnessClassic() (/ui) and wellnessDashboard2() (/dashboard) show
// the figures its link outs send: the processing report, the age × sex counts and the last error.
const {
  shared, layout, comment, change, jsonata, toDashboards, fromDomain, d2Page, d2Group, d2Bars, d2Text, d2Table, partTab,
} = require('./common');
const { ensureDemoTown } = require('./wellness-platform');

const Z = 'wl-tab';
const ZUI = 'wl-ui-flow';
const ZD2 = 'wl-d2-flow';
/** Columns of the KDB-like export and what each one is (the de-identification policy table). */
const POLICY = [
  ['宛名番号', 'linkId'], ['氏名', 'name'], ['性別', 'sex'], ['生年月日', 'birthDate'], ['年齢', 'age'],
  ['郵便番号', 'postcode'], ['住所', 'address'], ['電話番号', 'phone'], ['個人番号', 'identifier'],
  ['保険者番号', 'identifier'], ['介護保険被保険者番号', 'identifier'], ['保険種別', 'attribute'], ['主傷病', 'attribute'],
  ['要介護度', 'attribute'], ['受診日', 'date'], ['医療費', 'measurement'], ['備考', 'freeText'],
];
/** 匿名加工: rare values of these attributes are generalised by a hierarchy before they are suppressed (施行規則第34条第4号). */
const RARE_HIERARCHIES = { 主傷病: { hierarchy: 'icd10' } };
/** Columns of the de-identified CSV (匿名加工情報), in order. */
const ANON_COLUMNS = ['性別', '年齢', '生年月日', '郵便番号', '住所', '保険種別', '主傷病', '要介護度', '受診日', '医療費'];
/** Columns of the pseudonymised CSV (仮名加工情報, internal use only). */
const PSEUDO_COLUMNS = ['宛名番号', '個人番号', '保険者番号', '介護保険被保険者番号', '性別', '生年月日', '年齢', '郵便番号', '住所',
  '保険種別', '主傷病', '要介護度', '受診日', '医療費', '備考'];
/** Quasi-identifiers for k-anonymity and their generalisation hierarchies. */
const QUASI_IDENTIFIERS = [
  { field: '年齢', hierarchy: 'age', widths: '5,10,20', table: '' },
  { field: '性別', hierarchy: 'category', widths: '', table: '' },
  { field: '住所', hierarchy: 'address', widths: '', table: '' },
  { field: '郵便番号', hierarchy: 'postcode', widths: '', table: '' },
  { field: '生年月日', hierarchy: 'date', widths: '', table: '' },
  { field: '受診日', hierarchy: 'date', widths: '', table: '' },
];
const K = 5;

/** Folders of the pipeline under the Node-RED user dir, and the environment variables that name them. */
function wellnessFolders(userDir) {
  const dir = path.join(userDir, 'wellness');
  return { dir, inbox: path.join(dir, 'inbox'), outbox: path.join(dir, 'outbox'), internal: path.join(dir, 'internal'), reports: path.join(dir, 'reports') };
}

/**
 * Creates the wellness folders (inbox, outbox, internal, reports; 0700: they hold health data) and returns the
 * environment variables the flow reads: CIVIC_WELLNESS_INBOX (the watched folder) and CIVIC_WELLNESS_DIR.
 */
function wellnessEnv(userDir, options = {}) {
  const f = wellnessFolders(userDir);
  for (const d of [f.dir, f.inbox, f.outbox, f.internal, f.reports]) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  // the platform stages read a demo town (synthetic residents) written once; CIVIC_WELLNESS_RESIDENTS sizes it
  ensureDemoTown(f.dir, options.residents ?? Number(process.env.CIVIC_WELLNESS_RESIDENTS || 20000));
  return { CIVIC_WELLNESS_INBOX: f.inbox, CIVIC_WELLNESS_DIR: f.dir };
}

const stamp = "$now('[Y0001][M01][D01]-[H01][m01][s01]', '+0900')";
const fileIn = (id, name, filename, filenameType, wires) => ({
  id, type: 'file in', z: Z, name, filename, filenameType, format: '', chunk: false, sendError: false, encoding: 'none',
  allProps: false, wires,
});
/**
 * Saves msg.payload as msg.filename inside one of the pipeline's folders (civic-file-save: the file appears whole or
 * not at all, so the city's transfer tool never picks up half a CSV; a name built from the input file's name cannot
 * leave that folder).
 */
const fileOut = (id, name, folder, encoding) => ({
  id, type: 'civic-file-save', z: Z, name, version: 1, folder: `\${CIVIC_WELLNESS_DIR}/${folder}`, filename: '', encoding,
  createDir: true, ifExists: 'overwrite', unmappable: 'replace', wires: [[]],
});
const csvOut = (id, name, columns, wires) => ({
  id, type: 'csv', z: Z, name, spec: 'rfc', sep: ',', hdrin: '', hdrout: 'all', multi: 'one', ret: '\\r\\n',
  temp: columns.join(','), skip: '0', strings: true, include_empty_strings: '', include_null_values: '', wires,
});
const jsonPretty = (id, wires) => ({ id, type: 'json', z: Z, name: '読みやすいJSONに', property: 'payload', action: 'str', pretty: true, wires });

function text(id, group, order, label, format) {
  return {
    id, type: 'ui_text', z: ZUI, group, order, width: 6, height: 1, name: label, label, format, layout: 'row-spread',
    className: '', style: false, font: '', fontSize: '', color: '#000000', wires: [],
  };
}

function template(id, group, order, name, height, format) {
  return {
    id, type: 'ui_template', z: ZUI, group, name, order, width: 6, height, format, storeOutMessages: true,
    fwdInMessages: false, resendOnRefresh: true, templateScope: 'local', className: '', wires: [[]],
  };
}

/**
 * Counts per age band and sex of the k-anonymous release (no single record leaves the domain tab), as points
 * {series: sex, x: age band, y: count} ordered by age band: what Dashboard 2.0's bar chart takes as it is.
 */
const SEXES = ['男性', '女性', '非公開 (*)'];
const AGE_SEX_COUNTS = `(
  $r := payload;
  $start := function($a) { $a = "*" ? 999 : $number($match($a, /^[0-9]+/).match) };
  $ages := $sort($distinct($r.\`年齢\`), function($a, $b) { $start($a) > $start($b) });
  [$ages.(
    $a := $;
    $x := $a = "*" ? "非公開" : $a & "歳";
    [
      {"series": "${SEXES[0]}", "x": $x, "y": $count($r[\`年齢\` = $a and \`性別\` = "男"])},
      {"series": "${SEXES[1]}", "x": $x, "y": $count($r[\`年齢\` = $a and \`性別\` = "女"])},
      {"series": "${SEXES[2]}", "x": $x, "y": $count($r[\`年齢\` = $a and \`性別\` != "男" and \`性別\` != "女"])}
    ]
  )]
)`;
/** The same counts in the classic ui_chart's bar format {series, labels, data}. */
const AGE_SEX_CLASSIC = `(
  $p := payload;
  $labels := $distinct($p.x);
  [{
    "series": ${JSON.stringify(SEXES)},
    "labels": [$labels.($)],
    "data": [
${SEXES.map((sx) => `      [$labels.($l := $; $sum($p[series = "${sx}" and x = $l].y))]`).join(',\n')}
    ]
  }]
)`;

const METHODS_TABLE = `<div style="font-size:14px;line-height:1.5">
  <p style="margin:4px 0">{{msg.payload.standard}}</p>
  <table style="width:100%;border-collapse:collapse">
    <tr style="text-align:left;border-bottom:1px solid #ccc"><th>項目</th><th>加工の方法</th></tr>
    <tr ng-repeat="item in msg.payload.deidentify.items" style="border-bottom:1px solid #eee">
      <td style="white-space:nowrap;padding-right:8px">{{item.field}}</td><td>{{item.methodJa}}</td>
    </tr>
  </table>
  <p style="margin:8px 0 0">k-匿名化 (k = {{msg.payload.kAnonymize.k}}) でまとめた段階:
    <span ng-repeat="l in msg.payload.kAnonymize.levels">{{l.field}} → {{l.name}}{{$last ? '' : '、'}}</span></p>
</div>`;

/** The domain tab: inbox → CSV → 匿名加工情報 / 仮名加工情報 → files and reports; link outs with aggregated figures only. */
function wellnessDomain() {
  const tab = { id: Z, type: 'tab', label: '健康データ匿名加工', disabled: false,
    info: 'KDB などの健康データ (CSV, Shift_JIS) を匿名加工情報・仮名加工情報にし、加工の記録を残します。ダッシュボードには集計値だけを表示します。' };

  // ---- to the dashboards: aggregated figures only ----
  const toReport = toDashboards('wl', 'report', Z, '加工の記録 → 画面');
  const toAgeSex = toDashboards('wl', 'age-sex', Z, '年齢階級×性別の人数 → 画面');
  const toError = toDashboards('wl', 'error', Z, 'エラー → 画面');
  const aggregate = change('wl-agg', Z, '年齢階級×性別の人数を数える', [jsonata('payload', AGE_SEX_COUNTS)], [[toAgeSex.id]]);
  const catchAll = { id: 'wl-catch', type: 'catch', z: Z, name: 'このタブのエラー', scope: null, uncaught: false, wires: [[toError.id]] };

  // ---- report: one JSON per run (deidentify + k-anonymize) ----
  const reportFile = fileOut('wl-report-file', '加工の記録を保存', 'reports', 'utf8');
  const reportJson = jsonPretty('wl-report-json', [[reportFile.id]]);
  const reportBuild = change('wl-report-build', Z, '加工の記録をまとめる', [
    jsonata('payload', `{
  "kind": "processing-report",
  "standard": "個人情報保護法 匿名加工情報 (施行規則第34条) / APPI anonymously processed information",
  "source": source,
  "finishedAt": $now(),
  "publishedItems": ${JSON.stringify(ANON_COLUMNS)},
  "deidentify": payload.deidentify,
  "kAnonymize": payload.kAnonymize
}`),
    jsonata('filename', `source & '_加工記録_' & ${stamp} & '.json'`),
  ], [[reportJson.id, toReport.id]]);
  const reportJoin = {
    id: 'wl-report-join', type: 'join', z: Z, name: '2つの記録を1つに', mode: 'custom', build: 'object', property: 'payload',
    propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', useparts: false, accumulate: false, timeout: '60',
    count: '2', reduceRight: false, reduceExp: '', reduceInit: '', reduceInitType: '', reduceFixup: '', wires: [[reportBuild.id]],
  };
  const tagDe = change('wl-report-de', Z, '匿名加工の記録', [
    { t: 'move', p: 'topic', pt: 'msg', to: 'source', tot: 'msg' }, { t: 'set', p: 'topic', pt: 'msg', to: 'deidentify', tot: 'str' },
  ], [[reportJoin.id]]);
  const tagK = change('wl-report-k', Z, 'k-匿名化の記録', [
    { t: 'move', p: 'topic', pt: 'msg', to: 'source', tot: 'msg' }, { t: 'set', p: 'topic', pt: 'msg', to: 'kAnonymize', tot: 'str' },
  ], [[reportJoin.id]]);

  // ---- 匿名加工情報: deidentify → k-anonymize → CSV in the outbox ----
  const anonFile = fileOut('wl-anon-file', '匿名加工CSVを保存 (Shift_JIS)', 'outbox', 'shift_jis');
  const anonName = change('wl-anon-name', Z, '保存先: outbox', [
    jsonata('filename', `topic & '_匿名加工_' & ${stamp} & '.csv'`),
  ], [[anonFile.id]]);
  const anonCsv = csvOut('wl-anon-csv', 'CSVにする', ANON_COLUMNS, [[anonName.id]]);
  const shuffle = {
    id: 'wl-anon-sort', type: 'sort', z: Z, name: '並べ替え (元の行の順番を残さない)', order: 'ascending', as_num: false,
    target: 'payload', targetType: 'msg', msgKey: ANON_COLUMNS.map((c) => `$string(\`${c}\`)`).join(' & "|" & '),
    msgKeyType: 'jsonata', seqKey: 'payload', seqKeyType: 'msg', wires: [[anonCsv.id]],
  };
  const kanon = {
    id: 'wl-kanon', type: 'civic-k-anonymize', z: Z, name: `k-匿名化 (k = ${K})`, version: 1, property: 'payload', quasiIdentifiers: QUASI_IDENTIFIERS,
    k: K, l: 0, sensitive: '', suppressionLimit: 5, metric: 'entropy', suppressedRecords: 'remove', maxRecords: 1000000, timeLimit: 120, bestSoFar: false,
    wires: [[shuffle.id, aggregate.id], [tagK.id]],
  };
  const anon = {
    id: 'wl-deidentify', type: 'civic-deidentify', z: Z, name: '匿名加工情報にする', version: 2, property: 'payload', preset: 'appi-anonymous',
    rules: POLICY.map(([field, category]) => ({ field, category, action: field === '受診日' ? 'date' : 'preset',
      ...(field === '受診日' ? { granularity: 'fiscalYear' } : {}), ...(RARE_HIERARCHIES[field] ?? {}) })),
    unknownFields: 'refuse', missingFields: 'refuse', personField: '', dateShiftRange: 30, pseudonymPrefix: 'P-', pseudonymLength: 16,
    asOf: '', onInvalid: 'empty', rareThreshold: K, timeLimit: 120, maxRecords: 1000000, wires: [[kanon.id], [tagDe.id]],
  };

  // ---- 仮名加工情報: keyed pseudonyms (credential key) for the city's own analysis ----
  const pseudoReportFile = fileOut('wl-pseudo-report-file', '仮名加工の記録を保存', 'reports', 'utf8');
  const pseudoReportJson = jsonPretty('wl-pseudo-report-json', [[pseudoReportFile.id]]);
  const pseudoReportName = change('wl-pseudo-report-name', Z, '保存先: reports', [
    jsonata('filename', `topic & '_仮名加工記録_' & ${stamp} & '.json'`),
  ], [[pseudoReportJson.id]]);
  const pseudoFile = fileOut('wl-pseudo-file', '仮名加工CSVを保存 (庁内限定)', 'internal', 'shift_jis');
  const pseudoName = change('wl-pseudo-name', Z, '保存先: internal', [
    jsonata('filename', `topic & '_仮名加工_' & ${stamp} & '.csv'`),
  ], [[pseudoFile.id]]);
  const pseudoCsv = csvOut('wl-pseudo-csv', 'CSVにする', PSEUDO_COLUMNS, [[pseudoName.id]]);
  const pseudo = {
    id: 'wl-pseudonymise', type: 'civic-deidentify', z: Z, name: '仮名加工情報にする (鍵付き仮名)', version: 2, property: 'payload',
    preset: 'appi-pseudonymous', rules: POLICY.map(([field, category]) => ({ field, category, action: 'preset' })),
    unknownFields: 'refuse', missingFields: 'refuse', personField: '', dateShiftRange: 30, pseudonymPrefix: 'P-', pseudonymLength: 16,
    asOf: '', onInvalid: 'empty', rareThreshold: K, timeLimit: 120, maxRecords: 1000000, wires: [[pseudoCsv.id], [pseudoReportName.id]],
  };

  // ---- input: the watched inbox, and the sample once at start ----
  const readCsv = { id: 'wl-csv', type: 'civic-csv', z: Z, name: 'CSV読込 (文字コード自動)', version: 1, encoding: 'auto',
    header: true, columns: POLICY.map(([field]) => field).join(','), extraColumns: 'refuse', delimiter: ',', trim: true, output: 'array',
    property: 'payload', outputProperty: 'payload', wires: [[anon.id, pseudo.id]] };
  const nameRun = change('wl-run-name', Z, 'ファイル名 → msg.topic', [
    jsonata('topic', "$replace($split(filename, '/')[-1], /\\.csv$/i, '')"),
  ], [[readCsv.id]]);
  const readInbox = fileIn('wl-read', 'ファイルを読む (Buffer)', 'filename', 'msg', [[nameRun.id]]);
  const settle = {
    id: 'wl-settle', type: 'trigger', z: Z, name: '書き込みの完了を待つ (1秒)', op1: '', op2: '', op1type: 'nul', op2type: 'payl',
    duration: '1', extend: true, overrideDelay: false, units: 's', reset: '', bytopic: 'topic', topic: 'filename', outputs: 1,
    wires: [[readInbox.id]],
  };
  const onlyCsv = {
    id: 'wl-only-csv', type: 'switch', z: Z, name: 'CSVファイルだけ', property: 'type = "file" and $contains($lowercase(file), /\\.csv$/)',
    propertyType: 'jsonata', rules: [{ t: 'true' }], checkall: 'true', repair: false, outputs: 1, wires: [[settle.id]],
  };
  const watch = { id: 'wl-watch', type: 'watch', z: Z, name: '受付フォルダ (inbox)', files: '${CIVIC_WELLNESS_INBOX}', recursive: '', wires: [[onlyCsv.id]] };
  const readSample = fileIn('wl-sample-read', '見本ファイル', '${CIVIC_SAMPLES}/kdb-sample.csv', 'env', [[nameRun.id]]);
  const sample = {
    id: 'wl-sample', type: 'inject', z: Z, name: '起動時に見本を1回加工', props: [], repeat: '', crontab: '', once: true,
    onceDelay: '3', topic: '', wires: [[readSample.id]],
  };

  const notes = {
    intro: comment('wl-intro', Z, '健康データ匿名加工: KDB の CSV → 匿名加工情報 + 加工の記録',
      '受付フォルダ (inbox) に KDB などの CSV (Shift_JIS でも UTF-8 でも可) を置くと、次の2種類を作ります。\n'
      + '1. 匿名加工情報 (outbox): 個人情報保護法の基準 (施行規則第34条) で加工し、さらに k-匿名化 (k = 5) したもの。公表・提供できます。\n'
      + '2. 仮名加工情報 (internal): 番号を鍵付き仮名に置き換えたもの。市の内部の分析専用です (外部提供は禁止)。\n'
      + '加工の記録 (reports) に、項目ごとの加工方法・件数・再識別リスクが JSON で残ります。\n'
      + 'ダッシュボード (/ui の「健康データ」) には集計値だけを出し、個人の行は出しません。\n\n'
      + 'npm start では user dir の wellness/ の下にフォルダができ、起動時に見本 (架空の300人) を1回加工します。\n'
      + '自分の Node-RED で使うときは、環境変数 CIVIC_WELLNESS_INBOX (受付フォルダ), CIVIC_WELLNESS_DIR (出力の親フォルダ),\n'
      + 'CIVIC_SAMPLES (見本のフォルダ) を settings.js などで設定するか、各ノードのパスを書き換えてください。'),
    input: comment('wl-note-input', Z, '入力: 受付フォルダを見張る',
      'watch ノードが受付フォルダを見張り、.csv が置かれたら1秒待って (書き込み完了) から読み込みます。\n'
      + '大きなファイルは別の名前 (.tmp など) でコピーしてから .csv に名前を変えると確実です。\n'
      + '元のファイルは受付フォルダに残ります。原本の保管・削除は市の規程に従ってください。'),
    anon: comment('wl-note-anon', Z, '匿名加工情報 (公表・提供用)',
      '「匿名加工情報にする」: 氏名・番号・電話・備考を削除、生年月日は年月、年齢は5歳階級 (90歳以上は 90+)、住所は市区町村、\n'
      + '郵便番号は上3桁、受診日は年度にします。5人未満のまれな病名は ICD-10 の3桁分類・章にまとめ、医療費の上下1%は境界の値にまとめて\n'
      + '有効数字2桁に丸めます (特異な記述)。決めた列のない CSV、表にない列のある CSV、列がずれた行は受け付けません (安全側)。\n'
      + '「k-匿名化」: 年齢・性別・住所・郵便番号・生年月日・受診日の組み合わせが、どれも5人以上に共通するまで値をまとめます。\n'
      + 'まとめきれない少人数の行 (最大5%) は除きます。元のファイルの行の順番が残らないよう並べ替えてから、outbox に Shift_JIS の CSV で保存します。\n'
      + '保存は「ファイル保存（完全書き込み）」: 全部書けてから outbox に現れるので、転送ツールが書きかけを読むことはありません。\n'
      + 'ディスクがいっぱいのときは前のファイルをそのまま残してエラーにし、ファイル名は outbox の外を指せません。'),
    report: comment('wl-note-report', Z, '加工の記録 (レポート)',
      '2つのノードの記録を1つの JSON にまとめて reports に保存し、同じ内容 (集計値だけ) をダッシュボードに表示します。\n'
      + '記録には項目ごとの加工方法、件数、k、再識別リスク、情報損失が入り、元の値や鍵は入りません。'),
    pseudo: comment('wl-note-pseudo', Z, '仮名加工情報 (庁内の分析専用)',
      '番号 (宛名番号・個人番号・保険者番号など) を鍵付き仮名 (HMAC-SHA-256) に置き換え、氏名・電話を削除し、備考から氏名・住所・番号・電話を除きます。\n'
      + '同じ鍵なら同じ人は同じ仮名になるので、KDB・介護・アンケートを人ごとに結び付けられます。\n'
      + '鍵はこのノードの資格情報 (credentials, 暗号化して保存) にあり、フローの書き出しには含まれません。\n'
      + 'npm start は初回に鍵を自動で作ります。internal フォルダのファイルは外部に出さないでください。'),
    dashboard: comment('wl-note-dash', Z, 'ダッシュボードへ: 集計値だけ',
      '年齢階級×性別の人数は k-匿名化の後のデータから数えます (どのマスも5人以上のグループの合計)。\n'
      + '個人の行、氏名、番号はダッシュボードに送りません。画面は別のタブ (「健康データ 画面 (/ui)」「… (Dashboard 2.0)」) で、\n'
      + 'ここの link out (加工の記録・人数・エラー) だけを受け取ります。'),
  };

  const rows = [
    [notes.intro],
    [notes.input],
    [watch, onlyCsv, settle, readInbox, nameRun, readCsv],
    [sample, readSample],
    [notes.anon],
    [null, null, anon, kanon, shuffle, anonCsv, anonName, anonFile],
    [notes.report],
    [null, null, tagDe, reportJoin, reportBuild, reportJson, reportFile],
    [null, null, tagK],
    [notes.pseudo],
    [null, null, pseudo, pseudoCsv, pseudoName, pseudoFile],
    [null, null, null, pseudoReportName, pseudoReportJson, pseudoReportFile],
    [notes.dashboard],
    [null, null, null, null, null, null, toReport],
    [catchAll, null, aggregate, toAgeSex, null, null, toError],
  ];
  return [tab, ...layout(rows)];
}

/** The classic dashboard part (/ui): the page 健康データ. */
function wellnessClassic() {
  const uiTab = { id: 'wl-ui-tab', type: 'ui_tab', name: '健康データ', icon: 'fa-heartbeat', order: 4, disabled: false, hidden: false };
  const gRun = { id: 'wl-ui-run', type: 'ui_group', name: '最新の匿名加工', tab: uiTab.id, order: 1, disp: true, width: 6, collapse: false, className: '' };
  const gChart = { id: 'wl-ui-chart', type: 'ui_group', name: '年齢階級・性別の人数（匿名加工後）', tab: uiTab.id, order: 2, disp: true, width: 6, collapse: false, className: '' };
  const gMethod = { id: 'wl-ui-method', type: 'ui_group', name: '加工の方法（公表する項目）', tab: uiTab.id, order: 3, disp: true, width: 6, collapse: false, className: '' };

  // ---- dashboard: aggregated figures only ----
  const texts = [
    text('wl-t-source', gRun.id, 1, '対象ファイル', '{{msg.payload.source}}'),
    text('wl-t-time', gRun.id, 2, '加工日時', "{{msg.payload.finishedAt | date:'yyyy/MM/dd HH:mm'}}"),
    text('wl-t-records', gRun.id, 3, '読み込んだ件数', '{{msg.payload.deidentify.records}} 件'),
    text('wl-t-released', gRun.id, 4, '公表・提供できる件数', '{{msg.payload.kAnonymize.released}} 件'),
    text('wl-t-suppressed', gRun.id, 5, '少人数のため除いた件数', '{{msg.payload.kAnonymize.suppressed}} 件'),
    text('wl-t-k', gRun.id, 6, '最も小さいグループ (k)', '{{msg.payload.kAnonymize.classSizes.min}} 人 (基準 {{msg.payload.kAnonymize.k}} 人以上)'),
    text('wl-t-risk', gRun.id, 7, '再識別リスク (最大)', '{{msg.payload.kAnonymize.risk.prosecutor.highest * 100 | number:1}} %'),
    text('wl-t-loss', gRun.id, 8, '情報の損失', '{{msg.payload.kAnonymize.informationLoss.relative * 100 | number:1}} %'),
    text('wl-t-failed', gRun.id, 9, '加工できなかった行', '{{msg.payload.deidentify.failed}} 行'),
  ];
  const methods = template('wl-methods', gMethod.id, 1, '加工の方法', 9, METHODS_TABLE);
  const chart = {
    id: 'wl-chart', type: 'ui_chart', z: ZUI, name: '年齢階級・性別の人数', group: gChart.id, order: 1, width: 6, height: 6,
    label: '人数 (匿名加工後)', chartType: 'bar', legend: 'true', xformat: 'HH:mm', interpolate: 'linear',
    nodata: 'データ待ち…', dot: false, ymin: '0', ymax: '', removeOlder: 1, removeOlderPoints: '', removeOlderUnit: '3600',
    cutout: 0, useOneColor: false, useUTC: false, colors: ['#1f77b4', '#e377c2', '#7f7f7f', '#2ca02c', '#ff7f0e', '#d62728',
      '#9467bd', '#8c564b', '#bcbd22'], outputs: 1, useDifferentColor: false, className: '', wires: [[]],
  };
  const chartData = change('wl-ui-chart-data', ZUI, 'グラフの形に (ui_chart)', [jsonata('payload', AGE_SEX_CLASSIC)], [[chart.id]]);
  const lastError = text('wl-t-error', gRun.id, 10, '最後のエラー', "{{msg.error ? msg.error.message + ' (' + (msg.error.source.name || msg.error.source.type) + ')' : 'なし'}}");
  const intro = comment('wl-ui-intro', ZUI, '健康データ 画面 (/ui): クラシック版ダッシュボード',
    '左端の link in が「健康データ匿名加工」のタブから加工の記録・年齢階級×性別の人数・エラーを受け取ります (集計値だけ)。\n'
    + 'Dashboard 2.0 に移ったら、このタブごと消せます (docs/dashboard2.md)。');
  const rows = [
    [intro],
    [fromDomain('wl', 'ui', 'report', ZUI, '加工の記録', [methods.id, ...texts.map((t) => t.id)]), methods],
    ...texts.map((t) => [null, t]),
    [fromDomain('wl', 'ui', 'age-sex', ZUI, '年齢階級×性別の人数', [chartData.id]), chartData, chart],
    [fromDomain('wl', 'ui', 'error', ZUI, 'エラー', [lastError.id]), lastError],
  ];
  return [partTab(ZUI, '健康データ 画面 (/ui)', '健康データ匿名加工のクラシック版ダッシュボード (/ui)。集計値だけ。'),
    ...layout(rows), shared.uiBase, uiTab, gRun, gChart, gMethod];
}

/** The Dashboard 2.0 part (/dashboard/wellness): the same figures; the methods as a table. */
function wellnessDashboard2() {
  const page = d2Page('wl-d2-page', '健康データ', '/wellness', 'heart-pulse', 4);
  const gRun = d2Group('wl-d2-run', page.id, '最新の匿名加工', 1);
  const gChart = d2Group('wl-d2-chart-group', page.id, '年齢階級・性別の人数（匿名加工後）', 2);
  const gMethod = d2Group('wl-d2-method', page.id, '加工の方法（公表する項目）', 3);
  const t = (short, order, label, value) => d2Text(`wl-d2-t-${short}`, ZD2, gRun.id, order, label, value);
  const texts = [
    t('source', 1, '対象ファイル', 'payload.source'),
    t('time', 2, '加工日時', "$fromMillis($toMillis(payload.finishedAt), '[Y0001]/[M01]/[D01] [H01]:[m01]', '+0900')"),
    t('records', 3, '読み込んだ件数', "$string(payload.deidentify.records) & ' 件'"),
    t('released', 4, '公表・提供できる件数', "$string(payload.kAnonymize.released) & ' 件'"),
    t('suppressed', 5, '少人数のため除いた件数', "$string(payload.kAnonymize.suppressed) & ' 件'"),
    t('k', 6, '最も小さいグループ (k)', "$string(payload.kAnonymize.classSizes.min) & ' 人 (基準 ' & $string(payload.kAnonymize.k) & ' 人以上)'"),
    t('risk', 7, '再識別リスク (最大)', "$formatNumber(payload.kAnonymize.risk.prosecutor.highest * 100, '0.0') & ' %'"),
    t('loss', 8, '情報の損失', "$formatNumber(payload.kAnonymize.informationLoss.relative * 100, '0.0') & ' %'"),
    t('failed', 9, '加工できなかった行', "$string(payload.deidentify.failed) & ' 行'"),
  ];
  // a successful run shows なし; an error caught on the domain tab shows its message and node
  const lastError = t('error', 10, '最後のエラー', "error ? error.message & ' (' & (error.source.name ? error.source.name : error.source.type) & ')' : 'なし'");
  const chart = d2Bars('wl-d2-chart', ZD2, gChart.id, 1, '人数 (匿名加工後)', '人', 0);
  const standard = d2Text('wl-d2-standard', ZD2, gMethod.id, 1, '基準', 'payload.standard');
  const methods = d2Table('wl-d2-methods', ZD2, gMethod.id, 2, '加工の方法');
  const methodRows = change('wl-d2-method-rows', ZD2, '表の行 (日本語の列名)', [jsonata('payload',
    '[payload.deidentify.items.{"項目": field, "加工の方法": methodJa}]')], [[methods.id]]);
  const levels = d2Text('wl-d2-levels', ZD2, gMethod.id, 3, 'k-匿名化でまとめた段階',
    "'k = ' & $string(payload.kAnonymize.k) & ': ' & $join(payload.kAnonymize.levels.(field & ' → ' & name), '、')");
  const intro = comment('wl-d2-intro', ZD2, '健康データ 画面 (Dashboard 2.0): /dashboard/wellness',
    '左端の link in が「健康データ匿名加工」のタブから加工の記録・年齢階級×性別の人数・エラーを受け取ります (集計値だけ)。\n'
    + '文字の表示 (ui-text) は値を JSONata で書いています (例: $string(payload.deidentify.records) & \' 件\')。');
  const rows = [
    [intro],
    [fromDomain('wl', 'd2', 'report', ZD2, '加工の記録', [methodRows.id, standard.id, levels.id, lastError.id, ...texts.map((x) => x.id)]),
      methodRows, methods, standard, levels],
    ...texts.map((x) => [null, x]),
    [null, lastError],
    [fromDomain('wl', 'd2', 'age-sex', ZD2, '年齢階級×性別の人数', [chart.id]), chart],
    [fromDomain('wl', 'd2', 'error', ZD2, 'エラー', [lastError.id])],
  ];
  return [partTab(ZD2, '健康データ 画面 (Dashboard 2.0)', '健康データ匿名加工の Dashboard 2.0 版 (/dashboard/wellness)。集計値だけ。'),
    ...layout(rows), shared.d2Base, shared.d2Theme, page, gRun, gChart, gMethod];
}

module.exports = { wellnessDomain, wellnessClassic, wellnessDashboard2, wellnessEnv, wellnessFolders, POLICY, ANON_COLUMNS, PSEUDO_COLUMNS, QUASI_IDENTIFIERS, K };
