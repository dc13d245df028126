// The security files in the Node-RED user dir: read (validated, re-read when they change on disk) and written
// (0600, atomically). All of them hold hashes only, never a password.
import fs from 'fs';
import { validate } from '../schemas';
import { writeFileAtomicSync } from '../storage/atomic-file';
import { parseMqttAccounts, type MqttAccountsFile } from './mqtt-accounts';
import type { WebRole } from './roles';

/** File names in the user dir. */
export const FILES = { mqttAccounts: 'mqtt-accounts.json', users: 'civic-users.json', roles: 'civic-roles.json' } as const;

/** One web login of civic-users.json. */
export interface WebUser { username: string; role: Exclude<WebRole, 'public'>; password: string }
/** civic-users.json. */
export interface WebUsersFile { version: 1; users: WebUser[] }

/** Checks a web users file (schema); throws CivicError. */
export function parseWebUsers(data: unknown): WebUsersFile {
  const result = validate<WebUsersFile>('civic-users.file', data);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Writes JSON to `file` with mode 0600 through a temp file and a rename. */
export function writeSecretJson(file: string, data: unknown): void {
  writeFileAtomicSync(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, createDir: true });
  fs.chmodSync(file, 0o600);
}

/**
 * A loader that parses `file` with `parse` and re-reads it only when its modification time or size changed;
 * `fallback` when the file does not exist. A file that stops parsing keeps the last good content and reports
 * through `onError` (so a typo while editing does not open or close the door).
 */
export function watchedJson<T>(file: string, parse: (data: unknown) => T, fallback: T, onError: (err: unknown) => void = () => undefined): () => T {
  let stamp = '';
  let value = fallback;
  return () => {
    let st: fs.Stats;
    try { st = fs.statSync(file); } catch { stamp = ''; value = fallback; return value; }
    const now = `${st.mtimeMs}:${st.size}`;
    if (now === stamp) return value;
    try {
      value = parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      stamp = now;
    } catch (err) {
      onError(err);
    }
    return value;
  };
}

/** Reads the MQTT accounts file ({version:1, accounts:[]} when missing). */
export function readMqttAccounts(file: string): MqttAccountsFile {
  if (!fs.existsSync(file)) return { version: 1, accounts: [] };
  return parseMqttAccounts(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Reads the web users file ({version:1, users:[]} when missing). */
export function readWebUsers(file: string): WebUsersFile {
  if (!fs.existsSync(file)) return { version: 1, users: [] };
  return parseWebUsers(JSON.parse(fs.readFileSync(file, 'utf8')));
}
