// MQTT accounts: topic ACLs per role (MQTT 3.1.1 §4.7 wildcard rules), a device cannot speak for another device,
// and the same file exported as mosquitto's password_file and acl_file.
import assert from 'assert';
import {
  accountAcl, filterCovers, innerFilter, mayPublish, maySubscribe, parseMqttAccounts, toMosquittoFiles, topicMatches,
  uplinkIdentity, type MqttAccount,
} from '../../../lib/security';

const HASH = '$7$1000$AAAAAAAAAAAAAAAA$' + 'A'.repeat(86) + '==';
const device: MqttAccount = { username: 'house-1-th-01', role: 'device', password: HASH };
const gateway: MqttAccount = { username: 'gw-north', role: 'gateway', password: HASH, devices: ['house-2-th-01', 'a84041000181c4e0'] };
const staff: MqttAccount = { username: 'staff-1', role: 'staff', password: HASH };
const service: MqttAccount = { username: 'civic-flows', role: 'service', password: HASH };

describe('security: MQTT accounts and topic ACLs', () => {
  it('matches topics and filters as MQTT 3.1.1 §4.7 says', () => {
    assert.ok(topicMatches('v3/+/devices/x/up', 'v3/app@ttn/devices/x/up'));
    assert.ok(!topicMatches('v3/+/devices/x/up', 'v3/app/devices/x/up/extra'));
    assert.ok(topicMatches('civic/#', 'civic'), '"#" also matches the parent level');
    assert.ok(!topicMatches('#', '$SYS/broker/uptime'));
    assert.ok(filterCovers('#', 'civic/+/reading') && filterCovers('civic/#', 'civic/p/3/#'));
    assert.ok(!filterCovers('civic/+/x', 'civic/#') && !filterCovers('a/b', 'a/+') && !filterCovers('#', '$SYS/#'));
    assert.strictEqual(innerFilter('$share/civic-decode/v3/+/devices/+/up'), 'v3/+/devices/+/up');
  });

  it('a device publishes only its own uplinks and reads only its downlinks', () => {
    assert.ok(mayPublish(device, 'v3/civic-iot@ttn/devices/house-1-th-01/up'));
    assert.ok(mayPublish(device, 'application/1/device/house-1-th-01/event/up'));
    assert.ok(!mayPublish(device, 'v3/civic-iot@ttn/devices/house-2-th-01/up'), 'another device\'s topic');
    assert.ok(!mayPublish(device, 'civic/hakui/house-1/house-1-th-01/reading'), 'a republished reading');
    assert.ok(maySubscribe(device, 'v3/civic-iot@ttn/devices/house-1-th-01/down/push'));
    assert.ok(!maySubscribe(device, '#') && !maySubscribe(device, 'v3/+/devices/+/up'));
  });

  it('a gateway speaks for its listed devices; staff read everything and write nothing; the service account does all', () => {
    assert.ok(mayPublish(gateway, 'v3/a/devices/house-2-th-01/up') && mayPublish(gateway, 'application/7/device/a84041000181c4e0/event/up'));
    assert.ok(!mayPublish(gateway, 'v3/a/devices/house-1-th-01/up'));
    assert.ok(maySubscribe(staff, '#') && maySubscribe(staff, '$SYS/#') && maySubscribe(staff, '$share/g/civic/#'));
    assert.ok(!mayPublish(staff, 'civic/hakui/alert/x'));
    assert.ok(mayPublish(service, 'civic/p/3/hakui/x/reading') && !mayPublish(service, '$SYS/x'));
    assert.deepStrictEqual(accountAcl({ ...staff, publish: ['civic/+/ack'] }).publish, ['civic/+/ack']);
  });

  it('finds the device an uplink payload claims to be (TTS v3, ChirpStack v4)', () => {
    const tts = Buffer.from(JSON.stringify({ end_device_ids: { device_id: 'house-2-th-01' }, uplink_message: {} }));
    assert.deepStrictEqual(uplinkIdentity('v3/a/devices/house-1-th-01/up', tts), { topicId: 'house-1-th-01', payloadIds: ['house-2-th-01'] });
    const cs = Buffer.from(JSON.stringify({ deviceInfo: { devEui: 'A84041000181C4E0' } }));
    assert.deepStrictEqual(uplinkIdentity('application/7/device/a84041000181c4e0/event/up', cs)?.payloadIds, ['A84041000181C4E0']);
    assert.strictEqual(uplinkIdentity('civic/x', tts), undefined);
    assert.deepStrictEqual(uplinkIdentity('v3/a/devices/d/up', Buffer.from('not json'))?.payloadIds, []);
  });

  it('refuses bad account files naming the problem', () => {
    assert.throws(() => parseMqttAccounts({ version: 1, accounts: [device, device] }), /listed twice/);
    assert.throws(() => parseMqttAccounts({ version: 1, accounts: [{ ...gateway, devices: [] }] }), /needs its devices/);
    assert.throws(() => parseMqttAccounts({ version: 1, accounts: [{ ...device, username: 'a/#' }] }), (e: Error & { key?: string }) => e.key === 'shared.schema.pattern');
    assert.throws(() => parseMqttAccounts({ version: 1, accounts: [{ ...device, password: 'plain' }] }), (e: Error & { key?: string }) => e.key === 'shared.schema.pattern');
    assert.throws(() => parseMqttAccounts({ version: 1, accounts: [{ ...device, role: 'root' }] }), (e: Error & { key?: string }) => e.key === 'shared.schema.enum');
  });

  it('exports mosquitto\'s password_file and acl_file', () => {
    const { passwordFile, aclFile } = toMosquittoFiles({ version: 1, accounts: [device, staff, service] });
    assert.strictEqual(passwordFile, `house-1-th-01:${HASH}\nstaff-1:${HASH}\ncivic-flows:${HASH}\n`);
    assert.match(aclFile, /user house-1-th-01\ntopic read v3\/\+\/devices\/house-1-th-01\/down\/#\ntopic read application\/\+\/device\/house-1-th-01\/command\/down\ntopic write v3\/\+\/devices\/house-1-th-01\/up\ntopic write application\/\+\/device\/house-1-th-01\/event\/up\n/);
    assert.match(aclFile, /user staff-1\ntopic read #\ntopic read \$SYS\/#\n\n/);
    assert.match(aclFile, /user civic-flows\ntopic read #\ntopic read \$SYS\/#\ntopic write #\n/);
  });
});
