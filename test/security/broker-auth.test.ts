// The embedded MQTT broker of `npm start` with a login configured (issue 15, part 1): real aedes, real Node-RED
// running the ready-made flows with their generated account. Anonymous clients and wrong passwords are refused;
// a device publishes only its own uplinks and cannot subscribe to everything; a staff account reads everything;
// and the attack — a fake 55.2 °C uplink for a real greenhouse sensor — never reaches the flows, while the
// simulator's and the device's genuine uplinks still do. (Before the fix, the anonymous publisher got in and the
// 55.2 °C reading was decoded, alerted on and republished.) The same checks against mosquitto: broker-mosquitto.test.ts.
import assert from 'assert';
import { execFileSync } from 'child_process';
import fs from 'fs';
import mqtt from 'mqtt';
import os from 'os';
import path from 'path';
import { freePort, requireBinary } from '../helpers/servers';
import { accounts, requireBuilt, startCivic, type Civic } from './civic-start';
import { client, ttsUplink, until } from './uplinks';

const DEVICE = 'house-1-th-01';
const OTHER = 'house-2-th-01';

describe('security: the embedded MQTT broker needs accounts and keeps devices to their own topics', function () {
  this.timeout(90_000);
  let civic: Civic | undefined;
  let tlsPort = 0;
  let certDir = '';

  before(async function () {
    requireBuilt(this);
    const openssl = requireBinary(this, 'openssl', 'openssl');
    // a self-signed certificate for 127.0.0.1, as a city would configure its own
    certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-cert-'));
    execFileSync(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem')], { stdio: 'ignore' });
    tlsPort = await freePort();
    civic = await startCivic({ CIVIC_USER: 'admin', CIVIC_PASSWORD: 'admin pass 1', CIVIC_MQTT_TLS_PORT: String(tlsPort),
      CIVIC_MQTT_TLS_CERT: path.join(certDir, 'cert.pem'), CIVIC_MQTT_TLS_KEY: path.join(certDir, 'key.pem') }, async (dir) => {
      await accounts(dir, ['mqtt', 'add', DEVICE, '--role', 'device'], 'device pass 1');
      await accounts(dir, ['mqtt', 'add', 'staff-1', '--role', 'staff'], 'staff pass 1');
    });
  });
  after(async () => {
    await civic?.stop();
    if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
  });

  it('serves TLS with the configured certificate, with the same accounts', async () => {
    const ca = fs.readFileSync(path.join(certDir, 'cert.pem'));
    const tls = (opts: mqtt.IClientOptions) => mqtt.connectAsync(`mqtts://127.0.0.1:${tlsPort}`, { ca, reconnectPeriod: 0, connectTimeout: 10_000, ...opts });
    const staff = await tls({ username: 'staff-1', password: 'staff pass 1' });
    assert.ok(staff.connected);
    await staff.endAsync();
    await assert.rejects(tls({}), (err: Error & { code?: number }) => err.code === 5, 'anonymous over TLS');
    await assert.rejects(mqtt.connectAsync(`mqtts://127.0.0.1:${tlsPort}`, { reconnectPeriod: 0, connectTimeout: 10_000, username: 'staff-1', password: 'staff pass 1' }),
      /self-signed|certificate/, 'a client that does not trust the certificate is refused by TLS itself');
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    const anonymous = await client(civic!.mqttPort);
    assert.strictEqual(anonymous.refused, 5, `anonymous: ${anonymous.error ?? 'connected'}`);
    const wrong = await client(civic!.mqttPort, { username: DEVICE, password: 'guess' });
    assert.strictEqual(wrong.refused, 4, `wrong password: ${wrong.error ?? 'connected'}`);
  });

  it('a device may not subscribe to everything; a staff account may', async () => {
    const device = await client(civic!.mqttPort, { username: DEVICE, password: 'device pass 1' });
    const refused = await device.c!.subscribeAsync('#').catch((err: { packet?: { granted?: number[] } }) => err.packet?.granted);
    assert.deepStrictEqual(refused, [128], 'SUBACK "failure" for #');
    await device.c!.endAsync();
    const staff = await client(civic!.mqttPort, { username: 'staff-1', password: 'staff pass 1' });
    assert.deepStrictEqual((await staff.c!.subscribeAsync('#')).map((g) => g.qos), [0]);
    await staff.c!.endAsync();
  });

  it('the fake 55.2 °C uplink of the issue never reaches the flows; genuine uplinks still do', async () => {
    const staff = await client(civic!.mqttPort, { username: 'staff-1', password: 'staff pass 1' });
    await staff.c!.subscribeAsync(['civic/#', 'v3/#'], { qos: 1 });
    const readings = () => staff.got.filter((m) => m.topic === `civic/hakui/house-1/${DEVICE}/reading`).map((m) => JSON.parse(m.payload).payload.airTemperature as number);
    // the ready-made flows run with their own generated account: the simulator's readings come back republished
    await until(() => readings().length > 0, 30_000, () => `no reading republished:\n${civic!.output().slice(-2000)}`);
    const fake = ttsUplink(DEVICE, 55.2, Date.now() + 60_000);

    // 1. anonymous attacker (before the fix it connected and published the fake)
    const anonymous = await client(civic!.mqttPort);
    if (anonymous.c) anonymous.c.publish(fake.topic, fake.payload, { qos: 1 });
    // 2. a device's stolen account publishing another device's uplink: the broker drops it and the connection
    const other = await client(civic!.mqttPort, { username: DEVICE, password: 'device pass 1' });
    other.c?.publish(ttsUplink(OTHER, 55.2).topic, ttsUplink(OTHER, 55.2).payload, { qos: 1 });
    // 3. the device's own topic, but a payload that claims to be another device
    const spoof = await client(civic!.mqttPort, { username: DEVICE, password: 'device pass 1' });
    spoof.c?.publish(ttsUplink(DEVICE, 0).topic, ttsUplink(OTHER, 55.2).payload, { qos: 1 });

    // the genuine device, on its own topic, with a value nobody else sends
    const genuine = await client(civic!.mqttPort, { username: DEVICE, password: 'device pass 1' });
    const real = ttsUplink(DEVICE, 21.3, Date.now() + 120_000);
    await genuine.c!.publishAsync(real.topic, real.payload, { qos: 1 });
    await until(() => readings().includes(21.3), 30_000, () => `the genuine uplink was not republished: ${readings().join(', ')}`);
    await genuine.c!.endAsync();

    // nothing of the fake went out: no 55.2 °C reading republished, no alert about it, no fake uplink forwarded
    const leaked = staff.got.filter((m) => /"airTemperature":55\.2|"value":55\.2/.test(m.payload) || m.payload === fake.payload);
    assert.deepStrictEqual(leaked.map((m) => m.topic), [], 'the fake 55.2 °C uplink reached the flows');
    assert.strictEqual(anonymous.refused, 5, 'an anonymous client connected');
    await until(() => other.closed() && spoof.closed(), 10_000, () => 'the broker kept a connection after a refused publish');
    for (const c of [anonymous, other, spoof]) c.c?.end(true);
    await staff.c!.endAsync();
  });

  it('logs refusals with the account and topic, never a password or payload', () => {
    const log = civic!.output();
    assert.match(log, /MQTT publish refused for house-1-th-01: v3\/civic-iot@ttn\/devices\/house-2-th-01\/up/);
    assert.match(log, /MQTT login failed: house-1-th-01 from 127\.0\.0\.1/);
    for (const secret of ['device pass 1', 'staff pass 1', 'guess', 'frm_payload']) assert.ok(!log.includes(secret), `"${secret}" is in the log`);
  });
});
