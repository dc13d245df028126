'use strict';
// 作業記録・報告書: the farm knowledge flow. Growers record their work from a phone form (civic-worklog); daily
// summaries and alerts of the houses are kept as records (civic-farm-records); the season report of a house is
// written when its season ends and on demand, the cultivation manual draft after the simulated seasons
// (civic-farm-report); farming KPIs go to the KPI board. With `npm start` a season simulator (civic-season-sim)
// plays three houses for two seasons in about half a minute, so the log, reports and draft are there to look at.
// farmDomain() is the tab; farmClassic() (/ui) and farmDashboard2() (/dashboard) are its pages.
const {
  shared, layout, comment, change, jsonata, toDashboards, fromDomain, toDomain, fromDashboards, d2Page, d2Group, d2Table, d2Button,
  d2Notification, partTab,
} = require('./common');

const Z = 'farm-tab';
const ZUI = 'farm-ui-flow';
const ZD2 = 'farm-d2-flow';
const SIM_HOUSES = ['farm-a', 'farm-b', 'farm-c'];
const HOUSES = [...SIM_HOUSES, 'house-1', 'house-2'];

/** The records store of the farm flow: an embedded DuckDB file (set PostgreSQL here for a server). */
const store = { id: 'farm-store', type: 'civic-store', name: '農業の記録 (DuckDB)', version: 1, backend: 'duckdb', file: 'civic-iot/farm.duckdb',
  host: '127.0.0.1', port: 5432, database: 'civic', user: 'civic', ssl: false, pseudonymPrefix: 'P-', pseudonymLength: 16, reconnectSeconds: 5 };

const HOT_RULE = [{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 28, forMinutes: 30, keepFiringMinutes: 0, repeatMinutes: 0,
  severity: 'warning', active: 'always', scope: 'device', messageJa: '{device}: 気温が {value}°C です (30°C 超え)', messageEn: '{device}: {value} °C (above 30 °C)' }];

/** The form's choices: work, house, grade, crop (value → label). */
const WORK = [['planting', '定植'], ['training', '誘引'], ['leafRemoval', '摘葉'], ['irrigation', '灌水'], ['fertilising', '施肥'], ['spraying', '防除'],
  ['harvest', '収穫'], ['observation', '生育観察'], ['seasonEnd', '栽培終了'], ['note', 'メモ'], ['sowing', '播種']];
const GRADES = [['shu', '秀'], ['yu', '優'], ['ryo', '良'], ['out', '規格外']];
const CROPS = [['tomato', 'トマト'], ['rice', '水稲'], ['sweetcorn', 'スイートコーン']];
const ACTIONS = [['save', '保存・修正'], ['delete', '削除']];
/** Form fields (the same on both dashboards); choices come from dropdowns kept in flow context. */
const FIELDS = [
  ['date', '日付', 'date', true], ['time', '時刻 (例 08:30)', 'text', false], ['who', '記録者', 'text', true], ['entry', '記録番号 (修正・削除のとき)', 'number', false],
  ['product', '資材名 (施肥・防除)', 'text', false], ['amount', '量 (施肥 kg・灌水 L)', 'number', false], ['dilution', '希釈倍率 (防除)', 'number', false],
  ['area', '面積 m² (防除)', 'number', false], ['synthetic', '化学合成の資材', 'checkbox', false], ['kg', '収量 kg (収穫)', 'number', false],
  ['note', 'メモ', 'multiline', false],
];
const CHOICES = [['work', '作業', WORK], ['house', 'ハウス', HOUSES.map((h) => [h, h])], ['grade', '等級 (収穫)', GRADES], ['crop', '作物 (定植)', CROPS], ['action', '操作', ACTIONS]];

/** Form values + the dropdown choices (flow context) → what civic-worklog takes. */
const FORM_TO_ENTRY = `$merge([payload, {
  "work": $flowContext('farmForm').work ? $flowContext('farmForm').work : 'irrigation',
  "house": $flowContext('farmForm').house ? $flowContext('farmForm').house : 'house-1',
  "grade": $flowContext('farmForm').grade ? $flowContext('farmForm').grade : 'shu',
  "crop": $flowContext('farmForm').crop ? $flowContext('farmForm').crop : 'tomato',
  "action": $flowContext('farmForm').action ? $flowContext('farmForm').action : 'save',
  "entry": payload.entry = 0 ? '' : payload.entry
}])`;

/** The domain tab. */
function farmDomain() {
  const tab = { id: Z, type: 'tab', label: '作業記録・報告書', disabled: false,
    info: '作業記録 (スマートフォンのフォーム)、ハウスの日報と警報の記録、シーズン報告書と栽培手引書の下書き、農業の KPI。npm start ではシーズン再生シミュレータが3ハウス・2作を約20秒で再生します。' };
  const toResult = toDashboards('farm', 'result', Z, '保存の結果 → 画面');
  const toList = toDashboards('farm', 'list', Z, '作業記録の一覧 → 画面');
  const toReports = toDashboards('farm', 'reports', Z, '報告書のリンク → 画面');
  const toKpi = { id: 'farm-to-kpi', type: 'link out', z: Z, name: '農業の KPI → KPIボード', mode: 'link', links: ['kpi-from-farm'], wires: [] };

  const reportList = change('farm-report-rows', Z, 'リンクの表 (フォルダの全報告書)', [jsonata('payload', `[payload.all.{
  "報告書": label,
  "PDF": urls.pdf,
  "HTML": urls.html
}]`)], [[toReports.id]]);
  const manual = { id: 'farm-manual', type: 'civic-farm-report', z: Z, name: '栽培手引書の下書き (トマト)', version: 1, store: store.id, report: 'manual', crop: 'tomato',
    areas: SIM_HOUSES.map((h) => `${h}=1000`).join(', '), timeZone: 'Asia/Tokyo', directory: 'civic-iot/farm-reports', urlPath: 'farm-reports-manual', timeoutSeconds: 120,
    wires: [[reportList.id]] };
  const soil = { id: 'farm-soil-sheet', type: 'civic-farm-report', z: Z, name: '土壌分析シート (公開ページと QR)', version: 1, store: store.id, report: 'soil', crop: 'tomato',
    areas: '', timeZone: 'Asia/Tokyo', directory: 'civic-iot/farm-reports', urlPath: 'farm-soil', publicBaseUrl: '', timeoutSeconds: 120, wires: [[reportList.id]] };
  // every new season report also refreshes the manual draft (it uses the ended seasons) and the house's soil sheet
  const season = { id: 'farm-season-report', type: 'civic-farm-report', z: Z, name: 'シーズン報告書', version: 1, store: store.id, report: 'season', crop: 'tomato',
    areas: '', timeZone: 'Asia/Tokyo', directory: 'civic-iot/farm-reports', urlPath: 'farm-reports', timeoutSeconds: 120, wires: [[reportList.id, manual.id, soil.id]] };
  const soilSamples = { id: 'farm-soil-samples', type: 'inject', z: Z, name: '土壌分析 (シミュレーションの見本)', props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
    repeat: '', crontab: '', once: true, onceDelay: '3', topic: 'soil', payloadType: 'json', wires: [[]],
    payload: JSON.stringify(SIM_HOUSES.map((h, i) => ({ 圃場: h, 採取日: '2025-02-20', pH: 6.4 - 0.2 * i, EC: 0.3 + 0.15 * i, CEC: 18, 硝酸態窒素: 4 + 3 * i,
      可給態リン酸: 30 + 10 * i, 交換性カリ: 35, 交換性石灰: 280, 交換性苦土: 45, 腐植: 4.5 - 0.5 * i, 分析機関: 'シミュレーション' }))) };
  const worklog = { id: 'farm-worklog', type: 'civic-worklog', z: Z, name: '作業記録', version: 1, store: store.id, houses: HOUSES.join(','), timeZone: 'Asia/Tokyo',
    listLimit: 50, wires: [[toResult.id], [toList.id], [season.id]] };
  const recordsId = 'farm-records';
  soilSamples.wires = [[recordsId]];
  const records = { id: recordsId, type: 'civic-farm-records', z: Z, name: '圃場記録', version: 1, store: store.id, batchSize: 500, directory: '', wires: [[toKpi.id]] };
  const metricsSim = { id: 'farm-metrics-sim', type: 'civic-agri-metrics', z: Z, name: '農業指標 (再生: 計測で日を区切る)', version: 1, temperatureMetric: 'airTemperature',
    humidityMetric: 'airHumidity', gddBase: 10, gddMethod: 'mean', addGdd: false, lightSource: 'auto', solarToPpfd: 2.02, rangeMetric: 'airTemperature', rangeLow: 18,
    rangeHigh: 27, timeZone: 'Asia/Tokyo', maxGapMinutes: 90, closeDays: 'readings', latitude: 36.8933, longitude: 136.7789, deficitLow: 3, deficitHigh: 6,
    meanMetrics: 'airHumidity,co2,soilMoisture,soilEC,soilTemperature', wires: [[], [records.id]] };
  const alertSim = { id: 'farm-alert-sim', type: 'civic-alert', z: Z, name: '高温 (30°C 超え)', version: 2, rules: HOT_RULE, preset: '', mutes: [],
    property: 'payload', deviceProperty: 'device.id', siteProperty: 'device.house', lang: 'ja', latitude: 36.8933, longitude: 136.7789, timeZone: 'Asia/Tokyo',
    groupBySite: false, notifyPending: false, tickSeconds: 30, staleMinutes: 15, mailHost: '', mailPort: 587, mailSecurity: 'starttls', mailFrom: '', mailTo: '',
    mailEscalateTo: '', mailStates: ['firing', 'nodata', 'escalated'], wires: [[records.id], []] };
  const sim = { id: 'farm-sim', type: 'civic-season-sim', z: Z, name: 'シーズン再生 (シミュレータ)', version: 1, houses: SIM_HOUSES.join(','), start: '2025-03-01', days: 120,
    seasons: 2, speed: 6, stepMinutes: 30, seed: 7, latitude: 36.8933, longitude: 136.7789, autoStart: true, wires: [[metricsSim.id, alertSim.id], [worklog.id], []] };
  const replay = { id: 'farm-replay', type: 'inject', z: Z, name: 'もう一度再生', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: 'replay',
    payload: '', payloadType: 'date', wires: [[sim.id]] };

  // live houses: readings and alerts the greenhouse flow shares on MQTT
  const metricsLive = { ...metricsSim, id: 'farm-metrics-live', name: '農業指標 (現場: 0時で日を区切る)', closeDays: 'clock' };
  const unwrap = change('farm-unwrap', Z, '計測値メッセージに戻す', [
    { t: 'move', p: 'payload.device', pt: 'msg', to: 'device', tot: 'msg' }, { t: 'move', p: 'payload.units', pt: 'msg', to: 'units', tot: 'msg' },
    { t: 'move', p: 'payload.timestamp', pt: 'msg', to: 'timestamp', tot: 'msg' }, { t: 'move', p: 'payload.meta', pt: 'msg', to: 'meta', tot: 'msg' },
    { t: 'move', p: 'payload.payload', pt: 'msg', to: 'payload', tot: 'msg' }], [[metricsLive.id]]);
  const readingsIn = { id: 'farm-readings-in', type: 'mqtt in', z: Z, name: 'ハウスの計測値', topic: 'civic/+/+/+/reading', qos: '1', datatype: 'json', broker: shared.broker.id,
    nl: false, rap: true, rh: 0, inputs: 0, wires: [[unwrap.id]] };
  const alertsIn = { id: 'farm-alerts-in', type: 'mqtt in', z: Z, name: 'ハウスの警報', topic: 'civic/+/alert/#', qos: '1', datatype: 'json', broker: shared.broker.id,
    nl: false, rap: true, rh: 0, inputs: 0, wires: [[records.id]] };
  metricsLive.wires = [[], [records.id]];

  // KPI: registrations imported into the store, counted there
  const regCsv = { id: 'farm-reg-csv', type: 'civic-csv', z: Z, name: 'CSV読込 (文字コード自動)', version: 1, encoding: 'auto', header: true, delimiter: ',', trim: true, output: 'array', wires: [[]] };
  const regTopic = change('farm-reg-topic', Z, '登録簿として記録', [{ t: 'set', p: 'topic', pt: 'msg', to: 'grower', tot: 'str' }], [[records.id]]);
  regCsv.wires = [[regTopic.id]];
  const regFile = { id: 'farm-reg-file', type: 'file in', z: Z, name: '登録簿', filename: '${CIVIC_SAMPLES}/registrations.csv', filenameType: 'env', format: '', chunk: false,
    sendError: false, encoding: 'none', allProps: false, wires: [[regCsv.id]] };
  const regInject = { id: 'farm-reg-inject', type: 'inject', z: Z, name: '起動時と毎朝6時', props: [], repeat: '', crontab: '00 06 * * *', once: true, onceDelay: '2', topic: '', wires: [[regFile.id]] };
  const kpiInject = { id: 'farm-kpi-inject', type: 'inject', z: Z, name: 'KPI を数える (起動時と毎朝6時5分)', props: [{ p: 'topic', vt: 'str' }], repeat: '', crontab: '05 06 * * *',
    once: true, onceDelay: '8', topic: 'kpi', wires: [[records.id]] };

  // from the dashboards: form submissions, list requests, "write the reports now"
  const formToEntry = change('farm-form-entry', Z, 'フォーム + 選択肢 → 作業記録', [jsonata('payload', FORM_TO_ENTRY), { t: 'delete', p: 'topic', pt: 'msg' }], [[worklog.id]]);
  const choice = change('farm-form-choice', Z, '選択肢を覚える', [jsonata('payload', '$merge([$flowContext("farmForm") ? $flowContext("farmForm") : {}, {topic: payload}])'),
    { t: 'move', p: 'payload', pt: 'msg', to: 'farmForm', tot: 'flow' }], [[]]);
  const route = { id: 'farm-route', type: 'switch', z: Z, name: '画面からの操作', property: 'topic', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'form', vt: 'str' }, { t: 'eq', v: 'list', vt: 'str' }, { t: 'eq', v: 'reports', vt: 'str' }, { t: 'eq', v: 'manual', vt: 'str' },
      { t: 'regex', v: '^(work|house|grade|crop|action)$', vt: 'str' }],
    checkall: 'false', repair: false, outputs: 5, wires: [[formToEntry.id], [worklog.id], [season.id], [manual.id], [choice.id]] };
  const fromUi = fromDashboards('farm', 'actions', Z, '画面から', [route.id]);
  const listAtStart = { id: 'farm-list-start', type: 'inject', z: Z, name: '起動時に一覧', props: [{ p: 'topic', vt: 'str' }, { p: 'payload' }], repeat: '', crontab: '',
    once: true, onceDelay: '4', topic: 'list', payload: '', payloadType: 'str', wires: [[worklog.id]] };

  const notes = [
    comment('farm-intro', Z, '作業記録・報告書: フォーム → 作業記録 → 報告書',
      '生産者がスマートフォンのフォーム (/ui と /dashboard の「作業記録」) から作業を記録します。記録は「農業の記録」(civic-store: DuckDB ファイル) に残り、\n'
      + '記録した人が修正・削除できます。ハウスの日報 (civic-agri-metrics の出力2) と警報も記録し、栽培終了を記録するとシーズン報告書 (HTML・PDF) を作ります。\n'
      + '報告書は /farm-reports/ 、栽培手引書の下書きは /farm-reports-manual/ にあります (一覧のページ付き)。'),
    comment('farm-note-sim', Z, 'シーズン再生 (シミュレータ): 自分の町では消してください',
      '3つのハウス (farm-a, farm-b, farm-c) の2作を約20秒で再生し、作業記録・日報・警報を作ります。管理の上手・下手で収量が変わり、栽培手引書の下書きに差が出ます。\n'
      + '一度再生すると、設定を変えない限り次の起動では再生しません (「もう一度再生」で再生)。'),
    comment('farm-note-live', Z, '現場のハウス: 温室モニタリングのフローが MQTT に送る計測値と警報',
      'house-1, house-2 の計測値から日報を作り (0時で区切る)、警報とあわせて記録します。'),
    comment('farm-note-kpi', Z, '農業の KPI: 登録簿を記録に取り込み、記録から数えて KPI ボードへ',
      '登録簿の CSV を「農業の記録」に取り込み、状態が「営農中」の登録番号を区分 (新規就農者・参入企業) ごとに数えて KPI ボードの「KPIの進捗と評価」に送ります。'),
  ];
  const rows = [
    [notes[0]],
    [fromUi, route, formToEntry, worklog, toResult],
    [null, null, choice, null, toList],
    [listAtStart, null, null, season, reportList, toReports],
    [notes[1]],
    [replay, sim, metricsSim, records, toKpi],
    [soilSamples, null, alertSim, null, manual],
    [null, null, null, null, soil],
    [notes[2]],
    [readingsIn, unwrap, metricsLive],
    [alertsIn],
    [notes[3]],
    [regInject, regFile, regCsv, regTopic],
    [kpiInject],
  ];
  return [tab, ...layout(rows), store, shared.broker];
}

/** A classic ui_dropdown whose choice goes to the domain (topic = field name). */
function uiDropdown(id, group, order, field, label, choices, wires) {
  return { id, type: 'ui_dropdown', z: ZUI, name: label, label, tooltip: '', place: '選んでください', group, order, width: 6, height: 1, passthru: false, multiple: false,
    options: choices.map(([value, text]) => ({ label: text, value, type: 'str' })), payload: '', topic: field, topicType: 'str', className: '', wires: [wires] };
}

/** The classic dashboard (/ui): page 作業記録 with the form, the log and the report links. */
function farmClassic() {
  const uiTab = { id: 'farm-ui-tab', type: 'ui_tab', name: '作業記録', icon: 'fa-pencil-square-o', order: 6, disabled: false, hidden: false };
  const group = (id, name, order) => ({ id, type: 'ui_group', name, tab: uiTab.id, order, disp: true, width: 6, collapse: false, className: '' });
  const gForm = group('farm-ui-form-group', '作業を記録する', 1);
  const gLog = group('farm-ui-log-group', '作業記録', 2);
  const gReports = group('farm-ui-reports-group', '報告書', 3);
  const toDom = toDomain('farm', 'ui', 'actions', ZUI, '→ 作業記録');
  const drops = CHOICES.map(([field, label, choices], i) => uiDropdown(`farm-ui-choice-${field}`, gForm.id, i + 1, field, label, choices, [toDom.id]));
  const formTopic = change('farm-ui-form-topic', ZUI, 'フォームの送信', [{ t: 'set', p: 'topic', pt: 'msg', to: 'form', tot: 'str' }], [[toDom.id]]);
  const form = { id: 'farm-ui-form', type: 'ui_form', z: ZUI, name: '作業記録フォーム', label: '', group: gForm.id, order: CHOICES.length + 1, width: 6, height: 1,
    options: FIELDS.map(([value, label, type, required]) => ({ label, value, type: type === 'multiline' ? 'text' : type, required, rows: null })),
    formValue: Object.fromEntries(FIELDS.map(([k, , type]) => [k, type === 'checkbox' ? false : ''])), payload: '', submit: '保存', cancel: 'クリア',
    topic: 'form', topicType: 'str', splitLayout: '', className: '', wires: [[formTopic.id]] };
  const toast = { id: 'farm-ui-toast', type: 'ui_toast', z: ZUI, position: 'top right', displayTime: '4', highlight: '#2e7d32', sendall: true, outputs: 0, ok: 'OK',
    cancel: '', raw: false, className: '', topic: '', name: '保存の結果', wires: [] };
  const toastText = change('farm-ui-toast-text', ZUI, 'トーストの文', [jsonata('payload', 'payload.message'), jsonata('topic', "payload.ok ? '作業記録' : '保存できませんでした'")], [[toast.id]]);
  const logTable = { id: 'farm-ui-log', type: 'ui_template', z: ZUI, group: gLog.id, name: '作業記録の一覧', order: 1, width: 6, height: 8, storeOutMessages: true, fwdInMessages: false,
    resendOnRefresh: true, templateScope: 'local', className: '', wires: [[]],
    format: `<table style="width:100%;border-collapse:collapse;font-size:13px">
  <tr style="text-align:left;border-bottom:1px solid #ccc"><th>番号</th><th>日時</th><th>ハウス</th><th>内容</th><th>記録者</th></tr>
  <tr ng-repeat="row in msg.payload" style="border-bottom:1px solid #eee"><td>{{row['番号']}}</td><td style="white-space:nowrap">{{row['日時']}}</td><td>{{row['ハウス']}}</td><td>{{row['内容']}}</td><td>{{row['記録者']}}</td></tr>
</table>` };
  const reportLinks = { id: 'farm-ui-reports', type: 'ui_template', z: ZUI, group: gReports.id, name: '報告書のリンク', order: 2, width: 6, height: 5, storeOutMessages: true,
    fwdInMessages: false, resendOnRefresh: true, templateScope: 'local', className: '', wires: [[]],
    format: `<div ng-init="reports = reports || []" style="font-size:14px">
  <p><a href="/farm-reports/" target="_blank">報告書の一覧 (シーズン報告書・栽培手引書の下書き・土壌分析シート)</a></p>
  <div ng-repeat="r in msg.payload">{{r['報告書']}} <a ng-href="{{r.PDF}}" target="_blank">PDF</a> <a ng-href="{{r.HTML}}" target="_blank">HTML</a></div>
</div>` };
  const make = { id: 'farm-ui-make', type: 'ui_button', z: ZUI, name: '報告書を作る', group: gReports.id, order: 1, width: 6, height: 1, passthru: false,
    label: 'すべてのハウスの報告書を作る', tooltip: '', color: '', bgcolor: '', className: '', icon: 'fa-file-pdf-o', payload: '', payloadType: 'str', topic: 'reports', topicType: 'str', wires: [[toDom.id]] };
  const intro = comment('farm-ui-note', ZUI, '作業記録 画面 (/ui)', '選択肢 (作業・ハウスなど) を選んでからフォームを入力して「保存」。記録番号を入れると修正、操作「削除」で削除です。');
  const rows = [
    [intro],
    ...drops.map((d, i) => [i === 0 ? null : null, d, i === 0 ? toDom : null]),
    [null, form, formTopic],
    [fromDomain('farm', 'ui', 'result', ZUI, '保存の結果', [toastText.id]), toastText, toast],
    [fromDomain('farm', 'ui', 'list', ZUI, '作業記録の一覧', [logTable.id]), logTable],
    [fromDomain('farm', 'ui', 'reports', ZUI, '報告書', [reportLinks.id]), reportLinks, make],
  ];
  return [partTab(ZUI, '作業記録 画面 (/ui)', '作業記録のクラシック版ダッシュボード (/ui)。'), ...layout(rows), shared.uiBase, uiTab, gForm, gLog, gReports];
}

/** The Dashboard 2.0 part (/dashboard/farm). */
function farmDashboard2() {
  const page = d2Page('farm-d2-page', '作業記録', '/farm', 'notebook-edit', 6);
  const gForm = d2Group('farm-d2-form-group', page.id, '作業を記録する', 1);
  const gLog = d2Group('farm-d2-log-group', page.id, '作業記録', 2);
  const gReports = d2Group('farm-d2-reports-group', page.id, '報告書', 3);
  const toDom = toDomain('farm', 'd2', 'actions', ZD2, '→ 作業記録');
  const drops = CHOICES.map(([field, label, choices], i) => ({
    id: `farm-d2-choice-${field}`, type: 'ui-dropdown', z: ZD2, group: gForm.id, name: label, label, tooltip: '', order: i + 1, width: 6, height: 1, passthru: false,
    multiple: false, chips: false, clearable: false, options: choices.map(([value, text]) => ({ label: text, value, type: 'str' })), payload: '', topic: field,
    topicType: 'str', className: '', typeIsComboBox: true, msgTrigger: 'onChange', wires: [[toDom.id]],
  }));
  const formTopic = change('farm-d2-form-topic', ZD2, 'フォームの送信', [{ t: 'set', p: 'topic', pt: 'msg', to: 'form', tot: 'str' }], [[toDom.id]]);
  const form = { id: 'farm-d2-form', type: 'ui-form', z: ZD2, group: gForm.id, name: '作業記録フォーム', label: '', order: CHOICES.length + 1, width: 6, height: 1,
    options: FIELDS.map(([key, label, type, required]) => ({ label, key, type, required, rows: type === 'multiline' ? 3 : null })),
    formValue: Object.fromEntries(FIELDS.map(([k, , type]) => [k, type === 'checkbox' ? false : ''])), payload: '', submit: '保存', cancel: 'クリア', resetOnSubmit: true,
    topic: 'form', topicType: 'str', splitLayout: '', className: '', passthru: false, dropdownOptions: [], wires: [[formTopic.id]] };
  const note = d2Notification('farm-d2-toast', ZD2, '保存の結果');
  Object.assign(note, { color: '#2e7d32', displayTime: '4' });
  const noteText = change('farm-d2-toast-text', ZD2, '通知の文', [jsonata('payload', 'payload.message')], [[note.id]]);
  const logTable = d2Table('farm-d2-log', ZD2, gLog.id, 1, '作業記録');
  const reportTable = { ...d2Table('farm-d2-reports', ZD2, gReports.id, 2, '報告書'), autocols: false, columns: [
    { title: '報告書', key: '報告書', keyType: 'key', type: 'text', width: '', align: 'start' },
    { title: 'PDF', key: 'PDF', keyType: 'key', type: 'link', width: '', align: 'start' }], action: 'replace' };
  const make = d2Button('farm-d2-make', ZD2, gReports.id, 1, 'すべてのハウスの報告書を作る', 'file-pdf-box', 'reports', '', [toDom.id]);
  const intro = comment('farm-d2-intro', ZD2, '作業記録 画面 (Dashboard 2.0): /dashboard/farm', '選択肢を選んでからフォームを入力して「保存」。記録番号を入れると修正、操作「削除」で削除。');
  const rows = [
    [intro],
    ...drops.map((d, i) => [null, d, i === 0 ? toDom : null]),
    [null, form, formTopic],
    [fromDomain('farm', 'd2', 'result', ZD2, '保存の結果', [noteText.id]), noteText, note],
    [fromDomain('farm', 'd2', 'list', ZD2, '作業記録の一覧', [logTable.id]), logTable],
    [fromDomain('farm', 'd2', 'reports', ZD2, '報告書', [reportTable.id]), reportTable, make],
  ];
  return [partTab(ZD2, '作業記録 画面 (Dashboard 2.0)', '作業記録の Dashboard 2.0 版 (/dashboard/farm)。'), ...layout(rows), shared.d2Base, shared.d2Theme, page, gForm, gLog, gReports];
}

module.exports = { farmDomain, farmClassic, farmDashboard2, HOUSES, SIM_HOUSES };
