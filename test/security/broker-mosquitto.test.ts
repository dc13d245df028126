// The same accounts on a real mosquitto (the external broker of docs/security.md): `npm run accounts -- mqtt
// mosquitto <dir>` writes password_file and acl_file from mqtt-accounts.json, mosquitto 2 runs with
// allow_anonymous false, and npm start's ready-made flows use it through MQTT_URL with their service account.
// Anonymous clients are refused, a device cannot publish another device's uplink or read everything, staff can,
// and the fake 55.2 °C uplink of issue 15 does not reach the flows. (mosquitto cannot look into payloads: the
// "own topic, another device's payload" case is refused by the embedded broker only — docs/security.md.)
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { requireBinary, startMosquitto, type RunningServer } from '../helpers/servers';
import { accounts, requireBuilt, startCivic, type Civic } from './civic-start';
import { client, ttsUplink, until } from './uplinks';

const DEVICE = 'house-1-th-01';
const OTHER = 'house-2-th-01';

describe('security: mosquitto with the exported password_file and acl_file', function () {
  this.timeout(90_000);
  let mosquitto: RunningServer | undefined;
  let civic: Civic | undefined;
  let dir = '';

  before(async function () {
    requireBinary(this, 'mosquitto', 'mosquitto');
    requireBuilt(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-accounts-'));
    await accounts(dir, ['mqtt', 'add', DEVICE, '--role', 'device'], 'device pass 1');
    await accounts(dir, ['mqtt', 'add', 'staff-1', '--role', 'staff'], 'staff pass 1');
    await accounts(dir, ['mqtt', 'add', 'civic-flows', '--role', 'service'], 'flows pass 1');
    await accounts(dir, ['mqtt', 'mosquitto', path.join(dir, 'mosquitto')]);
    // run as this user: mosquitto started as root would switch to "mosquitto", who cannot read the 0600 files here
    mosquitto = await startMosquitto(undefined, { config: () => [`user ${os.userInfo().username}`, 'allow_anonymous false',
      `password_file ${path.join(dir, 'mosquitto', 'passwords')}`, `acl_file ${path.join(dir, 'mosquitto', 'acl')}`] });
    civic = await startCivic({ CIVIC_USER: 'admin', CIVIC_PASSWORD: 'admin pass 1', MQTT_URL: `mqtt://127.0.0.1:${mosquitto.port}`,
      MQTT_USERNAME: 'civic-flows', MQTT_PASSWORD: 'flows pass 1' });
  });
  after(async () => {
    await civic?.stop();
    await mosquitto?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    const anonymous = await client(mosquitto!.port);
    assert.strictEqual(anonymous.refused, 5, `anonymous: ${anonymous.error ?? 'connected'}`);
    const wrong = await client(mosquitto!.port, { username: DEVICE, password: 'guess' });
    assert.ok(wrong.refused === 4 || wrong.refused === 5, `wrong password: ${wrong.error ?? 'connected'}`);
  });

  it('a device reads nothing but its downlinks; staff read everything', async () => {
    const staff = await client(mosquitto!.port, { username: 'staff-1', password: 'staff pass 1' });
    const device = await client(mosquitto!.port, { username: DEVICE, password: 'device pass 1' });
    await staff.c!.subscribeAsync('civic/#', { qos: 1 });
    await device.c!.subscribeAsync('civic/#', { qos: 1 }).catch(() => undefined);
    // the ready-made flows publish through mosquitto with their service account: staff see readings, the device none
    await until(() => staff.got.length >= 3, 30_000, () => `staff saw ${staff.got.length} messages:\n${civic!.output().slice(-1500)}`);
    assert.deepStrictEqual(device.got, [], 'a device account received other topics');
    await Promise.all([staff.c!.endAsync(), device.c!.endAsync()]);
  });

  it('the fake 55.2 °C uplink does not reach the flows; the device\'s own uplink does', async () => {
    const staff = await client(mosquitto!.port, { username: 'staff-1', password: 'staff pass 1' });
    await staff.c!.subscribeAsync(['civic/#', 'v3/#'], { qos: 1 });
    const anonymous = await client(mosquitto!.port);
    const fake = ttsUplink(DEVICE, 55.2);
    if (anonymous.c) anonymous.c.publish(fake.topic, fake.payload, { qos: 1 });
    const device = await client(mosquitto!.port, { username: DEVICE, password: 'device pass 1' });
    const stolen = ttsUplink(OTHER, 55.2);
    await device.c!.publishAsync(stolen.topic, stolen.payload, { qos: 1 });   // mosquitto acknowledges and drops it
    const real = ttsUplink(DEVICE, 21.3, Date.now() + 120_000);
    await device.c!.publishAsync(real.topic, real.payload, { qos: 1 });
    const readings = () => staff.got.filter((m) => /^civic\/hakui\/house-[12]\/house-[12]-th-01\/reading$/.test(m.topic))
      .map((m) => JSON.parse(m.payload).payload.airTemperature as number);
    await until(() => readings().includes(21.3), 30_000, () => `the device's own uplink was not republished: ${readings().join(', ')}`);
    const leaked = staff.got.filter((m) => /"airTemperature":55\.2|"value":55\.2/.test(m.payload) || m.payload === fake.payload || m.payload === stolen.payload);
    assert.deepStrictEqual(leaked.map((m) => m.topic), [], 'the fake uplink got through mosquitto');
    assert.strictEqual(anonymous.refused, 5);
    await Promise.all([staff.c!.endAsync(), device.c!.endAsync()]);
  });
});
