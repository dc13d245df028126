// The web side of the logins for a Node-RED settings file (flows/settings.js uses it; an integrator's own settings
// can too): the editor login (adminAuth, admins only) with its rate limit, the dashboards' HTTP pages
// (httpNodeAuth) and both dashboards' live-data sockets (ioMiddleware), each checked against the role map.
// Requests and sockets are typed structurally: no express or socket.io import.
import type { IncomingMessage, ServerResponse } from 'http';
import { LoginGuard, clientAddress, type Account, type LoginEvent, type LoginPolicy } from './login-guard';
import { hasRole, httpRequirement, indexDashboards, type DashboardIndex, type RoleMap, type WebRole } from './roles';
import { allowIncoming, filterEncoded, mayConnect, type DashboardKind } from './socket-filter';
import type { WebUser } from './files';

/** What the guard needs: the admin from the environment, the other logins, the role map and the deployed flows. */
export interface WebGuardOptions {
  admin?: { username: string; hash: string };
  users: () => WebUser[];
  roles: () => RoleMap;
  flows: () => unknown[];
  classicPath?: string;
  policy?: Partial<LoginPolicy>;
  onLogin?: (e: LoginEvent) => void;
}

type Req = IncomingMessage & { originalUrl?: string; body?: unknown; _body?: boolean };
type Next = (err?: unknown) => void;
/** The parts of a socket.io server-side socket the guard uses. */
export interface GuardedSocket {
  request: IncomingMessage; handshake: { xdomain?: boolean };
  client: { conn: { request: IncomingMessage; close(): void }; writeToEngine(encoded: unknown, opts?: unknown): void; civicRole?: WebRole };
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): void;
  disconnect(close?: boolean): void;
}

/** User name and password of a `Basic` Authorization header (RFC 7617), or undefined. */
export function basicCredentials(header: unknown): { user: string; pass: string } | undefined {
  const [scheme, encoded] = String(header ?? '').split(' ');
  if (!/^basic$/i.test(scheme ?? '') || !encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) } : undefined;
}

function challenge(res: ServerResponse): void {
  res.statusCode = 401;
  res.setHeader('WWW-Authenticate', 'Basic realm="civic-iot", charset="UTF-8"');
  res.end('login required');
}

function tooMany(res: ServerResponse, seconds: number, json = false): void {
  res.statusCode = 429;
  res.setHeader('Retry-After', String(seconds));
  if (json) res.setHeader('Content-Type', 'application/json');
  res.end(json ? JSON.stringify({ error: 'too_many_attempts', retryAfter: seconds }) : `too many failed logins: try again in ${seconds} s`);
}

function readBody(req: Req, limit = 65536): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => { text += d; if (text.length > limit) reject(new Error('request body too large')); });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Builds the guard; see the file comment. */
export function createWebGuard(o: WebGuardOptions) {
  const lookup = (u: string): Account | undefined => {
    if (o.admin && u === o.admin.username) return { username: u, role: 'admin', hash: o.admin.hash };
    const found = o.users().find((x) => x.username === u);
    return found ? { username: found.username, role: found.role, hash: found.password } : undefined;
  };
  const guard = new LoginGuard(lookup, o.policy, o.onLogin);
  let last: { flows: unknown[]; map: RoleMap; index: DashboardIndex } | undefined;
  const index = (): DashboardIndex => {
    const flows = o.flows();
    const map = o.roles();
    if (!last || last.flows !== flows || last.map !== map) last = { flows, map, index: indexDashboards(flows, map, o.classicPath) };
    return last.index;
  };

  /** httpNodeAuth: pages by role, `/login?next=…` asks any login and goes back. */
  const httpNodeAuth = (req: Req, res: ServerResponse, next: Next): void => {
    if (req.method === 'OPTIONS') { next(); return; }
    const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://x');
    const login = url.pathname === '/login';
    const need: WebRole = login ? 'viewer' : httpRequirement(index(), url.pathname);
    const creds = basicCredentials(req.headers.authorization);
    if (!creds) { if (need === 'public') next(); else challenge(res); return; }
    guard.login(creds.user, creds.pass, req.socket.remoteAddress).then((r) => {
      if (!r.ok) { if (r.reason === 'invalid') challenge(res); else tooMany(res, r.retryAfterSeconds); return; }
      if (!hasRole(r.account.role as WebRole, need)) { res.statusCode = 403; res.end('this page needs another role'); return; }
      if (!login) { next(); return; }
      const target = url.searchParams.get('next') ?? '/';
      res.statusCode = 302;
      res.setHeader('Location', /^\/(?![/\\])/.test(target) ? target : '/');
      res.end();
    }, next);
  };

  /** httpAdminMiddleware: rate limit and lockout for the editor's POST /auth/token (the login form). */
  const httpAdminMiddleware = (req: Req, res: ServerResponse, next: Next): void => {
    const p = new URL(req.originalUrl ?? req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'POST' || !p.endsWith('/auth/token')) { next(); return; }
    readBody(req).then(async (text) => {
      const json = /json/.test(String(req.headers['content-type']));
      const body = (json ? JSON.parse(text || '{}') : Object.fromEntries(new URLSearchParams(text))) as Record<string, unknown>;
      req.body = body;
      req._body = true;                                     // body-parser leaves a parsed body alone
      if (typeof body.username !== 'string') { next(); return; }
      const r = await guard.login(body.username, body.password, req.socket.remoteAddress);
      if (r.ok) { next(); return; }
      if (r.reason !== 'invalid') { tooMany(res, r.retryAfterSeconds, true); return; }
      res.statusCode = 401;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ error: 'unauthorized' }));
    }).catch(() => { res.statusCode = 400; res.end(); });
  };

  /** adminAuth: the editor for admins only (the password check itself was rate limited by httpAdminMiddleware). */
  const adminAuth = {
    type: 'credentials' as const,
    users: (username: string) => Promise.resolve(lookup(username)?.role === 'admin' ? { username, permissions: '*' } : null),
    authenticate: (username: string, password: string) => guard.login(username, password, 'editor')
      .then((r) => (r.ok && r.account.role === 'admin' ? { username, permissions: '*' } : null)),
  };

  return { guard, index, httpNodeAuth, httpAdminMiddleware, adminAuth, ioMiddleware: (kind: DashboardKind) => socketGuard(kind, guard, index) };
}

/**
 * The socket.io middlewares of one dashboard: same-origin polling only (the dashboards' own default check, which a
 * custom ioMiddleware replaces), then the login's role (none = public), refused when the role sees no page; the
 * connection then gets only its pages' data and may act only where its role allows.
 */
function socketGuard(kind: DashboardKind, guard: LoginGuard, index: () => DashboardIndex) {
  const sameOrigin = (socket: GuardedSocket, next: Next) => {
    if (String(socket.client.conn.request.url).includes('transport=websocket')) { socket.client.conn.close(); return; }
    if (socket.handshake.xdomain === false) next(); else socket.disconnect(true);
  };
  const install = (socket: GuardedSocket, role: WebRole) => {
    socket.use((packet, next) => { if (allowIncoming(kind, String(packet[0]), packet.slice(1), role, index())) next(); });
    const client = socket.client;
    if (client.civicRole === undefined) {
      const write = client.writeToEngine.bind(client);
      client.writeToEngine = (encoded: unknown, opts?: unknown) => {
        const out = filterEncoded(kind, encoded, client.civicRole ?? 'public', index());
        if (out !== null) write(out, opts);
      };
    }
    client.civicRole = role;
  };
  const roles = (socket: GuardedSocket, next: Next) => {
    const admit = (role: WebRole) => {
      if (!mayConnect(kind, role, index())) { next(new Error('unauthorized')); return; }
      install(socket, role);
      next();
    };
    const creds = basicCredentials(socket.request.headers.authorization);
    if (!creds) { admit('public'); return; }
    guard.login(creds.user, creds.pass, clientAddress(socket.request.socket?.remoteAddress))
      .then((r) => (r.ok ? admit(r.account.role as WebRole) : next(new Error('unauthorized'))), next);
  };
  return [sameOrigin, roles];
}
