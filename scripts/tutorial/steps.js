'use strict';
/* global window, document, getComputedStyle -- page.evaluate / waitForFunction bodies run in the browser */
// The ten steps of docs/tutorial-ja.md, driven in the real Node-RED editor with playwright-core the way a city
// employee does them: nodes dragged from the palette, wires drawn port to port, dialogs filled, 「デプロイ」 pressed.
// Shared by the screenshot script (scripts/tutorial-screenshots.js) and the editor test (test/browser/tutorial.test.ts)
// so that the pictures in the tutorial are of exactly what the test checks.
//
// The case (issue 17, case 1): a river gauge on LoRaWAN measures the distance from its mount to the water surface
// (CayenneLPP channel 1, type 130 "distance" in m); water level = mount height 4.2 m − distance; civic-alert with
// the river-level preset; a Dashboard 2.0 gauge and civic-d2-alert-toast.

/** The things a reader types, in one place (the tutorial quotes them). */
const CASE = {
  topic: 'v3/hakui-river@hakui/devices/+/up',
  mountHeight: 4.2,
  metric: 'waterLevel',
  channel: '1',
  unit: 'm',
  gaugeTitle: '羽咋川の水位',
  page: '河川水位',
  pagePath: '/river',
  group: '羽咋川 的場',
};

const CHART = '#red-ui-workspace-chart';

/** One TTS v3 uplink of the river gauge: CayenneLPP channel 1, type 130 (distance, 4 bytes, mm). */
function uplink(device, distanceMetres, fCnt = 1) {
  const frame = Buffer.alloc(6);
  frame[0] = 1;
  frame[1] = 130;
  frame.writeUInt32BE(Math.round(distanceMetres * 1000), 2);
  const now = new Date().toISOString();
  return {
    topic: CASE.topic.replace('+', device),
    payload: {
      end_device_ids: { device_id: device, application_ids: { application_id: 'hakui-river' }, dev_eui: '70B3D57ED0001234' },
      received_at: now,
      uplink_message: { f_port: 1, f_cnt: fCnt, frm_payload: frame.toString('base64'), received_at: now },
    },
  };
}

const pause = (page, ms) => page.waitForTimeout(ms);

/** The client position of a workspace point (the chart scrolls; Node-RED places a dropped node where it lands). */
async function chartPoint(page, x, y) {
  const box = await page.locator(CHART).boundingBox();
  const scroll = await page.evaluate((sel) => { const c = document.querySelector(sel); return { l: c.scrollLeft, t: c.scrollTop }; }, CHART);
  return { x: box.x + x - scroll.l, y: box.y + y - scroll.t };
}

/** Drags a node from the palette onto the workspace at (x, y) and returns its id. */
async function place(page, type, x, y) {
  const before = await page.evaluate(() => { const ids = []; window.RED.nodes.eachNode((n) => ids.push(n.id)); return ids; });
  const entry = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
  await entry.scrollIntoViewIfNeeded();
  const from = await entry.boundingBox();
  const to = await chartPoint(page, x, y);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await page.waitForFunction(([t, ids]) => {
    let found = false;
    window.RED.nodes.eachNode((n) => { if (n.type === t && !ids.includes(n.id)) found = true; });
    return found;
  }, [type, before], { timeout: 10000 });
  return page.evaluate(([t, ids]) => {
    let id;
    window.RED.nodes.eachNode((n) => { if (n.type === t && !ids.includes(n.id)) id = n.id; });
    return id;
  }, [type, before]);
}

/** Draws a wire from output `port` of one node to the input of another, with the mouse. */
async function wire(page, fromId, port, toId) {
  const out = page.locator(`[id="${fromId}"] .red-ui-flow-port-output`).nth(port);
  const inp = page.locator(`[id="${toId}"] .red-ui-flow-port-input`).first();
  const a = await out.boundingBox();
  const b = await inp.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(([f, p, t]) => window.RED.nodes.filterLinks({ source: window.RED.nodes.node(f), sourcePort: p })
    .some((l) => l.target.id === t), [fromId, port, toId], { timeout: 10000 });
}

/** Opens a node's dialog by double-clicking it on the workspace. */
async function open(page, id) {
  await page.locator(`[id="${id}"] .red-ui-flow-node`).first().dblclick();
  await page.waitForSelector('.red-ui-tray .red-ui-tray-body .form-row', { timeout: 20000 });
  await pause(page, 400);                                   // oneditprepare builds tables and typedInputs
}

/** The title of the topmost dialog (trays stack: a config node's dialog opens over the node's). */
function trayTitle(page) {
  return page.evaluate(() => {
    const trays = Array.from(document.querySelectorAll('.red-ui-tray')).filter((t) => getComputedStyle(t).display !== 'none');
    return trays.length ? `${trays.length}:${trays[trays.length - 1].querySelector('.red-ui-tray-titlebar')?.textContent ?? ''}` : '';
  });
}

async function titleChanges(page, before) {
  await page.waitForFunction((b) => {
    const trays = Array.from(document.querySelectorAll('.red-ui-tray')).filter((t) => getComputedStyle(t).display !== 'none');
    const now = trays.length ? `${trays.length}:${trays[trays.length - 1].querySelector('.red-ui-tray-titlebar')?.textContent ?? ''}` : '';
    return now !== b;
  }, before, { timeout: 15000 });
  await pause(page, 400);
}

/** Presses 完了 (or 追加 / 更新 in a config dialog) in the topmost dialog and waits for it to close. */
async function done(page) {
  const before = await trayTitle(page);
  await page.locator('.red-ui-tray').last().locator('.red-ui-tray-toolbar button.primary').click();
  await titleChanges(page, before);
}

/**
 * Opens the dialog of the config node a field names (the pencil button), or of a new one (the + button) when the
 * field names none yet.
 */
async function openConfig(page, field, prefix = 'node-input') {
  const before = await trayTitle(page);
  const value = await page.locator(`#${prefix}-${field}`).inputValue();
  await page.locator(`#${prefix}-btn-${field}-${value && value !== '_ADD_' ? 'edit' : 'add'}`).click();
  await titleChanges(page, before);
}

async function fill(page, selector, value) {
  const el = page.locator(selector).first();
  await el.fill(String(value));
  await el.dispatchEvent('change');
}

/** Types a typedInput's value (the visible input beside the type menu). */
async function fillTyped(page, id, value) {
  const input = page.locator(`#${id}`).locator('xpath=..').locator('input.red-ui-typedInput-input');
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

/** Deploys with the 「デプロイ」 button and waits until the editor says it is done. */
async function deploy(page) {
  await page.locator('#red-ui-header-button-deploy').click();
  await page.waitForFunction(() => !window.RED.nodes.dirty(), null, { timeout: 30000 });
  await pause(page, 500);
}

/**
 * The ten steps. `opts.broker` = { host, port } of the MQTT broker; `opts.shot(name)` (optional) is called at
 * the end of each step for its screenshot, after the dialog of the step was filled and before it is closed.
 * Returns the ids of the nodes placed.
 */
async function buildTutorial(page, opts) {
  const shot = opts.shot || (async () => {});
  const ids = {};

  // 1. the palette's シビックIoT category: a new, empty flow tab
  await page.locator('#red-ui-palette-header-civic_iot').scrollIntoViewIfNeeded();
  await shot('01-palette');

  // 2. mqtt in: the network server's broker and the application's uplink topic
  ids.mqtt = await place(page, 'mqtt in', 110, 120);
  await open(page, ids.mqtt);
  await fill(page, '#node-input-topic', CASE.topic);
  await openConfig(page, 'broker');
  await fill(page, '#node-config-input-broker', opts.broker.host);
  await fill(page, '#node-config-input-port', opts.broker.port);
  await fill(page, '#node-config-input-name', 'LoRaWAN ネットワークサーバ');
  await done(page);                                          // the broker dialog
  await fill(page, '#node-input-name', '河川水位センサー');
  await shot('02-mqtt-in');
  await done(page);

  // 3. センサー解読: reads the uplink; wired after mqtt in
  ids.decode = await place(page, 'civic-sensor-decode', 320, 120);
  await wire(page, ids.mqtt, 0, ids.decode);
  await open(page, ids.decode);
  await fill(page, '#node-input-name', '水位を計算');
  await shot('03-sensor-decode');

  // 4. a naming row: channel 1 (distance) → waterLevel = 4.2 − x, in m
  await page.locator('.node-input-mapping-container-row .red-ui-editableList-addButton').click();
  const row = page.locator('#node-input-mapping-container > li').last();
  await row.locator('.civic-cell-from').fill(CASE.channel);
  await row.locator('.civic-cell-to').fill(CASE.metric);
  await row.locator('.civic-cell-unit').fill(CASE.unit);
  await row.locator('.civic-cell-formula').selectOption('minus');
  await row.locator('.civic-cell-scale').fill('1');
  await row.locator('.civic-cell-offset').fill(String(CASE.mountHeight));
  await row.scrollIntoViewIfNeeded();
  await shot('04-water-level-row');
  await done(page);

  // 5. 警報ルール with the river-level preset (the four official levels of a gauge)
  ids.alert = await place(page, 'civic-alert', 520, 120);
  await wire(page, ids.decode, 0, ids.alert);
  await open(page, ids.alert);
  await fill(page, '#node-input-name', '羽咋川の水位警報');
  await page.locator('#civic-alert-preset').selectOption('river-level');
  await page.locator('#civic-alert-apply').click();
  await page.waitForFunction(() => document.querySelectorAll('#node-input-rule-container > li').length >= 5, null, { timeout: 10000 });
  // adding rows scrolls the table to its last row: show it from the first level
  await page.locator('.node-input-rule-container-row .red-ui-editableList-container').evaluate((el) => { el.scrollTop = 0; });
  await page.locator('#civic-alert-preset').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot('05-river-preset');
  await done(page);

  // 6. a Dashboard 2.0 gauge: Dashboard 2.0 gives it a first dashboard, page and group; name them here
  ids.gauge = await place(page, 'ui-gauge', 520, 340);
  await wire(page, ids.decode, 0, ids.gauge);
  await open(page, ids.gauge);
  await openConfig(page, 'group');                           // ui-group
  await fill(page, '#node-config-input-name', CASE.group);
  await openConfig(page, 'page', 'node-config-input');       // ui-page
  await fill(page, '#node-config-input-name', CASE.page);
  await fill(page, '#node-config-input-path', CASE.pagePath);
  // an older Dashboard 2.0 makes no dashboard or theme by itself: 追加 with their defaults
  for (const field of ['ui', 'theme']) {
    const value = await page.locator(`#node-config-input-${field}`).inputValue();
    if (!value || value === '_ADD_') { await openConfig(page, field, 'node-config-input'); await done(page); }
  }
  await shot('06-dashboard-page');
  await done(page);                                          // ui-page
  await done(page);                                          // ui-group

  // 7. the gauge shows msg.payload.waterLevel from 0 to 4 m, coloured at the caution and evacuation levels
  await fillTyped(page, 'node-input-value', `payload.${CASE.metric}`);
  await fill(page, '#node-input-title', CASE.gaugeTitle);
  await fill(page, '#node-input-units', CASE.unit);
  await fill(page, '#node-input-min', '0');
  await fill(page, '#node-input-max', '4');
  // the colour bands start at 0, the caution level 1.7 m and the evacuation level 2.0 m (the preset's values)
  const froms = page.locator('#node-input-segments-container .node-input-segment-from');
  for (const [i, v] of ['0', '1.7', '2'].entries()) if (i < await froms.count()) await froms.nth(i).fill(v);
  await page.locator('#node-input-value').locator('xpath=../..').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot('07-gauge');
  await done(page);

  // 8. 警報の通知 (Dashboard 2.0): a toast for every alert that fires
  ids.toast = await place(page, 'civic-d2-alert-toast', 580, 240);
  await wire(page, ids.alert, 0, ids.toast);
  await open(page, ids.toast);
  await fill(page, '#node-input-name', '水位警報の通知');
  // the dashboard made in step 6 (the + button would make a second one)
  const base = await page.locator('#node-input-ui option').evaluateAll((os) => os.map((o) => o.value).find((v) => v && v !== '_ADD_'));
  await page.locator('#node-input-ui').selectOption(base);
  await shot('08-alert-toast');
  await done(page);

  // 9. デプロイ
  await deploy(page);
  return ids;
}

module.exports = { CASE, uplink, buildTutorial, place, wire, open, done, deploy, openConfig, fill, fillTyped };
