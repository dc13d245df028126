// A user's own Node-RED with this pack installed from its tarball, the way the palette manager installs it: the
// package is packed (`npm pack`, without rebuilding: `npm test` has just built dist/), Node-RED (the version this
// repository tests with: 4.1 here, 5.x in the Node 22 job) is installed into a folder of its own — Node-RED also
// loads node packages from every node_modules folder above its own, so started from this repository it would see
// the dashboards and other optional packages of our devDependencies — and the tarball is installed into a fresh
// user dir with the palette manager's npm flags. Packages come from npm's cache when it has them.
import { execFile, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { freePort } from '../helpers/servers';

export const root = path.resolve(__dirname, '..', '..', '..');

/** One entry of `npm pack --json`. */
export interface PackResult { filename: string; size: number; unpackedSize: number; files: Array<{ path: string; size: number }> }

function run(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr.slice(-3000)}`));
      else resolve({ stdout, stderr });
    });
  });
}

const npm = (args: string[], cwd: string) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);

/** `npm pack --json` of this repository into `dir`; the JSON must parse (prepack prints nothing on stdout). */
export async function pack(dir: string): Promise<PackResult> {
  const { stdout } = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root);
  return (JSON.parse(stdout) as PackResult[])[0];
}

/** The palette manager's install command (Node-RED 4/5 @node-red/registry installer), from npm's cache if it can. */
const PALETTE_FLAGS = ['install', '--no-audit', '--no-update-notifier', '--no-fund', '--save', '--save-prefix=~', '--omit=dev',
  '--engine-strict', '--prefer-offline'];

export interface Installed {
  userDir: string;
  nodeRed: string;
  /** package names in the user dir's node_modules */
  modules: string[];
  /** bytes of files the install put into the user dir's node_modules (the pack and its dependencies) */
  installedBytes: number;
  cleanup(): void;
}

function bytesIn(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const full = path.join(dir, e.name);
    return sum + (e.isDirectory() ? bytesIn(full) : e.isFile() ? fs.statSync(full).size : 0);
  }, 0);
}

function listModules(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((d) => !d.startsWith('.')).flatMap((d) => (d.startsWith('@')
    ? fs.readdirSync(path.join(dir, d)).map((s) => `${d}/${s}`) : [d]));
}

/** Installs Node-RED (same version as ours) in its own folder and the tarball into a fresh user dir. */
export async function install(tarball: string): Promise<Installed> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-packed-'));
  const app = path.join(base, 'app');
  const userDir = path.join(base, 'user');
  fs.mkdirSync(app);
  fs.mkdirSync(userDir);
  const version = JSON.parse(fs.readFileSync(require.resolve('node-red/package.json', { paths: [root] }), 'utf8')).version as string;
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'node-red-app', version: '1.0.0', private: true }));
  // what Node-RED writes into a new user dir before its first palette install
  fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', description: 'A Node-RED Project', version: '0.0.1', private: true }));
  await Promise.all([
    npm(['install', '--no-audit', '--no-fund', '--omit=dev', '--ignore-scripts', '--prefer-offline', `node-red@${version}`], app),
    npm([...PALETTE_FLAGS, tarball], userDir),
  ]);
  return {
    userDir, nodeRed: path.join(app, 'node_modules', 'node-red', 'red.js'), modules: listModules(path.join(userDir, 'node_modules')),
    installedBytes: bytesIn(path.join(userDir, 'node_modules')),
    cleanup: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

export interface RunningNodeRed {
  port: number;
  log(): string;
  request(method: string, p: string, body?: unknown): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

/** Starts the installed Node-RED on a free port with an empty flow file, in the user dir (relative paths land there). */
export async function startInstalled(inst: Installed): Promise<RunningNodeRed> {
  fs.writeFileSync(path.join(inst.userDir, 'settings.js'),
    'module.exports = { flowFile: "flows.json", editorTheme: { tours: false }, telemetry: { enabled: false } };\n');
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [inst.nodeRed, '-u', inst.userDir, '-p', String(port)], {
    cwd: inst.userDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_RED_ENABLE_PROJECTS: 'false' },
  });
  child.stdout?.on('data', (d) => { log += d; });
  child.stderr?.on('data', (d) => { log += d; });
  const request = (method: string, p: string, body?: unknown) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (data) {
      Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data),
        'Node-RED-API-Version': 'v1', 'Node-RED-Deployment-Type': 'full' });
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: p, timeout: 20000, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${p}: timeout`)));
    req.end(data);
  });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
  const until = Date.now() + 60000;
  while (!/Started flows|フローを開始しました/.test(log)) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`Node-RED did not start:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, log: () => log, request, stop };
}
