// `npm start` (scripts/start.js) in a temp user dir on free loopback ports, for the security tests: the real
// Node-RED, the real embedded broker (or MQTT_URL), the ready-made flows. Requests can come from any loopback
// address (127.0.0.x), so lockouts one test provokes do not reach the next one.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { freePort } from '../helpers/servers';
import { repoRoot } from './secrets';

export const root = repoRoot();

export interface Civic {
  port: number; mqttPort: number; userDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** Fails in CI, skips elsewhere, when the pack is not built (start.js runs dist/). */
export function requireBuilt(ctx: Mocha.Context): void {
  if (fs.existsSync(path.join(root, 'dist', 'nodes'))) return;
  if (process.env.CI === 'true') throw new Error('the pack is not built (dist/nodes missing): run npm run build; required in CI');
  ctx.skip();
}

/** Runs scripts/accounts.js (the CLI users run) in `userDir`; resolves with its output. */
export function accounts(userDir: string, args: string[], password?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'accounts.js'), ...args, '--user-dir', userDir], {
      env: { ...process.env, CIVIC_LANG: 'en-US', ...(password ? { CIVIC_ACCOUNT_PASSWORD: password } : { CIVIC_ACCOUNT_PASSWORD: '' }) },
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`accounts ${args.join(' ')} exited ${code}: ${out}`))));
  });
}

/** Starts npm start with `env`; `prepare(userDir)` runs first (accounts, role map). Resolves when the dashboard is up. */
export async function startCivic(env: Record<string, string>, prepare?: (userDir: string) => Promise<void>): Promise<Civic> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-sec-'));
  if (prepare) await prepare(userDir);
  const port = await freePort();
  const mqttPort = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CIVIC_USER_DIR: userDir, CIVIC_PORT: String(port), CIVIC_MQTT_PORT: String(mqttPort),
      CIVIC_HOST: '127.0.0.1', CIVIC_CREDENTIAL_SECRET: '', CIVIC_LOG_LEVEL: 'warn', CIVIC_LANG: 'en-US', ...env },
  });
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const stop = () => new Promise<void>((resolve) => {
    const done = () => { fs.rmSync(userDir, { recursive: true, force: true }); resolve(); };
    if (child.exitCode !== null || child.signalCode !== null) { done(); return; }
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => { clearTimeout(timer); done(); });
    child.kill('SIGINT');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', () => { if (/dashboard: http/.test(output)) { clearTimeout(timer); resolve(); } });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`start.js exited ${code}:\n${output}`)); });
  }).catch(async (err) => { await stop(); throw err; });
  return { port, mqttPort, userDir, output: () => output, stop };
}

export interface Answer { status: number; body: string; headers: http.IncomingHttpHeaders }

/** One HTTP request to 127.0.0.1:`port` from the loopback address `from` (default 127.0.0.1). */
export function request(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string,
  from = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, localAddress: from, agent: false, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
    req.end(body);
  });
}

/** `Basic` Authorization header value. */
export const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
