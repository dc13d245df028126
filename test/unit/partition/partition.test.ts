import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import fc from 'fast-check';
import {
  asEnvelope, checkPrefix, checkSlot, fnv1a32, keyOf, mergeContextDirs, mergeContexts, mergeStates, ownedPartitions,
  ownerOf, owns, parsePartitionTopic, parseWhole, partitionOf, partitionTopic, slowDispatch, subscriptionFilters, topicLevel,
  workerOf, wrapReading,
} from '../../../lib/partition';
import { AlertEngine, parseRules } from '../../../lib/alerts';
import { simDevices } from '../../../lib/sim';
import { isCivicError } from '../../../lib/errors';

describe('partition: hash and ownership', () => {
  it('is FNV-1a 32-bit (published test vectors)', () => {
    // vectors from the FNV reference (draft-eastlake-fnv, test suite): "", "a", "foobar"
    assert.strictEqual(fnv1a32(''), 0x811c9dc5);
    assert.strictEqual(fnv1a32('a'), 0xe40c292c);
    assert.strictEqual(fnv1a32('foobar'), 0xbf9cf968);
  });

  it('hashes the UTF-8 bytes, so Japanese device ids are stable too', () => {
    assert.strictEqual(fnv1a32('é'), fnv1a32Bytes([0xc3, 0xa9]));
    assert.strictEqual(fnv1a32('羽咋-1'), fnv1a32Bytes([...Buffer.from('羽咋-1', 'utf8')]));
  });

  it('keeps the device → partition mapping of this release forever (changing it moves every device)', () => {
    // If this test fails, a deployment upgraded to the new version would send devices to other workers and
    // lose their alert state. Do not "fix" the expected values.
    const ids = ['house-1-th-01', 'house-2-th-01', 'house-1-soil-01', 'field-9', '羽咋-ハウス3'];
    assert.deepStrictEqual(ids.map((id) => fnv1a32(id).toString(16)), ['d3a8bc9c', '58f4a15d', '4e4e48d', '20e53dc5', 'b0d99ae1']);
    assert.deepStrictEqual(ids.map((id) => partitionOf(id)), [28, 29, 13, 5, 33]);
    assert.deepStrictEqual(ids.map((id) => workerOf(id, 2)), [0, 1, 1, 1, 1]);
  });

  it('gives every key exactly one owner, whatever the worker count', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (key, n) => {
      const holders = Array.from({ length: n }, (_, i) => i).filter((i) => owns({ index: i, count: n, partitions: 64 }, key));
      return holders.length === 1 && holders[0] === workerOf(key, n);
    }));
  });

  it('matches hash mod n when the partitions are a multiple of the workers', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom(1, 2, 4, 8, 16, 32, 64), (key, n) => workerOf(key, n, 64) === fnv1a32(key) % n));
  });

  it('spreads the 500 simulated devices evenly enough over 2 workers', () => {
    const ids = simDevices({ devices: 500, kind: 'greenhouse', houses: 'house-1,house-2', site: 'hakui' }).map((d) => d.id);
    const w0 = ids.filter((id) => workerOf(id, 2) === 0).length;
    assert.ok(w0 > 200 && w0 < 300, `worker 0 owns ${w0} of 500`);
  });

  it('lists each worker\'s partitions, disjoint and covering all', () => {
    const all = [0, 1, 2].flatMap((i) => ownedPartitions({ index: i, count: 3, partitions: 8 }));
    assert.deepStrictEqual(ownedPartitions({ index: 1, count: 3, partitions: 8 }), [1, 4, 7]);
    assert.deepStrictEqual(all.sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.strictEqual(ownerOf(7, 3), 1);
  });

  it('refuses a worker outside the deployment, naming what is wrong', () => {
    const key = (f: () => unknown) => { try { f(); return 'none'; } catch (e) { return isCivicError(e) ? `${e.key} ${JSON.stringify(e.params)}` : String(e); } };
    assert.strictEqual(key(() => checkSlot({ index: 2, count: 2, partitions: 64 })), 'civic-partition.errors.index {"got":"2","max":1}');
    assert.strictEqual(key(() => checkSlot({ index: 0, count: 65, partitions: 64 })), 'civic-partition.errors.count {"got":"65","max":64}');
    assert.strictEqual(key(() => checkSlot({ index: 0, count: 1, partitions: 0 })), 'civic-partition.errors.partitions {"got":"0","max":4096}');
    assert.strictEqual(key(() => parseWhole('two', 1, 'count')), 'civic-partition.errors.count {"got":"two","max":"?"}');
    assert.deepStrictEqual([parseWhole('', 1, 'count'), parseWhole(undefined, 0, 'index'), parseWhole(' 3 ', 0, 'index'), parseWhole(2, 0, 'index')], [1, 0, 3, 2]);
  });
});

function fnv1a32Bytes(bytes: number[]): number {
  let h = 0x811c9dc5;
  for (const b of bytes) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}

describe('partition: topic layout', () => {
  it('builds and reads back <prefix>/<partition>/<site>/<device>/reading', () => {
    const t = partitionTopic('civic/p', 28, 'hakui', 'house-1-th-01');
    assert.strictEqual(t, 'civic/p/28/hakui/house-1-th-01/reading');
    assert.deepStrictEqual(parsePartitionTopic('civic/p', t), { partition: 28, site: 'hakui', device: 'house-1-th-01' });
    assert.strictEqual(parsePartitionTopic('civic/p', 'civic/hakui/house-1/x/reading'), undefined);
  });

  it('keeps wildcards and slashes out of topic levels', () => {
    assert.strictEqual(partitionTopic('civic/p', 1, undefined, 'a/b+c#'), 'civic/p/1/-/a_b_c_/reading');
    assert.strictEqual(topicLevel(''), '-');
  });

  it('subscribes each worker to its own partitions only', () => {
    assert.deepStrictEqual(subscriptionFilters('civic/p', { index: 1, count: 4, partitions: 16 }), ['civic/p/1/#', 'civic/p/5/#', 'civic/p/9/#', 'civic/p/13/#']);
    assert.deepStrictEqual(subscriptionFilters('civic/p', { index: 0, count: 1, partitions: 64 }), ['civic/p/#']);
  });

  it('calls a dynamic mqtt in slow when it matches several filters per message without MQTT 5', () => {
    // Node-RED's broker node (10-mqtt.js) skips the per-filter RegExp only with MQTT 5 subscription identifiers
    assert.deepStrictEqual([slowDispatch(32, 4), slowDispatch(32, '4'), slowDispatch(32, 3), slowDispatch(32, undefined)], [true, true, true, true]);
    assert.deepStrictEqual([slowDispatch(32, 5), slowDispatch(32, '5'), slowDispatch(1, 4), slowDispatch(1, 5)], [false, false, false, false]);
  });

  it('rejects prefixes with wildcards or empty levels', () => {
    assert.strictEqual(checkPrefix('civic/p'), 'civic/p');
    for (const bad of ['civic/+', 'civic/#', '/civic', 'civic//p', '$share/x', '']) assert.throws(() => checkPrefix(bad), /prefix/);
  });

  it('wraps a reading for MQTT and recognises the envelope again', () => {
    const msg = { payload: { airTemperature: 21 }, units: { airTemperature: '°C' }, timestamp: 5, device: { id: 'd1', site: 'hakui' }, meta: { source: 'ttn' } };
    const env = wrapReading(msg);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(env)), msg);
    assert.strictEqual(asEnvelope(JSON.parse(JSON.stringify(env)))?.device.id, 'd1');
    assert.strictEqual(asEnvelope({ airTemperature: 21 }), undefined);
    assert.strictEqual(asEnvelope({ payload: { a: 1 }, device: {} }), undefined);
  });

  it('takes the key from msg.device.id, else msg.topic', () => {
    assert.strictEqual(keyOf({ device: { id: 'd1' }, topic: 't' }), 'd1');
    assert.strictEqual(keyOf({ topic: 't' }), 't');
    assert.strictEqual(keyOf({}), undefined);
  });
});

describe('partition: moving state to the worker that takes over', () => {
  const rules = parseRules([{ id: 'warm', metric: 'airTemperature', condition: 'above', threshold: 25, recovery: 24, forMinutes: 0, repeatMinutes: 0, severity: 'warning', active: 'always', scope: 'device' }]);
  const T = Date.parse('2026-05-10T03:00:00Z');
  const engine = () => new AlertEngine(rules, { now: () => T });

  it('a device firing on the stopped worker resolves (not re-fires) on the one that took it over', () => {
    const a = engine();
    const b = engine();
    assert.strictEqual(a.ingest({ deviceId: 'dA', timestamp: T, payload: { airTemperature: 27 } }).events[0].payload.state, 'firing');
    b.ingest({ deviceId: 'dB', timestamp: T, payload: { airTemperature: 20 } });
    const merged = mergeStates([JSON.parse(JSON.stringify(b.state)), JSON.parse(JSON.stringify(a.state))]) as never;
    const c = new AlertEngine(rules, { now: () => T }, merged);
    assert.deepStrictEqual(c.ingest({ deviceId: 'dA', timestamp: T + 60000, payload: { airTemperature: 27.5 } }).events, [], 'still firing: no second notification');
    assert.strictEqual(c.ingest({ deviceId: 'dA', timestamp: T + 120000, payload: { airTemperature: 23 } }).events[0].payload.state, 'resolved');
    // without the merge the new worker would have notified again
    assert.strictEqual(engine().ingest({ deviceId: 'dA', timestamp: T + 60000, payload: { airTemperature: 27.5 } }).events[0].payload.state, 'firing');
  });

  it('keeps only the devices the new owner owns, the first state winning a clash, and adds up warnings', () => {
    const s1 = { version: 2, ruleIds: ['warm'], devices: { x: { m: 1, t: [] }, y: { m: 1, t: [] } }, houses: {}, warnings: 2 };
    const s2 = { version: 2, ruleIds: ['warm'], devices: { x: { m: 9, t: [] }, z: { m: 1, t: [] } }, houses: { h: { m: 1, t: [] } }, warnings: 3 };
    const m = mergeStates([s1, s2], (id) => id !== 'y') as typeof s1;
    assert.deepStrictEqual(Object.keys(m.devices).sort(), ['x', 'z']);
    assert.strictEqual(m.devices.x.m, 1);
    assert.deepStrictEqual(Object.keys(m.houses), ['h']);
    assert.strictEqual(m.warnings, 5);
    assert.throws(() => mergeStates([s1, { ...s2, ruleIds: ['other'] }]), /different rule tables/);
    assert.deepStrictEqual(mergeContexts([{ alerts: s1, other: 1 }, { other: 2 }]).other, 1);
    assert.strictEqual(mergeStates([undefined, 'plain']), 'plain');
  });

  it('merges Node-RED localfilesystem context folders (<dir>/context/<flow>/<node>.json)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-partition-'));
    try {
      const write = (dir: string, rel: string, value: unknown) => {
        fs.mkdirSync(path.join(tmp, dir, 'context', path.dirname(rel)), { recursive: true });
        fs.writeFileSync(path.join(tmp, dir, 'context', rel), JSON.stringify(value));
      };
      write('w0', 'tab/alert.json', { alerts: { version: 2, ruleIds: ['warm'], devices: { a: 1 }, houses: {}, warnings: 0 } });
      write('w1', 'tab/alert.json', { alerts: { version: 2, ruleIds: ['warm'], devices: { b: 2 }, houses: {}, warnings: 1 } });
      write('w1', 'tab/stats.json', { windowStats: { version: 1, topics: { b: 3 } } });
      write('w1', 'global/global.json', { secret: 1 });
      const written = mergeContextDirs(path.join(tmp, 'w0'), [path.join(tmp, 'w1')]);
      assert.deepStrictEqual(written, [path.join('tab', 'alert.json'), path.join('tab', 'stats.json')]);
      const alert = JSON.parse(fs.readFileSync(path.join(tmp, 'w0', 'context', 'tab', 'alert.json'), 'utf8'));
      assert.deepStrictEqual([alert.alerts.devices, alert.alerts.warnings], [{ a: 1, b: 2 }, 1]);
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(tmp, 'w0', 'context', 'tab', 'stats.json'), 'utf8')).windowStats.topics, { b: 3 });
      assert.ok(!fs.existsSync(path.join(tmp, 'w0', 'context', 'global')), 'global context is not copied');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
