// Runs a real Node-RED process with this pack installed the way a palette install places it (a link in the user
// dir's node_modules) and a given flow file, and collects its log: for tests of what a user's own Node-RED does
// with our examples and saved flows.
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort } from './servers';

export const packRoot = path.resolve(__dirname, '..', '..', '..');

/** The node types this pack registers (package.json node-red.nodes). */
export const ourTypes: string[] = Object.keys(JSON.parse(fs.readFileSync(path.join(packRoot, 'package.json'), 'utf8'))['node-red'].nodes);

export interface NodeRedProcess {
  port: number;
  /** everything the process printed so far */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts Node-RED on a free port with `flows` and waits until it started them (or waits for missing types).
 * `settings` adds plain settings (e.g. `{ lang: 'ja' }` for Japanese runtime messages), `env` environment variables
 * (e.g. `{ LANG: 'ja_JP.UTF-8' }`).
 */
export async function startNodeRed(flows: unknown[], settings: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<NodeRedProcess> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-nr-'));
  fs.mkdirSync(path.join(userDir, 'node_modules'));
  fs.symlinkSync(packRoot, path.join(userDir, 'node_modules', 'node-red-contrib-civic-iot'), 'dir');
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows));
  // Node-RED's own first-run dialogs (welcome tour, update-notification question) would cover the editor in
  // browser tests; nothing else differs from a default install
  fs.writeFileSync(path.join(userDir, 'settings.js'),
    `module.exports = ${JSON.stringify({ flowFile: 'flows.json', editorTheme: { tours: false }, telemetry: { enabled: false }, ...settings })};\n`);
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, [require.resolve('node-red/red.js', { paths: [packRoot] }), '-u', userDir, '-p', String(port)], {
    cwd: packRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_RED_ENABLE_PROJECTS: 'false', ...env },
  });
  child.stdout?.on('data', (d) => { log += d; });
  child.stderr?.on('data', (d) => { log += d; });
  const stop = async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const t = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => { clearTimeout(t); resolve(); });
      child.kill('SIGTERM');
    });
    fs.rmSync(userDir, { recursive: true, force: true });
  };
  const end = Date.now() + 30000;
  while (!/Started flows|フローを開始しました|Waiting for missing types/.test(log) && Date.now() < end && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, log: () => log, stop };
}

/**
 * Starts Node-RED with `flows` (startNodeRed), lets it run `settleMs` more, stops it and returns everything it
 * logged.
 */
export async function runNodeRed(flows: unknown[], settleMs = 3000): Promise<string> {
  const nr = await startNodeRed(flows);
  try {
    await new Promise((r) => setTimeout(r, settleMs));         // let timers, first rounds and sockets run
    return nr.log();
  } finally {
    await nr.stop();
  }
}
