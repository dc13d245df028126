// Runs the ready-made flows the way `npm start` does (scripts/start.js in a child process, with a temp user dir,
// free ports and the embedded broker), after preparing what the wellness flow needs: its folders and the
// generated HMAC key in the encrypted credentials file. Used by the flow tests and the browser tests.
import assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { freePort } from '../helpers/servers';
import { waitFor } from '../helpers/wait';
import { decodeBytes, parseCsv } from '../../lib/csv';

// the poll many flow and browser tests import from here; it lives with the other test helpers
export { waitFor };

export const root = path.resolve(__dirname, '..', '..', '..');
 
const { assembleFlows } = require(path.join(root, 'scripts', 'flows.js'));
 
const credentials = require(path.join(root, 'scripts', 'credentials.js'));
 
const wellness = require(path.join(root, 'scripts', 'flows', 'wellness.js'));

export interface ReadyMade {
  port: number;
  mqttPort: number;
  userDir: string;
  secret: string;
  /** wellness folders: inbox, outbox, internal, reports */
  folders: { dir: string; inbox: string; outbox: string; internal: string; reports: string };
  output(): string;
  /** GET a JSON document from the Node-RED admin API */
  get(p: string): Promise<any>;
  /** POST to the admin API (e.g. /inject/<id> presses an inject node) */
  post(p: string): Promise<number>;
  /** A node's context value, read through the admin API */
  context(nodeId: string, key: string): Promise<any>;
  stop(): Promise<void>;
}

function request(port: number, method: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Files in `dir` whose names match `re`. */
export function filesIn(dir: string, re: RegExp): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => path.join(dir, f)) : [];
}

/**
 * The first file in `dir` whose name matches `re`, with what `read` makes of it once it is whole: the core file-out
 * node creates a file, then writes it, so a full test run at times saw a file before its last byte. `read` throws or
 * returns undefined while the file is not whole.
 */
export function wholeFileIn<T>(dir: string, re: RegExp, read: (file: string) => T | undefined, what: string, ms?: number): Promise<{ file: string; value: T }> {
  return waitFor(() => {
    const [file] = filesIn(dir, re);
    const value = file === undefined ? undefined : read(file);
    return value === undefined ? undefined : { file, value };
  }, what, ms);
}

/** The parsed JSON in `file` (throws while the file is not whole). */
export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Starts scripts/start.js on free ports with a fresh user dir prepared for the ready-made flows; `dashboard` is
 * CIVIC_DASHBOARD (both, classic or dashboard2; default both).
 */
/**
 * Runs `npm start` (scripts/start.js) on free ports with a temp user dir; `env` adds variables such as MQTT_URL
 * and INFLUX_URL to run it against real servers.
 */
export async function startReadyMade(options: { dashboard?: string; env?: Record<string, string> } = {}): Promise<ReadyMade> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-ready-'));
  const secret = crypto.randomBytes(24).toString('hex');
  const dashboard = options.dashboard ?? 'both';
  const flows = assembleFlows(path.join(root, 'flows'), dashboard);
  credentials.ensureReadyMadeCredentials(userDir, secret, flows);
  // a small demo town keeps the wellness platform's start-up analyses light in tests (npm start: 20,000 residents)
  const residents = process.env.CIVIC_WELLNESS_RESIDENTS || '3000';
  const env: Record<string, string> = { ...wellness.wellnessEnv(userDir, { residents: Number(residents) }), CIVIC_WELLNESS_RESIDENTS: residents };
  const port = await freePort();
  const mqttPort = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root,
    env: { ...process.env, ...env, CIVIC_USER_DIR: userDir, CIVIC_PORT: String(port), CIVIC_MQTT_PORT: String(mqttPort),
      CIVIC_CREDENTIAL_SECRET: secret, CIVIC_HOST: '127.0.0.1', MQTT_URL: '', INFLUX_URL: '', CIVIC_DASHBOARD: dashboard,
      CIVIC_MODBUS_PORT: String(await freePort()), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
      child.kill('SIGINT');
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(userDir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => (child.exitCode !== null ? Promise.reject(new Error(`exited ${child.exitCode}`))
      : output.includes('dashboard: http') ? true : undefined), `npm start\n${output}`, 40000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`, { cause: err });
  }
  const api: ReadyMade = {
    port, mqttPort, userDir, secret, folders: wellness.wellnessFolders(userDir),
    output: () => output,
    async get(p) {
      const r = await request(port, 'GET', p);
      if (r.status !== 200) throw new Error(`GET ${p}: ${r.status}`);
      return JSON.parse(r.body);
    },
    async post(p) {
      return (await request(port, 'POST', p)).status;
    },
    async context(nodeId, key) {
      const r = await api.get(`/context/node/${encodeURIComponent(nodeId)}/${encodeURIComponent(key)}?store=file`);
      return r && typeof r.msg === 'string' && r.format !== 'undefined' ? JSON.parse(r.msg) : undefined;
    },
    stop,
  };
  return api;
}

/** The latest KPI records once the board has all of `ids`. */
export async function boardWith(demo: ReadyMade, ids: string[], ms = 30000): Promise<Record<string, any>> {
  return waitFor(async () => {
    const board = await demo.context('kpi-progress', 'kpiBoard');
    return board && ids.every((id) => board.latest?.[id]) ? board.latest : undefined;
  }, `KPI board with ${ids.join(', ')}`, ms);
}

/** Waits for one greenhouse reading with an air temperature on the broker, then presses 今すぐ集計 until the board has the field KPI. */
export async function flushFieldKpi(demo: ReadyMade): Promise<void> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${demo.mqttPort}`);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no greenhouse reading with airTemperature in 20 s')), 20000);
      client.on('message', (_t, buf) => {
        try {
          if (typeof JSON.parse(buf.toString()).payload?.airTemperature === 'number') { clearTimeout(timer); resolve(); }
        } catch { /* not JSON */ }
      });
      client.subscribe('civic/+/+/+/reading');
    });
  } finally {
    client.end(true);
  }
  // the KPI flow's own subscription can pass the reading on to window-stats later than a fixed pause on a busy machine,
  // and a press before that shows nothing: press again until the board shows the KPI (the 24 h window keeps readings)
  const deadline = Date.now() + 30000;
  await new Promise((r) => setTimeout(r, 500));
  for (;;) {
    assert.strictEqual(await demo.post('/inject/kpi-field-flush'), 200);
    if (await boardWith(demo, ['field-temp-in-range'], 3000).then(() => true, () => false) || Date.now() > deadline) return;
  }
}

// the two errors node-red-dashboard 3.x always logs (docs/toolchain.md): /ui/loading.html 404 and the SideNav warning
/** Subscribes to the alert events and shared readings the greenhouse flow publishes, collecting them. */
export async function watchGreenhouseTopics(mqttPort: number): Promise<{ client: mqtt.MqttClient; alertEvents: any[]; readings: any[] }> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`);
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const alertEvents: any[] = [];
  const readings: any[] = [];
  client.on('message', (topic, body) => {
    const msg = JSON.parse(body.toString());
    if (topic.startsWith('civic/hakui/alert/')) alertEvents.push(msg);
    else readings.push(msg);
  });
  await client.subscribeAsync(['civic/hakui/alert/#', 'civic/hakui/+/+/reading']);
  return { client, alertEvents, readings };
}

/** Fails when any name, number or address of the sample KDB input appears on the page (or in its model). */
export async function assertNoInputIdentifierOnPage(page: any): Promise<void> {
  await page.waitForTimeout(1000);
  const html: string = await page.content();
  const sample = parseCsv(decodeBytes(fs.readFileSync(path.join(root, 'flows', 'samples', 'kdb-sample.csv'))).text).rows as Array<Record<string, string>>;
  for (const r of sample) {
    for (const f of ['氏名', '個人番号', '電話番号', '宛名番号', '住所', '介護保険被保険者番号']) {
      assert.ok(!html.includes(r[f]), `${f} of an input row is on the page`);
    }
  }
}

export const HARMLESS_CONSOLE = [/loading\.html/, /SideNav 'left' is not available/, /Failed to load resource.*404/];

/** Opens a dashboard page by its menu name in headless Chromium (phone size); collects console errors. */
export async function openDashboardPage(demo: ReadyMade, tabName: string): Promise<{ browser: any; page: any; errors: string[] }> {
   
  const { chromium } = require('playwright-core');
   
  const { CHROMIUM_ARGS } = require(path.join(root, 'scripts', 'screenshot.js'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'ja-JP' });
  const errors: string[] = [];
  page.on('console', (m: any) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e: Error) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${demo.port}/ui/`);
  await page.waitForSelector('md-sidenav md-list-item', { state: 'attached', timeout: 20000 });
  const names: string[] = await page.evaluate(() => Array.from(document.querySelectorAll('md-sidenav md-list-item')).map((e) => (e.textContent ?? '').trim()));
  const index = names.indexOf(tabName);
  if (index < 0) throw new Error(`no dashboard page ${tabName} in ${names.join(', ')}`);
  await page.goto(`http://127.0.0.1:${demo.port}/ui/#!/${index}`);
  return { browser, page, errors };
}

/** Text of `selector` once it matches `re` (the widget has received its data). */
export async function textOf(page: any, selector: string, re: RegExp, ms = 20000): Promise<string> {
  return waitFor(async () => {
    const t: string | null = await page.evaluate((s: string) => document.querySelector(s)?.textContent ?? null, selector);
    return t !== null && re.test(t.trim()) ? t.trim() : undefined;
  }, `${selector} matching ${re}`, ms);
}

/** Takes a full-page screenshot into test-output/ (git-ignored). */
export async function screenshot(page: any, name: string): Promise<string> {
  const dir = path.join(root, 'test-output');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Console errors Dashboard 2.0 1.31 may log that do not come from our flows: none are expected; this list stays
 * empty unless a known harmless one is found (then with the reason beside it).
 */
export const HARMLESS_CONSOLE_D2: RegExp[] = [];

/** Opens a Dashboard 2.0 page (/dashboard/<path>) in headless Chromium; phone size unless `desktop`; collects console errors. */
export async function openDashboard2Page(demo: ReadyMade, pagePath: string, desktop = false): Promise<{ browser: any; page: any; errors: string[] }> {
   
  const { chromium } = require('playwright-core');
   
  const { CHROMIUM_ARGS } = require(path.join(root, 'scripts', 'screenshot.js'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage(desktop ? { viewport: { width: 1280, height: 1000 }, locale: 'ja-JP' }
    : { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, locale: 'ja-JP' });
  const errors: string[] = [];
  page.on('console', (m: any) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e: Error) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${demo.port}/dashboard${pagePath}`);
  await page.waitForSelector('.nrdb-ui-group', { timeout: 20000 });
  return { browser, page, errors };
}
