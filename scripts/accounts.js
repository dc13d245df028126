#!/usr/bin/env node
'use strict';
// `npm run accounts -- …`: the logins of an installation, kept as hashes in the Node-RED user dir (docs/security.md).
//   mqtt add <name> --role device|gateway|staff|service [--devices id1,id2]   MQTT broker account (mqtt-accounts.json)
//   mqtt remove <name> | mqtt list
//   mqtt mosquitto <dir>         writes <dir>/passwords and <dir>/acl for mosquitto (password_file, acl_file)
//   user add <name> --role viewer|operator|admin                             dashboard / editor login (civic-users.json)
//   user remove <name> | user list
// The password comes from the environment variable named by --password-env (default CIVIC_ACCOUNT_PASSWORD);
// without it one is generated and printed once. Options: --user-dir <dir> (default CIVIC_USER_DIR or .node-red).
// Running brokers and Node-RED read the files again when they change (new connections and logins).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const japanese = (process.env.CIVIC_LANG || 'ja') === 'ja';
const say = (en, ja) => console.log(japanese && ja ? `${ja}\n${en}` : en);
function fail(en, ja) {
  console.error(japanese && ja ? `${ja}\n${en}` : en);
  process.exit(1);
}

function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      out[argv[i].slice(2)] = argv[i + 1];
      i++;
    } else {
      out._.push(argv[i]);
    }
  }
  return out;
}

function passwordFrom(args) {
  const name = args['password-env'] || 'CIVIC_ACCOUNT_PASSWORD';
  if (process.env[name]) return { password: process.env[name], generated: false };
  return { password: crypto.randomBytes(18).toString('base64url'), generated: true };
}

async function mqtt(security, dir, [command, name], args) {
  const file = path.join(dir, security.FILES.mqttAccounts);
  const data = security.readMqttAccounts(file);
  if (command === 'list') {
    for (const a of data.accounts) console.log(`${a.username}\t${a.role}${a.devices ? `\t${a.devices.join(',')}` : ''}`);
    return;
  }
  if (command === 'mosquitto') {
    if (!name) fail('usage: mqtt mosquitto <dir>', '使い方: mqtt mosquitto <出力フォルダ>');
    const { passwordFile, aclFile } = security.toMosquittoFiles(data);
    fs.mkdirSync(name, { recursive: true });
    fs.writeFileSync(path.join(name, 'passwords'), passwordFile, { mode: 0o600 });
    fs.writeFileSync(path.join(name, 'acl'), aclFile, { mode: 0o644 });
    say(`wrote ${path.join(name, 'passwords')} and ${path.join(name, 'acl')} (password_file, acl_file for mosquitto)`,
      `${path.join(name, 'passwords')} と ${path.join(name, 'acl')} を書き出しました (mosquitto の password_file と acl_file)`);
    return;
  }
  if (!name) fail('an account name is needed', 'アカウント名を指定してください');
  const rest = data.accounts.filter((a) => a.username !== name);
  if (command === 'remove') {
    security.parseMqttAccounts({ version: 1, accounts: rest });
    security.writeSecretJson(file, { version: 1, accounts: rest });
    say(`removed MQTT account ${name}`, `MQTT アカウント ${name} を削除しました`);
    return;
  }
  if (command !== 'add') fail(`unknown command "mqtt ${command}"`, `不明なコマンド "mqtt ${command}"`);
  const { password, generated } = passwordFrom(args);
  const account = { username: name, role: args.role || 'device', password: await security.hashMqttPassword(password) };
  if (args.devices) account.devices = args.devices.split(',').map((s) => s.trim()).filter(Boolean);
  const next = { version: 1, accounts: [...rest, account] };
  security.parseMqttAccounts(next);
  security.writeSecretJson(file, next);
  say(`MQTT account ${name} (${account.role}) saved in ${file}`, `MQTT アカウント ${name} (${account.role}) を ${file} に保存しました`);
  if (generated) say(`password (shown once): ${password}`, `パスワード (一度だけ表示): ${password}`);
}

async function user(security, dir, [command, name], args) {
  const file = path.join(dir, security.FILES.users);
  const data = security.readWebUsers(file);
  if (command === 'list') {
    for (const u of data.users) console.log(`${u.username}\t${u.role}`);
    return;
  }
  if (!name) fail('a user name is needed', 'ユーザー名を指定してください');
  const rest = data.users.filter((u) => u.username !== name);
  if (command === 'remove') {
    security.writeSecretJson(file, { version: 1, users: rest });
    say(`removed login ${name}`, `ログイン ${name} を削除しました`);
    return;
  }
  if (command !== 'add') fail(`unknown command "user ${command}"`, `不明なコマンド "user ${command}"`);
  const { password, generated } = passwordFrom(args);
  const next = { version: 1, users: [...rest, { username: name, role: args.role || 'viewer', password: await security.hashWebPassword(password) }] };
  security.parseWebUsers(next);
  security.writeSecretJson(file, next);
  say(`login ${name} (${args.role || 'viewer'}) saved in ${file}`, `ログイン ${name} (${args.role || 'viewer'}) を ${file} に保存しました`);
  if (generated) say(`password (shown once): ${password}`, `パスワード (一度だけ表示): ${password}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.resolve(root, args['user-dir'] || process.env.CIVIC_USER_DIR || '.node-red');
  const security = require(path.join(root, 'dist', 'lib', 'security'));
  const [area, ...rest] = args._;
  if (area === 'mqtt') return mqtt(security, dir, rest, args);
  if (area === 'user') return user(security, dir, rest, args);
  return fail('usage: npm run accounts -- mqtt|user add|remove|list … (see docs/security.md)',
    '使い方: npm run accounts -- mqtt|user add|remove|list … (docs/security.md を参照)');
}

main().catch((err) => fail(err.message, 'アカウントを保存できませんでした (下の英語の詳細を見てください)'));
