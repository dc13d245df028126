// Node-RED settings for `npm start` (scripts/start.js passes the values through the environment).
// Integrators running their own Node-RED copy the parts they need: the persistent context store (alert
// lifecycle, degree-day accumulators and KPI history survive restarts), the credential secret, and the login
// guard (require('node-red-contrib-civic-iot').security.createWebGuard, as createGuard below).
'use strict';

const path = require('path');

const env = process.env;
const userDir = env.CIVIC_USER_DIR || path.join(__dirname, '..', '.node-red');
const japanese = (env.CIVIC_LANG || 'ja') === 'ja';

// Node-RED's own log, so login events appear with the rest of the runtime log
function runtimeLog() {
  const util = require.resolve('@node-red/util', { paths: [path.dirname(require.resolve('node-red/package.json'))] });
  return require(util).log;
}

// With a login (CIVIC_USER + the hash npm start made of CIVIC_PASSWORD), every way in is checked by one guard of
// the pack (lib/security, docs/security.md): the editor for admins; the dashboards' pages and both dashboards'
// live-data sockets by the role each page needs (civic-roles.json, defaults for the ready-made pages), for the
// admin and the logins of civic-users.json. Wrong guesses are rate limited and locked out per address and per
// user, hashed off the event loop, and logged without the password.
function createGuard() {
  const security = require(path.join(__dirname, '..', 'dist', 'lib', 'security'));
  const report = (file) => (err) => runtimeLog().warn(`[civic-iot] ${file}: ${err.message}`);
  const event = (e) => runtimeLog().warn(`[civic-iot] ${japanese ? `ログイン${e.kind === 'locked' ? 'を一時停止' : '失敗'}: ${e.user} (${e.address}、失敗 ${e.failures} 回) / ` : ''}`
    + `login ${e.kind}: ${e.user} from ${e.address} (${e.failures} failures${e.lockSeconds ? `, locked for ${e.lockSeconds} s` : ''})`);
  return security.createWebGuard({
    admin: { username: env.CIVIC_USER, hash: env.CIVIC_PASSWORD_HASH },
    users: security.watchedJson(path.join(userDir, security.FILES.users), (d) => security.parseWebUsers(d).users, [], report(security.FILES.users)),
    roles: security.watchedJson(path.join(userDir, security.FILES.roles), (d) => security.roleMap(d), security.roleMap(), report(security.FILES.roles)),
    flows: security.watchedJson(path.join(userDir, 'flows.json'), (d) => (Array.isArray(d) ? d : []), []),
    classicPath: 'ui',
    onLogin: event,
  });
}
const guard = env.CIVIC_USER && env.CIVIC_PASSWORD_HASH ? createGuard() : undefined;

module.exports = {
  uiPort: Number(env.CIVIC_PORT || 1880),
  uiHost: env.CIVIC_HOST || '127.0.0.1',
  userDir: env.CIVIC_USER_DIR,
  flowFile: 'flows.json',
  flowFilePretty: true,
  credentialSecret: env.CIVIC_CREDENTIAL_SECRET,
  // Runtime messages (alerts, errors, status) in Japanese unless CIVIC_LANG says otherwise.
  lang: env.CIVIC_LANG || 'ja',
  adminAuth: guard ? guard.adminAuth : undefined,
  httpAdminMiddleware: guard ? guard.httpAdminMiddleware : undefined,
  httpNodeAuth: guard ? guard.httpNodeAuth : undefined,
  ui: { path: 'ui', ...(guard ? { ioMiddleware: guard.ioMiddleware('classic') } : {}) },
  dashboard: { ...(guard ? { ioMiddleware: guard.ioMiddleware('dashboard2') } : {}) },
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
