'use strict';
// Credentials for the ready-made flows, written the way Node-RED 4 stores them: <userDir>/flows_cred.json holds
// {"$": <iv hex (32 chars)><base64 of aes-256-ctr(JSON of {nodeId: {credential: value}})>} with the key
// sha256(credentialSecret) (node_modules/@node-red/runtime/lib/nodes/credentials.js). `npm start` calls
// ensureReadyMadeCredentials before it starts Node-RED, so the ready-made de-identification nodes have their
// secret HMAC key from the first start, and their MQTT broker node its login (ensureBrokerCredentials). Keys are
// generated here, once; they never go into a flow file, a log or the console, and existing credentials are never
// overwritten (except the broker login when MQTT_USERNAME / MQTT_PASSWORD say otherwise).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ALGORITHM = 'aes-256-ctr';
/** Node types of the ready-made flows that need a generated secret, and the credential that holds it. */
const GENERATED = { 'civic-deidentify': 'key', 'civic-store': 'key' };

const encryptionKey = (secret) => crypto.createHash('sha256').update(secret).digest();

/** Decrypts Node-RED's credential file content ({"$": ...}) with the credential secret. */
function decryptCredentials(secret, stored) {
  const text = stored.$;
  const iv = Buffer.from(text.substring(0, 32), 'hex');
  const decipher = crypto.createDecipheriv(ALGORITHM, encryptionKey(secret), iv);
  return JSON.parse(decipher.update(text.substring(32), 'base64', 'utf8') + decipher.final('utf8'));
}

/** Encrypts credentials exactly as Node-RED 4 does: a random 16-byte IV, hex, followed by the base64 ciphertext. */
function encryptCredentials(secret, credentials) {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv(ALGORITHM, encryptionKey(secret), iv);
  return { $: iv.toString('hex') + cipher.update(JSON.stringify(credentials), 'utf8', 'base64') + cipher.final('base64') };
}

/** The credential file Node-RED uses for a flow file (flows.json → flows_cred.json). */
function credentialsFile(userDir, flowFile = 'flows.json') {
  const ext = path.extname(flowFile);
  return path.join(userDir, `${path.basename(flowFile, ext)}_cred${ext}`);
}

/** Reads the stored credentials (decrypted), {} when there are none; throws when they cannot be decrypted. */
function readCredentials(userDir, credentialSecret, flowFile) {
  const file = credentialsFile(userDir, flowFile);
  if (!fs.existsSync(file)) return {};
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!text) return {};
  const stored = JSON.parse(text);
  const encrypted = Object.prototype.hasOwnProperty.call(stored, '$') && Object.keys(stored).length === 1;
  if (!encrypted) return stored; // written by a Node-RED with encryption disabled: plain map
  try {
    return decryptCredentials(credentialSecret, stored);
  } catch {
    const err = new Error(`${path.basename(file)} cannot be decrypted with this credential secret: left unchanged`);
    err.code = 'credentials_load_failed';
    throw err;
  }
}

/**
 * For every ready-made node that needs a generated secret (deidentify: the HMAC key of its keyed pseudonyms),
 * generates a random 256-bit key once and stores it in <userDir>/flows_cred.json, encrypted with
 * `credentialSecret` as Node-RED 4 does. Nodes that already have the credential, and every other credential,
 * are kept as they are. Returns the ids of the nodes that got a new key (never the keys).
 */
function ensureReadyMadeCredentials(userDir, credentialSecret, flows, options = {}) {
  if (!credentialSecret || typeof credentialSecret !== 'string') {
    throw new Error('a credential secret is needed to store the generated keys encrypted');
  }
  const targets = (flows || []).filter((n) => n && typeof n.id === 'string' && GENERATED[n.type]);
  if (!targets.length) return [];
  const credentials = readCredentials(userDir, credentialSecret, options.flowFile);
  const added = [];
  for (const node of targets) {
    const name = GENERATED[node.type];
    const existing = credentials[node.id];
    if (existing && typeof existing[name] === 'string' && existing[name] !== '') continue;
    credentials[node.id] = { ...(existing || {}), [name]: crypto.randomBytes(32).toString('hex') };
    added.push(node.id);
  }
  if (added.length) writeCredentials(userDir, credentialSecret, credentials, options.flowFile);
  return added;
}

/** Writes the decrypted credentials back, encrypted, through a temp file (mode 0600). */
function writeCredentials(userDir, credentialSecret, credentials, flowFile) {
  const file = credentialsFile(userDir, flowFile);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(encryptCredentials(credentialSecret, credentials), null, 4), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * The MQTT login of the ready-made flows' broker config nodes (mqtt-broker; credentials `user`, `password`):
 * `given` ({username, password}, from MQTT_USERNAME / MQTT_PASSWORD for an external broker) replaces what is stored;
 * otherwise an account `serviceName` with a random 256-bit password is generated once and kept. Returns the login
 * in use (npm start puts its hash into the embedded broker's accounts file), or undefined without broker nodes.
 */
function ensureBrokerCredentials(userDir, credentialSecret, flows, serviceName, given, options = {}) {
  const brokers = (flows || []).filter((n) => n && n.type === 'mqtt-broker' && typeof n.id === 'string');
  if (!brokers.length) return undefined;
  const credentials = readCredentials(userDir, credentialSecret, options.flowFile);
  const stored = credentials[brokers[0].id] || {};
  const login = given && given.username
    ? { username: given.username, password: given.password || '' }
    : (stored.user && stored.password ? { username: stored.user, password: stored.password }
      : { username: serviceName, password: crypto.randomBytes(32).toString('hex') });
  let changed = false;
  for (const node of brokers) {
    const now = credentials[node.id] || {};
    if (now.user === login.username && now.password === login.password) continue;
    credentials[node.id] = { ...now, user: login.username, password: login.password };
    changed = true;
  }
  if (changed) writeCredentials(userDir, credentialSecret, credentials, options.flowFile);
  return login;
}

module.exports = { ensureReadyMadeCredentials, ensureBrokerCredentials, readCredentials, encryptCredentials, decryptCredentials, credentialsFile };
