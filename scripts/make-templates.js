#!/usr/bin/env node
'use strict';
// Writes the "new field" template flows of issue 17 into examples/新しい分野のテンプレート/ (Import ▸ Examples):
// disaster (river level + rainfall → alert, toast, gauge), tourism (visitor counter → visitors per day → daily
// target → KPI card) and environment (CO2 in a public hall, WBGT heat stroke → alert presets, alert list), plus the
// finished flow of the tutorial (docs/tutorial-ja.md). Each field is one tab that runs in any Node-RED with only
// this pack (sample injects show something at once) and a dashboard part that needs @flowfuse/node-red-dashboard,
// in its own file named so, joined by link nodes. Run `node scripts/make-templates.js` and commit the JSON.
const fs = require('fs');
const path = require('path');
const { shared, d2Page, d2Group, d2Gauge, comment } = require('./flows/common');
const { presetRules } = require('../dist/lib/alerts');
const { CASE } = require('./tutorial/steps');

const DIR = path.join(__dirname, '..', 'examples', '新しい分野のテンプレート');
const D2 = '@flowfuse/node-red-dashboard';
const NEEDS = '(FlowFuse node-red-dashboard が必要)';

/** An inject node sending one uplink or reading, once shortly after deploy (`delay` s) and on a click. */
function inject(id, z, name, props, delay, wires, x, y) {
  return { id, type: 'inject', z, name, props, repeat: '', crontab: '', once: true, onceDelay: delay, topic: '', x, y, wires: [wires] };
}

/** A TTS v3 uplink with a CayenneLPP frame (what the network server publishes for the device). */
function lppUplink(device, bytes) {
  return JSON.stringify({
    end_device_ids: { device_id: device, application_ids: { application_id: 'hakui-bousai' } },
    uplink_message: { f_port: 1, frm_payload: Buffer.from(bytes).toString('base64') },
  });
}
const distance = (m) => { const b = Buffer.alloc(6); b[0] = 1; b[1] = 130; b.writeUInt32BE(Math.round(m * 1000), 2); return [...b]; };
const analog = (ch, v) => { const b = Buffer.alloc(4); b[0] = ch; b[1] = 2; b.writeInt16BE(Math.round(v * 100), 2); return [...b]; };

const debug = (id, z, name, x, y) => ({ id, type: 'debug', z, name, active: true, tosidebar: true, console: false, tostatus: true,
  complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto', x, y, wires: [] });
const linkOut = (id, z, name, to, x, y) => ({ id, type: 'link out', z, name, mode: 'link', links: [to], x, y, wires: [] });
const linkIn = (id, z, name, from, wires, x, y) => ({ id, type: 'link in', z, name, links: [from], x, y, wires: [wires] });
const tab = (id, label, info) => ({ id, type: 'tab', label, disabled: false, info });
const toast = (id, z, name, x, y) => ({ id, type: 'civic-d2-alert-toast', z, name, version: 1, ui: shared.d2Base.id, lang: 'ja',
  states: ['firing', 'nodata'], position: 'top right', seconds: 30, property: 'payload', propertyType: 'msg', x, y, wires: [] });
const alertNode = (id, z, name, rules, wires, x, y) => ({ id, type: 'civic-alert', z, name, version: 2, property: 'payload',
  deviceProperty: 'device.id', siteProperty: 'device.site', preset: '', lang: 'ja', groupBySite: false, notifyPending: false,
  tickSeconds: 30, staleMinutes: 15, rules, mutes: [], x, y, wires });
const at = (n, x, y) => ({ ...n, x, y });
const readingProps = (device, payload) => [{ p: 'payload', v: JSON.stringify(payload), vt: 'json' }, { p: 'topic', v: device, vt: 'str' },
  { p: 'device', v: JSON.stringify({ id: device }), vt: 'json' }];

// ---- 防災: river level + rainfall ----------------------------------------------------------------------------------
function disaster() {
  const z = 'tpl-bousai';
  const rain = { id: 'rain-heavy', metric: 'rainfall', condition: 'above', threshold: 30, recovery: 20, forMinutes: 0, keepFiringMinutes: 0,
    repeatMinutes: 60, active: 'always', scope: 'device', severity: 'warning',
    messageJa: '{device}: 1時間雨量 {value}mm。「激しい雨」（{threshold}mm以上）です', messageEn: '{device}: {value} mm in an hour: "very heavy rain" ({threshold} mm and above)',
    resolvedJa: '{device}: 1時間雨量 {value}mm。激しい雨は収まりました', resolvedEn: '{device}: {value} mm in an hour: the very heavy rain is over' };
  const domain = [
    tab(z, '防災 河川水位と雨量', 'River level (distance sensor, water level = mount height − distance) and rainfall → alerts.'),
    comment(`${z}-c1`, z, 'テンプレート: 河川水位と雨量 → 警報', [
      'LoRaWAN の水位計（センサーから水面までの距離を測る）と雨量計のテンプレートです。左の「サンプル」が配備のすぐ後に',
      '3回の水位と2回の雨量を送ります。デバッグ欄に警報が出ます。',
      '実機につなぐとき: サンプル（inject）の代わりに mqtt in を置き、トピックをネットワークサーバの自分のアプリケーションだけにします',
      `（The Things Stack: ${CASE.topic.replace('hakui-river', '<アプリケーションID>').replace('@hakui', '@<テナント>')}）。`,
      '「水位を計算」の 名前と計算値 の表で、定数 4.2 を水位計を取り付けた高さ (m) に変えます（水位 = 高さ − 距離）。',
      '「河川・雨量の警報」の4つの水位は例の観測所の値です。あなたの観測所の 水防団待機・氾濫注意・避難判断・氾濫危険 水位にしてください',
      '（石川県河川総合情報システムなどで確認できます）。雨量 30 mm/時 は気象庁「雨の強さと降り方」の「激しい雨」です。',
      `ゲージと通知は「防災 ダッシュボード ${NEEDS}」にあります（${D2} を入れてから読み込みます）。`,
    ].join('\n')),
    inject(`${z}-s1`, z, 'サンプル: 水位 1.2m（距離 3.0m）', [{ p: 'payload', v: lppUplink('hakui-river-01', distance(3.0)), vt: 'json' }], 1, [`${z}-decode`], 180, 100),
    inject(`${z}-s2`, z, 'サンプル: 水位 1.8m（氾濫注意）', [{ p: 'payload', v: lppUplink('hakui-river-01', distance(2.4)), vt: 'json' }], 2, [`${z}-decode`], 180, 140),
    inject(`${z}-s3`, z, 'サンプル: 水位 2.05m（避難判断）', [{ p: 'payload', v: lppUplink('hakui-river-01', distance(2.15)), vt: 'json' }], 3, [`${z}-decode`], 180, 180),
    inject(`${z}-s4`, z, 'サンプル: 雨量 12mm', [{ p: 'payload', v: lppUplink('hakui-rain-01', analog(2, 12)), vt: 'json' }], 1.5, [`${z}-decode`], 160, 220),
    inject(`${z}-s5`, z, 'サンプル: 雨量 34mm（激しい雨）', [{ p: 'payload', v: lppUplink('hakui-rain-01', analog(2, 34)), vt: 'json' }], 3.5, [`${z}-decode`], 170, 260),
    { id: `${z}-decode`, type: 'civic-sensor-decode', z, name: '水位を計算', version: 2, property: 'payload', propertyType: 'msg', format: 'auto',
      serverDecoded: false, channelPreset: 'none', signedPower: false,
      mapping: [{ from: '1', to: 'waterLevel', unit: 'm', formula: 'minus', scale: 1, offset: CASE.mountHeight },
        { from: '2', to: 'rainfall', unit: 'mm', formula: 'linear', scale: 1, offset: 0 }],
      modbusPreset: 'custom', modbusAddressing: 'absolute', modbusStart: 0, modbusMap: [], uecsTypes: '', uecsRoom: 0, uecsRegion: 0, uecsOrder: 0,
      codec: '', codecTimeoutMs: 100, codecMemoryMb: 16, maxBytes: 4096, plausibility: 'flag', ranges: [],
      deviceId: '', deviceIdType: 'str', site: '', siteType: 'str', house: '', houseType: 'str', x: 440, y: 180, wires: [[`${z}-alert`, `${z}-to-readings`], []] },
    alertNode(`${z}-alert`, z, '河川・雨量の警報', [...presetRules('river-level').filter((r) => r.id !== 'no-data'), rain,
      ...presetRules('river-level').filter((r) => r.id === 'no-data')], [[`${z}-debug`, `${z}-to-alerts`], []], 680, 180),
    debug(`${z}-debug`, z, '警報', 880, 160),
    linkOut(`${z}-to-readings`, z, '→ ダッシュボード (値)', `${z}-d2-from-readings`, 640, 260),
    linkOut(`${z}-to-alerts`, z, '→ ダッシュボード (警報)', `${z}-d2-from-alerts`, 880, 220),
  ];
  const d = `${z}-d2`;
  const dash = [
    tab(d, '防災 ダッシュボード', `Needs ${D2}.`),
    comment(`${d}-c1`, d, `このタブには ${D2} が必要です`, `水位と雨量のゲージ、警報の通知（/dashboard/bousai）。「防災 河川水位と雨量」と一緒に読み込みます。\nThis tab needs ${D2}.`),
    shared.d2Base, shared.d2Theme, d2Page(`${d}-page`, '防災', '/bousai', 'weather-pouring', 20), d2Group(`${d}-group`, `${d}-page`, '羽咋川 的場', 1, 6),
    linkIn(`${d}-from-readings`, d, '← 防災 (値)', `${z}-to-readings`, [`${d}-level`, `${d}-rain`], 140, 100),
    { ...at(d2Gauge(`${d}-level`, d, `${d}-group`, 1, '水位', 'm', 0, 4, [1.7, 2.0], ['#00b500', '#e6e600', '#ca3838']), 380, 80), value: 'payload.waterLevel' },
    { ...at(d2Gauge(`${d}-rain`, d, `${d}-group`, 2, '1時間雨量', 'mm', 0, 80, [20, 30], ['#00b500', '#e6e600', '#ca3838']), 380, 120), value: 'payload.rainfall' },
    linkIn(`${d}-from-alerts`, d, '← 防災 (警報)', `${z}-to-alerts`, [`${d}-toast`], 140, 180),
    toast(`${d}-toast`, d, '防災の警報', 380, 180),
  ];
  return { domain: ['防災 河川水位と雨量', domain], dashboard: [`防災 ダッシュボード ${NEEDS}`, dash] };
}

// ---- 観光: visitor counter → visitors per day → daily target → KPI card -------------------------------------------
function tourism() {
  const z = 'tpl-kanko';
  const count = (id, name, n, delay, y) => inject(`${z}-${id}`, z, name, readingProps('chirihama-gate', { visitorCount: n }), delay, [`${z}-day`], 170, y);
  const domain = [
    tab(z, '観光 来訪者数', 'Visitor counter → visitors per day → daily target (kpi-progress) → KPI card.'),
    comment(`${z}-c1`, z, 'テンプレート: 来訪者カウンター → 1日の来訪者数 → 目標への進み具合', [
      '人数カウンター（ゲートのセンサーなど）が数えた人数を1日ごとに合計し、1日の目標（1,000人）と比べます。',
      '「1日の来訪者数」は毎日0時にその日の合計を出し、「1日の目標」が評価 (A/B/C) と進み具合を出します。',
      '左の「サンプル」は今日の3回分（合計880人）を送り、「今日の途中経過」(topic: flush) がその時点の合計を出させます（デバッグ欄）。',
      '実機につなぐとき: サンプルの代わりに mqtt in と センサー解読 を置き、人数を visitorCount という名前にします',
      '（センサー解読の 名前と計算値 の表）。カウンターが「累計」を送る機種なら、計算式ノードの「x − y」で差を取ります。',
      '目標は「1日の目標」の KPI 表で変えます（期間: 日）。',
      `KPI カードは「観光 ダッシュボード ${NEEDS}」にあります（${D2} を入れてから読み込みます）。`,
    ].join('\n')),
    count('s1', 'サンプル: 320人', 320, 1, 100),
    count('s2', 'サンプル: 410人', 410, 1.5, 140),
    count('s3', 'サンプル: 150人', 150, 2, 180),
    inject(`${z}-flush`, z, '今日の途中経過', [{ p: 'topic', v: 'flush', vt: 'str' }], 3, [`${z}-day`], 170, 220),
    { id: `${z}-day`, type: 'civic-window-stats', z, name: '1日の来訪者数', version: 2, property: 'payload', aggregate: 'metrics', countField: '',
      mode: 'tumbling', unit: 'day', size: 1, slidingMinutes: 15, hopMinutes: 1, timeZone: 'Asia/Tokyo', grace: 60, metrics: 'visitorCount',
      percentiles: '', percentileAccuracy: 1, ranges: '', distinctField: '', distinctKpi: '', groupBy: 'all', timestamp: 'msg', output: 'nested',
      maxTopics: 1000, x: 430, y: 160, wires: [[`${z}-kpi-value`], []] },
    { id: `${z}-kpi-value`, type: 'change', z, name: '合計を KPI の値に', rules: [
      { t: 'set', p: 'topic', pt: 'msg', to: 'daily-visitors', tot: 'str' },
      { t: 'set', p: 'asOf', pt: 'msg', to: 'window.startIso', tot: 'msg' },
      { t: 'move', p: 'payload.visitorCount.sum', pt: 'msg', to: 'payload', tot: 'msg' },
    ], action: '', property: '', from: '', to: '', reg: false, x: 640, y: 160, wires: [[`${z}-target`]] },
    { id: `${z}-target`, type: 'civic-kpi-progress', z, name: '1日の目標', version: 1, bands: 'A>=100;B>=60;C', timeZone: 'Asia/Tokyo', lang: 'ja',
      kpis: [{ id: 'daily-visitors', nameJa: '千里浜の1日の来訪者数', nameEn: 'Visitors per day at Chirihama', unit: 'persons', baseline: 0,
        baselineYear: 2026, target: 1000, targetYear: 2026, direction: 'higher', method: 'ratio', interim: false, bands: '', period: 'day' }],
      x: 840, y: 160, wires: [[`${z}-debug`, `${z}-to-kpi`], []] },
    debug(`${z}-debug`, z, '1日の評価', 1040, 140),
    linkOut(`${z}-to-kpi`, z, '→ ダッシュボード (KPI)', `${z}-d2-from-kpi`, 1040, 200),
  ];
  const d = `${z}-d2`;
  const dash = [
    tab(d, '観光 ダッシュボード', `Needs ${D2}.`),
    comment(`${d}-c1`, d, `このタブには ${D2} が必要です`, `1日の来訪者数の KPI カード（/dashboard/kanko）。「観光 来訪者数」と一緒に読み込みます。\nThis tab needs ${D2}.`),
    shared.d2Base, shared.d2Theme, d2Page(`${d}-page`, '観光', '/kanko', 'account-group', 21), d2Group(`${d}-group`, `${d}-page`, '千里浜の来訪者', 1, 6),
    linkIn(`${d}-from-kpi`, d, '← 観光 (KPI)', `${z}-to-kpi`, [`${d}-card`], 140, 100),
    { id: `${d}-card`, type: 'civic-d2-kpi-card', z: d, name: '1日の来訪者数', version: 1, group: `${d}-group`, order: 1, width: 6, height: 0, lang: 'ja',
      rows: [], property: 'payload', propertyType: 'msg', x: 380, y: 100, wires: [] },
  ];
  return { domain: ['観光 来訪者数', domain], dashboard: [`観光 ダッシュボード ${NEEDS}`, dash] };
}

// ---- 環境: CO2 in a public hall, WBGT heat stroke -------------------------------------------------------------------
function environment() {
  const z = 'tpl-kankyo';
  // the sample shows at once: "for" minutes 0 here; the presets' 10 minutes are what a real room needs
  const now = (r) => ({ ...r, forMinutes: 0 });
  const rules = [...presetRules('air-quality').filter((r) => r.metric === 'co2').map(now), ...presetRules('heat-stroke').filter((r) => r.id !== 'no-data').map(now),
    ...presetRules('air-quality').filter((r) => r.id === 'no-data')];
  const domain = [
    tab(z, '環境 CO2と暑さ指数', 'CO2 in a public hall (building sanitation standard) and WBGT heat stroke bands → alerts.'),
    comment(`${z}-c1`, z, 'テンプレート: 公民館の CO2 と 暑さ指数 (WBGT) → 警報', [
      '室内の CO2 濃度（建築物環境衛生管理基準 1000 ppm、学校環境衛生基準 1500 ppm）と暑さ指数（日本生気象学会の指針: 25 警戒・28 厳重警戒・31 危険）',
      'の警報です。左の「サンプル」が配備のすぐ後に送り、デバッグ欄に警報が出ます。',
      'サンプルがすぐ見えるよう、警報の「継続」を 0 分にしています。実機では プリセットどおり 10 分に戻してください',
      '（警報ルールの表の「継続（分）」）。',
      '実機につなぐとき: Modbus の CO2 計なら modbus-read（node-red-contrib-modbus）→ センサー解読（形式 Modbus、レジスタ表）、',
      'LoRaWAN なら mqtt in → センサー解読 をサンプルの代わりに置きます。値の名前は co2 と wbgt にします。',
      `ゲージと警報一覧は「環境 ダッシュボード ${NEEDS}」にあります（${D2} を入れてから読み込みます）。`,
    ].join('\n')),
    inject(`${z}-s1`, z, 'サンプル: CO2 820ppm・WBGT 24℃', readingProps('kominkan-hall', { co2: 820, wbgt: 24 }), 1, [`${z}-alert`, `${z}-to-readings`], 190, 100),
    inject(`${z}-s2`, z, 'サンプル: CO2 1250ppm・WBGT 29℃', readingProps('kominkan-hall', { co2: 1250, wbgt: 29 }), 2.5, [`${z}-alert`, `${z}-to-readings`], 200, 160),
    alertNode(`${z}-alert`, z, '室内環境の警報', rules, [[`${z}-debug`, `${z}-to-alerts`], [`${z}-to-table`]], 480, 130),
    debug(`${z}-debug`, z, '警報', 700, 100),
    linkOut(`${z}-to-readings`, z, '→ ダッシュボード (値)', `${z}-d2-from-readings`, 440, 200),
    linkOut(`${z}-to-alerts`, z, '→ ダッシュボード (警報)', `${z}-d2-from-alerts`, 700, 150),
    linkOut(`${z}-to-table`, z, '→ ダッシュボード (一覧)', `${z}-d2-from-table`, 700, 200),
    linkIn(`${z}-from-ack`, z, '← ダッシュボード (確認)', `${z}-d2-to-ack`, [`${z}-alert`], 280, 260),
  ];
  const d = `${z}-d2`;
  const dash = [
    tab(d, '環境 ダッシュボード', `Needs ${D2}.`),
    comment(`${d}-c1`, d, `このタブには ${D2} が必要です`, `CO2 と暑さ指数のゲージ、警報一覧と通知（/dashboard/kankyo）。「環境 CO2と暑さ指数」と一緒に読み込みます。\nThis tab needs ${D2}.`),
    shared.d2Base, shared.d2Theme, d2Page(`${d}-page`, '環境', '/kankyo', 'air-filter', 22), d2Group(`${d}-group`, `${d}-page`, '公民館ホール', 1, 6),
    linkIn(`${d}-from-readings`, d, '← 環境 (値)', `${z}-to-readings`, [`${d}-co2`, `${d}-wbgt`], 140, 80),
    { ...at(d2Gauge(`${d}-co2`, d, `${d}-group`, 1, 'CO2', 'ppm', 400, 2000, [1000, 1500], ['#00b500', '#e6e600', '#ca3838']), 380, 60), value: 'payload.co2' },
    { ...at(d2Gauge(`${d}-wbgt`, d, `${d}-group`, 2, '暑さ指数', '℃', 15, 35, [25, 31], ['#00b500', '#e6e600', '#ca3838']), 380, 100), value: 'payload.wbgt' },
    linkIn(`${d}-from-alerts`, d, '← 環境 (警報)', `${z}-to-alerts`, [`${d}-toast`], 140, 160),
    toast(`${d}-toast`, d, '室内環境の通知', 380, 160),
    linkIn(`${d}-from-table`, d, '← 環境 (一覧)', `${z}-to-table`, [`${d}-list`], 140, 220),
    { id: `${d}-list`, type: 'civic-d2-alert-list', z: d, name: '室内環境の警報一覧', version: 1, group: `${d}-group`, order: 3, width: 6, height: 0,
      lang: 'ja', house: '', ackAll: true, property: 'payload', propertyType: 'msg', x: 380, y: 220, wires: [[`${d}-to-ack`]] },
    linkOut(`${d}-to-ack`, d, '→ 環境 (確認)', `${z}-from-ack`, 600, 220),
  ];
  return { domain: ['環境 CO2と暑さ指数', domain], dashboard: [`環境 ダッシュボード ${NEEDS}`, dash] };
}

// ---- the tutorial's finished flow (docs/tutorial-ja.md) -----------------------------------------------------------
function tutorial() {
  const z = 'tpl-tutorial';
  const broker = { id: `${z}-broker`, type: 'mqtt-broker', name: 'LoRaWAN ネットワークサーバ', broker: 'localhost', port: '1883', clientid: '',
    autoConnect: true, usetls: false, protocolVersion: '4', keepalive: '60', cleansession: true, autoUnsubscribe: true,
    birthTopic: '', birthQos: '0', birthPayload: '', birthMsg: {}, closeTopic: '', closeQos: '0', closePayload: '', closeMsg: {},
    willTopic: '', willQos: '0', willPayload: '', willMsg: {}, userProps: '', sessionExpiry: '' };
  const d = disaster().domain[1];
  const decode = d.find((n) => n.type === 'civic-sensor-decode');
  const riverOnly = presetRules('river-level');
  const nodes = [
    tab(z, 'チュートリアル 河川水位', 'The finished flow of docs/tutorial-ja.md.'),
    comment(`${z}-c1`, z, 'チュートリアルの完成形 (docs/tutorial-ja.md)', [
      `このタブには ${D2} が必要です（ゲージと通知）。`,
      '「河川水位センサー」の mqtt-broker を、ネットワークサーバのブローカ（The Things Stack なら <リージョン>.cloud.thethings.network:1883、',
      'ユーザー名 <アプリケーションID>@<テナント>、パスワード API キー）にします。',
      `トピックは自分のアプリケーションだけ: ${CASE.topic}（hakui-river@hakui を自分のものに）。`,
    ].join('\n')),
    broker,
    { id: `${z}-mqtt`, type: 'mqtt in', z, name: '河川水位センサー', topic: CASE.topic, qos: '2', datatype: 'auto-detect', broker: broker.id, nl: false, rap: true, rh: 0,
      inputs: 0, x: 150, y: 120, wires: [[`${z}-decode`]] },
    { ...decode, id: `${z}-decode`, z, mapping: [decode.mapping[0]], x: 370, y: 120, wires: [[`${z}-alert`, `${z}-gauge`], []] },
    alertNode(`${z}-alert`, z, '羽咋川の水位警報', riverOnly, [[`${z}-toast`], []], 590, 120),
    { ...toast(`${z}-toast`, z, '水位警報の通知', 640, 240), seconds: 10 },
    shared.d2Base, shared.d2Theme,
    d2Page(`${z}-page`, CASE.page, CASE.pagePath, 'waves', 23),
    d2Group(`${z}-group`, `${z}-page`, CASE.group, 1, 6),
    { ...at(d2Gauge(`${z}-gauge`, z, `${z}-group`, 1, CASE.gaugeTitle, 'm', 0, 4, [1.7, 2.0], ['#00b500', '#e6e600', '#ca3838']), 620, 180), value: `payload.${CASE.metric}` },
  ];
  return ['チュートリアル 河川水位の完成形 (FlowFuse node-red-dashboard が必要)', nodes];
}

const files = [];
for (const t of [disaster(), tourism(), environment()]) files.push(t.domain, t.dashboard);
files.push(tutorial());
fs.mkdirSync(DIR, { recursive: true });
for (const f of fs.readdirSync(DIR)) if (f.endsWith('.json')) fs.rmSync(path.join(DIR, f));
files.forEach(([name, nodes], i) => {
  // each tab's comment on its top left, above the samples
  for (const n of nodes) if (n.type === 'comment' && n.x === undefined) Object.assign(n, { x: 220, y: 40 });
  const file = path.join(DIR, `${i + 1} ${name}.json`);
  fs.writeFileSync(file, `[\n${nodes.map((n) => JSON.stringify(n)).join(',\n')}\n]\n`);
});
console.log(`${files.length} templates in ${path.relative(process.cwd(), DIR)}`);
