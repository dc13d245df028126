// MQTT accounts of the embedded broker (and, exported, of mosquitto): who may connect, and which topics each account
// may publish and subscribe to. One JSON file per installation, `<user dir>/mqtt-accounts.json`:
//   { "version": 1, "accounts": [ { "username": "house-1-th-01", "role": "device", "password": "$7$…" }, … ] }
// Passwords are kept only as mosquitto-compatible PBKDF2 hashes (./passwords), so the same file becomes
// mosquitto's password_file and acl_file (toMosquittoFiles). Schema: lib/schemas/mqtt-accounts.file.schema.json.
//   device   publishes only its own uplinks (TTS v3 and ChirpStack v4 topics of its device id); reads its downlinks
//   gateway  the same for each device in `devices` (a network server or field gateway that speaks for them)
//   staff    subscribes to everything (dashboards, monitoring); publishes nothing unless listed in `publish`
//   service  publishes and subscribes to everything: the ready-made flows' own connection (generated at first start)
// `publish` / `subscribe` add topic filters to any role.
import { CivicError } from '../errors';
import { validate } from '../schemas';

/** The roles of MQTT accounts. */
export const MQTT_ROLES = ['device', 'gateway', 'staff', 'service'] as const;
/** One of MQTT_ROLES. */
export type MqttRole = typeof MQTT_ROLES[number];

/** One account of the accounts file. */
export interface MqttAccount {
  username: string; role: MqttRole; password: string;
  devices?: string[]; publish?: string[]; subscribe?: string[];
}
/** The accounts file. */
export interface MqttAccountsFile { version: 1; accounts: MqttAccount[] }

/** Uplink topics a device publishes, `{id}` = the device id (TTS v3 device_id, ChirpStack v4 devEui). */
export const UPLINK_TOPICS = ['v3/+/devices/{id}/up', 'application/+/device/{id}/event/up'] as const;
/** Downlink topics a device may read. */
export const DOWNLINK_TOPICS = ['v3/+/devices/{id}/down/#', 'application/+/device/{id}/command/down'] as const;
/** User name of the account the ready-made flows use, generated at the first start. */
export const SERVICE_ACCOUNT = 'civic-flows';

/** Checks an accounts file (schema, unique names); throws CivicError `security.errors.*`. */
export function parseMqttAccounts(data: unknown): MqttAccountsFile {
  const result = validate<MqttAccountsFile>('mqtt-accounts.file', data);
  if (!result.ok) throw result.error;
  const seen = new Set<string>();
  for (const a of result.value.accounts) {
    if (seen.has(a.username)) throw new CivicError('security.errors.duplicateAccount', { username: a.username }, `account "${a.username}" is listed twice`);
    seen.add(a.username);
    if (a.role === 'gateway' && !(a.devices ?? []).length) {
      throw new CivicError('security.errors.gatewayDevices', { username: a.username }, `gateway "${a.username}" needs its devices`);
    }
  }
  return result.value;
}

/** The topic filters an account may publish to and subscribe to. */
export function accountAcl(a: MqttAccount): { publish: string[]; subscribe: string[] } {
  const ids = a.role === 'device' ? (a.devices?.length ? a.devices : [a.username]) : a.role === 'gateway' ? (a.devices ?? []) : [];
  const fill = (templates: readonly string[]) => ids.flatMap((id) => templates.map((t) => t.replace('{id}', id)));
  const base = {
    device: { publish: fill(UPLINK_TOPICS), subscribe: fill(DOWNLINK_TOPICS) },
    gateway: { publish: fill(UPLINK_TOPICS), subscribe: fill(DOWNLINK_TOPICS) },
    staff: { publish: [], subscribe: ['#', '$SYS/#'] },
    service: { publish: ['#'], subscribe: ['#', '$SYS/#'] },
  }[a.role];
  return { publish: [...base.publish, ...(a.publish ?? [])], subscribe: [...base.subscribe, ...(a.subscribe ?? [])] };
}

/** MQTT topic matching (MQTT 3.1.1 §4.7): does `filter` match the concrete `topic`? `$` topics need a literal start. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Is every topic the `requested` filter can match also matched by `allowed`? (subscription authorization) */
export function filterCovers(allowed: string, requested: string): boolean {
  const a = allowed.split('/');
  const r = requested.split('/');
  // `$SYS/…` is matched only by filters that start with the same literal level (MQTT 3.1.1 §4.7.2)
  if (requested.startsWith('$') && (a[0] === '+' || a[0] === '#')) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '#') return true;
    if (i >= r.length) return false;
    if (r[i] === '#') return false;
    if (a[i] !== '+' && (r[i] === '+' || a[i] !== r[i])) return false;
  }
  return a.length === r.length;
}

/** The filter a subscription really asks for: `$share/<group>/<filter>` → `<filter>`. */
export function innerFilter(filter: string): string {
  const m = /^\$share\/[^/]+\/(.+)$/.exec(filter);
  return m ? m[1] : filter;
}

/** May this account publish to `topic`? Nobody publishes to `$SYS/…`. */
export function mayPublish(a: MqttAccount, topic: string): boolean {
  if (topic.startsWith('$')) return false;
  return accountAcl(a).publish.some((f) => topicMatches(f, topic));
}

/** May this account subscribe to `filter` (shared subscriptions checked by their inner filter)? */
export function maySubscribe(a: MqttAccount, filter: string): boolean {
  const inner = innerFilter(filter);
  return accountAcl(a).subscribe.some((f) => filterCovers(f, inner));
}

/**
 * The device an uplink speaks for, from its payload (TTS v3 `end_device_ids.device_id`, ChirpStack v4
 * `deviceInfo.devEui`), and from its topic; undefined when the topic is no uplink topic. Used to refuse a device
 * that publishes on its own topic a payload claiming to be another device.
 */
export function uplinkIdentity(topic: string, payload: Buffer): { topicId: string; payloadIds: string[] } | undefined {
  const tts = /^v3\/[^/]+\/devices\/([^/]+)\/up$/.exec(topic);
  const cs = /^application\/[^/]+\/device\/([^/]+)\/event\/up$/.exec(topic);
  if (!tts && !cs) return undefined;
  let body: Record<string, any> = {};
  try { body = JSON.parse(payload.toString('utf8')) as Record<string, any>; } catch { /* not JSON: the decoder refuses it */ }
  const ids = tts
    ? [body?.end_device_ids?.device_id]
    : [body?.deviceInfo?.devEui, body?.devEUI];
  return { topicId: (tts ?? cs)![1], payloadIds: ids.filter((v): v is string => typeof v === 'string') };
}

/**
 * mosquitto's password_file and acl_file for these accounts (mosquitto ≥ 2.0: `password_file`, `acl_file`,
 * `allow_anonymous false`). Only PBKDF2 (`$7$`) hashes can be exported; other hashes throw.
 */
export function toMosquittoFiles(file: MqttAccountsFile): { passwordFile: string; aclFile: string } {
  const passwords: string[] = [];
  const acl: string[] = ['# generated from mqtt-accounts.json by node-red-contrib-civic-iot: edit that file, not this one', ''];
  for (const a of file.accounts) {
    if (!a.password.startsWith('$7$')) {
      throw new CivicError('security.errors.hashFormat', { username: a.username }, `account "${a.username}": only $7$ (PBKDF2) hashes can be used by mosquitto`);
    }
    passwords.push(`${a.username}:${a.password}`);
    const { publish, subscribe } = accountAcl(a);
    acl.push(`# ${a.role}`, `user ${a.username}`);
    for (const f of subscribe) acl.push(`topic read ${f}`);
    for (const f of publish) acl.push(`topic write ${f}`);
    acl.push('');
  }
  return { passwordFile: `${passwords.join('\n')}\n`, aclFile: `${acl.join('\n')}\n` };
}
