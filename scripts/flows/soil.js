'use strict';
// 土壌モニタリング: soil moisture, EC and temperature per field (one soil probe = one field), 10-minute and daily
// summaries, and irrigation hints as alerts. Reads the canonical readings the greenhouse flow shares over MQTT.
// soilDomain() is the tab 土壌モニタリング; soilClassic() (/ui) and soilDashboard2() (/dashboard) show its link outs.
const {
  shared, layout, comment, change, jsonata, move, chart, toDashboards, fromDomain, d2Page, d2Group, d2Chart, d2Text, d2Table, partTab,
} = require('./common');

const Z = 'soil-tab';
const ZUI = 'soil-ui-flow';
const ZD2 = 'soil-d2-flow';

/** Irrigation hints: a civic-alert rule table that staff can edit in the editor (texts for the alert and its end). */
const IRRIGATION_RULES = [
  { id: 'dry', metric: 'soilMoisture', condition: 'below', threshold: 30, recovery: 33, forMinutes: 20, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'info', active: 'always', scope: 'device',
    messageJa: '{device}: 土壌水分が {value}% です。かん水の目安です', messageEn: '{device}: soil moisture {value}%: time to irrigate',
    resolvedJa: '{device}: 土壌水分が {value}% に戻りました', resolvedEn: '{device}: soil moisture back to {value}%' },
  { id: 'wet', metric: 'soilMoisture', condition: 'above', threshold: 48, recovery: 45, forMinutes: 60, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'warning', active: 'always', scope: 'device',
    messageJa: '{device}: 過湿です ({value}%)。かん水を控えてください', messageEn: '{device}: waterlogged ({value}%): hold irrigation',
    resolvedJa: '{device}: 過湿はおさまりました ({value}%)', resolvedEn: '{device}: no longer waterlogged ({value}%)' },
  { id: 'ec-high', metric: 'soilEC', condition: 'above', threshold: 3.5, recovery: 3.2, forMinutes: 60, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'warning', active: 'always', scope: 'device',
    messageJa: '{device}: EC が高めです ({value} dS/m)。多めのかん水で塩類を流してください', messageEn: '{device}: EC high ({value} dS/m): leach with a larger irrigation',
    resolvedJa: '{device}: EC は {value} dS/m に下がりました', resolvedEn: '{device}: EC down to {value} dS/m' },
  { id: 'cold-soil', metric: 'soilTemperature', condition: 'below', threshold: 13, recovery: 14, forMinutes: 60, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'info', active: 'always', scope: 'device',
    messageJa: '{device}: 地温が低く ({value}°C)、根の動きが鈍ります', messageEn: '{device}: cold soil ({value} °C): roots slow down',
    resolvedJa: '{device}: 地温が {value}°C に上がりました', resolvedEn: '{device}: soil warmed up to {value} °C' },
  { id: 'no-data', metric: '*', condition: 'nodata', threshold: 30, forMinutes: 0, keepFiringMinutes: 0, repeatMinutes: 0, severity: 'warning', active: 'always', scope: 'device',
    messageJa: '{device}: 30分以上データが届いていません', messageEn: '{device}: no data for 30 minutes',
    resolvedJa: '{device}: データがまた届いています', resolvedEn: '{device}: data arrives again' },
];

function template(id, group, name, order, height, format, wires = []) {
  return { id, type: 'ui_template', z: ZUI, group, name, order, width: 6, height, format, storeOutMessages: true,
    fwdInMessages: false, resendOnRefresh: true, templateScope: 'local', className: '', wires: [wires] };
}

function windowStats(id, name, unit, size, wires) {
  return { id, type: 'civic-window-stats', z: Z, name, version: 1, mode: 'tumbling', unit, size, slidingMinutes: 15, hopMinutes: 1,
    timeZone: 'Asia/Tokyo', grace: 60, metrics: 'soilMoisture,soilEC,soilTemperature', percentiles: '', reservoirSize: 128,
    ranges: 'soilMoisture=30..45', distinctField: '', distinctKpi: '', groupBy: 'topic', timestamp: 'msg', output: 'flat',
    maxTopics: 10000, wires };
}

/** The domain tab: shared readings → latest per field, 10-minute and daily statistics, irrigation hints → link outs. */
function soilDomain() {
  const toLatest = toDashboards('soil', 'latest', Z, '圃場ごとの最新値 → 画面');
  const toHints = toDashboards('soil', 'hints', Z, 'かん水の目安 → 画面');
  const to10min = toDashboards('soil', '10min', Z, '10分ごとの集計 → 画面');
  const toDaily = toDashboards('soil', 'daily', Z, '日ごとの集計 → 画面');
  const join = (id, name, target) => ({ id, type: 'join', z: Z, name, mode: 'custom', build: 'object', property: 'payload',
    propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', accumulate: true, timeout: '', count: '1',
    reduceRight: false, reduceExp: '', reduceInit: '', reduceInitType: '', reduceFixup: '', useparts: false, wires: [[target]] });
  const joinLatest = join('soil-join-latest', '圃場ごとにまとめる', toLatest.id);
  const joinDaily = join('soil-join-daily', '圃場ごとにまとめる', toDaily.id);
  const forTable = change('soil-for-table', Z, '表の1行', [
    jsonata('topic', 'device.id'),
    jsonata('payload', '{"soilMoisture": payload.soilMoisture, "soilEC": payload.soilEC, "soilTemperature": payload.soilTemperature, "time": timestamp}'),
  ], [[joinLatest.id]]);
  const tenMinutes = windowStats('soil-10min', '10分ごとの集計', 'minute', 10, [[to10min.id]]);
  const perDay = windowStats('soil-day', '日ごとの集計 (0時で区切り)', 'day', 1, [[joinDaily.id]]);

  const alert = {
    id: 'soil-alert', type: 'civic-alert', z: Z, name: 'かん水の目安', version: 2, property: 'payload', deviceProperty: 'device.id',
    siteProperty: 'device.site', rules: IRRIGATION_RULES, preset: '', mutes: [],
    lang: 'ja', latitude: 36.8933, longitude: 136.7789, timeZone: 'Asia/Tokyo', groupBySite: false, notifyPending: false,
    tickSeconds: 30, staleMinutes: 15, mailHost: '', mailPort: 587, mailSecurity: 'starttls', mailFrom: '', mailTo: '',
    mailEscalateTo: '', mailStates: ['firing', 'nodata', 'escalated'], wires: [[], [toHints.id]],
  };
  const onlySoil = {
    id: 'soil-only', type: 'switch', z: Z, name: '土壌センサの値だけ', property: 'payload.soilMoisture', propertyType: 'msg',
    rules: [{ t: 'nnull' }], checkall: 'true', repair: false, outputs: 1,
    wires: [[forTable.id, tenMinutes.id, perDay.id, alert.id]],
  };
  const unwrap = change('soil-unwrap', Z, '計測値メッセージに戻す', [
    move('payload.device', 'device'), move('payload.units', 'units'), move('payload.timestamp', 'timestamp'),
    move('payload.meta', 'meta'), move('payload.payload', 'payload'), jsonata('topic', 'device.id'),
  ], [[onlySoil.id]]);
  const subscribe = { id: 'soil-mqtt-in', type: 'mqtt in', z: Z, name: '共有された計測値', topic: 'civic/+/+/+/reading', qos: '0',
    datatype: 'json', broker: shared.broker.id, nl: false, rap: true, rh: 0, inputs: 0, wires: [[unwrap.id]] };

  const intro = comment('soil-intro', Z, '土壌モニタリング: 圃場ごとの水分・EC・地温と、かん水の目安',
    '温室モニタリングのフローが MQTT (civic/<地区>/<ハウス>/<機器>/reading) で共有する計測値のうち、土壌センサの値を使います。\n'
    + '圃場 (土壌センサ1台) ごとに最新値の表、10分平均のグラフ、日ごと (0時区切り) の集計を出し、\n'
    + '「かん水の目安」(civic-alert) のルール表で乾きすぎ・過湿・EC・地温を知らせます。ルール表は編集できます。\n'
    + '画面は別のタブ (「土壌 画面 (/ui)」「土壌 画面 (Dashboard 2.0)」) で、右端の link out から受け取ります。');
  const flowTab = { id: Z, type: 'tab', label: '土壌モニタリング', disabled: false, info: '圃場ごとの土壌水分・EC・地温と、かん水の目安。' };
  const rows = [
    [intro],
    [subscribe, unwrap, onlySoil, forTable, joinLatest, toLatest],
    [null, null, null, alert, toHints],
    [null, null, null, tenMinutes, to10min],
    [null, null, null, perDay, joinDaily, toDaily],
  ];
  return [flowTab, ...layout(rows).map((n) => ({ ...n, z: Z })), shared.broker];
}

/** The classic dashboard part (/ui): the page 土壌・かん水. */
function soilClassic() {
  const tab = { id: 'soil-ui-tab', type: 'ui_tab', name: '土壌・かん水', icon: 'fa-tint', order: 3, disabled: false, hidden: false };
  const group = (suffix, name, order) => ({ id: `soil-ui-${suffix}`, type: 'ui_group', name, tab: tab.id, order, disp: true, width: 6, collapse: false, className: '' });
  const gLatest = group('latest', '圃場ごとの最新値', 1);
  const gHints = group('hints', 'かん水の目安・注意', 2);
  const gTrend = group('trend', '10分平均の推移', 3);
  const gDaily = group('daily', '日ごとの集計', 4);

  const latest = template('soil-latest', gLatest.id, '最新値の表', 1, 4, `<table style="width:100%;border-collapse:collapse;font-size:14px">
  <tr><th align="left">圃場 (機器)</th><th align="right">水分 %</th><th align="right">EC dS/m</th><th align="right">地温 °C</th><th align="right">時刻</th></tr>
  <tr ng-repeat="(id, r) in msg.payload" class="soil-row" data-device="{{id}}">
    <td style="padding:3px">{{id}}</td>
    <td align="right" class="soil-moisture" ng-style="{'color': r.soilMoisture < 30 ? '#c62828' : (r.soilMoisture > 48 ? '#1565c0' : 'inherit')}">{{r.soilMoisture}}</td>
    <td align="right" class="soil-ec">{{r.soilEC}}</td>
    <td align="right" class="soil-temperature">{{r.soilTemperature}}</td>
    <td align="right">{{r.time | date:'HH:mm:ss'}}</td>
  </tr>
</table>`);
  const hints = template('soil-hints', gHints.id, 'かん水の目安の一覧', 1, 3, `<p ng-if="!msg.payload.length" style="color:#2e7d32">いまは特にありません</p>
<div ng-repeat="a in msg.payload track by a.id" class="soil-hint" style="padding:4px;margin:2px 0"
     ng-style="{'background': a.severity=='warning' ? '#fff8e1' : '#e3f2fd'}">{{a.message}}</div>`);
  const daily = template('soil-daily', gDaily.id, '日集計の表', 1, 5, `<p ng-if="!msg.payload" style="color:#666">日ごとの集計は毎日 0 時に出ます。</p>
<table ng-if="msg.payload" style="width:100%;border-collapse:collapse;font-size:14px">
  <tr><th align="left">圃場</th><th align="right">水分 平均 (最小–最大)</th><th align="right">EC 平均</th><th align="right">適湿時間</th></tr>
  <tr ng-repeat="(id, d) in msg.payload">
    <td>{{id}}</td><td align="right">{{d.soilMoisture_mean | number:1}} ({{d.soilMoisture_min}}–{{d.soilMoisture_max}})</td>
    <td align="right">{{d.soilEC_mean | number:2}}</td><td align="right">{{d.soilMoisture_timeInRange / 60 | number:1}} 時間</td>
  </tr>
</table>`);
  const moistureChart = chart('soil-c-moisture', ZUI, gTrend.id, 1, '土壌水分 10分平均 (%)', '%', 0, 60);
  const ecChart = chart('soil-c-ec', ZUI, gTrend.id, 2, 'EC 10分平均 (dS/m)', 'dS/m', 0, 5);
  const toMoisture = change('soil-to-moisture', ZUI, '水分の平均', [jsonata('payload', 'payload.soilMoisture_mean')], [[moistureChart.id]]);
  const toEc = change('soil-to-ec', ZUI, 'EC の平均', [jsonata('payload', 'payload.soilEC_mean')], [[ecChart.id]]);
  const intro = comment('soil-ui-intro', ZUI, '土壌 画面 (/ui): クラシック版ダッシュボードの「土壌・かん水」',
    '左端の link in が「土壌モニタリング」のタブから最新値・かん水の目安・集計を受け取ります。\n'
    + 'Dashboard 2.0 に移ったら、このタブごと消せます (docs/dashboard2.md)。');
  const flowTab = partTab(ZUI, '土壌 画面 (/ui)', '土壌モニタリングのクラシック版ダッシュボード (/ui)。');
  const rows = [
    [intro],
    [fromDomain('soil', 'ui', 'latest', ZUI, '最新値', [latest.id]), latest],
    [fromDomain('soil', 'ui', 'hints', ZUI, 'かん水の目安', [hints.id]), hints],
    [fromDomain('soil', 'ui', '10min', ZUI, '10分ごとの集計', [toMoisture.id, toEc.id]), toMoisture, moistureChart],
    [null, toEc, ecChart],
    [fromDomain('soil', 'ui', 'daily', ZUI, '日ごとの集計', [daily.id]), daily],
  ];
  return [flowTab, ...layout(rows), shared.uiBase, tab, gLatest, gHints, gTrend, gDaily];
}

/** The Dashboard 2.0 part (/dashboard/soil): the same page with tables (ui-table) and charts. */
function soilDashboard2() {
  const page = d2Page('soil-d2-page', '土壌・かん水', '/soil', 'water', 3);
  const gLatest = d2Group('soil-d2-latest-group', page.id, '圃場ごとの最新値', 1);
  const gHints = d2Group('soil-d2-hints-group', page.id, 'かん水の目安・注意', 2);
  const gTrend = d2Group('soil-d2-trend', page.id, '10分平均の推移', 3);
  const gDaily = d2Group('soil-d2-daily-group', page.id, '日ごとの集計', 4);

  const latest = d2Table('soil-d2-latest', ZD2, gLatest.id, 1, '最新値');
  const latestRows = change('soil-d2-latest-rows', ZD2, '表の行 (日本語の列名)', [jsonata('payload', `[$keys(payload).(
  $r := $lookup($$.payload, $);
  {"圃場": $, "水分%": $r.soilMoisture, "EC": $r.soilEC, "地温℃": $r.soilTemperature,
   "時刻": $fromMillis($r.time, '[H01]:[m01]:[s01]', '+0900')}
)]`)], [[latest.id]]);
  const hints = d2Table('soil-d2-hints', ZD2, gHints.id, 2, 'かん水の目安');
  const hintsCount = d2Text('soil-d2-hints-count', ZD2, gHints.id, 1, 'いまの目安・注意', "$count(payload) = 0 ? 'いまは特にありません' : $string($count(payload)) & ' 件'");
  const hintRows = change('soil-d2-hint-rows', ZD2, '表の行 (日本語の列名)', [jsonata('payload', `(
  $rows := [payload.{"重要度": $lookup({'critical': '重大', 'warning': '注意', 'info': '目安'}, severity), "内容": message}];
  $count($rows) > 0 ? $rows : [{"重要度": "—", "内容": "いまは特にありません"}]
)`)], [[hints.id]]);
  const moistureChart = d2Chart('soil-d2-c-moisture', ZD2, gTrend.id, 1, '土壌水分 10分平均 (%)', '%', 0, 60);
  const ecChart = d2Chart('soil-d2-c-ec', ZD2, gTrend.id, 2, 'EC 10分平均 (dS/m)', 'dS/m', 0, 5);
  const toMoisture = change('soil-d2-to-moisture', ZD2, '水分の平均', [jsonata('payload', 'payload.soilMoisture_mean')], [[moistureChart.id]]);
  const toEc = change('soil-d2-to-ec', ZD2, 'EC の平均', [jsonata('payload', 'payload.soilEC_mean')], [[ecChart.id]]);
  const dailyNote = d2Text('soil-d2-daily-note', ZD2, gDaily.id, 1, '', '日ごとの集計は毎日 0 時 (日本時間) に前の日の分が出ます。');
  dailyNote.valueType = 'str';
  const daily = d2Table('soil-d2-daily', ZD2, gDaily.id, 2, '日集計');
  const dailyRows = change('soil-d2-daily-rows', ZD2, '表の行 (日本語の列名)', [jsonata('payload', `[$keys(payload).(
  $d := $lookup($$.payload, $);
  {"圃場": $,
   "水分 平均 (最小–最大)": $formatNumber($d.soilMoisture_mean, '0.0') & ' (' & $string($d.soilMoisture_min) & '–' & $string($d.soilMoisture_max) & ')',
   "EC 平均": $formatNumber($d.soilEC_mean, '0.00'),
   "適湿時間": $formatNumber($d.soilMoisture_timeInRange / 60, '0.0') & ' 時間'}
)]`)], [[daily.id]]);
  const intro = comment('soil-d2-intro', ZD2, '土壌 画面 (Dashboard 2.0): /dashboard/soil',
    '左端の link in が「土壌モニタリング」のタブから最新値・かん水の目安・集計を受け取り、表 (ui-table) とグラフにします。\n'
    + '表の列名は「表の行」の change ノードの JSONata で決めています (列を増やすときもここ)。');
  const flowTab = partTab(ZD2, '土壌 画面 (Dashboard 2.0)', '土壌モニタリングの Dashboard 2.0 版 (/dashboard/soil)。');
  const rows = [
    [intro],
    [fromDomain('soil', 'd2', 'latest', ZD2, '最新値', [latestRows.id]), latestRows, latest],
    [fromDomain('soil', 'd2', 'hints', ZD2, 'かん水の目安', [hintRows.id, hintsCount.id]), hintRows, hints, hintsCount],
    [fromDomain('soil', 'd2', '10min', ZD2, '10分ごとの集計', [toMoisture.id, toEc.id]), toMoisture, moistureChart],
    [null, toEc, ecChart],
    [fromDomain('soil', 'd2', 'daily', ZD2, '日ごとの集計', [dailyRows.id]), dailyRows, daily, dailyNote],
  ];
  return [flowTab, ...layout(rows), shared.d2Base, shared.d2Theme, page, gLatest, gHints, gTrend, gDaily];
}

module.exports = { soilDomain, soilClassic, soilDashboard2, IRRIGATION_RULES };
