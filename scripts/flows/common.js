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


module.exports = { shared, layout, comment, change, jsonata, move, gauge, chart };
