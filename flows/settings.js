// Node-RED settings for `npm start` (scripts/start.js passes the values through the environment).
// Integrators running their own Node-RED copy the parts they need: the persistent context store (alert
// lifecycle, degree-day accumulators and KPI history survive restarts), the credential secret, and auth.
'use strict';

const env = process.env;
const users = env.CIVIC_USER && env.CIVIC_PASSWORD_HASH
  ? [{ username: env.CIVIC_USER, password: env.CIVIC_PASSWORD_HASH, permissions: '*' }]
  : undefined;

// Both dashboards push live data over socket.io, which attaches to the HTTP server directly and so is not covered
// by httpNodeAuth: with a login configured, its handshake must carry the same basic-auth credentials (the browser
// sends them after the page's login). The checks the dashboards make by default (no direct websocket, same
// origin) are kept, because a custom ioMiddleware replaces them.
function dashboardSocketGuard() {
  const bcrypt = require(require.resolve('bcryptjs', { paths: [require.resolve('@node-red/editor-api')] }));
  const sameOrigin = (socket, next) => {
    if (socket.client.conn.request.url.includes('transport=websocket')) return socket.client.conn.close();
    return socket.handshake.xdomain === false ? next() : socket.disconnect(true);
  };
  const loggedIn = (socket, next) => {
    const header = String(socket.request.headers.authorization || '');
    const [scheme, encoded] = header.split(' ');
    const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const ok = colon > 0 && decoded.slice(0, colon) === env.CIVIC_USER
      && bcrypt.compareSync(decoded.slice(colon + 1), env.CIVIC_PASSWORD_HASH);
    return ok ? next() : next(new Error('unauthorized'));
  };
  return [loggedIn, sameOrigin];
}
const ioMiddleware = users ? dashboardSocketGuard() : undefined;

module.exports = {
  uiPort: Number(env.CIVIC_PORT || 1880),
  uiHost: env.CIVIC_HOST || '127.0.0.1',
  userDir: env.CIVIC_USER_DIR,
  flowFile: 'flows.json',
  flowFilePretty: true,
  credentialSecret: env.CIVIC_CREDENTIAL_SECRET,
  // Runtime messages (alerts, errors, status) in Japanese unless CIVIC_LANG says otherwise.
  lang: env.CIVIC_LANG || 'ja',
  adminAuth: users ? { type: 'credentials', users } : undefined,
  httpNodeAuth: users ? { user: env.CIVIC_USER, pass: env.CIVIC_PASSWORD_HASH } : undefined,
  httpStaticAuth: users ? { user: env.CIVIC_USER, pass: env.CIVIC_PASSWORD_HASH } : undefined,
  ui: { path: 'ui', ...(ioMiddleware ? { ioMiddleware } : {}) },
  dashboard: { ...(ioMiddleware ? { ioMiddleware } : {}) },
  // "file" persists node context to the user dir every 30 s and on a clean stop; "memory" is for caches.
  contextStorage: {
    default: 'file',
    file: { module: 'localfilesystem', config: { flushInterval: 30 } },
    memory: { module: 'memory' },
  },
  functionExternalModules: false,
  externalModules: { palette: { allowInstall: true }, modules: { allowInstall: false } },
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false, ui: false },
  editorTheme: {
    page: { title: 'Civic IoT – Node-RED' },
    header: { title: 'Civic IoT' },
    projects: { enabled: false },
    tours: false,
    palette: { catalogues: [] },
  },
  logging: {
    console: { level: env.CIVIC_LOG_LEVEL || 'info', metrics: false, audit: false },
  },
  exportGlobalContextKeys: false,
};
