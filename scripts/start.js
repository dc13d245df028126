#!/usr/bin/env node
'use strict';
// `npm start`: Node-RED with this pack loaded from the working tree, the ready-made flows from flows/, an
// embedded MQTT broker (aedes) the simulator publishes to, and the dashboards: classic at http://127.0.0.1:1880/ui and
// Dashboard 2.0 at http://127.0.0.1:1880/dashboard (CIVIC_DASHBOARD = both (default) | classic | dashboard2).
// Ctrl-C stops everything. Configuration is by environment variables (README "Running the demo").

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { assembleFlows, DASHBOARDS } = require('./flows');
const { ensureBrokerCredentials, ensureReadyMadeCredentials } = require('./credentials');
const { ensureServiceAccount, startEmbeddedBroker } = require('./broker');
const { wellnessEnv } = require('./flows/wellness');

const root = path.resolve(__dirname, '..');
const env = process.env;
const config = {
  port: Number(env.CIVIC_PORT || 1880),
  host: env.CIVIC_HOST || '127.0.0.1',
  userDir: path.resolve(root, env.CIVIC_USER_DIR || '.node-red'),
  mqttUrl: env.MQTT_URL || '',
  mqttPort: Number(env.CIVIC_MQTT_PORT || 1883),
  // the embedded broker's bind address; anything but loopback requires MQTT accounts
  mqttBind: env.CIVIC_MQTT_BIND || '127.0.0.1',
  mqttTls: env.CIVIC_MQTT_TLS_PORT ? { port: Number(env.CIVIC_MQTT_TLS_PORT), cert: env.CIVIC_MQTT_TLS_CERT || '', key: env.CIVIC_MQTT_TLS_KEY || '' } : undefined,
  // the ready-made flows' login on an external broker (MQTT_URL); the embedded one gets a generated account
  mqttLogin: env.MQTT_USERNAME ? { username: env.MQTT_USERNAME, password: env.MQTT_PASSWORD || '' } : undefined,
  influxUrl: env.INFLUX_URL || '',
  influxDb: env.INFLUX_DB || 'civic',
  sharedSubscription: env.CIVIC_SHARED_SUBSCRIPTION || '',
  // the LoRaWAN applications the greenhouse flow takes uplinks from (other applications on the same network server
  // belong to other use cases): The Things Stack `<application>@<tenant>`, ChirpStack's application id
  ttsApplication: env.CIVIC_TTS_APPLICATION || 'civic-iot@ttn',
  chirpstackApplication: env.CIVIC_CHIRPSTACK_APPLICATION || 'civic-iot',
  modbusPort: env.CIVIC_MODBUS_PORT || '10502',
  user: env.CIVIC_USER || '',
  password: env.CIVIC_PASSWORD || '',
  resetFlows: env.CIVIC_RESET_FLOWS === '1',
  // which dashboard parts of the ready-made flows to deploy (scripts/flows.js)
  dashboard: env.CIVIC_DASHBOARD || 'both',
};

// Messages come in Japanese (for city staff, the default CIVIC_LANG) followed by English (for integrators and
// the logs they search); with CIVIC_LANG=en-US only the English line.
const japanese = (env.CIVIC_LANG || 'ja') === 'ja';
function lines(en, ja) {
  return japanese && ja ? [`[civic-iot] ${ja}`, `[civic-iot] ${en}`] : [`[civic-iot] ${en}`];
}

function say(en, ja) {
  for (const line of lines(en, ja)) console.log(line);
}

function fatal(en, ja) {
  for (const line of lines(en, ja)) console.error(line);
  process.exit(1);
}

function isLoopback(host) {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Links this working tree into the user dir's node_modules, the way a palette install would place it. */
function linkPack(userDir) {
  const modules = path.join(userDir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const link = path.join(modules, 'node-red-contrib-civic-iot');
  try {
    if (fs.realpathSync(link) === fs.realpathSync(root)) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // no link yet
  }
  fs.symlinkSync(root, link, 'dir');
}

/** The secret that encrypts credentials at rest: from the environment, or generated once into a 0600 file. */
function credentialSecret(userDir) {
  if (env.CIVIC_CREDENTIAL_SECRET) return env.CIVIC_CREDENTIAL_SECRET;
  const file = path.join(userDir, '.credential-secret');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
    say(`generated a credential secret in ${path.relative(root, file)} (keep it with your backups)`,
      `資格情報の暗号鍵を ${path.relative(root, file)} に作りました (バックアップと一緒に保管してください)`);
  }
  fs.chmodSync(file, 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Flows saved with the pack's 0.1.0 node names (sensor-decode, greenhouse-alert, …) are renamed in place before
 * Node-RED reads them, with a backup beside the file; an unedited deployment stays "unedited" for deployFlows.
 */
function migrateDeployedFlows(userDir) {
  const flowFile = path.join(userDir, 'flows.json');
  if (!fs.existsSync(flowFile)) return;
  const { migrateFlowTypes } = require(path.join(root, 'dist', 'lib', 'migrations'));
  const text = fs.readFileSync(flowFile, 'utf8');
  const { flows, renamed } = migrateFlowTypes(JSON.parse(text));
  const count = Object.values(renamed).reduce((a, b) => a + b, 0);
  if (count === 0) return;
  fs.copyFileSync(flowFile, `${flowFile}.before-civic-rename`);
  const migrated = JSON.stringify(flows, null, 4);
  fs.writeFileSync(flowFile, migrated);
  const marker = path.join(userDir, '.civic-flows.json');
  const hash = (t) => crypto.createHash('sha256').update(t).digest('hex');
  const last = fs.existsSync(marker) ? JSON.parse(fs.readFileSync(marker, 'utf8')) : undefined;
  if (last && last.written === hash(text)) fs.writeFileSync(marker, JSON.stringify({ ...last, written: hash(migrated) }));
  say(`renamed ${count} nodes saved with the 0.1.0 type names (backup: flows.json.before-civic-rename)`,
    `0.1.0 の名前で保存された ${count} 個のノードを新しい名前にしました (元のファイル: flows.json.before-civic-rename)`);
}

/**
 * Deploys the ready-made flows into the user dir: on the first start, and again when flows/ changed and the user
 * has not edited the deployed copy (their edits are never overwritten unless CIVIC_RESET_FLOWS=1).
 */
function deployFlows(userDir) {
  const flowFile = path.join(userDir, 'flows.json');
  const marker = path.join(userDir, '.civic-flows.json');
  const hash = (text) => crypto.createHash('sha256').update(text).digest('hex');
  const ready = JSON.stringify(assembleFlows(path.join(root, 'flows'), config.dashboard), null, 4);
  const last = fs.existsSync(marker) ? JSON.parse(fs.readFileSync(marker, 'utf8')) : {};
  const deployed = fs.existsSync(flowFile) ? fs.readFileSync(flowFile, 'utf8') : undefined;
  const userEdited = deployed !== undefined && hash(deployed) !== last.written;
  if (deployed === undefined || config.resetFlows || (!userEdited && hash(ready) !== last.source)) {
    fs.writeFileSync(flowFile, ready);
    fs.writeFileSync(marker, JSON.stringify({ source: hash(ready), written: hash(ready) }));
    if (deployed === undefined) say('deployed the ready-made flows', '用意済みのフローを配置しました');
    else say('updated the ready-made flows', '用意済みのフローを更新しました');
  } else if (userEdited && hash(ready) !== last.source) {
    say('flows/ changed but your deployed flows were edited: keeping yours (CIVIC_RESET_FLOWS=1 to replace them)',
      'flows/ が更新されましたが、配置済みのフローが編集されているのでそのままにします (置き換えるときは CIVIC_RESET_FLOWS=1)');
  }
}

/** The embedded broker needs accounts with a login configured, beyond loopback, with TLS, or when asked to. */
function brokerAuthRequired() {
  return !!config.user || !isLoopback(config.mqttBind) || !!config.mqttTls || env.CIVIC_MQTT_AUTH === '1';
}

async function startBroker() {
  if (config.mqttUrl) {
    const url = new URL(config.mqttUrl);
    say(`using the MQTT broker at ${url.host}`, `MQTT ブローカー ${url.host} を使います`);
    return { host: url.hostname, port: url.port || '1883', close: async () => undefined };
  }
  if (config.mqttTls && !(config.mqttTls.cert && config.mqttTls.key)) {
    fatal('CIVIC_MQTT_TLS_PORT needs CIVIC_MQTT_TLS_CERT and CIVIC_MQTT_TLS_KEY (PEM files)',
      'CIVIC_MQTT_TLS_PORT には CIVIC_MQTT_TLS_CERT と CIVIC_MQTT_TLS_KEY (PEM ファイル) が必要です');
  }
  const authRequired = brokerAuthRequired();
  const broker = await startEmbeddedBroker({
    port: config.mqttPort, bind: config.mqttBind, tls: config.mqttTls, authRequired, say, fatal,
    accountsFile: path.join(config.userDir, 'mqtt-accounts.json'),
  });
  if (!isLoopback(config.mqttBind) && !config.mqttTls) {
    say(`the embedded broker listens on ${config.mqttBind} without TLS: MQTT passwords cross the network in clear text (set CIVIC_MQTT_TLS_PORT, docs/security.md)`,
      `内蔵ブローカーは TLS なしで ${config.mqttBind} で待ち受けます: MQTT のパスワードが暗号化されずに流れます (CIVIC_MQTT_TLS_PORT を設定してください。docs/security.md)`);
  }
  const where = `mqtt://${config.mqttBind}:${config.mqttPort}${config.mqttTls ? ` + mqtts://${config.mqttBind}:${config.mqttTls.port}` : ''}`;
  say(`embedded MQTT broker on ${where}${authRequired ? ' (accounts from mqtt-accounts.json)' : ' (no login: loopback only)'}`,
    `内蔵 MQTT ブローカー: ${where}${authRequired ? ' (mqtt-accounts.json のアカウントが必要)' : ' (ログインなし: このPC内だけ)'}`);
  return broker;
}

/** Where history goes: InfluxDB 1.x at INFLUX_URL (the database is created if missing), or nowhere. */
async function prepareInflux() {
  if (!config.influxUrl) {
    return { CIVIC_HISTORY: 'off', CIVIC_INFLUX_HOST: '127.0.0.1', CIVIC_INFLUX_PORT: '8086', CIVIC_INFLUX_DB: config.influxDb,
      CIVIC_INFLUX_URL: 'http://127.0.0.1:8086' };
  }
  const url = new URL(config.influxUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '8086');
  await new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port, method: 'POST',
      path: `/query?q=${encodeURIComponent(`CREATE DATABASE "${config.influxDb}"`)}` }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', (err) => { say(`InfluxDB at ${url.host} did not answer (${err.code || err.message}); points wait in the buffer`,
      `InfluxDB ${url.host} が応答しません (${err.code || err.message})。データはバッファで待ちます`); resolve(); });
    req.end();
  });
  say(`history → InfluxDB ${url.host}/${config.influxDb}`, `履歴の保存先: InfluxDB ${url.host}/${config.influxDb}`);
  return { CIVIC_HISTORY: 'on', CIVIC_INFLUX_HOST: url.hostname, CIVIC_INFLUX_PORT: port, CIVIC_INFLUX_DB: config.influxDb,
    CIVIC_INFLUX_URL: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}` };
}

/** scrypt hash of the admin password (lib/security): only the hash reaches Node-RED. */
function hashPassword(password) {
  return require(path.join(root, 'dist', 'lib', 'security')).hashWebPassword(password);
}

function waitForEditor(port, ms) {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = http.get({ host: '127.0.0.1', port, path: '/settings', timeout: 1000 }, (res) => {
        res.resume();
        resolve();
      });
      req.on('error', () => (Date.now() > until ? reject(new Error('Node-RED did not start')) : setTimeout(attempt, 200)));
      req.on('timeout', () => req.destroy());
    };
    attempt();
  });
}

async function main() {
  if (!isLoopback(config.host) && !(config.user && config.password)) {
    fatal(`refusing to listen on ${config.host} without a login: set CIVIC_USER and CIVIC_PASSWORD `
      + '(they protect the editor and the dashboard), or leave CIVIC_HOST at 127.0.0.1',
    `ログインなしでは ${config.host} で待ち受けません: CIVIC_USER と CIVIC_PASSWORD を設定するか `
      + '(エディタとダッシュボードを保護します)、CIVIC_HOST を 127.0.0.1 のままにしてください');
  }
  if (!fs.existsSync(path.join(root, 'dist', 'nodes'))) fatal('the pack is not built: run `npm run build`', 'パックがビルドされていません: `npm run build` を実行してください');
  for (const [name, value] of [['CIVIC_TTS_APPLICATION', config.ttsApplication], ['CIVIC_CHIRPSTACK_APPLICATION', config.chirpstackApplication]]) {
    // one MQTT topic level: a wildcard or a slash would take other applications' uplinks again
    if (!/^[^/+#\s]+$/.test(value)) fatal(`${name}="${value}": one application id, without / + # or spaces`, `${name}="${value}": アプリケーションIDを1つ (/ + # や空白なし) 指定してください`);
  }
  if (!DASHBOARDS[config.dashboard]) fatal(`CIVIC_DASHBOARD="${config.dashboard}": use both, classic or dashboard2`,
    `CIVIC_DASHBOARD="${config.dashboard}": both、classic、dashboard2 のどれかにしてください`);
  fs.mkdirSync(config.userDir, { recursive: true });
  linkPack(config.userDir);
  migrateDeployedFlows(config.userDir);
  deployFlows(config.userDir);
  const secret = credentialSecret(config.userDir);
  try {
    // keys of the ready-made deidentify nodes: generated once, kept only in the encrypted credentials file
    ensureReadyMadeCredentials(config.userDir, secret, assembleFlows(path.join(root, 'flows'), config.dashboard));
  } catch (err) {
    fatal(`${err.message}: the credentials in ${config.userDir} were encrypted with another secret `
      + '(set CIVIC_CREDENTIAL_SECRET to the original one, or remove flows_cred.json to start afresh)',
    `${config.userDir} の資格情報は別の暗号鍵で暗号化されています (CIVIC_CREDENTIAL_SECRET を元の鍵にするか、`
      + 'flows_cred.json を消して作り直してください)');
  }
  try {
    // the ready-made flows' own MQTT login: generated once into the encrypted credentials, its hash into the
    // embedded broker's accounts file (or MQTT_USERNAME / MQTT_PASSWORD for an external broker)
    const login = ensureBrokerCredentials(config.userDir, secret, assembleFlows(path.join(root, 'flows'), config.dashboard),
      'civic-flows', config.mqttLogin);
    // hashed only when the embedded broker checks accounts (when it is switched on later, the next start does it)
    if (login && !config.mqttUrl && brokerAuthRequired()) await ensureServiceAccount(path.join(config.userDir, 'mqtt-accounts.json'), login);
  } catch (err) {
    fatal(`MQTT account of the ready-made flows: ${err.message}`, `用意済みフローの MQTT アカウントを用意できません: ${err.message}`);
  }
  const broker = await startBroker().catch((err) => fatal(err.message));
  const passwordHash = config.user ? await hashPassword(config.password) : undefined;
  const history = await prepareInflux();
  // A shared subscription lets several Node-RED workers split the uplinks between them (README "Scaling").
  const share = (filter) => (config.sharedSubscription ? `$share/${config.sharedSubscription}/${filter}` : filter);

  const started = Date.now();
  const child = spawn(process.execPath, [require.resolve('node-red/red.js'), '-u', config.userDir,
    '-s', path.join(root, 'flows', 'settings.js')], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...env,
      CIVIC_PORT: String(config.port),
      CIVIC_HOST: config.host,
      CIVIC_USER_DIR: config.userDir,
      CIVIC_CREDENTIAL_SECRET: secret,
      ...wellnessEnv(config.userDir),
      CIVIC_MQTT_HOST: broker.host,
      CIVIC_MQTT_PORT: broker.port,
      CIVIC_UPLINK_TOPIC: share(`v3/${config.ttsApplication}/devices/+/up`),
      CIVIC_CHIRPSTACK_TOPIC: share(`application/${config.chirpstackApplication}/device/+/event/up`),
      CIVIC_WORKER_INDEX: env.CIVIC_WORKER_INDEX || '0',
      CIVIC_WORKER_COUNT: env.CIVIC_WORKER_COUNT || '1',
      CIVIC_MODBUS_HOST: env.CIVIC_MODBUS_HOST || '127.0.0.1',
      CIVIC_MODBUS_PORT: config.modbusPort,
      ...history,
      CIVIC_SAMPLES: path.join(root, 'flows', 'samples'),
      ...(passwordHash ? { CIVIC_PASSWORD_HASH: passwordHash } : {}),
      CIVIC_PASSWORD: '',
      MQTT_PASSWORD: '',                 // kept in the encrypted credentials instead
      CIVIC_ACCOUNT_PASSWORD: '',
    },
  });

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping…', '停止します…');
    if (child.exitCode === null && child.signalCode === null) {
      const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
      clearTimeout(killer);
    }
    await broker.close();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  child.on('exit', (code) => { if (!stopping) { say(`Node-RED exited (${code})`, `Node-RED が終了しました (${code})`); stop(code || 1); } });

  await waitForEditor(config.port, 60000);
  const shown = isLoopback(config.host) || config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(`ready in ${seconds} s`, `${seconds} 秒で起動しました`);
  const urls = { classic: `http://${shown}:${config.port}/ui`, dashboard2: `http://${shown}:${config.port}/dashboard` };
  const shownUrls = config.dashboard === 'both' ? `${urls.classic}   Dashboard 2.0: ${urls.dashboard2}` : urls[config.dashboard];
  say(`dashboard: ${shownUrls}   editor: http://${shown}:${config.port}/   (Ctrl-C stops)`,
    `ダッシュボード: ${shownUrls}   エディタ: http://${shown}:${config.port}/   (Ctrl-C で停止)`);
}

main().catch((err) => fatal(err.stack || String(err), '起動できませんでした (下の英語の詳細を見てください)'));
