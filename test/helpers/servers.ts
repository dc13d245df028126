// Real servers for integration tests: mosquitto and InfluxDB 1.x on free loopback ports, each in its own temp
// folder, stopped by PID. When a binary is missing the caller's test is pending with the reason — except in CI
// (CI=true), where a missing server is a failure, never a skip.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import http from 'http';

export interface RunningServer {
  port: number;
  /** extra ports (InfluxDB's RPC port) */
  dir: string;
  pid: number;
  stop(): Promise<void>;
  /** Stops the process but keeps its data folder, so `restart()` brings the same data back. */
  restart(): Promise<void>;
  /** Stops without a restart and keeps data: for outage tests. */
  kill(): Promise<void>;
  /** Starts again after kill(). */
  start(): Promise<void>;
}

/** Ports this process has handed out: the kernel may give a released port again at the next bind(0). */
const handedOut = new Set<number>();

function boundPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A free TCP port on 127.0.0.1 (bound once and released), never one this process handed out before: a test that
 * asks twice before starting its server (HTTP and MQTT TLS) once got the same port for both.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; ; tries++) {
    const port = await boundPort();
    if (!handedOut.has(port) || tries >= 50) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Absolute path of an executable on PATH (also /usr/sbin, where Debian puts mosquitto), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Marks the current suite pending when `binary` is missing (outside CI), or fails it in CI.
 * Call from a mocha `before` with `this`.
 */
export function requireBinary(ctx: Mocha.Context, binary: string, debianPackage: string): string {
  const found = findBinary(binary);
  if (found) return found;
  const reason = `${binary} not installed (apt-get install ${debianPackage})`;
  if (process.env.CI === 'true') throw new Error(`${reason}: required in CI`);
   
  console.log(`      pending: ${reason}`);
  ctx.skip();
  return '';
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 10000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not become ready within ${ms} ms`);
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.setTimeout(1000, () => req.destroy(new Error('timeout')));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

function managed(binary: string, args: (dir: string) => string[], dir: string, port: number,
  ready: () => Promise<boolean>, name: string): Promise<RunningServer> {
  let child: ChildProcess | undefined;
  let log = '';
  const launch = async () => {
    log = '';
    child = spawn(binary, args(dir), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => { log = (log + d).slice(-4000); });
    child.stderr?.on('data', (d) => { log = (log + d).slice(-4000); });
    // a server that exits (e.g. its port was taken) fails at once, not after the whole wait
    const running = child;
    const exited = new Promise<never>((_, reject) => running.once('exit', (code) => reject(new Error(`${name} exited (code ${code})`))));
    exited.catch(() => undefined);
    try {
      await Promise.race([waitFor(ready, name), exited]);
    } catch (err) {
      await stopProcess(child);
      throw new Error(`${(err as Error).message}; log:\n${log}`, { cause: err });
    }
  };
  const server: RunningServer = {
    port,
    dir,
    get pid() { return child?.pid ?? 0; },
    async kill() { if (child) await stopProcess(child); },
    async start() { await launch(); },
    async restart() { if (child) await stopProcess(child); await launch(); },
    async stop() {
      if (child) await stopProcess(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return launch().then(() => server);
}

/**
 * Starts a server on ports chosen now, and again on new ones when another process took a port between the choice and
 * the server's bind (seen once in a full two-worker run: influxd's "bind: address already in use").
 */
async function onFreePorts(start: () => Promise<RunningServer>): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= 3 || !/address already in use/i.test((err as Error).message)) throw err;
    }
  }
}

/**
 * Starts mosquitto (loopback only, no persistence) on a free port: anonymous by default, or with `config` lines
 * (given the run folder, e.g. `password_file <dir>/passwords`) in place of `allow_anonymous true`.
 */
export function startMosquitto(binary = findBinary('mosquitto') ?? 'mosquitto',
  options: { config?: (dir: string) => string[] } = {}): Promise<RunningServer> {
  return onFreePorts(() => mosquittoOnce(binary, options));
}

async function mosquittoOnce(binary: string, options: { config?: (dir: string) => string[] }): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-mosquitto-'));
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, [
    'per_listener_settings false',
    `listener ${port} 127.0.0.1`,
    ...(options.config ? options.config(dir) : ['allow_anonymous true']),
    'persistence false',
    'log_dest stderr',
    '',
  ].join('\n'));
  return managed(binary, () => ['-c', conf], dir, port, () => tcpOpen(port), 'mosquitto');
}

/** Starts InfluxDB 1.x with every folder under a temp dir and both ports on loopback. */
export function startInflux(binary = findBinary('influxd') ?? 'influxd'): Promise<RunningServer> {
  return onFreePorts(() => influxOnce(binary));
}

async function influxOnce(binary: string): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-influx-'));
  const port = await freePort();
  const rpcPort = await freePort();
  const conf = path.join(dir, 'influxdb.conf');
  fs.writeFileSync(conf, [
    'reporting-disabled = true',
    `bind-address = "127.0.0.1:${rpcPort}"`,
    '[meta]', `  dir = "${dir}/meta"`,
    '[data]', `  dir = "${dir}/data"`, `  wal-dir = "${dir}/wal"`, '  query-log-enabled = false',
    '[monitor]', '  store-enabled = false',
    '[http]', '  enabled = true', `  bind-address = "127.0.0.1:${port}"`, '  auth-enabled = false',
    '  log-enabled = false',
    '[continuous_queries]', '  enabled = false',
    '',
  ].join('\n'));
  return managed(binary, () => ['-config', conf], dir, port,
    async () => (await httpStatus(`http://127.0.0.1:${port}/ping`)) === 204, 'influxd');
}

/** Runs an InfluxQL statement against a running InfluxDB (POST /query) and returns the parsed JSON. */
export function influxQuery(port: number, q: string, db?: string): Promise<any> {
  const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: `/query?${params}`, method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        try { resolve(JSON.parse(body)); } catch (err) { reject(new Error(`bad InfluxDB answer: ${body}`)); }
      });
    });
    req.on('error', reject);
    req.end();
  });
}
