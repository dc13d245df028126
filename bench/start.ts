// `npm start` to the first live value: how long a user waits after starting the demo until (1) the dashboard
// address is printed, (2) the first greenhouse reading is shared on MQTT, (3) the temperature gauge of /ui shows a
// number in Chromium. The browser test only waits for the value (generously); the time is measured here, on a quiet
// machine, as the median of a few fresh starts (each with a new user dir: the first start deploys the flows).
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { findBinary, freePort } from '../test/helpers/servers';

const root = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
const GOAL_S = 10;

interface Times { ready: number; reading: number; screen?: number }

async function firstScreenValue(port: number, until: number): Promise<boolean> {
  const { chromium } = require('playwright-core');
  const { CHROMIUM_ARGS } = require(path.join(root, 'scripts', 'screenshot.js'));
  const browser = await chromium.launch({ executablePath: findBinary('chromium'), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`http://127.0.0.1:${port}/ui/`);
    while (Date.now() < until) {
      const value = await page.evaluate(() => {
        const card = Array.from(document.querySelectorAll('md-card')).find((c) => c.textContent?.includes('気温') && c.querySelector('svg'));
        return (card ? Array.from(card.querySelectorAll('svg text')).map((t) => t.textContent ?? '') : [])
          .find((t) => /^-?\d+(\.\d+)?$/.test(t) && t !== '0' && t !== '40');
      });
      if (value) return true;
      await page.waitForTimeout(100);
    }
    return false;
  } finally {
    await browser.close();
  }
}

async function oneStart(withBrowser: boolean): Promise<Times> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-bench-start-'));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CIVIC_PORT: String(port), CIVIC_MQTT_PORT: String(mqttPort), CIVIC_USER_DIR: userDir },
  });
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  child.stderr?.on('data', (d) => { out += d; });
  try {
    const until = started + 120000;
    while (!out.includes('dashboard: http')) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`not ready:\n${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const ready = Date.now() - started;
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`);
    const reading = await new Promise<number>((resolve) => {
      client.on('message', () => resolve(Date.now() - started));
      void client.subscribeAsync('civic/+/+/+/reading');
    });
    await client.endAsync();
    const screen = withBrowser && await firstScreenValue(port, until) ? Date.now() - started : undefined;
    return { ready, reading, screen };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const t = setTimeout(() => child.kill('SIGKILL'), 15000);
      child.once('exit', () => { clearTimeout(t); resolve(); });
      child.kill('SIGINT');
    });
    fs.rmSync(userDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const withBrowser = findBinary('chromium') !== undefined;
  const runs: Times[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneStart(withBrowser));
  const screens = runs.map((r) => r.screen).filter((x): x is number => x !== undefined);
  console.log(`npm start, ${RUNS} fresh starts (median)                  measured   goal`);
  console.log(`  dashboard address printed                         ${seconds(median(runs.map((r) => r.ready))).padStart(8)}`);
  console.log(`  first greenhouse reading on MQTT                  ${seconds(median(runs.map((r) => r.reading))).padStart(8)}`);
  console.log(`  first temperature on /ui (Chromium)               ${seconds(screens.length ? median(screens) : undefined).padStart(8)}   ≤ ${GOAL_S} s`
    + (withBrowser ? '' : '  (chromium not installed)'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
