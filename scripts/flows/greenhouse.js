'use strict';
// 温室モニタリング: uplinks (The Things Stack / ChirpStack over MQTT, a Modbus TCP soil probe) → sensor-decode →
// agri-metrics → civic-alert → alerts on MQTT, history in InfluxDB; the dashboards are separate parts fed by link
// nodes: greenhouseDomain() (the tab 温室モニタリング), greenhouseClassic() (node-red-dashboard, /ui) and
// greenhouseDashboard2() (@flowfuse/node-red-dashboard, /dashboard).
const {
  shared, layout, comment, change, jsonata, gauge, chart, toDashboards, fromDomain, toDomain, fromDashboards,
  d2Page, d2Group, d2Gauge, d2Chart, d2Text, d2Table, d2Button, d2Notification, partTab,
} = require('./common');
const { alerts } = require('../../dist/lib');

const HOUSES = [
  { id: 'house-1', label: 'ハウス1' },
  { id: 'house-2', label: 'ハウス2' },
];
const Z = 'gh-tab';
/** The editor tabs of the two dashboard parts. */
const ZUI = 'gh-ui-flow';
const ZD2 = 'gh-d2-flow';

/** The gauges of a house page (both dashboards): metric, id part, label, unit, range, band edges and colours. */
const GAUGES = [
  { metric: 'airTemperature', short: 'temp', order: 1, label: '気温', unit: '°C', min: 0, max: 40, segs: [17, 28] },
  { metric: 'airHumidity', short: 'rh', order: 2, label: '湿度', unit: '%', min: 0, max: 100, segs: [45, 85], colors: ['#e6e600', '#00b500', '#ca3838'] },
  { metric: 'humidityDeficit', short: 'hd', order: 3, label: '飽差', unit: 'g/m³', min: 0, max: 15, segs: [3, 6], colors: ['#0094ce', '#00b500', '#ca3838'] },
  { metric: 'co2', short: 'co2', order: 4, label: 'CO2', unit: 'ppm', min: 0, max: 1500, segs: [400, 1000], colors: ['#e6e600', '#00b500', '#ca3838'] },
  { metric: 'solarRadiation', short: 'sun', order: 5, label: '日射', unit: 'W/m²', min: 0, max: 1000 },
  { metric: 'soilMoisture', short: 'sm', order: 1, soil: true, label: '土壌水分', unit: '%', min: 0, max: 60, segs: [25, 45], colors: ['#ca3838', '#00b500', '#0094ce'] },
  { metric: 'soilTemperature', short: 'st', order: 2, soil: true, label: '地温', unit: '°C', min: 0, max: 40, segs: [15, 28] },
  { metric: 'soilEC', short: 'ec', order: 3, soil: true, label: 'EC', unit: 'dS/m', min: 0, max: 5, segs: [2, 4.5], colors: ['#e6e600', '#00b500', '#ca3838'] },
  { metric: 'soilPH', short: 'ph', order: 4, soil: true, label: 'pH', unit: '', min: 4, max: 9, segs: [5.5, 7.5], colors: ['#ca3838', '#00b500', '#ca3838'] },
];
/** The 24-hour charts of a house page. */
const CHARTS = [
  { metric: 'airTemperature', short: 'temp', label: '気温 (°C)', unit: '°C', min: 0, max: 40 },
  { metric: 'airHumidity', short: 'rh', label: '湿度 (%)', unit: '%', min: 0, max: 100 },
  { metric: 'humidityDeficit', short: 'hd', label: '飽差 (g/m³)', unit: 'g/m³', min: 0, max: 15 },
  { metric: 'soilMoisture', short: 'sm', label: '土壌水分 (%)', unit: '%', min: 0, max: 60 },
];

const STATE_JA = "{'firing':'発生中','pending':'様子見','acknowledged':'確認済み','nodata':'データなし','resolved':'解消'}";

// node-red-dashboard 3.6 places its groups (src/components/ui-card-panel/ui-masonry.js, refreshSizes) only when a
// widget's size attribute changes (ui-card-size.js) or the window fires 'resize'; a placement that measured the groups
// at a bad moment (all 0 × 0: every group at the page's top, over each other) stays until then. A new alert is the
// moment a farmer reaches for 確認, so the table asks for a new placement the way the dashboard's own group collapse
// does (ui-card-panel.js: $(window).trigger('resize')). Groups that are already apart keep their places.
const RELAYOUT_ON_CHANGE = `<script>
(function (scope) {
  scope.$watch('msg', function (msg) {
    if (msg) setTimeout(function () { $(window).trigger('resize'); }, 0);
  });
})(scope);
</script>`;

/** The active-alert table of one house, with an acknowledge button per row (ui_template: markup and a re-layout). */
function alertTable(id, group, house) {
  // pending rows (a value just out of range, not yet an alert) stay off the farmers' page
  const rows = `msg.payload | filter:{house:'${house}'}:true | filter:{state:'!pending'}`;
  return {
    id, type: 'ui_template', z: ZUI, group, name: '警報一覧 (確認ボタン付き)', order: 1, width: 6, height: 4,
    // the table scrolls inside the widget's 4 rows (4 × 48 px + 3 × 6 px gaps): with more alerts than fit it would
    // otherwise spill under the next group, whose chart then covers the 確認 buttons
    format: `<div class="civic-alerts" style="max-height:200px;overflow-y:auto">
  <p ng-if="!(${rows}).length" style="color:#2e7d32">警報はありません</p>
  <table ng-if="(${rows}).length" style="width:100%;border-collapse:collapse;font-size:14px">
    <tr><th align="left">状態</th><th align="left">内容</th><th></th></tr>
    <tr ng-repeat="a in ${rows} track by a.id" class="civic-alert-row" data-alert-id="{{a.id}}"
        ng-style="{'background': a.severity=='critical' ? '#ffebee' : (a.severity=='warning' ? '#fff8e1' : '#e3f2fd')}">
      <td style="padding:4px;white-space:nowrap">{{ ${STATE_JA}[a.state] }}</td>
      <td style="padding:4px">{{a.message}}</td>
      <td style="padding:4px"><md-button class="md-raised md-primary civic-ack" style="min-width:0"
        ng-if="a.state=='firing' || a.state=='nodata'" ng-click="send({topic:'ack', payload:a.id})">確認</md-button></td>
    </tr>
  </table>
</div>
${RELAYOUT_ON_CHANGE}`,
    storeOutMessages: true, fwdInMessages: false, resendOnRefresh: true, templateScope: 'local', className: '',
    wires: [['gh-ui-to-ack']],
  };
}

/** One classic dashboard page (/ui) for a house: gauges for the latest values, 24 h charts, 積算温度, alerts. */
function housePage(house, index) {
  const p = `gh-${house.id}`;
  const tab = { id: `${p}-ui-tab`, type: 'ui_tab', name: house.label, icon: 'fa-leaf', order: index + 1, disabled: false, hidden: false };
  const group = (suffix, name, order) => ({ id: `${p}-ui-${suffix}`, type: 'ui_group', name, tab: tab.id, order, disp: true, width: 6, collapse: false, className: '' });
  const gAlerts = group('alerts', '警報', 1);
  const gClimate = group('climate', 'ハウス環境', 2);
  const gSoil = group('soil', '土壌', 3);
  const gTrend = group('trend', '24時間の推移', 4);
  const metrics = GAUGES.map((g) => [g.metric,
    gauge(`${p}-g-${g.short}`, ZUI, g.soil ? gSoil.id : gClimate.id, g.order, g.label, g.unit, g.min, g.max, g.segs, g.colors)]);
  const gdd = {
    id: `${p}-t-gdd`, type: 'ui_text', z: ZUI, group: gClimate.id, order: 6, width: 6, height: 1, name: '積算温度',
    label: '積算温度 (基準 0 °C)', format: "{{msg.payload | number:0}} °C・日", layout: 'row-spread', className: '',
    style: false, font: '', fontSize: '', color: '#000000', wires: [],
  };
  const charts = CHARTS.map((c, i) => [c.metric, chart(`${p}-c-${c.short}`, ZUI, gTrend.id, i + 1, c.label, c.unit, c.min, c.max)]);
  const series = change(`${p}-series`, ZUI, '系列名 = 機器ID', [jsonata('topic', 'device.id')], [[]]);
  const chartRoute = {
    id: `${p}-chart-route`, type: 'switch', z: ZUI, name: 'グラフに振り分け', property: 'metric', propertyType: 'msg',
    rules: charts.map(([m]) => ({ t: 'eq', v: m, vt: 'str' })), checkall: 'true', repair: false, outputs: charts.length,
    wires: charts.map(([, c]) => [c.id]),
  };
  series.wires = [[chartRoute.id]];
  const keepMetric = change(`${p}-keep-metric`, ZUI, '項目名を残す', [jsonata('metric', 'topic')], [[]]);
  const route = {
    id: `${p}-metric`, type: 'switch', z: ZUI, name: '項目ごとに分ける', property: 'topic', propertyType: 'msg',
    rules: [...metrics.map(([m]) => ({ t: 'eq', v: m, vt: 'str' })), { t: 'eq', v: 'gdd', vt: 'str' }],
    checkall: 'true', repair: false, outputs: metrics.length + 1,
    wires: [...metrics.map(([, g]) => [g.id]), [gdd.id]],
  };
  keepMetric.wires = [[route.id, series.id]];
  const split = {
    id: `${p}-split`, type: 'split', z: ZUI, name: '1項目ずつに分ける', splt: '\\n', spltType: 'str', arraySplt: 1,
    arraySpltType: 'len', stream: false, addname: 'topic', property: 'payload', wires: [[keepMetric.id]],
  };
  const updated = {
    id: `${p}-t-updated`, type: 'ui_text', z: ZUI, group: gClimate.id, order: 7, width: 6, height: 1, name: '最終受信',
    label: '最終受信', format: "{{msg.timestamp | date:'MM/dd HH:mm:ss'}} {{msg.device.id}}", layout: 'row-spread',
    className: '', style: false, font: '', fontSize: '', color: '#000000', wires: [],
  };
  const table = alertTable(`${p}-alerts`, gAlerts.id, house.id);
  const ackAll = {
    id: `${p}-ack-all`, type: 'ui_button', z: ZUI, name: 'すべて確認', group: gAlerts.id, order: 2, width: 6, height: 1,
    passthru: false, label: 'このハウスの警報をすべて確認', tooltip: '', color: '', bgcolor: '', className: '', icon: 'done_all',
    payload: JSON.stringify({ house: house.id }), payloadType: 'json', topic: 'ack', topicType: 'str', wires: [['gh-ui-to-ack']],
  };
  const note = comment(`${p}-note`, ZUI, `${house.label} のページ`,
    '計測値を1項目ずつに分け (split: キー名を msg.topic に)、ゲージ・24時間グラフ・積算温度へ送ります。'
    + 'グラフの系列は機器IDです。\nハウスを増やすときは、このまとまりをコピーしてIDの house-1 を書き換え、'
    + '「ハウスごとに分ける」(温室モニタリングのタブ) に出力と link out を足します。');
  const entry = fromDomain('gh', 'ui', house.id, ZUI, `${house.label}の計測値`, [split.id, updated.id]);
  return {
    config: [tab, gAlerts, gClimate, gSoil, gTrend],
    rows: [
      [note],
      [entry, split, keepMetric, route, ...metrics.slice(0, 5).map(([, g]) => g)],
      [null, updated, null, series, chartRoute, ...metrics.slice(5).map(([, g]) => g), gdd],
      [null, table, ackAll, null, ...charts.map(([, c]) => c)],
    ],
    table: table.id,
    ackAll: ackAll.id,
  };
}

/**
 * Rows of the Dashboard 2.0 alert table of one house (pending ones left out: not alerts yet): Japanese column names;
 * 確認 says whether a tap acknowledges.
 */
const ACK_HINT = 'タップして確認';
const d2AlertRows = (house) => `(
  $rows := [payload[house = '${house}' and state != 'pending'].{
    "状態": $lookup(${STATE_JA}, state) & ' (' & $lookup({'critical': '重大', 'warning': '注意', 'info': '情報'}, severity) & ')',
    "内容": message,
    "確認": state in ['firing', 'nodata'] ? '${ACK_HINT}' : '—'
  }];
  $count($rows) > 0 ? $rows : [{"状態": "—", "内容": "警報はありません", "確認": "—"}]
)`;

/** One Dashboard 2.0 page (/dashboard/<house>) for a house: the same widgets as the classic page. */
function d2HousePage(house, index) {
  const p = `gh-d2-${house.id}`;
  const page = d2Page(`${p}-page`, house.label, `/${house.id}`, 'sprout', index + 1);
  const gAlerts = d2Group(`${p}-alerts-group`, page.id, '警報', 1);
  const gClimate = d2Group(`${p}-climate`, page.id, 'ハウス環境', 2);
  const gSoil = d2Group(`${p}-soil`, page.id, '土壌', 3);
  const gTrend = d2Group(`${p}-trend`, page.id, '24時間の推移', 4);
  const metrics = GAUGES.map((g) => [g.metric,
    d2Gauge(`${p}-g-${g.short}`, ZD2, g.soil ? gSoil.id : gClimate.id, g.order, g.label, g.unit, g.min, g.max, g.segs, g.colors)]);
  const gdd = d2Text(`${p}-t-gdd`, ZD2, gClimate.id, 6, '積算温度 (基準 0 °C)', "$formatNumber(payload, '#,##0') & ' °C・日'");
  const charts = CHARTS.map((c, i) => [c.metric, d2Chart(`${p}-c-${c.short}`, ZD2, gTrend.id, i + 1, c.label, c.unit, c.min, c.max)]);
  const chartRoute = {
    id: `${p}-chart-route`, type: 'switch', z: ZD2, name: 'グラフに振り分け', property: 'metric', propertyType: 'msg',
    rules: charts.map(([m]) => ({ t: 'eq', v: m, vt: 'str' })), checkall: 'true', repair: false, outputs: charts.length,
    wires: charts.map(([, c]) => [c.id]),
  };
  const series = change(`${p}-series`, ZD2, '系列名 = 機器ID', [jsonata('topic', 'device.id')], [[chartRoute.id]]);
  const route = {
    id: `${p}-metric`, type: 'switch', z: ZD2, name: '項目ごとに分ける', property: 'topic', propertyType: 'msg',
    rules: [...metrics.map(([m]) => ({ t: 'eq', v: m, vt: 'str' })), { t: 'eq', v: 'gdd', vt: 'str' }],
    checkall: 'true', repair: false, outputs: metrics.length + 1,
    wires: [...metrics.map(([, g]) => [g.id]), [gdd.id]],
  };
  const keepMetric = change(`${p}-keep-metric`, ZD2, '項目名を残す', [jsonata('metric', 'topic')], [[route.id, series.id]]);
  const split = {
    id: `${p}-split`, type: 'split', z: ZD2, name: '1項目ずつに分ける', splt: '\\n', spltType: 'str', arraySplt: 1,
    arraySpltType: 'len', stream: false, addname: 'topic', property: 'payload', wires: [[keepMetric.id]],
  };
  const updated = d2Text(`${p}-t-updated`, ZD2, gClimate.id, 7, '最終受信',
    "$fromMillis(timestamp, '[M01]/[D01] [H01]:[m01]:[s01]', '+0900') & ' ' & device.id");
  const entry = fromDomain('gh', 'd2', house.id, ZD2, `${house.label}の計測値`, [split.id, updated.id]);
  const count = d2Text(`${p}-alert-count`, ZD2, gAlerts.id, 1, 'このハウスの警報',
    `($r := payload[house = '${house.id}' and state != 'pending']; $count($r) = 0 ? '警報はありません'`
    + ` : $string($count($r)) & ' 件 (未確認 ' & $string($count($r[state in ['firing', 'nodata']])) & ' 件)')`);
  const table = d2Table(`${p}-alerts`, ZD2, gAlerts.id, 2, '警報一覧 (未確認の行をタップで確認)', true);
  table.wires = [['gh-d2-ack-pick']];
  const rows = change(`${p}-alert-rows`, ZD2, `${house.label}の行 (日本語の列名)`, [jsonata('payload', d2AlertRows(house.id))], [[table.id]]);
  const ackAll = d2Button(`${p}-ack-all`, ZD2, gAlerts.id, 3, 'このハウスの警報をすべて確認', 'check-all', 'ack', { house: house.id }, ['gh-d2-to-ack']);
  const note = comment(`${p}-note`, ZD2, `${house.label} のページ (/dashboard/${house.id})`,
    'クラシック版 (/ui) と同じく、計測値を1項目ずつに分けてゲージ・24時間グラフ・積算温度へ送ります。グラフの系列は機器IDです。\n'
    + '警報一覧はこのハウスの行だけを日本語の列名の表にします。「確認」が「' + ACK_HINT + '」の行をタップすると、その警報を確認済みにします。');
  return {
    config: [page, gAlerts, gClimate, gSoil, gTrend],
    rows: [
      [note],
      [entry, split, keepMetric, route, ...metrics.slice(0, 5).map(([, g]) => g)],
      [null, updated, null, series, chartRoute, ...metrics.slice(5).map(([, g]) => g), gdd],
      [null, rows, table, count, ackAll, ...charts.map(([, c]) => c)],
    ],
    entries: [rows.id, count.id],
  };
}

/** The InfluxDB server settings (the pack's own civic-influxdb: no other package needed); used only when CIVIC_HISTORY is "on". */
const influxConfig = {
  id: 'gh-influxdb', type: 'civic-influxdb', name: 'InfluxDB (npm start: INFLUX_URL)', version: 1, url: '${CIVIC_INFLUX_URL}',
  apiVersion: '1.x', database: '${CIVIC_INFLUX_DB}', org: '', bucket: '', autoCreate: true, rejectUnauthorized: true, timeout: 10,
};

/** The domain tab 温室モニタリング: inputs, decoding, metrics, alerts, MQTT, history; link out nodes to the dashboards. */
function greenhouseDomain() {
  // --- to the dashboards (link out) and back (link in) ---
  const toHouse = HOUSES.map((h) => toDashboards('gh', h.id, Z, `${h.label}の計測値 → 画面`));
  const byHouse = {
    id: 'gh-by-house', type: 'switch', z: Z, name: 'ハウスごとに分ける', property: 'device.house', propertyType: 'msg',
    rules: HOUSES.map((h) => ({ t: 'eq', v: h.id, vt: 'str' })), checkall: 'true', repair: false,
    outputs: HOUSES.length, wires: toHouse.map((l) => [l.id]),
  };
  const toNewAlert = toDashboards('gh', 'new-alert', Z, '新しい警報 → 画面の通知');
  const toAlerts = toDashboards('gh', 'alerts', Z, '警報一覧 → 画面の表');
  const fromAck = fromDashboards('gh', 'ack', Z, '画面からの「確認」', ['gh-alert']);

  // --- alerts ---
  const onlyNew = {
    id: 'gh-only-new', type: 'switch', z: Z, name: '発生・データなしだけ', property: 'payload.state', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'firing', vt: 'str' }, { t: 'eq', v: 'nodata', vt: 'str' }], checkall: 'false', repair: false,
    outputs: 2, wires: [[toNewAlert.id], [toNewAlert.id]],
  };
  const alertPub = { id: 'gh-alert-mqtt', type: 'mqtt out', z: Z, name: '警報をMQTTへ', topic: '', qos: '1', retain: 'false', respTopic: '', contentType: 'application/json', userProps: '', correl: '', expiry: '', broker: shared.broker.id, wires: [] };
  const alertTopic = change('gh-alert-topic', Z, 'トピック civic/hakui/alert/…', [jsonata('topic', '"civic/hakui/" & topic')], [[alertPub.id]]);
  // the fruiting-stage rules and the disease-risk rules (grey mould, leaf mould, powdery mildew, condensation), per house
  const alert = {
    id: 'gh-alert', type: 'civic-alert', z: Z, name: 'トマト (収穫期・病害) の警報', version: 2,
    property: 'payload', deviceProperty: 'device.id', siteProperty: 'device.house',
    rules: [...alerts.presetRules('tomato-fruiting'), ...alerts.presetRules('tomato-disease')], preset: 'tomato-fruiting', mutes: [],
    lang: 'ja', latitude: 36.8933, longitude: 136.7789, timeZone: 'Asia/Tokyo', groupBySite: false, notifyPending: false,
    tickSeconds: 30, staleMinutes: 15, mailHost: '', mailPort: 587, mailSecurity: 'starttls', mailFrom: '', mailTo: '',
    mailEscalateTo: '', mailStates: ['firing', 'nodata', 'escalated'],
    wires: [[onlyNew.id, alertTopic.id], [toAlerts.id]],
  };

  // --- metrics, history, republish ---
  const history = {
    id: 'gh-history', type: 'civic-influx-buffer', z: Z, name: '履歴を InfluxDB へ (バッファ付)', server: influxConfig.id, influxdb: '',
    property: 'payload', propertyType: 'msg', measurement: 'greenhouse', precision: 'ms', retentionPolicy: '', database: '',
    retentionPolicyV18Flux: '', org: '', bucket: '', precisionV18FluxV20: 'ms', deviceTags: true, integers: false, maxQueueMB: 100,
    policy: 'reject-new', batchSize: 1000, batchWait: 1, retryMax: 60, directory: '', closeTimeout: 3, version: 2,
    wires: [],
  };
  const historyOn = {
    id: 'gh-history-on', type: 'switch', z: Z, name: 'INFLUX_URL があるときだけ', property: "$env('CIVIC_HISTORY')",
    propertyType: 'jsonata', rules: [{ t: 'eq', v: 'on', vt: 'str' }], checkall: 'true', repair: false, outputs: 1,
    wires: [[history.id]],
  };
  const publish = { id: 'gh-readings-mqtt', type: 'mqtt out', z: Z, name: '計測値を共有 (他のフロー用)', topic: '', qos: '0', retain: 'false', respTopic: '', contentType: 'application/json', userProps: '', correl: '', expiry: '', broker: shared.broker.id, wires: [] };
  const wrap = change('gh-wrap', Z, 'civic/<地区>/<ハウス>/<機器>/reading', [
    jsonata('topic', '"civic/" & device.site & "/" & device.house & "/" & device.id & "/reading"'),
    jsonata('payload', '{"payload": payload, "units": units, "timestamp": timestamp, "device": device, "meta": meta}'),
  ], [[publish.id]]);
  const metrics = {
    id: 'gh-metrics', type: 'civic-agri-metrics', z: Z, name: '飽差・積算温度', version: 1, temperatureMetric: 'airTemperature',
    humidityMetric: 'airHumidity', gddBase: 0, gddMethod: 'mean', addGdd: true, lightSource: 'auto', solarToPpfd: 2.02,
    rangeMetric: 'airTemperature', rangeLow: 18, rangeHigh: 27, timeZone: 'Asia/Tokyo', maxGapMinutes: 60,
    wires: [[alert.id, byHouse.id, historyOn.id, wrap.id], []],
  };
  // --- the stateful stage: every reading of a device reaches the one worker that owns it (README "Scaling") ---
  const filter = {
    id: 'gh-part-filter', type: 'civic-partition', z: Z, name: 'この担当分だけ', version: 1, mode: 'filter',
    workerIndex: 'CIVIC_WORKER_INDEX', workerIndexType: 'env', workerCount: 'CIVIC_WORKER_COUNT', workerCountType: 'env',
    partitions: 64, key: 'device.id', prefix: 'civic/p', unwrap: true, qos: 1, wires: [[metrics.id], []],
  };
  const ownIn = { id: 'gh-part-in', type: 'mqtt in', z: Z, name: '担当分の計測値を受信', topic: '', qos: '1', datatype: 'json', broker: shared.broker.id, nl: false, rap: true, rh: 0, inputs: 1, wires: [[filter.id]] };
  const subscribeOwn = { ...filter, id: 'gh-part-subscribe', name: '担当の区分を購読', mode: 'subscribe', wires: [[ownIn.id], []] };
  // --- the stateless stage: decode and pass on by partition (any worker can do it) ---
  const partOut = { id: 'gh-part-mqtt', type: 'mqtt out', z: Z, name: '区分ごとに送る (civic/p/…)', topic: '', qos: '1', retain: 'false', respTopic: '', contentType: 'application/json', userProps: '', correl: '', expiry: '', broker: shared.broker.id, wires: [] };
  const route = { ...filter, id: 'gh-part-route', name: '担当区分を決める', mode: 'route', wires: [[partOut.id], []] };
  const naming = change('gh-naming', Z, '地区名とハウス名を付ける', [
    jsonata('device.site', "device.site ? device.site : 'hakui'"),
    jsonata('device.house', "device.house ? device.house : $replace(device.id, /-(th|soil|modbus)-[0-9]+$/, '')"),
  ], [[route.id]]);

  // --- inputs ---
  const decode = {
    id: 'gh-decode', type: 'civic-sensor-decode', z: Z, name: 'LoRaWAN を解読', version: 1, format: 'auto', serverDecoded: false,
    channelPreset: 'civic-sim', mapping: [], signedPower: false, modbusPreset: 'custom', modbusMap: [], uecsTypes: '',
    uecsRoom: 0, uecsRegion: 0, uecsOrder: 0, codec: '', codecTimeoutMs: 100, codecMemoryMb: 16, maxBytes: 4096,
    deviceId: '', deviceIdType: 'str', site: 'hakui', siteType: 'str', house: '', houseType: 'str', wires: [[naming.id]],
  };
  const tts = { id: 'gh-tts-in', type: 'mqtt in', z: Z, name: 'The Things Stack アップリンク', topic: '${CIVIC_UPLINK_TOPIC}', qos: '1', datatype: 'json', broker: shared.broker.id, nl: false, rap: true, rh: 0, inputs: 0, wires: [[decode.id]] };
  const chirp = { id: 'gh-chirpstack-in', type: 'mqtt in', z: Z, name: 'ChirpStack アップリンク', topic: '${CIVIC_CHIRPSTACK_TOPIC}', qos: '1', datatype: 'json', broker: shared.broker.id, nl: false, rap: true, rh: 0, inputs: 0, wires: [[decode.id]] };
  const modbusClient = {
    id: 'gh-modbus-client', type: 'modbus-client', name: '土壌センサ (Modbus TCP)', clienttype: 'tcp', bufferCommands: true,
    stateLogEnabled: false, queueLogEnabled: false, failureLogEnabled: false, tcpHost: '${CIVIC_MODBUS_HOST}',
    tcpPort: '${CIVIC_MODBUS_PORT}', tcpType: 'DEFAULT', serialPort: '/dev/ttyUSB', serialType: 'RTU-BUFFERD',
    serialBaudrate: '9600', serialDatabits: '8', serialStopbits: '1', serialParity: 'none', serialConnectionDelay: '100',
    serialAsciiResponseStartDelimiter: '0x3A', unit_id: '1', commandDelay: '1', clientTimeout: '1000',
    reconnectOnTimeout: true, reconnectTimeout: '2000', parallelUnitIdsAllowed: true, showErrors: false, showWarnings: true, showLogs: false,
  };
  const modbusDecode = {
    ...decode, id: 'gh-modbus-decode', name: 'Modbus を解読', format: 'modbus', channelPreset: 'none', modbusPreset: 'civic-soil',
    deviceId: 'house-2-modbus-01', house: 'house-2', wires: [[naming.id]],
  };
  const modbusRead = {
    id: 'gh-modbus-read', type: 'modbus-read', z: Z, name: '土壌センサを5秒ごとに読む', topic: '', showStatusActivities: false,
    logIOActivities: false, showErrors: false, showWarnings: true, unitid: '1', dataType: 'HoldingRegister', adr: '0',
    quantity: '4', rate: '5', rateUnit: 's', delayOnStart: true, enableDeformedMessages: false, startDelayTime: '2',
    server: modbusClient.id, useIOFile: false, ioFile: '', useIOForPayload: false, emptyMsgOnFail: false,
    wires: [[modbusDecode.id], []],
  };

  // --- the simulators standing in for the hardware (delete when real devices are connected) ---
  const uplinkOut = { id: 'gh-sim-mqtt', type: 'mqtt out', z: Z, name: 'ネットワークサーバーの代わりに送信', topic: '', qos: '1', retain: 'false', respTopic: '', contentType: 'application/json', userProps: '', correl: '', expiry: '', broker: shared.broker.id, wires: [] };
  const sim = {
    id: 'gh-sim', type: 'civic-sensor-sim', z: Z, name: 'LoRaWAN センサ (シミュレータ)', version: 1, devices: 4, kind: 'mixed',
    interval: 5, format: 'ttn', site: 'hakui', houses: HOUSES.map((h) => h.id).join(','), latitude: 36.8933,
    longitude: 136.7789, seed: 1, application: 'civic-iot', dropout: 0, spikes: 0, silentDevice: '', silentAfter: 0,
    autoStart: true, wires: [[uplinkOut.id]],
  };
  const modbusServer = {
    id: 'gh-modbus-server', type: 'modbus-server', z: Z, name: 'Modbus 土壌センサ (シミュレータ)', logEnabled: false,
    hostname: '127.0.0.1', serverPort: '${CIVIC_MODBUS_PORT}', responseDelay: 10, delayUnit: 'ms', coilsBufferSize: 64,
    holdingBufferSize: 64, inputBufferSize: 64, discreteBufferSize: 64, showErrors: false, showStatusActivities: false,
    wires: [[], [], [], [], []],
  };
  const toMemory = change('gh-sim-modbus-mem', Z, 'レジスタをサーバーのメモリへ', [
    jsonata('payload', '{"register": "holding", "address": 0, "disableMsgOutput": 1, "value": $reduce(payload, function($acc, $r) { $append($acc, [$floor($r / 256), $r % 256]) }, [])}'),
  ], [[modbusServer.id]]);
  const modbusSim = { ...sim, id: 'gh-sim-modbus', name: 'Modbus 土壌センサの値 (シミュレータ)', devices: 1, kind: 'soil', format: 'modbus', houses: 'house-2', seed: 2, wires: [[toMemory.id]] };

  const intro = comment('gh-intro', Z, '温室モニタリング: センサ → 解読 → 飽差・積算温度 → 警報 → ダッシュボード',
    'LoRaWAN (The Things Stack / ChirpStack の MQTT) と Modbus TCP の土壌センサの値を sensor-decode で計測値にそろえ、\n'
    + 'agri-metrics で飽差・露点・積算温度を足し、civic-alert (トマト収穫期と病害の危険のルール) で警報を出します。\n'
    + '画面 (ダッシュボード) は別のタブです: link out から「温室 画面 (/ui)」と「温室 画面 (Dashboard 2.0)」へ送り、\n'
    + '画面の「確認」は link in「画面からの「確認」」で警報ノードに戻ります。どちらの画面のタブを消しても、このタブはそのまま動きます。\n'
    + '警報は MQTT (civic/hakui/alert/…) へ、計測値は InfluxDB (INFLUX_URL があるとき) と\n'
    + 'MQTT (civic/<地区>/<ハウス>/<機器>/reading: 土壌・KPI のフローが使います) へ送ります。');
  const simNote = comment('gh-sim-note', Z, 'シミュレータ (実機がないときの代わり)',
    '実機をつなぐときは、この行のノードを消して「The Things Stack アップリンク」のトピックと\n'
    + '「土壌センサ (Modbus TCP)」の接続先を実機に合わせます。\n'
    + 'アップリンクは温室のアプリケーションの分だけ受け取ります (v3/<アプリケーション>@<テナント>/devices/+/up、\n'
    + 'ChirpStack は application/<アプリケーションID>/device/+/event/up)。同じネットワークサーバーの別の用途 (水位計など) の\n'
    + 'アップリンクはここに来ません。npm start では CIVIC_TTS_APPLICATION と CIVIC_CHIRPSTACK_APPLICATION で指定します。');
  const tab = { id: Z, type: 'tab', label: '温室モニタリング', disabled: false, info: '温室の環境と土壌をハウスごとに表示し、トマトの警報を出します。' };
  const stageNote = comment('gh-stage-note', Z, '① 解読 (どの作業プロセスでも可) → ② 機器ごとの担当プロセスで指標・警報',
    '1台の Node-RED ではこのままで動きます。台数が増えたら同じフローを複数の Node-RED で動かし、\n'
    + 'CIVIC_SHARED_SUBSCRIPTION (アップリンクを分け合う) と CIVIC_WORKER_INDEX / CIVIC_WORKER_COUNT (機器の担当) を設定します。\n'
    + '警報や積算温度は機器ごとに1つのプロセスだけが計算します (README「Scaling」)。');
  const rows = [
    [intro],
    [simNote],
    [sim, uplinkOut, modbusSim, toMemory, modbusServer],
    [stageNote],
    [tts, decode, naming, route, partOut],
    [chirp],
    [modbusRead, modbusDecode],
    [subscribeOwn, ownIn, filter, metrics, alert, onlyNew, toNewAlert],
    [null, null, null, null, fromAck, alertTopic, alertPub],
    [null, null, null, null, null, toAlerts],
    [null, null, null, wrap, publish],
    [null, null, null, historyOn, history],
    [null, null, null, byHouse, toHouse[0]],
    ...toHouse.slice(1).map((l) => [null, null, null, null, l]),
  ];
  return [tab, ...layout(rows).map((n) => ({ ...n, z: Z })), shared.broker, influxConfig, modbusClient];
}

/** Stacks the rows of the pages below `rows`, one empty row between pages. */
function stackPages(rows, pages) {
  const out = layout(rows);
  let offset = rows.length + 1;
  for (const page of pages) {
    out.push(...layout([...Array(offset).fill([]), ...page.rows]));
    offset += page.rows.length + 1;
  }
  return out;
}

/** The classic dashboard part (node-red-dashboard, /ui): a page per house, the alert toast. */
function greenhouseClassic() {
  const pages = HOUSES.map((h, i) => housePage(h, i));
  const tab = partTab(ZUI, '温室 画面 (/ui)', '温室モニタリングのクラシック版ダッシュボード (node-red-dashboard, /ui)。');
  const tables = fromDomain('gh', 'ui', 'alerts', ZUI, '警報一覧', pages.map((p) => p.table));
  const toAck = toDomain('gh', 'ui', 'ack', ZUI, '「確認」→ 警報ノード');
  const toast = { id: 'gh-toast', type: 'ui_toast', z: ZUI, position: 'top right', displayTime: '10', highlight: '#ca3838', sendall: true, outputs: 0, ok: 'OK', cancel: '', raw: false, className: '', topic: '', name: '新しい警報を通知', wires: [] };
  const toastText = change('gh-toast-text', ZUI, '通知の文面', [
    jsonata('topic', "'ハウス警報: ' & payload.deviceId"),
    jsonata('payload', 'payload.message'),
  ], [[toast.id]]);
  const newAlert = fromDomain('gh', 'ui', 'new-alert', ZUI, '新しい警報', [toastText.id]);
  const intro = comment('gh-ui-intro', ZUI, '温室 画面 (/ui): クラシック版ダッシュボード (node-red-dashboard)',
    '左端の link in が「温室モニタリング」のタブから計測値・警報を受け取ります。警報一覧の「確認」ボタンと\n'
    + '「すべて確認」は右の link out から警報ノードへ戻ります。Dashboard 2.0 に移ったら、このタブごと消せます (docs/dashboard2.md)。');
  const rows = [
    [intro],
    [newAlert, toastText, toast],
    [tables, null, null, toAck],
  ];
  return [tab, ...stackPages(rows, pages), shared.uiBase, ...pages.flatMap((p) => p.config)];
}

/** The Dashboard 2.0 part (@flowfuse/node-red-dashboard, /dashboard): a page per house, the alert toast. */
function greenhouseDashboard2() {
  const pages = HOUSES.map((h, i) => d2HousePage(h, i));
  const tab = partTab(ZD2, '温室 画面 (Dashboard 2.0)', '温室モニタリングの Dashboard 2.0 版 (@flowfuse/node-red-dashboard, /dashboard)。');
  const remember = change('gh-d2-remember', ZD2, '警報一覧を覚えておく (確認用)', [
    { t: 'set', p: 'activeAlerts', pt: 'flow', to: 'payload', tot: 'msg' },
  ], [pages.flatMap((p) => p.entries)]);
  const tables = fromDomain('gh', 'd2', 'alerts', ZD2, '警報一覧', [remember.id]);
  // the alert node sends its table when it changes; until then (start, redeploy) show the last one remembered
  const lastTable = change('gh-d2-last-table', ZD2, '前回の警報一覧 (なければ空)', [
    jsonata('payload', "($t := $flowContext('activeAlerts'); $exists($t) ? $t : [])"),
  ], [[remember.id]]);
  const atStart = {
    id: 'gh-d2-at-start', type: 'inject', z: ZD2, name: '起動時に1回', props: [], repeat: '', crontab: '', once: true,
    onceDelay: '0.5', topic: '', wires: [[lastTable.id]],
  };
  const toAck = toDomain('gh', 'd2', 'ack', ZD2, '「確認」→ 警報ノード');
  const ackId = change('gh-d2-ack-id', ZD2, 'タップした行の警報ID', [
    { t: 'set', p: 'topic', pt: 'msg', to: 'ack', tot: 'str' },
    jsonata('payload', "($m := payload.`内容`; $flowContext('activeAlerts')[message = $m and state in ['firing', 'nodata']][0].id)"),
  ], [[toAck.id]]);
  const pick = {
    id: 'gh-d2-ack-pick', type: 'switch', z: ZD2, name: '未確認の行のタップだけ', property: "action = 'row_click' and payload.`確認` = '" + ACK_HINT + "'",
    propertyType: 'jsonata', rules: [{ t: 'true' }], checkall: 'true', repair: false, outputs: 1, wires: [[ackId.id]],
  };
  const notify = d2Notification('gh-d2-toast', ZD2, '新しい警報を通知');
  const toastText = change('gh-d2-toast-text', ZD2, '通知の文面', [jsonata('payload', "'ハウス警報: ' & payload.message")], [[notify.id]]);
  const newAlert = fromDomain('gh', 'd2', 'new-alert', ZD2, '新しい警報', [toastText.id]);
  const intro = comment('gh-d2-intro', ZD2, '温室 画面 (Dashboard 2.0): /dashboard',
    '左端の link in が「温室モニタリング」のタブから計測値・警報を受け取ります (クラシック版の /ui と同じもの)。\n'
    + '警報一覧は表 (ui-table) です。未確認の行をタップすると、覚えておいた一覧からその行の警報IDを探して警報ノードへ「確認」を送ります。\n'
    + '「このハウスの警報をすべて確認」ボタンも右の link out から警報ノードへ戻ります。\n'
    + '警報ノードは一覧が変わったときだけ送るので、起動時は覚えておいた前回の一覧 (なければ「警報はありません」) を出します。');
  const rows = [
    [intro],
    [newAlert, toastText, notify],
    [tables, remember],
    [atStart, lastTable],
    [null, null, null, pick, ackId, toAck],
  ];
  return [tab, ...stackPages(rows, pages), shared.d2Base, shared.d2Theme, ...pages.flatMap((p) => p.config)];
}

module.exports = { greenhouseDomain, greenhouseClassic, greenhouseDashboard2, HOUSES, GAUGES, influxConfig };
