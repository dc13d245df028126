'use strict';
// Building blocks of the ready-made flows: shared config nodes (identical in every flow file that uses them),
// layout, and small constructors for the core and dashboard nodes the flows use.
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
  /** Dashboard 2.0 (@flowfuse/node-red-dashboard): the app at /dashboard, beside the classic one at /ui. */
  d2Base: {
    id: 'civic-d2-base', type: 'ui-base', name: '羽咋市 スマート農業', path: '/dashboard', appIcon: '',
    includeClientData: true, acceptsClientConfig: ['ui-notification', 'ui-control'], showPathInSidebar: false,
    headerContent: 'page', navigationStyle: 'default', titleBarStyle: 'default', showReconnectNotification: true,
    notificationDisplayTime: 1, showDisconnectNotification: true, allowInstall: false,
  },
  /** The city's green: header bar and buttons #2E7D32, a light green outline around groups. */
  d2Theme: {
    id: 'civic-d2-theme', type: 'ui-theme', name: '羽咋市 (緑)',
    colors: { surface: '#2E7D32', primary: '#2E7D32', bgPage: '#f4f7f4', groupBg: '#ffffff', groupOutline: '#c8e6c9' },
    sizes: { density: 'default', pagePadding: '12px', groupGap: '12px', groupBorderRadius: '6px', widgetGap: '12px' },
  },
};

/**
 * The dashboards a domain tab feeds, with the id part of their link nodes: the classic node-red-dashboard (/ui) and
 * Dashboard 2.0 (/dashboard). Link ids follow one pattern so that each part names the other ends without importing
 * them: domain → dashboards `<p>-to-<key>` → `<p>-<part>-from-<key>`; dashboards → domain `<p>-<part>-to-<key>` →
 * `<p>-from-<key>`. A link to a part that is not deployed is dropped by scripts/flows.js (and by the editor on import).
 */
const PARTS = ['ui', 'd2'];

/** Domain → dashboards: a link out that every dashboard part's matching link in listens to. */
function toDashboards(p, key, z, name) {
  return { id: `${p}-to-${key}`, type: 'link out', z, name, mode: 'link', links: PARTS.map((part) => `${p}-${part}-from-${key}`), wires: [] };
}
/** A dashboard part's entry for one domain output. */
function fromDomain(p, part, key, z, name, wires) {
  return { id: `${p}-${part}-from-${key}`, type: 'link in', z, name, links: [`${p}-to-${key}`], wires: [wires] };
}
/** Dashboard → domain (e.g. acknowledgements). */
function toDomain(p, part, key, z, name) {
  return { id: `${p}-${part}-to-${key}`, type: 'link out', z, name, mode: 'link', links: [`${p}-from-${key}`], wires: [] };
}
/** The domain's entry for what the dashboards send back. */
function fromDashboards(p, key, z, name, wires) {
  return { id: `${p}-from-${key}`, type: 'link in', z, name, links: PARTS.map((part) => `${p}-${part}-to-${key}`), wires: [wires] };
}

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


// ---- Dashboard 2.0 (@flowfuse/node-red-dashboard 1.31): config nodes and widgets with every editor default set ----

/**
 * A page of the Dashboard 2.0 app: /dashboard<path>, grid layout with 6 columns on a phone (a group of width 6 fills the
 * screen, two gauges side by side) and 12 from 768 px (two groups side by side).
 */
function d2Page(id, name, path, icon, order) {
  return {
    id, type: 'ui-page', name, ui: shared.d2Base.id, path, icon, layout: 'grid', theme: shared.d2Theme.id,
    breakpoints: [{ name: 'Default', px: 0, cols: 6 }, { name: 'Tablet', px: 576, cols: 6 }, { name: 'Small Desktop', px: 768, cols: 12 },
      { name: 'Desktop', px: 1024, cols: 12 }],
    order, className: '', visible: 'true', disabled: 'false',
  };
}

/** A group (card) on a page; width 6 = the whole phone screen, half a desktop row. */
function d2Group(id, page, name, order, width = 6) {
  return { id, type: 'ui-group', name, page, width, height: 1, order, showTitle: true, className: '', visible: 'true', disabled: 'false', groupType: 'default' };
}

/** A half gauge; `segs` are the band edges (as in the classic gauge), `colors` the three band colours. */
function d2Gauge(id, z, group, order, label, unit, min, max, segs, colors) {
  const c = colors || ['#00b500', '#e6e600', '#ca3838'];
  const from = segs ? [min, segs[0], segs[1]] : [min];
  return {
    id, type: 'ui-gauge', z, name: label, group, order, value: 'payload', valueType: 'msg', width: 3, height: 3,
    gtype: 'gauge-half', gstyle: 'needle', title: label, alwaysShowTitle: false, floatingTitlePosition: 'top-left',
    units: unit, icon: '', prefix: '', suffix: '', segments: from.map((f, i) => ({ from: f, color: c[i], text: '', textType: 'label' })),
    min, max, sizeThickness: 16, sizeGap: 4, sizeKeyThickness: 8, styleRounded: true, styleGlow: false, className: '', wires: [[]],
  };
}

/** A line chart of the last 24 h (x = arrival time, one line per msg.topic). */
function d2Chart(id, z, group, order, label, yLabel, min, max, extra = {}) {
  return {
    id, type: 'ui-chart', z, group, name: label, label, order, chartType: 'line', category: 'topic', categoryType: 'msg',
    xAxisLabel: '', xAxisProperty: '', xAxisPropertyType: 'timestamp', xAxisType: 'time', xAxisFormat: '', xAxisFormatType: 'auto',
    xmin: '', xmax: '', yAxisLabel: yLabel, yAxisProperty: 'payload', yAxisPropertyType: 'msg', ymin: String(min), ymax: String(max),
    bins: 10, action: 'append', stackSeries: false, pointShape: 'circle', pointRadius: 4, showLegend: true,
    removeOlder: 24, removeOlderUnit: '3600', removeOlderPoints: '2000',
    colors: ['#2E7D32', '#0095FF', '#FF7F0E', '#D62728', '#A347E1', '#8C564B', '#FF9896', '#9467BD', '#C5B0D5'],
    textColor: ['#666666'], textColorDefault: true, gridColor: ['#e5e5e5'], gridColorDefault: true,
    width: 6, height: 5, className: '', interpolation: 'linear', wires: [[]], ...extra,
  };
}

/** A bar chart drawn from an array of {series, x, y} points (replaces its data on every message). */
function d2Bars(id, z, group, order, label, yLabel, ymin) {
  return d2Chart(id, z, group, order, label, yLabel, '', '', {
    chartType: 'bar', category: 'series', categoryType: 'property', xAxisProperty: 'x', xAxisPropertyType: 'property',
    xAxisType: 'category', yAxisProperty: 'y', yAxisPropertyType: 'property', ymin: ymin === '' ? '' : String(ymin), ymax: '',
    action: 'replace', removeOlder: 1, removeOlderPoints: '', height: 6,
  });
}

/** A label and a value; `value` is a JSONata expression on the message (formatting without code). */
function d2Text(id, z, group, order, label, value, width = 6) {
  return {
    id, type: 'ui-text', z, group, order, width, height: 1, name: label, label, format: '{{msg.payload}}', layout: 'row-spread',
    style: false, font: '', fontSize: 16, color: '#717171', wrapText: true, className: '', value, valueType: 'jsonata', wires: [],
  };
}

/**
 * A table whose columns are the keys of the row objects (Japanese names), replaced by every message; it stays a table
 * on a phone (no card layout, whose sort control is English only). With `clickable`, tapping a row sends
 * {action: "row_click", payload: row}.
 */
function d2Table(id, z, group, order, label, clickable = false) {
  return {
    id, type: 'ui-table', z, group, name: label, label, order, width: 6, height: 0, maxrows: 0, passthru: false, autocols: true,
    showSearch: false, deselect: true, selectionType: clickable ? 'click' : 'none', columns: [], mobileBreakpoint: 'sm',
    mobileBreakpointType: 'none', action: 'replace', className: '', wires: [[]],
  };
}

/** A button sending a fixed JSON payload with a fixed topic. */
function d2Button(id, z, group, order, label, icon, topic, payload, wires) {
  return {
    id, type: 'ui-button', z, group, name: label, label, order, width: 6, height: 1, emulateClick: false, tooltip: '', color: '',
    bgcolor: '', className: '', icon, iconPosition: 'left', payload: JSON.stringify(payload), payloadType: 'json', topic, topicType: 'str',
    buttonColor: '', textColor: '', iconColor: '', enableClick: true, enablePointerdown: false, pointerdownPayload: '',
    pointerdownPayloadType: 'str', enablePointerup: false, pointerupPayload: '', pointerupPayloadType: 'str', wires: [wires],
  };
}

/** A toast on every open dashboard (top right, 10 s). */
function d2Notification(id, z, name) {
  return {
    id, type: 'ui-notification', z, ui: shared.d2Base.id, position: 'top right', colorDefault: false, color: '#c62828',
    displayTime: '10', showCountdown: true, outputs: 1, allowDismiss: true, dismissText: '閉じる', allowConfirm: false,
    confirmText: '確認', raw: false, className: '', name, wires: [[]],
  };
}

/** A dashboard part's own editor tab. */
function partTab(id, label, info) {
  return { id, type: 'tab', label, disabled: false, info };
}

module.exports = {
  shared, layout, comment, change, jsonata, move, gauge, chart, PARTS, toDashboards, fromDomain, toDomain, fromDashboards,
  d2Page, d2Group, d2Gauge, d2Chart, d2Bars, d2Text, d2Table, d2Button, d2Notification, partTab,
};
