// A throwaway PostgreSQL cluster for integration tests: initdb into a temp folder, listening on a free loopback port
// only (no Unix socket outside the folder), trust authentication for the user `civic`, stopped and removed after.
// PostgreSQL refuses to run as root, and CI runs as root: then the cluster runs as the `postgres` system user.
// Without the binaries the suite is pending (outside CI) or fails (CI=true), like the other servers.
import { execFile, execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { freePort } from './servers';

const run = promisify(execFile);

export interface RunningPostgres {
  port: number;
  dir: string;
  settings: { host: string; port: number; database: string; user: string };
  /** Stops the server at once (connections drop), keeping its data. */
  kill(): Promise<void>;
  /** Starts it again after kill(). */
  start(): Promise<void>;
  /** Runs SQL as the superuser through psql (for fault injection). */
  psql(sql: string): Promise<string>;
  stop(): Promise<void>;
}

/** The folder of PostgreSQL's server binaries (Debian: /usr/lib/postgresql/<major>/bin), or undefined. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  return majors.map((m) => path.join(root, m, 'bin')).find((d) => fs.existsSync(path.join(d, 'pg_ctl')));
}

/** Pending outside CI, failing in CI, when PostgreSQL is not installed; returns its bin folder. */
export function requirePostgres(ctx: Mocha.Context): string {
  const bin = findPostgresBin();
  if (bin) return bin;
  const reason = 'PostgreSQL not installed (apt-get install postgresql)';
  if (process.env.CI === 'true') throw new Error(`${reason}: required in CI`);
  console.log(`      pending: ${reason}`);
  ctx.skip();
  return '';
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function as(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/** initdb + pg_ctl start on a free port; resolves when the server accepts connections. */
export async function startPostgres(bin = findPostgresBin() ?? '/usr/lib/postgresql/15/bin'): Promise<RunningPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-pg-'));
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  await run(...as(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'civic', '-E', 'UTF8', '--locale=C']));
  const ctl = (args: string[]) => run(...as(path.join(bin, 'pg_ctl'), ['-D', data, ...args]));
  const start = async () => {
    await ctl(['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  await start();
  const psql = async (sql: string) => (await run(...as(path.join(bin, 'psql'),
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'civic', '-d', 'postgres', '-At', '-c', sql]))).stdout;
  return {
    port, dir, psql, start,
    settings: { host: '127.0.0.1', port, database: 'postgres', user: 'civic' },
    async kill() { await ctl(['-m', 'immediate', '-w', 'stop']).catch(() => undefined); },
    async stop() {
      await ctl(['-m', 'fast', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
