#!/usr/bin/env node
'use strict';
// Writes the ready-made flows in flows/ (and their copies under examples/flows/) from the descriptions below, so
// that repeated parts (one dashboard page per house) stay identical and ids stay stable across versions.
// Run `node scripts/make-flows.js` after changing this file and commit the JSON it writes.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const HOUSES = [
  { id: 'house-1', label: 'ハウス1' },
  { id: 'house-2', label: 'ハウス2' },
];

/** Shared config nodes: identical in every flow file that uses them. */
const shared = {
  broker: {
    id: 'civic-mqtt-broker', type: 'mqtt-broker', name: 'MQTT (npm start: 内蔵ブローカー)',
    broker: '${CIVIC_MQTT_HOST}', port: '${CIVIC_MQTT_PORT}', clientid: '', autoConnect: true, usetls: false,
    protocolVersion: '4', keepalive: '60', cleansession: true, autoUnsubscribe: true,
    birthTopic: '', birthQos: '0', birthPayload: '', birthMsg: {}, closeTopic: '', closeQos: '0', closePayload: '',
    closeMsg: {}, willTopic: '', willQos: '0', willPayload: '', willMsg: {}, userProps: '', sessionExpiry: '',
  },
  uiBase: {
    id: 'civic-ui-base', type: 'ui_base',
    theme: {
      name: 'theme-light',
      lightTheme: { default: '#0094CE', baseColor: '#2E7D32', baseFont: '-apple-system,BlinkMacSystemFont,"Noto Sans CJK JP","Hiragino Sans",sans-serif', edited: true, reset: false },
      darkTheme: { default: '#097479', baseColor: '#097479', baseFont: '-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Oxygen-Sans,Ubuntu,Cantarell,Helvetica Neue,sans-serif', edited: false },
      customTheme: { name: 'Untitled Theme 1', default: '#4B7930', baseColor: '#4B7930', baseFont: '-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Oxygen-Sans,Ubuntu,Cantarell,Helvetica Neue,sans-serif' },
      themeState: {
        'base-color': { default: '#0094CE', value: '#2E7D32', edited: true },
        'page-titlebar-backgroundColor': { value: '#2E7D32', edited: false },
        'page-backgroundColor': { value: '#fafafa', edited: false },
        'page-sidebar-backgroundColor': { value: '#ffffff', edited: false },
        'group-textColor': { value: '#3fa142', edited: false },
        'group-borderColor': { value: '#ffffff', edited: false },
        'group-backgroundColor': { value: '#ffffff', edited: false },
        'widget-textColor': { value: '#111111', edited: false },
        'widget-backgroundColor': { value: '#2e7d32', edited: false },
        'widget-borderColor': { value: '#ffffff', edited: false },
        'base-font': { value: '-apple-system,BlinkMacSystemFont,"Noto Sans CJK JP","Hiragino Sans",sans-serif' },
      },
      angularTheme: { primary: 'green', accents: 'light-green', warn: 'deep-orange', background: 'grey', palette: 'light' },
    },
    site: {
      name: '羽咋市 スマート農業',
      hideToolbar: 'false', allowSwipe: 'false', lockMenu: 'false', allowTempTheme: 'true',
      dateFormat: 'YYYY/MM/DD', sizes: { sx: 48, sy: 48, gx: 6, gy: 6, cx: 6, cy: 6, px: 0, py: 0 },
    },
  },
};

/** Lays nodes out left to right in columns; every flow node gets x and y (the runtime needs them). */
function layout(rows) {
  const out = [];
  rows.forEach((row, r) => row.forEach((node, c) => {
    if (node) out.push({ ...node, x: 150 + c * 220, y: 60 + r * 60 });
  }));
  return out;
}

function comment(id, z, name, info) {
  return { id, type: 'comment', z, name, info, wires: [] };
}

function change(id, z, name, rules, wires) {
  return { id, type: 'change', z, name, rules, action: '', property: '', from: '', to: '', reg: false, wires };
}

const jsonata = (p, expr) => ({ t: 'set', p, pt: 'msg', to: expr, tot: 'jsonata' });
const move = (from, to) => ({ t: 'move', p: from, pt: 'msg', to, tot: 'msg' });

function gauge(id, z, group, order, label, unit, min, max, segs, colors) {
  return {
    id, type: 'ui_gauge', z, name: label, group, order, width: 3, height: 3, gtype: 'gage', title: label,
    label: unit, format: '{{value}}', min, max, colors: colors || ['#00b500', '#e6e600', '#ca3838'],
    seg1: segs ? String(segs[0]) : '', seg2: segs ? String(segs[1]) : '', diff: false, className: '', wires: [],
  };
}

function chart(id, z, group, order, label, yLabel, min, max) {
  return {
    id, type: 'ui_chart', z, name: label, group, order, width: 6, height: 4, label, chartType: 'line',
    legend: 'true', xformat: 'HH:mm', interpolate: 'linear', nodata: 'データ待ち…', dot: false, ymin: String(min),
    ymax: String(max), removeOlder: 24, removeOlderPoints: '2000', removeOlderUnit: '3600', cutout: 0,
    useOneColor: false, useUTC: false, colors: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
      '#e377c2', '#7f7f7f', '#bcbd22'], outputs: 1, useDifferentColor: false, className: '', wires: [[]],
  };
}

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

const files = { 'greenhouse.json': greenhouseFlow() };
fs.mkdirSync(path.join(root, 'examples', 'flows'), { recursive: true });
for (const [name, nodes] of Object.entries(files)) {
  const text = `${JSON.stringify(nodes, null, 2)}\n`;
  fs.writeFileSync(path.join(root, 'flows', name), text);
  console.log(`flows/${name}: ${nodes.length} nodes`);
}
