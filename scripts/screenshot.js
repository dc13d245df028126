#!/usr/bin/env node
'use strict';
// Takes screenshots of the running dashboard (npm start) with Debian's chromium through playwright-core:
//   node scripts/screenshot.js [url] [out.png] [--phone] [--wait=<css selector>]
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function shoot(url, out, phone, waitFor = 'md-card svg text') {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage(phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, locale: 'ja-JP' }
      : { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(waitFor, { timeout: 20000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
}

module.exports = { shoot, CHROMIUM_ARGS };

if (require.main === module) {
  const [url = 'http://127.0.0.1:1880/ui/', out = 'test-output/dashboard.png'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  require('fs').mkdirSync(require('path').dirname(out), { recursive: true });
  const wait = process.argv.find((a) => a.startsWith('--wait='));
  shoot(url, out, process.argv.includes('--phone'), wait ? wait.slice(7) : undefined).then(() => console.log(out), (err) => { console.error(err.message); process.exit(1); });
}
