// The HTTP write APIs, with Node's http/https only:
//   InfluxDB 1.x   POST /write?db=<db>&rp=<rp>&precision=<n|u|ms|s>        Authorization: Basic (when a user is set)
//   InfluxDB 1.8   POST /api/v2/write?org=&bucket=<db>/<rp>&precision=…  Authorization: Token <user>:<password>
//   InfluxDB 2.x   POST /api/v2/write?org=<org>&bucket=<bucket>&precision=<ns|us|ms|s>  Authorization: Token <token>
// The body is line protocol, one point per line. A success is 204 (any 2xx is taken as written).
import http from 'http';
import https from 'https';
import { CivicError } from '../errors';
import { precisionParam, type Precision } from './line-protocol';

export type InfluxVersion = '1.x' | '1.8-flux' | '2.0';

/** Where and how to write: everything the `influxdb` config node and the output node's settings say. */
export interface InfluxTarget {
  version: InfluxVersion;
  /** base URL, e.g. http://127.0.0.1:8086 (a path prefix is kept, for servers behind a proxy) */
  url: string;
  /** 1.x and 1.8-flux */
  database?: string;
  retentionPolicy?: string;
  /** 2.0 */
  org?: string;
  bucket?: string;
  precision: Precision;
  username?: string;
  password?: string;
  token?: string;
  rejectUnauthorized?: boolean;
  /** extra TLS options (ca, cert, key) from a tls-config node */
  tls?: https.AgentOptions;
  /** request timeout, ms (default 10 s) */
  timeoutMs?: number;
  /** 1.x: when a write answers "database not found", create it (CREATE DATABASE) and write again */
  autoCreate?: boolean;
}

/** What the server answered. */
export interface WriteResult { status: number; body: string; retryAfterMs?: number }

/** Sends one batch body, whose timestamps are in `precision` (the target's by default); rejects only on network errors and timeouts. */
export type Transport = (body: string, precision?: Precision) => Promise<WriteResult>;

/** The write URL and headers for `target` (no request is made); `precision` overrides the target's. */
export function writeRequest(target: InfluxTarget, precision: Precision = target.precision): { url: URL; headers: Record<string, string> } {
  const base = target.url.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  let url: URL;
  if (target.version === '1.x') {
    if (!target.database) throw new CivicError('civic-influx-buffer.errors.noDatabase', {}, 'the influxdb config node has no database');
    url = new URL(`${base}/write`);
    url.searchParams.set('db', target.database);
    if (target.retentionPolicy) url.searchParams.set('rp', target.retentionPolicy);
    url.searchParams.set('precision', precisionParam(precision, 'v1'));
    if (target.username) {
      headers.Authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`, 'utf8').toString('base64')}`;
    }
  } else {
    url = new URL(`${base}/api/v2/write`);
    let org = target.org ?? '';
    let bucket = target.bucket ?? '';
    let token = target.token;
    if (target.version === '1.8-flux') {
      if (!target.database) throw new CivicError('civic-influx-buffer.errors.noDatabase', {}, 'no database for InfluxDB 1.8');
      org = '';
      bucket = `${target.database}/${target.retentionPolicy || 'autogen'}`;
      token = target.username ? `${target.username}:${target.password ?? ''}` : undefined;
    } else if (!bucket) {
      throw new CivicError('civic-influx-buffer.errors.noBucket', {}, 'no bucket for InfluxDB 2');
    }
    url.searchParams.set('org', org);
    url.searchParams.set('bucket', bucket);
    url.searchParams.set('precision', precisionParam(precision, 'v2'));
    if (token) headers.Authorization = `Token ${token}`;
  }
  return { url, headers };
}

/** Retry-After as milliseconds (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The base URL of a target without credentials or trailing slash, for messages. */
export function displayUrl(target: Pick<InfluxTarget, 'url'>): string {
  try {
    const u = new URL(target.url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch { return target.url; }
}

/** True when an answer says the 1.x database (or the 2.x bucket) does not exist. */
export function isMissingDatabase(result: WriteResult): boolean {
  return result.status === 404 && /(database|bucket)[^\n]*not found/i.test(result.body);
}

type Post = (url: URL, headers: Record<string, string>, data: Buffer) => Promise<WriteResult>;

function poster(target: InfluxTarget, secure: boolean): { post: Post; close(): void } {
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: target.rejectUnauthorized !== false, ...target.tls })
    : new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = secure ? https.request : http.request;
  const timeout = target.timeoutMs ?? 10000;
  const post: Post = (url, headers, data) => new Promise<WriteResult>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(data.length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { if (text.length < 2000) text += chunk; });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        body: text.slice(0, 2000),
        retryAfterMs: parseRetryAfter(res.headers['retry-after'] as string | undefined),
      }));
      res.on('error', reject);
    });
    req.setTimeout(timeout, () => req.destroy(Object.assign(new Error(`no answer within ${timeout} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(data);
  });
  return { post, close: () => agent.destroy() };
}

/** Runs `CREATE DATABASE` on a 1.x server (idempotent there); resolves with the answer. */
function createDatabase(target: InfluxTarget, post: Post): Promise<WriteResult> {
  const { headers } = writeRequest(target);
  const q = new URL(`${target.url.replace(/\/+$/, '')}/query`);
  q.searchParams.set('q', `CREATE DATABASE "${target.database!.replace(/["\\]/g, '\\$&')}"`);
  return post(q, { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, Buffer.alloc(0));
}

/**
 * A transport that POSTs to the target's write endpoint with keep-alive. With `autoCreate` (1.x), a write answered
 * "database not found" creates the database and is sent once more.
 */
export function createHttpTransport(target: InfluxTarget): Transport & { close(): void } {
  const { url } = writeRequest(target);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    throw new CivicError('civic-influx-buffer.errors.protocol', { got: url.protocol }, `unsupported protocol ${url.protocol}`);
  }
  const { post, close } = poster(target, secure);
  const send = (async (body: string, precision?: Precision) => {
    const request = writeRequest(target, precision);
    const data = Buffer.from(body, 'utf8');
    const result = await post(request.url, request.headers, data);
    if (!target.autoCreate || target.version !== '1.x' || !isMissingDatabase(result)) return result;
    const created = await createDatabase(target, post);
    return created.status >= 200 && created.status < 300 ? post(request.url, request.headers, data) : created;
  }) as Transport & { close(): void };
  send.close = close;
  return send;
}

/** The properties of node-red-contrib-influxdb's `influxdb` config node (runtime object) this pack reads. */
export interface InfluxConfigNodeLike {
  hostname?: string;
  port?: string | number;
  protocol?: string;
  usetls?: boolean;
  database?: string;
  influxdbVersion?: string;
  url?: string;
  rejectUnauthorized?: boolean;
  hostOptions?: https.AgentOptions;
  credentials?: { username?: string; password?: string; token?: string };
  /** the contrib node keeps url / rejectUnauthorized / timeout only in its 2.x client's options */
  client?: { _options?: { url?: string; rejectUnauthorized?: boolean; timeout?: number } };
}

/** The output node's own settings, named as `influxdb out` names them (so a flow can switch node types). */
export interface OutputSettings {
  precision: Precision;
  retentionPolicy?: string;
  database?: string;
  retentionPolicyV18Flux?: string;
  org?: string;
  bucket?: string;
}

/** Builds a write target from the `influxdb` config node and the output node's settings. */
export function targetFromConfigNode(config: InfluxConfigNodeLike, out: OutputSettings): InfluxTarget {
  const version = (config.influxdbVersion || '1.x') as InfluxVersion;
  const creds = config.credentials ?? {};
  if (version === '1.x') {
    const tls = config.usetls === true || config.protocol === 'https';
    const host = config.hostname || 'localhost';
    return {
      version, precision: out.precision,
      url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.port || 8086}`,
      database: config.database, retentionPolicy: out.retentionPolicy,
      username: creds.username || undefined, password: creds.password,
      rejectUnauthorized: config.hostOptions?.rejectUnauthorized ?? config.rejectUnauthorized,
      tls: config.hostOptions,
    };
  }
  if (version !== '1.8-flux' && version !== '2.0') {
    throw new CivicError('civic-influx-buffer.errors.version', { got: String(version).slice(0, 10) }, `unknown InfluxDB version ${version}`);
  }
  const options = config.client?._options ?? {};
  const url = config.url ?? options.url;
  if (!url) throw new CivicError('civic-influx-buffer.errors.noUrl', {}, 'the influxdb config node has no URL');
  return {
    version, url, precision: out.precision,
    database: out.database, retentionPolicy: out.retentionPolicyV18Flux,
    org: out.org, bucket: out.bucket,
    username: creds.username || undefined, password: creds.password, token: creds.token || undefined,
    rejectUnauthorized: config.rejectUnauthorized ?? options.rejectUnauthorized,
    timeoutMs: options.timeout,
  };
}

/** A read-only InfluxQL client: `query(q)` answers the parsed JSON of GET /query (times as epoch ms). */
export type QueryClient = ((q: string) => Promise<{ status: number; body: unknown }>) & { close(): void };

const MAX_ANSWER = 64 * 1024 * 1024;

/**
 * An InfluxQL client for `target`: 1.x `/query?db=<database>` with Basic auth; 2.x the 1.x-compatible
 * `/query?db=<bucket>` with `Authorization: Token`. Rejects on network errors and on answers over 64 MiB.
 */
export function createQueryClient(target: InfluxTarget): QueryClient {
  const base = target.url.replace(/\/+$/, '');
  const url = new URL(`${base}/query`);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    throw new CivicError('civic-influx-buffer.errors.protocol', { got: url.protocol }, `unsupported protocol ${url.protocol}`);
  }
  const headers: Record<string, string> = {};
  if (target.version === '1.x' && target.username) {
    headers.Authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`, 'utf8').toString('base64')}`;
  } else if (target.version !== '1.x' && target.token) {
    headers.Authorization = `Token ${target.token}`;
  }
  const agent = secure ? new https.Agent({ keepAlive: true, rejectUnauthorized: target.rejectUnauthorized !== false, ...target.tls })
    : new http.Agent({ keepAlive: true });
  const request = secure ? https.get : http.get;
  const timeout = target.timeoutMs ?? 10000;
  const client = ((q: string) => new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const u = new URL(url);
    u.searchParams.set('db', (target.version === '1.x' ? target.database : target.bucket) ?? '');
    u.searchParams.set('epoch', 'ms');
    u.searchParams.set('q', q);
    const req = request(u, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER) req.destroy(Object.assign(new Error('answer too large'), { code: 'E2BIG' }));
        else chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* not JSON: keep the text */ }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeout, () => req.destroy(Object.assign(new Error(`no answer within ${timeout} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  })) as QueryClient;
  client.close = () => agent.destroy();
  return client;
}
