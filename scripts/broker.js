'use strict';
// The embedded MQTT broker of `npm start` (aedes): a plain listener (CIVIC_MQTT_PORT, bound to CIVIC_MQTT_BIND,
// loopback by default) and an optional TLS listener (CIVIC_MQTT_TLS_PORT with CIVIC_MQTT_TLS_CERT / _KEY). With a
// login configured, beyond loopback or with TLS, every client needs an account of <userDir>/mqtt-accounts.json and
// gets only its topics (lib/security broker-auth; docs/security.md). Refusals are logged, a few per minute at most,
// with the account and topic but never a payload.
const fs = require('fs');
const net = require('net');
const path = require('path');
const tls = require('tls');

const root = path.resolve(__dirname, '..');
const security = () => require(path.join(root, 'dist', 'lib', 'security'));

/**
 * Makes sure the accounts file has the ready-made flows' own account with this login's password (hashed; a
 * changed password is re-hashed). Other accounts are kept. Returns true when the file was written.
 */
async function ensureServiceAccount(file, login) {
  const s = security();
  const data = s.readMqttAccounts(file);
  const found = data.accounts.find((a) => a.username === login.username);
  if (found && found.role === 'service' && await s.verifyPassword(found.password, login.password)) return false;
  const account = { username: login.username, role: 'service', password: await s.hashMqttPassword(login.password) };
  const next = { version: 1, accounts: [...data.accounts.filter((a) => a.username !== login.username), account] };
  s.parseMqttAccounts(next);
  s.writeSecretJson(file, next);
  return true;
}

/** A logger that lets through at most `perMinute` lines a minute and then says how many it held back. */
function throttled(print, perMinute = 10) {
  let windowStart = 0;
  let count = 0;
  let held = 0;
  return (en, ja) => {
    const now = Date.now();
    if (now - windowStart > 60000) {
      if (held) print(`${held} more refusals in the last minute`, `直前の1分間にさらに ${held} 件を拒否しました`);
      windowStart = now; count = 0; held = 0;
    }
    if (count++ < perMinute) print(en, ja); else held++;
  };
}

function listen(server, port, host, what, fatal) {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => (err.code === 'EADDRINUSE'
      ? fatal(`port ${port} (${what}) is in use: set another port, or MQTT_URL to use that broker`,
        `ポート ${port} (${what}) は使用中です: 別のポートを設定するか、MQTT_URL でそのブローカーを使ってください`)
      : reject(err)));
    server.listen(port, host, resolve);
  });
}

/** Starts the embedded broker; see the file comment. Resolves with { host, port, close }. */
async function startEmbeddedBroker(o) {
  const { Aedes } = require('aedes');
  const s = security();
  const log = throttled(o.say);
  const handlers = o.authRequired ? s.brokerAuth(s.watchedJson(o.accountsFile, (d) => s.parseMqttAccounts(d).accounts, [],
    (err) => o.say(`${path.basename(o.accountsFile)} is invalid, keeping the accounts read before: ${err.message}`,
      `${path.basename(o.accountsFile)} が正しくないので、前に読んだアカウントのままにします: ${err.message}`)), {
    onLogin: (e) => log(`MQTT login ${e.kind === 'locked' ? 'locked' : 'failed'}: ${e.user} from ${e.address} (${e.failures} failures)`,
      `MQTT ログイン${e.kind === 'locked' ? 'を一時停止' : '失敗'}: ${e.user} (${e.address}、失敗 ${e.failures} 回)`),
    onRefused: (r) => log(`MQTT ${r.action} refused for ${r.username}: ${r.topic}${r.reason === 'identity' ? ' (payload names another device)' : ''}`,
      `MQTT の${r.action === 'publish' ? '送信' : '購読'}を拒否: ${r.username} → ${r.topic}${r.reason === 'identity' ? ' (別の機器を名乗る内容)' : ''}`),
  }) : undefined;
  const broker = await Aedes.createBroker(handlers ? {
    authenticate: handlers.authenticate, authorizePublish: handlers.authorizePublish, authorizeSubscribe: handlers.authorizeSubscribe,
  } : {});
  const servers = [net.createServer(broker.handle)];
  await listen(servers[0], o.port, o.bind, 'MQTT', o.fatal);
  if (o.tls) {
    const options = { cert: fs.readFileSync(o.tls.cert), key: fs.readFileSync(o.tls.key) };
    servers.push(tls.createServer(options, broker.handle));
    await listen(servers[1], o.tls.port, o.bind, 'MQTT TLS', o.fatal);
  }
  return {
    host: o.bind === '0.0.0.0' || o.bind === '::' ? '127.0.0.1' : o.bind,
    port: String(o.port),
    close: () => new Promise((resolve) => { for (const srv of servers) srv.close(); broker.close(() => resolve()); }),
  };
}

module.exports = { startEmbeddedBroker, ensureServiceAccount };
