import assert from 'assert';
import sensorSim from '../../nodes/civic-sensor-sim/civic-sensor-sim';
import { helper, withCatalog, flow, nextMessage, nextError, collect, nodeById } from '../helpers/node-red';
import { quiet } from '../helpers/wait';

const NOON_JST = Date.parse('2026-05-10T12:00:00+09:00');
const NIGHT_JST = Date.parse('2026-05-10T02:00:00+09:00');

describe('sensor-sim node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const simFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'sim', type: 'civic-sensor-sim', devices: 2, kind: 'greenhouse', interval: 0, houses: 'house-1', wires: [['out']], ...config },
    { id: 'out', type: 'helper' },
  );

  it('sends one message per device when a message arrives, at the time it names', async () => {
    await helper.load(sensorSim, simFlow());
    const received = collect<any>('out');
    nodeById('sim').receive({ timestamp: NOON_JST });
    await nextMessage('out');
    await new Promise((r) => setImmediate(r));
    assert.strictEqual(received.length, 2);
    assert.deepStrictEqual(received.map((m) => m.topic), ['house-1-th-01', 'house-1-th-02']);
    assert.strictEqual(received[0].timestamp, NOON_JST);
    assert.strictEqual(received[0].units.airTemperature, '°C');
  });

  it('the triggering message carries the first reading (as core nodes reuse msg); its other properties stay', async () => {
    await helper.load(sensorSim, simFlow());
    const received = collect<any>('out');
    nodeById('sim').receive({ _msgid: 'trigger-1', timestamp: NOON_JST, keep: 'me' });
    await nextMessage('out');
    await new Promise((r) => setImmediate(r));
    assert.strictEqual(received[0]._msgid, 'trigger-1');
    assert.strictEqual(received[0].keep, 'me');
    assert.strictEqual(received[0].topic, 'house-1-th-01');
    assert.strictEqual(received[1].topic, 'house-1-th-02');
    assert.notStrictEqual(received[1], received[0]);
  });

  it('simulates a warmer noon than night at the site', async () => {
    await helper.load(sensorSim, simFlow({ devices: 1 }));
    const night = nextMessage<any>('out');
    nodeById('sim').receive({ timestamp: NIGHT_JST });
    const noonMsg = nextMessage<any>('out');
    const n = await night;
    nodeById('sim').receive({ timestamp: NOON_JST });
    const d = await noonMsg;
    assert.ok(d.payload.airTemperature > n.payload.airTemperature, `${n.payload.airTemperature} → ${d.payload.airTemperature}`);
    assert.ok(d.payload.solarRadiation > 0 && n.payload.solarRadiation === 0);
  });

  it('gives the same values for the same seed in two deployments', async () => {
    await helper.load(sensorSim, simFlow({ seed: 99, format: 'cayenne' }));
    let p = nextMessage<any>('out');
    nodeById('sim').receive({ timestamp: NOON_JST });
    const first = (await p).payload as Buffer;
    helper.unload();
    await helper.load(sensorSim, simFlow({ seed: 99, format: 'cayenne' }));
    p = nextMessage<any>('out');
    nodeById('sim').receive({ timestamp: NOON_JST });
    assert.ok(Buffer.isBuffer(first));
    assert.deepStrictEqual((await p).payload, first);
  });

  it('runs on its timer after deploy when started', async () => {
    await helper.load(sensorSim, simFlow({ interval: 0.05, devices: 1 }));
    const msg = await nextMessage<any>('out', 10000);
    assert.strictEqual(msg.topic, 'house-1-th-01');
  });

  it('stops and starts on control messages', async () => {
    await helper.load(sensorSim, simFlow({ interval: 0.05, devices: 1, autoStart: false }));
    const received = collect('out');
    await quiet(200);
    assert.strictEqual(received.length, 0, 'not started');
    nodeById('sim').receive({ topic: 'control', payload: 'start' });
    await nextMessage('out', 10000);
    nodeById('sim').receive({ topic: 'control', payload: 'stop' });
    // counted once the rounds sent before the stop are delivered (a busy loop can run a bare timer before them)
    await quiet(100);
    const count = received.length;
    await quiet(200);
    assert.strictEqual(received.length, count, 'stopped');
  });

  it('answers a bad timestamp with a translated error for Catch nodes, and keeps working', async () => {
    await helper.load(withCatalog('civic-sensor-sim', sensorSim, 'ja'), simFlow({ devices: 1 }));
    const err = nextError('sim');
    nodeById('sim').receive({ timestamp: 'noon' });
    assert.strictEqual(await err, 'msg.timestamp はエポックミリ秒の数値にしてください (受信した型: string)');
    const ok = nextMessage('out');
    nodeById('sim').receive({ timestamp: NOON_JST });
    await ok;
  });

  it('refuses a config saved by a newer version of the pack, in the user\'s language', async () => {
    await helper.load(withCatalog('civic-sensor-sim', sensorSim, 'ja'), simFlow({ version: 9 }));
    const sim = nodeById('sim');
    assert.deepStrictEqual(sim.status.getCall(0).args[0], { fill: 'red', shape: 'ring', text: '設定エラー' });
    assert.match(sim.error.getCall(0).args[0], /新しい版の node-red-contrib-civic-iot で保存されています \(設定の版 9、この版は 1 まで\)/);
  });

  it('runs a flow saved before config versions existed (no version property)', async () => {
    await helper.load(sensorSim, simFlow({ version: undefined }));
    const p = nextMessage<any>('out');
    nodeById('sim').receive({ timestamp: NOON_JST });
    assert.strictEqual((await p).topic, 'house-1-th-01');
  });

  it('refuses an invalid config with a red status and a translated reason, without crashing', async () => {
    await helper.load(withCatalog('civic-sensor-sim', sensorSim, 'en-US'), simFlow({ devices: 0 }));
    const sim = nodeById('sim');
    const statusCall = sim.status.lastCall ?? sim.status.getCall(0);
    assert.deepStrictEqual(statusCall.args[0], { fill: 'red', shape: 'ring', text: 'invalid config' });
    const logged = sim.error.getCall(0).args[0];
    assert.strictEqual(logged, 'Invalid configuration: devices must be ≥ 1');
    const received = collect('out');
    sim.receive({ timestamp: NOON_JST });
    await quiet(50);
    assert.strictEqual(received.length, 0);
  });
});
