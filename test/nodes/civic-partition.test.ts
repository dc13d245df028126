import assert from 'assert';
import partitionNode from '../../nodes/civic-partition/civic-partition';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, collect, translate, until } from '../helpers/node-red';
import { freePort } from '../helpers/servers';
import { partitionOf, workerOf } from '../../lib/partition';
import { validate } from '../../lib/schemas';

const mqttNodes = require('@node-red/nodes/core/network/10-mqtt.js');

// house-1-th-01 → partition 28 → worker 0 of 2;  house-2-th-01 → partition 29 → worker 1 of 2
const reading = (id: string) => ({
  topic: id, payload: { airTemperature: 24.1 }, units: { airTemperature: '°C' }, timestamp: 1778371200000,
  device: { id, site: 'hakui', house: id.slice(0, 7) }, meta: { source: 'ttn', warnings: [] },
});

describe('partition node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(async () => {
    await helper.unload();
    delete process.env.CIVIC_WORKER_INDEX;
    delete process.env.CIVIC_WORKER_COUNT;
  });

  const pFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'p', type: 'civic-partition', wires: [['own'], ['other']], ...config },
    { id: 'own', type: 'helper' },
    { id: 'other', type: 'helper' },
  );

  it('sends the devices this worker owns to output 1 and the others to output 2 (worker from env)', async () => {
    process.env.CIVIC_WORKER_INDEX = '1';
    process.env.CIVIC_WORKER_COUNT = '2';
    await helper.load(partitionNode, pFlow());
    const own = collect<any>('own');
    const other = collect<any>('other');
    const ids = ['house-1-th-01', 'house-2-th-01', 'house-1-th-02', 'house-2-th-02', 'house-1-th-03'];
    for (const id of ids) nodeById('p').receive(reading(id));
    await until(() => own.length + other.length >= ids.length, 'the five readings');
    assert.deepStrictEqual(own.map((m) => m.device.id), ids.filter((id) => workerOf(id, 2) === 1));
    assert.deepStrictEqual(other.map((m) => m.device.id), ids.filter((id) => workerOf(id, 2) === 0));
    assert.ok(own.some((m) => m.device.id === 'house-2-th-01'));
    assert.deepStrictEqual(own[0].partition, { partition: 29, owner: 1, worker: 1, workers: 2, partitions: 64 });
    assert.deepStrictEqual(own[0].payload, { airTemperature: 24.1 }, 'the reading itself is untouched');
  });

  it('with the env variables unset, one worker owns everything', async () => {
    await helper.load(partitionNode, pFlow());
    const own = nextMessage<any>('own');
    nodeById('p').receive(reading('house-2-th-01'));
    assert.strictEqual((await own).partition.workers, 1);
  });

  it('route mode gives each reading its partitioned topic and an envelope for mqtt out', async () => {
    await helper.load(partitionNode, pFlow({ mode: 'route', workerIndex: '0', workerIndexType: 'num', workerCount: '2', workerCountType: 'num', outputs: 1 }));
    const out = nextMessage<any>('own');
    nodeById('p').receive(reading('house-2-th-01'));
    const m = await out;
    assert.strictEqual(m.topic, 'civic/p/29/hakui/house-2-th-01/reading');
    const check = validate('partitioned-reading.message', JSON.parse(JSON.stringify(m)));
    assert.ok(check.ok, check.ok ? '' : check.error.message);
    assert.deepStrictEqual(m.payload, {
      payload: { airTemperature: 24.1 }, units: { airTemperature: '°C' }, timestamp: 1778371200000,
      device: { id: 'house-2-th-01', site: 'hakui', house: 'house-2' }, meta: { source: 'ttn', warnings: [] },
    });
  });

  it('filter mode turns a republished envelope (from MQTT) back into the reading message', async () => {
    await helper.load(partitionNode, pFlow({ workerIndex: '1', workerIndexType: 'num', workerCount: '2', workerCountType: 'num' }));
    const own = nextMessage<any>('own');
    const r = reading('house-2-th-01');
    nodeById('p').receive({ topic: 'civic/p/29/hakui/house-2-th-01/reading', payload: JSON.parse(JSON.stringify({ payload: r.payload, units: r.units, timestamp: r.timestamp, device: r.device, meta: r.meta })) });
    const m = await own;
    assert.deepStrictEqual([m.topic, m.payload, m.timestamp, m.device.house, m.units.airTemperature], ['house-2-th-01', { airTemperature: 24.1 }, 1778371200000, 'house-2', '°C']);
  });

  it('subscribe mode tells a dynamic mqtt in this worker\'s partitions, on deploy and on input', async () => {
    await helper.load(partitionNode, pFlow({ mode: 'subscribe', workerIndex: '1', workerIndexType: 'num', workerCount: '4', workerCountType: 'num', partitions: 16, qos: 1, outputs: 1 }));
    const first = await nextMessage<any>('own', 2000);
    assert.strictEqual(first.action, 'subscribe');
    assert.deepStrictEqual(first.topic, [1, 5, 9, 13].map((p) => ({ topic: `civic/p/${p}/#`, qos: 1 })));
    const again = nextMessage<any>('own');
    nodeById('p').receive({ payload: 'resubscribe' });
    assert.deepStrictEqual((await again).topic.length, 4);
  });

  it('warns, in Japanese, when its dynamic mqtt in uses MQTT 3.1.1 with many filters (every message matched against every one)', async () => {
    // Node-RED's broker node builds a RegExp per subscribed filter for every message unless MQTT 5 subscription
    // identifiers say which filter matched: 32 filters made two workers cost ~0.03 ms more per reading (docs/scaling.md)
    const port = await freePort();
    const warnings = async (protocolVersion: number, workerCount: string) => {
      await helper.load([withCatalog('civic-partition', partitionNode, 'ja'), mqttNodes], flow(
        { id: 'mq', type: 'mqtt-broker', broker: '127.0.0.1', port, clientid: '', protocolVersion, keepalive: 60, cleansession: true, autoConnect: false },
        { id: 'p', type: 'civic-partition', mode: 'subscribe', workerIndex: '0', workerIndexType: 'num', workerCount, workerCountType: 'num',
          partitions: 64, qos: 1, outputs: 1, wires: [['pin']] },
        { id: 'pin', type: 'mqtt in', broker: 'mq', topic: '', qos: '1', datatype: 'json', inputs: 1, wires: [] },
      ));
      await new Promise((resolve) => nodeById('pin').once('input', resolve));     // the subscribe command went out
      const logged = (helper.log() as unknown as { getCalls(): Array<{ args: Array<{ level: number; id?: string; msg: unknown }> }> }).getCalls();
      const texts = logged.map((c) => c.args[0]).filter((e) => e && e.level === 30 && e.id === 'p').map((e) => String(e.msg));
      await helper.unload();
      return texts;
    };
    const v311 = await warnings(4, '2');
    assert.deepStrictEqual(v311, [translate('civic-partition', 'ja', 'civic-partition.warnings.mqtt311', { filters: 32 })]);
    assert.match(v311[0], /32 個.*MQTT 5/);
    assert.deepStrictEqual(await warnings(5, '2'), []);
    assert.deepStrictEqual(await warnings(4, '1'), []);          // one filter civic/p/#: nothing to gain
  });

  it('uses another key property, and msg.topic when it is missing', async () => {
    await helper.load(partitionNode, pFlow({ key: 'device.house', workerIndex: '0', workerIndexType: 'num', workerCount: '1', workerCountType: 'num' }));
    const own = collect<any>('own');
    nodeById('p').receive(reading('house-2-th-01'));
    nodeById('p').receive({ topic: 'field-9', payload: { soilMoisture: 30 } });
    await until(() => own.length >= 2, 'the two readings');
    assert.deepStrictEqual(own.map((m) => m.partition.partition), [partitionOf('house-2'), partitionOf('field-9')]);
  });

  it('reports a message without any key, in Japanese', async () => {
    await helper.load(withCatalog('civic-partition', partitionNode, 'ja'), pFlow({ workerIndex: '0', workerIndexType: 'num', workerCount: '1', workerCountType: 'num' }));
    const err = nextError('p');
    nodeById('p').receive({ payload: { airTemperature: 20 } });
    assert.strictEqual(await err, '機器を表す値がありません: msg.device.id も msg.topic も空です');
  });

  it('stays inert with a red status when the worker is outside the deployment (English)', async () => {
    process.env.CIVIC_WORKER_INDEX = '2';
    process.env.CIVIC_WORKER_COUNT = '2';
    const f = pFlow();
    await helper.load(withCatalog('civic-partition', partitionNode, 'en-US'), f);
    const node = nodeById('p');
    const call = node.error.getCall(0);
    assert.ok(call, 'an error was logged');
    assert.strictEqual(String(call.args[0]), 'Invalid configuration: This worker\'s number must be a whole number from 0 to 1, got 2');
    assert.deepStrictEqual(node.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: 'invalid config' });
  });

  it('drains before a takeover: markers come back behind the routed readings, then owned readings are held back', async () => {
    const slot = { workerIndex: '0', workerIndexType: 'num', workerCount: '2', workerCountType: 'num' };
    await helper.load(partitionNode, flow(
      { id: 'r', type: 'civic-partition', mode: 'route', ...slot, wires: [['broker']] },
      { id: 'broker', type: 'helper' },
      { id: 'p', type: 'civic-partition', mode: 'filter', ...slot, wires: [['own'], ['other']] },
      { id: 'own', type: 'helper' },
      { id: 'other', type: 'helper' },
    ));
    // the helper node stands in for the broker: what the route stage publishes comes back to the filter stage
    nodeById('broker').on('input', (msg: Record<string, unknown>) => nodeById('p').receive({ topic: msg.topic, payload: msg.payload }));
    const own = collect<any>('own');
    const other = collect<any>('other');
    const mine = 'house-1-th-01';                                     // worker 0 of 2
    const theirs = 'house-2-th-01';                                   // worker 1 of 2
    nodeById('r').receive(reading(mine));
    const res = await helper.request().post('/civic-partition/drain').expect(200);
    assert.deepStrictEqual(res.body, { drained: true, partitions: 32, released: 0 });
    assert.deepStrictEqual(own.map((m) => m.device.id), [mine], 'the reading routed before the drain was evaluated');
    nodeById('r').receive(reading(mine));
    nodeById('r').receive(reading(theirs));                           // a sentinel behind it on the same path
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (other.length) { clearInterval(t); resolve(); } }, 10); });
    assert.strictEqual(own.length, 1, 'a reading of a drained partition went on to the stateful stage');
    await helper.request().post('/civic-partition/drain').expect(409);
    await helper.request().post('/civic-partition/resume').expect(200);
    nodeById('r').receive(reading(mine));
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (own.length === 2) { clearInterval(t); resolve(); } }, 10); });
  });

  it('refuses to drain a worker without a route and a filter stage', async () => {
    await helper.load(partitionNode, pFlow({ mode: 'filter' }));
    const res = await helper.request().post('/civic-partition/drain').expect(409);
    assert.match(res.body.error, /route mode and one in filter mode/);
  });
});
