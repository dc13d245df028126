'use strict';
// KPIボード: the city's KPIs on one dashboard page. Healthy life expectancy from the life-table CSVs (two fiscal
// years each; health-expectancy, Sullivan with the survey definition), smart-farming entrants and companies counted
// from the registrations CSV, and a field KPI from the greenhouse readings on MQTT (window-stats) → kpi-progress → a
// card per KPI with its value, 95 % confidence interval, progress bar, grade and yearly trend; per sex the what-if,
// the cut needed for +1 year, and the change since last year with its test and its decomposition by age.
// kpiDomain() is the tab KPIボード; kpiClassic() (/ui) and kpiDashboard2() (/dashboard) show its link outs.
const {
  shared, layout, comment, change, jsonata, toDashboards, fromDomain, d2Page, d2Group, d2Gauge, d2Bars, d2Text, d2Table, partTab,
} = require('./common');

const Z = 'kpi-tab';
const ZUI = 'kpi-ui-flow';
const ZD2 = 'kpi-d2-flow';

/**
 * The KPI table of the kpi-progress node: the city's four presets (baseline FY2023, target FY2028) and one field
 * KPI from the greenhouse sensors (an example to adapt: its baseline and target are the city's to set).
 * `short` is the card's id part, `unitJa` the unit shown, `decimals` the digits shown, `ymin` the chart's floor.
 */
const KPIS = [
  { id: 'hle-male-0', short: 'hle-male', nameJa: '健康寿命（男性）', nameEn: 'Healthy life expectancy (men)', unit: 'years',
    baseline: 65.9, baselineYear: 2023, target: 66.9, targetYear: 2028, unitJa: '歳', decimals: 1, ymin: 60 },
  { id: 'hle-female-0', short: 'hle-female', nameJa: '健康寿命（女性）', nameEn: 'Healthy life expectancy (women)', unit: 'years',
    baseline: 67.1, baselineYear: 2023, target: 68.1, targetYear: 2028, unitJa: '歳', decimals: 1, ymin: 60 },
  { id: 'smart-farming-entrants', short: 'entrants', nameJa: 'スマート農業の新規就農者数', nameEn: 'Smart-farming entrants',
    unit: 'persons', baseline: 0, baselineYear: 2023, target: 10, targetYear: 2028, unitJa: '人', decimals: 0, ymin: 0 },
  { id: 'smart-farming-companies', short: 'companies', nameJa: 'スマート農業の参入企業数', nameEn: 'Smart-farming companies',
    unit: 'companies', baseline: 1, baselineYear: 2023, target: 3, targetYear: 2028, unitJa: '社', decimals: 0, ymin: 0 },
  { id: 'field-temp-in-range', short: 'field', nameJa: '温室の気温が10〜30℃の割合（直近24時間）', nameEn: 'Greenhouse readings in range (24 h)',
    unit: '%', baseline: 70, baselineYear: 2023, target: 90, targetYear: 2028, unitJa: '%', decimals: 1, ymin: 0 },
];
/** The sexes the life tables are computed for: the analysis output's topic is analysis-<sex>. */
const SEXES = [{ sex: 'male', ja: '男性' }, { sex: 'female', ja: '女性' }];
/** The field KPI's temperature range (°C): outside it tomatoes risk cold damage (< 10) or poor fruit set (> 30). */
const FIELD_RANGE = [10, 30];

const fileIn = (id, name, filename, wires) => ({
  id, type: 'file in', z: Z, name, filename, filenameType: 'env', format: '', chunk: false, sendError: false,
  encoding: 'none', allProps: false, wires,
});
const civicCsv = (id, wires) => ({ id, type: 'civic-csv', z: Z, name: 'CSV読込 (文字コード自動)', version: 1, encoding: 'auto',
  header: true, delimiter: ',', trim: true, output: 'array', wires });
const inject = (id, name, wires, extra = {}) => ({
  id, type: 'inject', z: Z, name, props: [], repeat: '', crontab: '00 06 * * *', once: true, onceDelay: '3', topic: '', wires, ...extra,
});

function template(id, group, order, name, height, format) {
  return {
    id, type: 'ui_template', z: ZUI, group, name, order, width: 6, height, format, storeOutMessages: true,
    fwdInMessages: false, resendOnRefresh: true, templateScope: 'local', className: '', wires: [[]],
  };
}

/** The card of one KPI: value, grade, progress bar, baseline → target; Angular bindings only (no script). */
function cardHtml(k) {
  const v = (expr) => `{{${expr} | number:${k.decimals}}}`;
  return `<div class="civic-kpi-card" style="font-size:14px;line-height:1.5;width:100%">
  <div ng-if="!msg.payload" style="color:#777">データ待ち…</div>
  <div ng-if="msg.payload">
    <div style="display:flex;align-items:center;justify-content:space-between">
      <div><span class="civic-kpi-value" style="font-size:34px;font-weight:bold">${v('msg.payload.value')}</span>
        <span style="font-size:16px"> ${k.unitJa}</span></div>
      <div class="civic-kpi-grade" title="評価" style="font-size:26px;font-weight:bold;color:#fff;border-radius:8px;padding:2px 14px"
        ng-style="{'background-color': msg.payload.grade === 'A' ? '#2e7d32' : (msg.payload.grade === 'B' ? '#f9a825' : '#c62828')}">{{msg.payload.grade}}</div>
    </div>
    <div style="background:#e0e0e0;height:10px;border-radius:5px;margin:6px 0">
      <div style="background:#2e7d32;height:10px;border-radius:5px"
        ng-style="{'width': (msg.payload.progress > 1 ? 100 : (msg.payload.progress < 0 ? 0 : msg.payload.progress * 100)) + '%'}"></div>
    </div>
    <div>進捗 <b class="civic-kpi-progress">{{msg.payload.progress * 100 | number:0}} %</b>
      <span style="color:#555">{{msg.payload.progress >= 1 ? '目標達成' : '（基準→目標のうち）'}}</span></div>
    <div>基準 ${v('msg.payload.baseline')} ${k.unitJa}（{{msg.payload.baselineYear}}年度）→ 目標 ${v('msg.payload.target')} ${k.unitJa}（{{msg.payload.targetYear}}年度）</div>
    <div class="civic-kpi-ci" ng-if="msg.payload.ciLow !== undefined">95%信頼区間 ${v('msg.payload.ciLow')}〜${v('msg.payload.ciHigh')} ${k.unitJa}</div>
    <div class="civic-kpi-ci" ng-if="msg.payload.ciLow === undefined" style="color:#555">信頼区間なし (全数を数えた値)</div>
    <div style="color:#555">{{msg.payload.fiscalYear}}年度の値・更新 {{msg.payload.asOf | date:'yyyy/MM/dd HH:mm'}}</div>
  </div>
</div>`;
}

/**
 * Chart data for the yearly trend of one KPI: actual values by fiscal year beside the straight baseline → target
 * path, and the 95 % confidence interval of each value when the KPI has one (healthy life expectancy).
 */
const TREND = `(
  $r := payload;
  $years := [$r.baselineYear .. $max([$r.targetYear, $r.history.fiscalYear])];
  $point := function($y) { $r.history[fiscalYear = $y][-1] };
  $ci := $exists($r.history.ciLow);
  [{
    "series": $append(["実績", "計画 (基準→目標の直線)"], $ci ? ["95%信頼区間 下限", "95%信頼区間 上限"] : []),
    "labels": [$years.($string($) & "年度")],
    "data": $append([
      [$years.($y := $; $h := $point($y); $exists($h) ? $h.value : ($y = $r.baselineYear ? $r.baseline : null))],
      [$years.($round($r.baseline + ($r.target - $r.baseline) * ($min([$, $r.targetYear]) - $r.baselineYear) / ($r.targetYear - $r.baselineYear), 2))]
    ], $ci ? [[$years.($h := $point($); $exists($h.ciLow) ? $h.ciLow : null)], [$years.($h := $point($); $exists($h.ciHigh) ? $h.ciHigh : null)]] : [])
  }]
)`;

/** The what-if, the cut needed and the change since last year, for one sex (classic card; Angular bindings only). */
const ANALYSIS_HTML = `<div class="civic-kpi-analysis" style="font-size:14px;line-height:1.6;width:100%">
  <div ng-if="!msg.payload" style="color:#777">データ待ち…</div>
  <div ng-if="msg.payload" ng-init="w = msg.payload.whatIf">
    <div><b>試算</b>: {{msg.payload.whatIf.scenario.fromAge}}歳以上の不健康な人の割合が {{msg.payload.whatIf.scenario.prevalenceCut}}% 減ると、
      健康寿命は <b class="civic-whatif-gain">+{{msg.payload.whatIf.ages[0].gain | number:2}} 年</b>
      ({{msg.payload.whatIf.ages[0].hle | number:1}} → {{msg.payload.whatIf.ages[0].hleWhatIf | number:1}} 年)</div>
    <div><b>目標 +1 年</b>に必要な減少:
      <b class="civic-required-cut" ng-if="msg.payload.required[0].reachable">{{msg.payload.required[0].cut | number:0}}%</b>
      <b class="civic-required-cut" ng-if="!msg.payload.required[0].reachable">この年齢の減少だけでは届きません (最大 +{{msg.payload.required[0].maxGain | number:2}} 年)</b></div>
    <div ng-if="msg.payload.comparisons.length"><b>前年 ({{msg.payload.comparisons[0].from}}年度) からの変化</b>:
      <b class="civic-change-diff">{{msg.payload.comparisons[0].test.difference >= 0 ? '+' : ''}}{{msg.payload.comparisons[0].test.difference | number:2}} 年</b>
      (標準誤差 {{msg.payload.comparisons[0].test.se | number:2}}、z = {{msg.payload.comparisons[0].test.z | number:2}}、
      <span class="civic-change-p">p = {{msg.payload.comparisons[0].test.p | number:3}}</span>、
      {{msg.payload.comparisons[0].test.significant ? '偶然とは言いにくい差' : '偶然の範囲の差'}})<br>
      うち死亡率の変化 <b class="civic-change-mortality">{{msg.payload.comparisons[0].decomposition.mortality | number:2}}</b> 年、
      不健康割合の変化 <b class="civic-change-disability">{{msg.payload.comparisons[0].decomposition.disability | number:2}}</b> 年</div>
    <div ng-repeat="w in msg.payload.warnings" style="color:#c62828">{{w}}</div>
  </div>
</div>`;

/** Decomposition of the change at birth by age group: mortality and disability effects (classic bar chart). */
const DECOMPOSITION = `(
  $c := payload.comparisons[age = 0][0];
  $exists($c) ? [{
    "series": ["死亡率の変化による効果", "不健康割合の変化による効果"],
    "labels": [$c.decomposition.rows.age],
    "data": [[$c.decomposition.rows.($round(mortality, 3))], [$c.decomposition.rows.($round(disability, 3))]]
  }] : []
)`;

const BOARD_TABLE = `<table style="width:100%;border-collapse:collapse;font-size:14px">
  <tr style="text-align:left;border-bottom:1px solid #ccc"><th>KPI</th><th>値</th><th>進捗</th><th>評価</th></tr>
  <tr ng-repeat="row in msg.payload" style="border-bottom:1px solid #eee">
    <td>{{row.name}}</td>
    <td style="white-space:nowrap">{{row.value === null ? '—' : (row.value | number:(row.unit === 'persons' || row.unit === 'companies' ? 0 : 1))}}</td>
    <td style="white-space:nowrap">{{row.progressPercent === null ? '—' : (row.progressPercent | number:0) + ' %'}}</td>
    <td><b>{{row.grade || '—'}}</b></td>
  </tr>
</table>`;

/** Counts of distinct registration numbers still farming, as a KPI value message. */
const countOf = (kpi, kind, unit) => `{
  "kpi": "${kpi}",
  "value": $count($distinct(payload[\`区分\` = "${kind}" and \`状態\` = "営農中"].\`登録番号\`)),
  "unit": "${unit}",
  "asOf": $now(),
  "method": "distinct-count"
}`;

/** The domain tab: life tables, registrations and greenhouse readings → kpi-progress → link outs per KPI and the board. */
function kpiDomain() {
  const tab = { id: Z, type: 'tab', label: 'KPIボード', disabled: false,
    info: '市の KPI (健康寿命、スマート農業の新規就農者数・参入企業数、温室の気温が10〜30℃の割合) を計算し、ダッシュボードに進捗と評価を表示します。' };
  const toKpi = KPIS.map((k) => toDashboards('kpi', k.short, Z, `${k.nameJa} → 画面`));
  const toBoard = toDashboards('kpi', 'board', Z, 'KPI一覧 → 画面');
  const toFieldStats = toDashboards('kpi', 'field-stats', Z, '直近24時間の気温 → 画面');
  const byKpi = {
    id: 'kpi-by-kpi', type: 'switch', z: Z, name: 'KPIごとに分ける', property: 'topic', propertyType: 'msg',
    rules: KPIS.map((k) => ({ t: 'eq', v: k.id, vt: 'str' })), checkall: 'true', repair: false, outputs: KPIS.length,
    wires: toKpi.map((l) => [l.id]),
  };
  const progress = {
    id: 'kpi-progress', type: 'civic-kpi-progress', z: Z, name: 'KPIの進捗と評価', version: 1,
    kpis: KPIS.map((k) => ({ id: k.id, nameJa: k.nameJa, nameEn: k.nameEn, unit: k.unit, baseline: k.baseline,
      baselineYear: k.baselineYear, target: k.target, targetYear: k.targetYear, direction: 'higher', method: 'progress',
      interim: false, bands: '' })),
    bands: 'A>=100;B>=60;C', timeZone: 'Asia/Tokyo', lang: 'ja', wires: [[byKpi.id], [toBoard.id]],
  };

  // ---- healthy life expectancy from the life tables ----
  const toAnalysis = toDashboards('kpi', 'analysis', Z, '試算と前年からの変化 → 画面');
  const hle = {
    id: 'kpi-hle', type: 'civic-health-expectancy', z: Z, name: '健康寿命 (日常生活に制限のない期間)', version: 2,
    property: 'payload', propertyType: 'msg', preset: 'custom', a: 0.5, q0Method: 'rate', q0: '', births: '', a0Method: 'eurostat', a0: '',
    radix: 100000, prevalenceVariance: true, mortalityVariance: true, differenceMethod: 'guide', ages: '0', sex: 'msg',
    hleKpi: 'hle-{sex}-{age}', leKpi: '', decimals: 2, prevalenceCut: 10, mortalityCut: 0, whatIfFrom: 65, whatIfTo: '', gain: 1,
    minDeaths: 10, minPopulation: 5000, ageField: '', populationField: '', deathsField: '', unhealthyField: '',
    prevalenceField: '制限あり割合', surveySizeField: '回答者数', institutionalisedField: '', sexField: '', yearField: '',
    wires: [[], [progress.id, 'kpi-to-residents'], [toAnalysis.id]],
  };
  const toResidents = { id: 'kpi-to-residents', type: 'link out', z: Z, name: '健康寿命 → 住民の画面 (健康データ分析)', mode: 'link', links: ['wp-hle-in'], wires: [] };
  const ltCsv = civicCsv('kpi-lt-csv', [[hle.id]]);
  const ltMale = fileIn('kpi-lt-male', '生命表 (男性)', '${CIVIC_SAMPLES}/lifetable-male.csv', [[ltCsv.id]]);
  const ltFemale = fileIn('kpi-lt-female', '生命表 (女性)', '${CIVIC_SAMPLES}/lifetable-female.csv', [[ltCsv.id]]);
  const ltInject = inject('kpi-lt-inject', '起動時と毎朝6時', [[ltMale.id, ltFemale.id]]);

  // ---- counts from the registrations ----
  const entrants = change('kpi-count-entrants', Z, '新規就農者を数える', [jsonata('payload', countOf('smart-farming-entrants', '新規就農者', 'persons'))], [[progress.id]]);
  const companies = change('kpi-count-companies', Z, '参入企業を数える', [jsonata('payload', countOf('smart-farming-companies', '参入企業', 'companies'))], [[progress.id]]);
  const regCsv = civicCsv('kpi-reg-csv', [[entrants.id, companies.id]]);
  const regFile = fileIn('kpi-reg-file', '登録簿', '${CIVIC_SAMPLES}/registrations.csv', [[regCsv.id]]);
  const regInject = inject('kpi-reg-inject', '起動時と毎朝6時', [[regFile.id]]);

  // ---- field KPI from the greenhouse readings ----
  const fieldKpi = change('kpi-field-value', Z, '範囲内の割合をKPIの値に', [jsonata('payload', `{
  "kpi": "field-temp-in-range",
  "value": $round(payload.airTemperature.inRange * 100, 1),
  "unit": "%",
  "asOf": window.endIso,
  "method": "window-stats"
}`)], [[progress.id]]);
  const hasTemp = {
    id: 'kpi-has-temp', type: 'switch', z: Z, name: '気温があるときだけ', property: '$exists(payload.airTemperature.inRange)',
    propertyType: 'jsonata', rules: [{ t: 'true' }], checkall: 'true', repair: false, outputs: 1, wires: [[fieldKpi.id, toFieldStats.id]],
  };
  const stats = {
    id: 'kpi-field-stats', type: 'civic-window-stats', z: Z, name: '直近24時間 (1分ごと)', version: 1, mode: 'sliding', unit: 'hour', size: 1,
    slidingMinutes: 1440, hopMinutes: 1, timeZone: 'Asia/Tokyo', grace: 0, metrics: 'airTemperature', percentiles: '',
    reservoirSize: 128, ranges: `airTemperature=${FIELD_RANGE[0]}..${FIELD_RANGE[1]}`, distinctField: '', distinctKpi: '', groupBy: 'all',
    timestamp: 'msg', output: 'nested', maxTopics: 1000, wires: [[hasTemp.id], []],
  };
  const flush = { id: 'kpi-field-flush', type: 'inject', z: Z, name: '今すぐ集計', props: [{ p: 'topic', vt: 'str' }], repeat: '',
    crontab: '', once: false, onceDelay: 0.1, topic: 'flush', wires: [[stats.id]] };
  const unwrap = change('kpi-unwrap', Z, '計測値メッセージに戻す', [
    { t: 'move', p: 'payload.device', pt: 'msg', to: 'device', tot: 'msg' },
    { t: 'move', p: 'payload.units', pt: 'msg', to: 'units', tot: 'msg' },
    { t: 'move', p: 'payload.timestamp', pt: 'msg', to: 'timestamp', tot: 'msg' },
    { t: 'move', p: 'payload.meta', pt: 'msg', to: 'meta', tot: 'msg' },
    { t: 'move', p: 'payload.payload', pt: 'msg', to: 'payload', tot: 'msg' },
  ], [[stats.id]]);
  const mqttIn = {
    id: 'kpi-mqtt-in', type: 'mqtt in', z: Z, name: '温室の計測値', topic: 'civic/+/+/+/reading', qos: '1', datatype: 'json',
    broker: shared.broker.id, nl: false, rap: true, rh: 0, inputs: 0, wires: [[unwrap.id]],
  };

  // farming KPIs counted from the registrations in the records store (flow 作業記録・報告書)
  const fromFarm = { id: 'kpi-from-farm', type: 'link in', z: Z, name: '農業の KPI (作業記録・報告書のフローから)', links: ['farm-to-kpi'], wires: [[progress.id]] };
  const notes = {
    intro: comment('kpi-intro', Z, 'KPIボード: データ → kpi-progress → ダッシュボード',
      '市の KPI を3種類のデータから計算し、「KPIの進捗と評価」(kpi-progress) で基準値・目標値と比べて進捗と評価 (A/B/C) を出します。\n'
      + 'ダッシュボード (/ui と /dashboard の「KPIボード」) に KPI ごとのカード (値・評価・進捗) と年度ごとの推移を表示します。\n'
      + '画面は別のタブ (「KPIボード 画面 (/ui)」「… (Dashboard 2.0)」) で、右端の link out から受け取ります。\n'
      + '基準値・目標値・評価の基準は「KPIの進捗と評価」ノードの表で変えられます。年度ごとの値はノードのコンテキストに残ります。\n'
      + 'npm start では見本ファイル (CIVIC_SAMPLES) を読みます。自分の Node-RED では、file in ノードのパスを市のファイルに書き換えてください。'),
    hle: comment('kpi-note-hle', Z, '健康寿命: 生命表の CSV から (サリバン法)',
      '男女別の CSV (年度, 性別, 年齢階級, 人口, 死亡数, 要介護2以上, 制限あり割合, 回答者数) を読み、サリバン法で計算します。\n'
      + '1つのファイルに2年度分あれば、年度ごとに計算し、前年からの変化 (差の検定と、死亡率・不健康割合の効果への分解) も出します。\n'
      + '標準誤差には調査のばらつきと死亡率のばらつきの両方を入れ、95%信頼区間をカードとグラフに出します。\n'
      + '「試算」: 65歳以上の不健康な人の割合が10%減ったときの健康寿命と、+1年に必要な減少の割合も出します (ノードの設定で変えられます)。\n'
      + 'いまの設定は国の「健康寿命」と同じ定義 (住民アンケートで「健康上の問題で日常生活に制限あり」と答えた割合を不健康とする) です。\n'
      + '市の基準値 (男性 65.9・女性 67.1 年) はこの定義に近い値です。KDB の平均自立期間 (要介護2以上を不健康) で評価するときは、\n'
      + '「健康寿命」ノードの設定を「KDB 平均自立期間」にし、KPI の基準値もその定義の値 (見本の町では男性約 81 年) に直してください。\n'
      + '年度と性別は表の「年度」「性別」の列から取ります。死亡数が10未満の年齢区分があると、画面に注意を出します。起動時と毎朝6時に読み直します。'),
    reg: comment('kpi-note-reg', Z, '新規就農者数・参入企業数: 登録簿の CSV から',
      '登録簿 (登録番号, 区分, 経営体名, 登録日, 地区, 主な作物, スマート農業技術, 状態) のうち、状態が「営農中」の登録番号を重複なしで数えます。\n'
      + '変更届で同じ登録番号が2行あっても1件です。'),
    field: comment('kpi-note-field', Z, '現場の KPI: 温室の計測値から (window-stats)',
      '温室モニタリングのフローが MQTT に送る計測値を受け取り、直近24時間の気温のうち 10〜30 °C (トマトが低温障害・着果不良を起こさない範囲) に入った割合を1分ごとに出します。\n'
      + 'これは現場データから KPI を作る例です。基準値 70 %・目標値 90 % は仮の値なので、市で決めた値に変えてください。\n'
      + '「今すぐ集計」を押すと、その時点までの値ですぐに集計します。'),
  };

  const rows = [
    [notes.intro],
    [notes.hle],
    [ltInject, ltMale, ltCsv, hle, toAnalysis],
    [null, ltFemale, null, null, toResidents],
    [notes.reg],
    [regInject, regFile, regCsv, entrants],
    [fromFarm],
    [null, null, null, companies],
    [notes.field],
    [mqttIn, unwrap, stats, hasTemp, fieldKpi, progress, byKpi, toKpi[0]],
    ...toKpi.slice(1).map((l) => [null, null, null, null, null, null, null, l]),
    [null, flush, null, null, toFieldStats, toBoard],
  ];
  return [tab, ...layout(rows), shared.broker];
}

/** The classic dashboard part (/ui): the page KPIボード with a card and a trend chart per KPI. */
function kpiClassic() {
  const uiTab = { id: 'kpi-ui-tab', type: 'ui_tab', name: 'KPIボード', icon: 'fa-line-chart', order: 5, disabled: false, hidden: false };
  const gBoard = { id: 'kpi-ui-board', type: 'ui_group', name: 'KPI一覧', tab: uiTab.id, order: 1, disp: true, width: 6, collapse: false, className: '' };

  // ---- one dashboard group per KPI: card + yearly trend ----
  const groups = [];
  const cards = [];
  const perKpi = KPIS.map((k, i) => {
    const g = { id: `kpi-ui-${k.short}`, type: 'ui_group', name: k.nameJa, tab: uiTab.id, order: i + 2, disp: true, width: 6, collapse: false, className: '' };
    groups.push(g);
    const card = template(`kpi-card-${k.short}`, g.id, 1, `${k.nameJa} カード`, 4, cardHtml(k));
    const chart = {
      id: `kpi-trend-${k.short}`, type: 'ui_chart', z: ZUI, name: `${k.nameJa} 年度の推移`, group: g.id, order: 2, width: 6, height: 4,
      label: '年度ごとの推移', chartType: 'bar', legend: 'true', xformat: 'HH:mm', interpolate: 'linear', nodata: 'データ待ち…',
      dot: false, ymin: String(k.ymin), ymax: '', removeOlder: 1, removeOlderPoints: '', removeOlderUnit: '3600', cutout: 0,
      useOneColor: false, useUTC: false, colors: ['#2e7d32', '#9e9e9e', '#90caf9', '#1565c0', '#98df8a', '#d62728', '#ff9896',
        '#9467bd', '#c5b0d5'], outputs: 1, useDifferentColor: false, className: '', wires: [[]],
    };
    const trend = change(`kpi-trend-data-${k.short}`, ZUI, '年度ごとの実績と計画', [jsonata('payload', TREND)], [[chart.id]]);
    cards.push(card);
    return { k, card, chart, trend };
  });
  const gField = groups[groups.length - 1];
  const fieldMean = {
    id: 'kpi-t-field-mean', type: 'ui_text', z: ZUI, group: gField.id, order: 3, width: 6, height: 1, name: '直近24時間の平均気温',
    label: '直近24時間の平均気温', format: '{{msg.payload.airTemperature.mean | number:1}} °C ({{msg.payload.airTemperature.count}} 件)',
    layout: 'row-spread', className: '', style: false, font: '', fontSize: '', color: '#000000', wires: [],
  };
  const boardTable = template('kpi-board-table', gBoard.id, 1, 'KPI一覧表', 5, BOARD_TABLE);
  // per sex: the what-if, the cut needed for +1 year, the change since last year and its decomposition by age
  const analysis = SEXES.map((x, i) => {
    const g = { id: `kpi-ui-analysis-${x.sex}`, type: 'ui_group', name: `健康寿命（${x.ja}）の試算と前年からの変化`, tab: uiTab.id,
      order: KPIS.length + 2 + i, disp: true, width: 6, collapse: false, className: '' };
    groups.push(g);
    const card = template(`kpi-analysis-${x.sex}`, g.id, 1, `${x.ja}の試算と変化`, 6, ANALYSIS_HTML);
    const chart = {
      id: `kpi-decomp-${x.sex}`, type: 'ui_chart', z: ZUI, name: `${x.ja}: 変化の年齢別の分解`, group: g.id, order: 2, width: 6, height: 5,
      label: '前年からの変化の内訳 (年齢別、年)', chartType: 'horizontalBar', legend: 'true', xformat: 'HH:mm', interpolate: 'linear',
      nodata: '前年の表が届くと表示します', dot: false, ymin: '', ymax: '', removeOlder: 1, removeOlderPoints: '', removeOlderUnit: '3600',
      cutout: 0, useOneColor: false, useUTC: false, colors: ['#6d4c41', '#2e7d32', '#ff7f0e', '#2ca02c', '#98df8a', '#d62728', '#ff9896',
        '#9467bd', '#c5b0d5'], outputs: 1, useDifferentColor: false, className: '', wires: [[]],
    };
    const decomp = change(`kpi-decomp-data-${x.sex}`, ZUI, '年齢別の死亡率・不健康割合の効果', [jsonata('payload', DECOMPOSITION)], [[chart.id]]);
    return { x, card, chart, decomp };
  });
  const bySex = {
    id: 'kpi-ui-analysis-by-sex', type: 'switch', z: ZUI, name: '男女に分ける', property: 'topic', propertyType: 'msg',
    rules: SEXES.map((x) => ({ t: 'eq', v: `analysis-${x.sex}`, vt: 'str' })), checkall: 'true', repair: false, outputs: SEXES.length,
    wires: analysis.map((a) => [a.card.id, a.decomp.id]),
  };
  const dash = comment('kpi-note-dash', ZUI, 'KPIボード 画面 (/ui): KPI ごとのカードと推移',
    'KPI ごとに、カード (値、95%信頼区間、評価、進捗バー、基準→目標) と、年度ごとの実績と計画 (基準から目標への直線) と信頼区間の棒グラフを表示します。\n'
    + '健康寿命は男女ごとに、試算 (不健康な人の割合が減ったら)、+1年に必要な減少、前年からの変化の検定と年齢別の分解も表示します。\n'
    + '一覧表は全 KPI の最新の値と評価です。左端の link in が「KPIボード」のタブから受け取ります。\n'
    + 'Dashboard 2.0 に移ったら、このタブごと消せます (docs/dashboard2.md)。');
  const rows = [
    [dash],
    ...perKpi.map((p) => [fromDomain('kpi', 'ui', p.k.short, ZUI, p.k.nameJa, [p.card.id, p.trend.id]), p.trend, p.chart, p.card]),
    [fromDomain('kpi', 'ui', 'board', ZUI, 'KPI一覧', [boardTable.id]), boardTable],
    [fromDomain('kpi', 'ui', 'field-stats', ZUI, '直近24時間の気温', [fieldMean.id]), fieldMean],
    [fromDomain('kpi', 'ui', 'analysis', ZUI, '試算と前年からの変化', [bySex.id]), bySex, analysis[0].card, analysis[0].decomp, analysis[0].chart],
    [null, null, analysis[1].card, analysis[1].decomp, analysis[1].chart],
  ];
  return [partTab(ZUI, 'KPIボード 画面 (/ui)', 'KPIボードのクラシック版ダッシュボード (/ui)。'), ...layout(rows), shared.uiBase, uiTab, gBoard, ...groups];
}

/** The yearly trend of one KPI as bar-chart points: actual values by fiscal year and the straight baseline → target plan. */
const TREND_POINTS = `(
  $r := payload;
  $years := [$r.baselineYear .. $max([$r.targetYear, $r.history.fiscalYear])];
  $ci := $exists($r.history.ciLow);
  [$years.(
    $y := $;
    $h := $r.history[fiscalYear = $y][-1];
    $append([
      {"series": "実績", "x": $string($y) & "年度", "y": $exists($h) ? $h.value : ($y = $r.baselineYear ? $r.baseline : null)},
      {"series": "計画 (基準→目標の直線)", "x": $string($y) & "年度",
       "y": $round($r.baseline + ($r.target - $r.baseline) * ($min([$y, $r.targetYear]) - $r.baselineYear) / ($r.targetYear - $r.baselineYear), 2)}
    ], $ci ? [
      {"series": "95%信頼区間 下限", "x": $string($y) & "年度", "y": $exists($h.ciLow) ? $h.ciLow : null},
      {"series": "95%信頼区間 上限", "x": $string($y) & "年度", "y": $exists($h.ciHigh) ? $h.ciHigh : null}
    ] : [])
  )]
)`;

/** Decomposition points for a Dashboard 2.0 bar chart: per age group the mortality and the disability effect. */
const DECOMPOSITION_POINTS = `(
  $c := payload.comparisons[age = 0][0];
  $exists($c) ? [$c.decomposition.rows.(
    {"series": "死亡率の変化による効果", "x": age, "y": $round(mortality, 3)},
    {"series": "不健康割合の変化による効果", "x": age, "y": $round(disability, 3)}
  )] : []
)`;

/** The Dashboard 2.0 part (/dashboard/kpi): per KPI a group with value, grade, progress gauge, plan and trend. */
function kpiDashboard2() {
  const page = d2Page('kpi-d2-page', 'KPIボード', '/kpi', 'chart-line', 5);
  const gBoard = d2Group('kpi-d2-board-group', page.id, 'KPI一覧', 1);
  const board = d2Table('kpi-d2-board', ZD2, gBoard.id, 1, 'KPI一覧');
  const boardRows = change('kpi-d2-board-rows', ZD2, '表の行 (日本語の列名)', [jsonata('payload', `[payload.{
  "KPI": name,
  "値": value = null ? '—' : $formatNumber(value, unit = 'persons' or unit = 'companies' ? '#,##0' : '#,##0.0'),
  "進捗": progressPercent = null ? '—' : $formatNumber(progressPercent, '#,##0') & ' %',
  "評価": grade ? grade : '—'
}]`)], [[board.id]]);
  const groups = [gBoard];
  const perKpi = KPIS.map((k, i) => {
    const g = d2Group(`kpi-d2-${k.short}`, page.id, k.nameJa, i + 2);
    groups.push(g);
    const p = `kpi-d2-${k.short}`;
    const fmt = k.decimals ? '#,##0.' + '0'.repeat(k.decimals) : '#,##0';
    const value = d2Text(`${p}-value`, ZD2, g.id, 1, '値', `$formatNumber(payload.value, '${fmt}') & ' ${k.unitJa}'`, 3);
    Object.assign(value, { style: true, fontSize: 28, color: '#1b5e20', font: '' });
    const grade = d2Text(`${p}-grade`, ZD2, g.id, 2, '評価', 'payload.grade', 3);
    Object.assign(grade, { style: true, fontSize: 28, color: '#2e7d32', font: '' });
    const gradeColour = change(`${p}-grade-colour`, ZD2, '評価の色 (A 緑・B 黄・C 赤)', [jsonata('ui_update',
      "{'color': payload.grade = 'A' ? '#2e7d32' : (payload.grade = 'B' ? '#f9a825' : '#c62828')}")], [[grade.id]]);
    const gauge = d2Gauge(`${p}-progress`, ZD2, g.id, 3, '進捗 (基準→目標)', '%', 0, 100, [60, 100], ['#c62828', '#f9a825', '#2e7d32']);
    Object.assign(gauge, { value: '$round(payload.progress * 100)', valueType: 'jsonata', width: 6, height: 3 });
    const plan = d2Text(`${p}-plan`, ZD2, g.id, 4, '計画',
      `'基準 ' & $formatNumber(payload.baseline, '${fmt}') & ' ${k.unitJa}（' & $string(payload.baselineYear) & '年度）→ 目標 ' & $formatNumber(payload.target, '${fmt}') & ' ${k.unitJa}（' & $string(payload.targetYear) & '年度）'`);
    const asOf = d2Text(`${p}-as-of`, ZD2, g.id, 5, '年度・更新',
      "$string(payload.fiscalYear) & '年度の値・更新 ' & $fromMillis($toMillis(payload.asOf), '[Y0001]/[M01]/[D01] [H01]:[m01]', '+0900')");
    const ci = d2Text(`${p}-ci`, ZD2, g.id, 6, '95%信頼区間',
      `$exists(payload.ciLow) ? $formatNumber(payload.ciLow, '${fmt}') & '〜' & $formatNumber(payload.ciHigh, '${fmt}') & ' ${k.unitJa}' : 'なし (全数を数えた値)'`);
    const chart = d2Bars(`${p}-trend`, ZD2, g.id, 7, '年度ごとの推移', k.unitJa, k.ymin);
    chart.colors = ['#2E7D32', '#9E9E9E', '#90CAF9', '#1565C0', ...chart.colors.slice(4)];
    const trend = change(`${p}-trend-data`, ZD2, '年度ごとの実績と計画', [jsonata('payload', TREND_POINTS)], [[chart.id]]);
    const entry = fromDomain('kpi', 'd2', k.short, ZD2, k.nameJa, [value.id, gradeColour.id, gauge.id, plan.id, asOf.id, ci.id, trend.id]);
    return { k, g, entry, value, grade, gradeColour, gauge, plan, asOf, ci, chart, trend };
  });
  const field = perKpi[perKpi.length - 1];
  const fieldMean = d2Text('kpi-d2-field-mean', ZD2, field.g.id, 8, '直近24時間の平均気温',
    "$formatNumber(payload.airTemperature.mean, '0.0') & ' °C (' & $string(payload.airTemperature.count) & ' 件)'");
  // per sex: the what-if, the cut needed for +1 year, the change since last year and its decomposition by age
  const analysis = SEXES.map((x, i) => {
    const g = d2Group(`kpi-d2-analysis-${x.sex}`, page.id, `健康寿命（${x.ja}）の試算と前年からの変化`, KPIS.length + 2 + i);
    groups.push(g);
    const q = `kpi-d2-analysis-${x.sex}`;
    const whatIf = d2Text(`${q}-whatif`, ZD2, g.id, 1, '試算',
      "$string(payload.whatIf.scenario.fromAge) & '歳以上の不健康な人の割合が ' & $string(payload.whatIf.scenario.prevalenceCut) & '% 減ると +' & $formatNumber(payload.whatIf.ages[0].gain, '0.00') & ' 年 (' & $formatNumber(payload.whatIf.ages[0].hle, '0.0') & ' → ' & $formatNumber(payload.whatIf.ages[0].hleWhatIf, '0.0') & ' 年)'");
    const required = d2Text(`${q}-required`, ZD2, g.id, 2, '+1年に必要な減少',
      "payload.required[0].reachable ? $formatNumber(payload.required[0].cut, '0') & '%' : 'この年齢の減少だけでは届きません (最大 +' & $formatNumber(payload.required[0].maxGain, '0.00') & ' 年)'");
    const change1 = d2Text(`${q}-change`, ZD2, g.id, 3, '前年からの変化',
      "$exists(payload.comparisons[0]) ? (payload.comparisons[0].test.difference >= 0 ? '+' : '') & $formatNumber(payload.comparisons[0].test.difference, '0.00') & ' 年 (z = ' & $formatNumber(payload.comparisons[0].test.z, '0.00') & '、p = ' & $formatNumber(payload.comparisons[0].test.p, '0.000') & ')' : '前年の表がまだありません'");
    const parts = d2Text(`${q}-parts`, ZD2, g.id, 4, '変化の内訳',
      "$exists(payload.comparisons[0]) ? '死亡率 ' & $formatNumber(payload.comparisons[0].decomposition.mortality, '0.00') & ' 年・不健康割合 ' & $formatNumber(payload.comparisons[0].decomposition.disability, '0.00') & ' 年' : '—'");
    const chart = d2Bars(`${q}-decomp`, ZD2, g.id, 5, '前年からの変化の年齢別の内訳', '年', '');
    chart.colors = ['#6D4C41', '#2E7D32', ...chart.colors.slice(2)];
    const decomp = change(`${q}-decomp-data`, ZD2, '年齢別の死亡率・不健康割合の効果', [jsonata('payload', DECOMPOSITION_POINTS)], [[chart.id]]);
    return { x, g, whatIf, required, change1, parts, chart, decomp };
  });
  const bySex = {
    id: 'kpi-d2-analysis-by-sex', type: 'switch', z: ZD2, name: '男女に分ける', property: 'topic', propertyType: 'msg',
    rules: SEXES.map((x) => ({ t: 'eq', v: `analysis-${x.sex}`, vt: 'str' })), checkall: 'true', repair: false, outputs: SEXES.length,
    wires: analysis.map((a) => [a.whatIf.id, a.required.id, a.change1.id, a.parts.id, a.decomp.id]),
  };
  const intro = comment('kpi-d2-intro', ZD2, 'KPIボード 画面 (Dashboard 2.0): /dashboard/kpi',
    'KPI ごとのグループに、値・評価 (色つき)・進捗のゲージ・基準→目標・95%信頼区間・年度ごとの実績と計画と信頼区間の棒グラフを表示します。\n'
    + '健康寿命は男女ごとに、試算、+1年に必要な減少、前年からの変化 (検定と年齢別の分解) を表示します。\n'
    + '一覧表は全 KPI の最新の値と評価です。左端の link in が「KPIボード」のタブから受け取ります。');
  const rows = [
    [intro],
    [fromDomain('kpi', 'd2', 'board', ZD2, 'KPI一覧', [boardRows.id]), boardRows, board],
    ...perKpi.flatMap((p) => [
      [p.entry, p.gradeColour, p.grade, p.value, p.gauge],
      [null, p.trend, p.chart, p.plan, p.asOf, p.ci],
    ]),
    [fromDomain('kpi', 'd2', 'field-stats', ZD2, '直近24時間の気温', [fieldMean.id]), fieldMean],
    [fromDomain('kpi', 'd2', 'analysis', ZD2, '試算と前年からの変化', [bySex.id]), bySex, ...Object.values(analysis[0]).slice(2)],
    [null, null, ...Object.values(analysis[1]).slice(2)],
  ];
  return [partTab(ZD2, 'KPIボード 画面 (Dashboard 2.0)', 'KPIボードの Dashboard 2.0 版 (/dashboard/kpi)。'),
    ...layout(rows), shared.d2Base, shared.d2Theme, page, ...groups];
}

module.exports = { kpiDomain, kpiClassic, kpiDashboard2, KPIS, FIELD_RANGE };
