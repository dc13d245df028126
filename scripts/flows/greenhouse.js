'use strict';
// 温室モニタリング: uplinks (The Things Stack / ChirpStack over MQTT, a Modbus TCP soil probe) → sensor-decode →
// agri-metrics → greenhouse-alert → dashboard pages per house, alert toasts and MQTT, history in InfluxDB.
const { shared, layout, comment, change, jsonata, move, gauge, chart } = require('./common');
const { alerts } = require('../../dist/lib');

const HOUSES = [
  { id: 'house-1', label: 'ハウス1' },
  { id: 'house-2', label: 'ハウス2' },
];
const Z = 'gh-tab';

const STATE_JA = "{'firing':'発生中','pending':'様子見','acknowledged':'確認済み','nodata':'データなし','resolved':'解消'}";

/** The active-alert table of one house, with an acknowledge button per row (ui_template: markup only). */
function alertTable(id, group, house) {
  const rows = `msg.payload | filter:{house:'${house}'}:true`;
  return {
    id, type: 'ui_template', z: Z, group, name: '警報一覧 (確認ボタン付き)', order: 1, width: 6, height: 4,
    format: `<div class="civic-alerts">
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
</div>`,
    storeOutMessages: true, fwdInMessages: false, resendOnRefresh: true, templateScope: 'local', className: '',
    wires: [['gh-alert']],
  };
}

/** One dashboard page for a house: gauges for the latest values, 24 h charts, 積算温度, alerts. */
function housePage(house, index) {
  const p = `gh-${house.id}`;
  const tab = { id: `${p}-ui-tab`, type: 'ui_tab', name: house.label, icon: 'fa-leaf', order: index + 1, disabled: false, hidden: false };
  const group = (suffix, name, order) => ({ id: `${p}-ui-${suffix}`, type: 'ui_group', name, tab: tab.id, order, disp: true, width: 6, collapse: false, className: '' });
  const gAlerts = group('alerts', '警報', 1);
  const gClimate = group('climate', 'ハウス環境', 2);
  const gSoil = group('soil', '土壌', 3);
  const gTrend = group('trend', '24時間の推移', 4);
  const metrics = [
    ['airTemperature', gauge(`${p}-g-temp`, Z, gClimate.id, 1, '気温', '°C', 0, 40, [17, 28])],
    ['airHumidity', gauge(`${p}-g-rh`, Z, gClimate.id, 2, '湿度', '%', 0, 100, [45, 85], ['#e6e600', '#00b500', '#ca3838'])],
    ['humidityDeficit', gauge(`${p}-g-hd`, Z, gClimate.id, 3, '飽差', 'g/m³', 0, 15, [3, 6], ['#0094ce', '#00b500', '#ca3838'])],
    ['co2', gauge(`${p}-g-co2`, Z, gClimate.id, 4, 'CO2', 'ppm', 0, 1500, [400, 1000], ['#e6e600', '#00b500', '#ca3838'])],
    ['solarRadiation', gauge(`${p}-g-sun`, Z, gClimate.id, 5, '日射', 'W/m²', 0, 1000)],
    ['soilMoisture', gauge(`${p}-g-sm`, Z, gSoil.id, 1, '土壌水分', '%', 0, 60, [25, 45], ['#ca3838', '#00b500', '#0094ce'])],
    ['soilTemperature', gauge(`${p}-g-st`, Z, gSoil.id, 2, '地温', '°C', 0, 40, [15, 28])],
    ['soilEC', gauge(`${p}-g-ec`, Z, gSoil.id, 3, 'EC', 'dS/m', 0, 5, [2, 4.5], ['#e6e600', '#00b500', '#ca3838'])],
    ['soilPH', gauge(`${p}-g-ph`, Z, gSoil.id, 4, 'pH', '', 4, 9, [5.5, 7.5], ['#ca3838', '#00b500', '#ca3838'])],
  ];
  const gdd = {
    id: `${p}-t-gdd`, type: 'ui_text', z: Z, group: gClimate.id, order: 6, width: 6, height: 1, name: '積算温度',
    label: '積算温度 (基準 0 °C)', format: "{{msg.payload | number:0}} °C・日", layout: 'row-spread', className: '',
    style: false, font: '', fontSize: '', color: '#000000', wires: [],
  };
  const charts = [
    ['airTemperature', chart(`${p}-c-temp`, Z, gTrend.id, 1, '気温 (°C)', '°C', 0, 40)],
    ['airHumidity', chart(`${p}-c-rh`, Z, gTrend.id, 2, '湿度 (%)', '%', 0, 100)],
    ['humidityDeficit', chart(`${p}-c-hd`, Z, gTrend.id, 3, '飽差 (g/m³)', 'g/m³', 0, 15)],
    ['soilMoisture', chart(`${p}-c-sm`, Z, gTrend.id, 4, '土壌水分 (%)', '%', 0, 60)],
  ];
  const series = change(`${p}-series`, Z, '系列名 = 機器ID', [jsonata('topic', 'device.id')], [[]]);
  const chartRoute = {
    id: `${p}-chart-route`, type: 'switch', z: Z, name: 'グラフに振り分け', property: 'metric', propertyType: 'msg',
    rules: charts.map(([m]) => ({ t: 'eq', v: m, vt: 'str' })), checkall: 'true', repair: false, outputs: charts.length,
    wires: charts.map(([, c]) => [c.id]),
  };
  series.wires = [[chartRoute.id]];
  const keepMetric = change(`${p}-keep-metric`, Z, '項目名を残す', [jsonata('metric', 'topic')], [[]]);
  const route = {
    id: `${p}-metric`, type: 'switch', z: Z, name: '項目ごとに分ける', property: 'topic', propertyType: 'msg',
    rules: [...metrics.map(([m]) => ({ t: 'eq', v: m, vt: 'str' })), { t: 'eq', v: 'gdd', vt: 'str' }],
    checkall: 'true', repair: false, outputs: metrics.length + 1,
    wires: [...metrics.map(([, g]) => [g.id]), [gdd.id]],
  };
  keepMetric.wires = [[route.id, series.id]];
  const split = {
    id: `${p}-split`, type: 'split', z: Z, name: '1項目ずつに分ける', splt: '\\n', spltType: 'str', arraySplt: 1,
    arraySpltType: 'len', stream: false, addname: 'topic', property: 'payload', wires: [[keepMetric.id]],
  };
  const updated = {
    id: `${p}-t-updated`, type: 'ui_text', z: Z, group: gClimate.id, order: 7, width: 6, height: 1, name: '最終受信',
    label: '最終受信', format: "{{msg.timestamp | date:'MM/dd HH:mm:ss'}} {{msg.device.id}}", layout: 'row-spread',
    className: '', style: false, font: '', fontSize: '', color: '#000000', wires: [],
  };
  const table = alertTable(`${p}-alerts`, gAlerts.id, house.id);
  const ackAll = {
    id: `${p}-ack-all`, type: 'ui_button', z: Z, name: 'すべて確認', group: gAlerts.id, order: 2, width: 6, height: 1,
    passthru: false, label: 'このハウスの警報をすべて確認', tooltip: '', color: '', bgcolor: '', className: '', icon: 'done_all',
    payload: JSON.stringify({ house: house.id }), payloadType: 'json', topic: 'ack', topicType: 'str', wires: [['gh-alert']],
  };
  const note = comment(`${p}-note`, Z, `${house.label} のページ`,
    '計測値を1項目ずつに分け (split: キー名を msg.topic に)、ゲージ・24時間グラフ・積算温度へ送ります。'
    + 'グラフの系列は機器IDです。\nハウスを増やすときは、このまとまりをコピーしてIDの house-1 を書き換え、'
    + '「ハウスごとに分ける」に出力を足します。');
  return {
    config: [tab, gAlerts, gClimate, gSoil, gTrend],
    rows: [
      [note],
      [split, keepMetric, route, ...metrics.slice(0, 5).map(([, g]) => g)],
      [updated, null, series, chartRoute, ...metrics.slice(5).map(([, g]) => g), gdd],
      [table, ackAll, null, null, ...charts.map(([, c]) => c)],
    ],
    entry: [split.id, updated.id],
    table: table.id,
  };
}

/** The InfluxDB config node (node-red-contrib-influxdb); used only when CIVIC_HISTORY is "on". */
const influxConfig = {
  id: 'civic-influxdb', type: 'influxdb', hostname: '${CIVIC_INFLUX_HOST}', port: '${CIVIC_INFLUX_PORT}',
  protocol: 'http', database: '${CIVIC_INFLUX_DB}', name: 'InfluxDB (npm start: INFLUX_URL)', usetls: false,
  tls: '', influxdbVersion: '1.x', url: 'http://localhost:8086', timeout: '10', rejectUnauthorized: true,
};

function greenhouseFlow() {
  const pages = HOUSES.map((h, i) => housePage(h, i));
  const byHouse = {
    id: 'gh-by-house', type: 'switch', z: Z, name: 'ハウスごとに分ける', property: 'device.house', propertyType: 'msg',
    rules: HOUSES.map((h) => ({ t: 'eq', v: h.id, vt: 'str' })), checkall: 'true', repair: false,
    outputs: HOUSES.length, wires: pages.map((p) => p.entry),
  };
  const tables = pages.map((p) => p.table);

  // --- alerts ---
  const toastText = change('gh-toast-text', Z, '通知の文面', [
    jsonata('topic', "'ハウス警報: ' & payload.deviceId"),
    jsonata('payload', 'payload.message'),
  ], [['gh-toast']]);
  const toast = { id: 'gh-toast', type: 'ui_toast', z: Z, position: 'top right', displayTime: '10', highlight: '#ca3838', sendall: true, outputs: 0, ok: 'OK', cancel: '', raw: false, className: '', topic: '', name: '新しい警報を通知', wires: [] };
  const onlyNew = {
    id: 'gh-only-new', type: 'switch', z: Z, name: '発生・データなしだけ', property: 'payload.state', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'firing', vt: 'str' }, { t: 'eq', v: 'nodata', vt: 'str' }], checkall: 'false', repair: false,
    outputs: 2, wires: [[toastText.id], [toastText.id]],
  };
  const alertPub = { id: 'gh-alert-mqtt', type: 'mqtt out', z: Z, name: '警報をMQTTへ', topic: '', qos: '1', retain: 'false', respTopic: '', contentType: 'application/json', userProps: '', correl: '', expiry: '', broker: shared.broker.id, wires: [] };
  const alertTopic = change('gh-alert-topic', Z, 'トピック civic/hakui/alert/…', [jsonata('topic', '"civic/hakui/" & topic')], [[alertPub.id]]);
  const alert = {
    id: 'gh-alert', type: 'greenhouse-alert', z: Z, name: 'トマト (果実肥大期) の警報', version: 1,
    rules: alerts.presetRules('tomato-fruiting'), preset: '', lang: 'ja', latitude: 36.8933, longitude: 136.7789,
    timeZone: 'Asia/Tokyo', groupByHouse: false, notifyPending: false, tickSeconds: 30, staleMinutes: 15,
    wires: [[onlyNew.id, alertTopic.id], tables],
  };

  // --- metrics, history, republish ---
  const history = {
    id: 'gh-history', type: 'influx-buffer', z: Z, name: '履歴を InfluxDB へ (バッファ付)', influxdb: influxConfig.id,
    measurement: 'greenhouse', precision: 'ms', retentionPolicy: '', database: '', retentionPolicyV18Flux: '',
    org: '', bucket: '', precisionV18FluxV20: 'ms', deviceTags: true, integers: false, maxQueueMB: 100,
    policy: 'drop-oldest', batchSize: 1000, batchWait: 1, retryMax: 60, directory: '', closeTimeout: 3, version: 1,
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
    id: 'gh-metrics', type: 'agri-metrics', z: Z, name: '飽差・積算温度', version: 1, temperatureMetric: 'airTemperature',
    humidityMetric: 'airHumidity', gddBase: 0, gddMethod: 'mean', addGdd: true, lightSource: 'auto', solarToPpfd: 2.02,
    rangeMetric: 'airTemperature', rangeLow: 18, rangeHigh: 27, timeZone: 'Asia/Tokyo', maxGapMinutes: 60,
    wires: [[alert.id, byHouse.id, historyOn.id, wrap.id], []],
  };
  // --- the stateful stage: every reading of a device reaches the one worker that owns it (README "Scaling") ---
  const filter = {
    id: 'gh-part-filter', type: 'partition', z: Z, name: 'この担当分だけ', version: 1, mode: 'filter',
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
    id: 'gh-decode', type: 'sensor-decode', z: Z, name: 'LoRaWAN を解読', version: 1, format: 'auto', serverDecoded: false,
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
    id: 'gh-sim', type: 'sensor-sim', z: Z, name: 'LoRaWAN センサ (シミュレータ)', version: 1, devices: 4, kind: 'mixed',
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
    + 'agri-metrics で飽差・積算温度を足し、greenhouse-alert (トマトのルール) で警報を出し、ハウスごとのページ (/ui) に表示します。\n'
    + '警報はダッシュボードの通知と MQTT (civic/hakui/alert/…) へ、計測値は InfluxDB (INFLUX_URL があるとき) と\n'
    + 'MQTT (civic/<地区>/<ハウス>/<機器>/reading: 土壌・KPI のフローが使います) へ送ります。');
  const simNote = comment('gh-sim-note', Z, 'シミュレータ (実機がないときの代わり)',
    '実機をつなぐときは、この行のノードを消して「The Things Stack アップリンク」のトピックと\n'
    + '「土壌センサ (Modbus TCP)」の接続先を実機に合わせます。');
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
    [subscribeOwn, ownIn, filter, metrics, alert, onlyNew, toastText, toast],
    [null, null, null, null, null, alertTopic, alertPub],
    [null, null, null, wrap, publish],
    [null, null, null, historyOn, history],
    [null, null, null, byHouse],
  ];
  const flowNodes = [tab, ...layout(rows).map((n) => ({ ...n, z: Z }))];
  let offset = rows.length + 1;
  for (const page of pages) {
    flowNodes.push(...layout([...Array(offset).fill([]), ...page.rows]));
    offset += page.rows.length + 1;
  }
  return [...flowNodes, shared.broker, shared.uiBase, influxConfig, modbusClient, ...pages.flatMap((p) => p.config)];
}

module.exports = { greenhouseFlow, HOUSES, influxConfig };
