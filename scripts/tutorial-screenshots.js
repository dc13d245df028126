#!/usr/bin/env node
'use strict';
/* global window, document -- page.waitForFunction bodies run in the browser */
// Takes the screenshots of docs/tutorial-ja.md from the real editor and dashboard: starts mosquitto and a Node-RED
// with this pack (test/helpers/node-red-process: temp user dir, free port, no tours, no telemetry), drives Debian's
// chromium (playwright-core; never `playwright install`) through the ten steps of scripts/tutorial/steps.js in a
// Japanese editor, feeds the river gauge's uplinks and writes docs/img/tutorial/NN-*.png.
//   npm run docs:screenshots          (builds first; needs mosquitto and chromium)
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'docs', 'img', 'tutorial');
const { CHROMIUM_ARGS } = require('./screenshot');
const steps = require('./tutorial/steps');

/** Publishes the river gauge's uplinks (distance to the water in m) on the broker. */
async function publish(port, readings) {
  const mqtt = require('mqtt');
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`);
  try {
    for (const [i, d] of readings.entries()) {
      const up = steps.uplink('hakui-river-01', d, i + 1);
      await client.publishAsync(up.topic, JSON.stringify(up.payload), { qos: 1 });
    }
  } finally {
    await client.endAsync();
  }
}

async function main() {
  const { startNodeRed } = require(path.join(root, 'dist', 'test', 'helpers', 'node-red-process.js'));
  const { startMosquitto, findBinary } = require(path.join(root, 'dist', 'test', 'helpers', 'servers.js'));
  const { chromium } = require('playwright-core');
  fs.mkdirSync(out, { recursive: true });
  const broker = await startMosquitto();
  const nr = await startNodeRed([{ id: 'tutorial-tab', type: 'tab', label: '河川水位' }], { lang: 'ja' }, { LANG: 'ja_JP.UTF-8' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || findBinary('chromium') || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const written = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
    const shot = async (name, target = page) => {
      const file = path.join(out, `${name}.png`);
      await target.screenshot({ path: file });
      written.push(file);
    };
    await page.goto(`http://127.0.0.1:${nr.port}/`);
    await page.waitForFunction(() => window.RED?.nodes?.getType?.('civic-alert') && document.querySelector('.red-ui-palette-node'), null, { timeout: 60000 });
    await steps.buildTutorial(page, { broker: { host: '127.0.0.1', port: broker.port }, shot }).catch(async (err) => {
      // TUTORIAL_DEBUG=<file.png>: the editor as it was when a step failed
      if (process.env.TUTORIAL_DEBUG) await page.screenshot({ path: process.env.TUTORIAL_DEBUG });
      throw err;
    });

    // 9. the deployed flow with its status texts after the first uplinks (1.2 m, then 1.8 m: 氾濫注意水位)
    await publish(broker.port, [3.0, 2.4]);
    await page.waitForFunction(() => /警報/.test(document.querySelector('#red-ui-workspace-chart')?.textContent ?? ''), null, { timeout: 30000 });
    await page.waitForTimeout(1000);
    await shot('09-deployed');

    // 10. the dashboard on a phone: the gauge and the toast of the evacuation level
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'ja-JP' });
    await phone.goto(`http://127.0.0.1:${nr.port}/dashboard${steps.CASE.pagePath}`);
    await phone.waitForSelector('.nrdb-ui-gauge, .nrdb-ui-widget', { timeout: 60000 });
    await phone.waitForTimeout(1500);
    await publish(broker.port, [2.15]);
    await phone.locator('.v-snackbar__content, .nrdb-ui-notification').first().waitFor({ timeout: 30000 });
    await phone.waitForTimeout(1500);
    await shot('10-dashboard-phone', phone);
  } finally {
    await browser.close();
    await nr.stop();
    await broker.stop();
  }
  for (const f of written) console.log(`${path.relative(root, f)} ${Math.round(fs.statSync(f).size / 1024)} kB`);
}

main().catch((err) => { console.error(err); process.exit(1); });
