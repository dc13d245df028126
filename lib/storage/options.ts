// The choices a user makes in the storage nodes' dialogs, each list defined once here (registered for the schemas
// and dialogs in lib/editor-data.ts), the server settings of the pack's own `civic-influxdb` config node, and the
// config migrations of the storage nodes.
import { CivicError } from '../errors';
import { registerMigration } from '../migrations';
import type { InfluxTarget } from './http';
import { normalisePrecision, type Precision } from './line-protocol';

/** InfluxDB API generations the `civic-influxdb` server settings offer (1.x covers 1.8 too). */
export const API_VERSIONS = ['1.x', '2.x'] as const;
/** `influxdb out`'s 1.x time precisions ('' first, in the schema: "as the server's default", ms here). */
export const PRECISIONS_V1 = ['n', 'u', 'ms', 's'] as const;
/** `influxdb out`'s 1.8-flux / 2.x time precisions. */
export const PRECISIONS_V2 = ['ns', 'us', 'ms', 's'] as const;
/** What a full queue does: refuse new points (the default, nothing accepted is ever dropped) or drop the oldest. */
export const FULL_POLICIES = ['reject-new', 'drop-oldest'] as const;
/** How civic-history thins a range out for a chart: LTTB over fine means, min and max per bucket, or means. */
export const HISTORY_METHODS = ['lttb', 'minmax', 'mean'] as const;
/** The two server config nodes civic-influx-buffer and civic-history accept. */
export const SERVER_KINDS = ['civic-influxdb', 'influxdb'] as const;

export type ApiVersion = typeof API_VERSIONS[number];

/** The settings of a `civic-influxdb` config node (lib/schemas/civic-influxdb.config.schema.json). */
export interface CivicServerSettings {
  url: string;
  apiVersion: ApiVersion;
  database: string;
  org: string;
  bucket: string;
  autoCreate: boolean;
  rejectUnauthorized: boolean;
  timeout: number;
}

/** The credentials of a `civic-influxdb` config node. */
export interface CivicServerCredentials { username?: string; password?: string; token?: string }

/** A write/query target from the pack's own server settings; `precision` and `retentionPolicy` come from the node. */
export function targetFromCivicServer(server: CivicServerSettings, credentials: CivicServerCredentials | undefined,
  out: { precision: Precision; retentionPolicy?: string }): InfluxTarget {
  const creds = credentials ?? {};
  if (!server.url) throw new CivicError('civic-influx-buffer.errors.noUrl', {}, 'the InfluxDB server settings have no URL');
  const common = { url: server.url, precision: out.precision, rejectUnauthorized: server.rejectUnauthorized, timeoutMs: server.timeout * 1000 };
  if (server.apiVersion === '2.x') {
    if (!server.bucket) throw new CivicError('civic-influx-buffer.errors.noBucket', {}, 'no bucket for InfluxDB 2');
    return { ...common, version: '2.0', org: server.org, bucket: server.bucket, token: creds.token || undefined };
  }
  if (!server.database) throw new CivicError('civic-influx-buffer.errors.noDatabase', {}, 'no database in the InfluxDB server settings');
  return { ...common, version: '1.x', database: server.database, retentionPolicy: out.retentionPolicy || undefined,
    username: creds.username || undefined, password: creds.password, autoCreate: server.autoCreate };
}

/** The precision numeric `time` fields are in, from the node's setting for the server's API generation. */
export function payloadPrecision(version: string, v1: string, v2: string): Precision {
  return normalisePrecision(version === '1.x' ? v1 : v2);
}

// civic-influx-buffer 1 → 2: the pack's own server config node (`server`) beside node-red-contrib-influxdb's
// (`influxdb`, kept as it was), and the input property (0.1.0 always read msg.payload).
// A v1 config without a policy meant drop-oldest (the default then); the default is now reject-new.
registerMigration('civic-influx-buffer', 1, (c) => ({ server: '', property: 'payload', propertyType: 'msg', policy: 'drop-oldest', ...c }));
