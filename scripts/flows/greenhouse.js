'use strict';
// 温室モニタリング: the greenhouse monitoring flow and its dashboard pages (one per house).
const { shared, layout, comment, change, jsonata, move, gauge, chart } = require('./common');

const HOUSES = [
  { id: 'house-1', label: 'ハウス1' },
  { id: 'house-2', label: 'ハウス2' },
];

/** One dashboard page for a house: gauges for the latest values and 24 h charts. */
function housePage(z, house, index) {
  const p = `gh-${house.id}`;
  const tab = { id: `${p}-ui-tab`, type: 'ui_tab', name: house.label, icon: 'dashboard', order: index + 1, disabled: false, hidden: false };
  const gClimate = { id: `${p}-ui-climate`, type: 'ui_group', name: 'ハウス環境', tab: tab.id, order: 1, disp: true, width: 6, collapse: false, className: '' };
  const gSoil = { id: `${p}-ui-soil`, type: 'ui_group', name: '土壌', tab: tab.id, order: 2, disp: true, width: 6, collapse: false, className: '' };
  const gTrend = { id: `${p}-ui-trend`, type: 'ui_group', name: '24時間の推移', tab: tab.id, order: 3, disp: true, width: 6, collapse: false, className: '' };
  const metrics = [
    ['airTemperature', gauge(`${p}-g-temp`, z, gClimate.id, 1, '気温', '°C', 0, 40, [17, 28])],
    ['airHumidity', gauge(`${p}-g-rh`, z, gClimate.id, 2, '湿度', '%', 0, 100, [45, 85], ['#e6e600', '#00b500', '#ca3838'])],
    ['co2', gauge(`${p}-g-co2`, z, gClimate.id, 3, 'CO2', 'ppm', 0, 1500, [400, 1000], ['#e6e600', '#00b500', '#ca3838'])],
    ['solarRadiation', gauge(`${p}-g-sun`, z, gClimate.id, 4, '日射', 'W/m²', 0, 1000)],
    ['soilMoisture', gauge(`${p}-g-sm`, z, gSoil.id, 1, '土壌水分', '%', 0, 60, [20, 45], ['#ca3838', '#00b500', '#0094ce'])],
    ['soilTemperature', gauge(`${p}-g-st`, z, gSoil.id, 2, '地温', '°C', 0, 40, [15, 28])],
    ['soilEC', gauge(`${p}-g-ec`, z, gSoil.id, 3, 'EC', 'dS/m', 0, 5, [2, 4.5], ['#e6e600', '#00b500', '#ca3838'])],
    ['soilPH', gauge(`${p}-g-ph`, z, gSoil.id, 4, 'pH', '', 4, 9, [5.5, 7.5], ['#ca3838', '#00b500', '#ca3838'])],
  ];
  const tempChart = chart(`${p}-c-temp`, z, gTrend.id, 1, '気温 (°C)', '°C', 0, 40);
  const moistChart = chart(`${p}-c-sm`, z, gTrend.id, 2, '土壌水分 (%)', '%', 0, 60);
  const seriesTemp = change(`${p}-series-temp`, z, '系列名 = 機器ID', [jsonata('topic', 'device.id')], [[tempChart.id]]);
  const seriesMoist = change(`${p}-series-sm`, z, '系列名 = 機器ID', [jsonata('topic', 'device.id')], [[moistChart.id]]);
  const updated = {
    id: `${p}-t-updated`, type: 'ui_text', z, group: gClimate.id, order: 5, width: 6, height: 1, name: '最終受信',
    label: '最終受信', format: "{{msg.timestamp | date:'yyyy/MM/dd HH:mm:ss'}}  {{msg.device.id}}", layout: 'row-spread',
    className: '', style: false, font: '', fontSize: '', color: '#000000', wires: [],
  };
  const route = {
    id: `${p}-metric`, type: 'switch', z, name: '項目ごとに分ける', property: 'topic', propertyType: 'msg',
    rules: metrics.map(([m]) => ({ t: 'eq', v: m, vt: 'str' })), checkall: 'true', repair: false,
    outputs: metrics.length,
    wires: metrics.map(([m, g]) => (m === 'airTemperature' ? [g.id, seriesTemp.id] : m === 'soilMoisture' ? [g.id, seriesMoist.id] : [g.id])),
  };
  const split = {
    id: `${p}-split`, type: 'split', z, name: '1項目ずつに分ける', splt: '\\n', spltType: 'str', arraySplt: 1,
    arraySpltType: 'len', stream: false, addname: 'topic', property: 'payload', wires: [[route.id]],
  };
  const note = comment(`${p}-note`, z, `${house.label} のページ`,
    `計測値メッセージを1項目ずつに分け (split: キー名を msg.topic に)、項目ごとにゲージと24時間グラフへ送ります。\n`
    + `グラフの系列は機器IDです。ハウスを増やすときは、このまとまりをコピーして「ハウスごとに分ける」に出力を足します。`);
  return {
    config: [tab, gClimate, gSoil, gTrend],
    rows: [
      [note],
      [split, route, ...metrics.slice(0, 4).map(([, g]) => g)],
      [updated, seriesTemp, tempChart, ...metrics.slice(4).map(([, g]) => g)],
      [null, seriesMoist, moistChart],
    ],
    entry: [split.id, updated.id],
  };
}

function greenhouseFlow() {
  const z = 'gh-tab';
  const pages = HOUSES.map((h, i) => housePage(z, h, i));
  const byHouse = {
    id: 'gh-by-house', type: 'switch', z, name: 'ハウスごとに分ける', property: 'device.house', propertyType: 'msg',
    rules: HOUSES.map((h) => ({ t: 'eq', v: h.id, vt: 'str' })), checkall: 'true', repair: false,
    outputs: HOUSES.length, wires: pages.map((p) => p.entry),
  };
  const unwrap = change('gh-unwrap', z, '計測値メッセージに戻す', [
    move('payload.device', 'device'), move('payload.units', 'units'), move('payload.timestamp', 'timestamp'),
    move('payload.meta', 'meta'), move('payload.payload', 'payload'),
  ], [[byHouse.id]]);
  const subscribe = {
    id: 'gh-mqtt-in', type: 'mqtt in', z, name: '計測値を受信', topic: 'civic/+/+/+/reading', qos: '1', datatype: 'json',
    broker: shared.broker.id, nl: false, rap: true, rh: 0, inputs: 0, wires: [[unwrap.id]],
  };
  const publish = {
    id: 'gh-mqtt-out', type: 'mqtt out', z, name: '計測値を送信', topic: '', qos: '1', retain: 'false',
    respTopic: '', contentType: 'application/json', userProps: '', correl: '', expiry: '', broker: shared.broker.id, wires: [],
  };
  const wrap = change('gh-wrap', z, 'MQTT用にまとめる', [
    jsonata('topic', '"civic/" & device.site & "/" & device.house & "/" & device.id & "/reading"'),
    jsonata('payload', '{"payload": payload, "units": units, "timestamp": timestamp, "device": device, "meta": meta}'),
  ], [[publish.id]]);
  const sim = {
    id: 'gh-sim', type: 'sensor-sim', z, name: 'ハウスのセンサ (シミュレータ)', version: 1, devices: 4, kind: 'mixed',
    interval: 5, format: 'reading', site: 'hakui', houses: HOUSES.map((h) => h.id).join(','), latitude: 36.8933,
    longitude: 136.7789, seed: 1, application: 'civic-iot', dropout: 0, spikes: 0, silentDevice: '', silentAfter: 0,
    autoStart: true, wires: [[wrap.id]],
  };
  const intro = comment('gh-intro', z, '温室モニタリング: センサ → MQTT → ダッシュボード',
    'シミュレータ (実機の代わり) がハウスごとの環境センサと土壌センサの値を5秒ごとに MQTT へ送り、\n'
    + '受信側でハウスごとに分けてダッシュボード (/ui) のページに表示します。\n'
    + '実機を使うときは、シミュレータと「MQTT用にまとめる」を消し、「計測値を受信」のトピックを実機側に合わせます。');
  const tab = { id: z, type: 'tab', label: '温室モニタリング', disabled: false, info: '温室の環境と土壌をハウスごとに表示します。' };
  const rows = [[intro], [sim, wrap, publish], [subscribe, unwrap, byHouse]];
  const flowNodes = [tab, ...layout(rows).map((n) => ({ ...n, z }))];
  let offset = rows.length;
  for (const page of pages) {
    flowNodes.push(...layout([...Array(offset).fill([]), ...page.rows]));
    offset += page.rows.length + 1;
  }
  return [...flowNodes, shared.broker, shared.uiBase, ...pages.flatMap((p) => p.config)];
}


module.exports = { greenhouseFlow, HOUSES };
