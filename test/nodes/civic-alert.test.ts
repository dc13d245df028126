import assert from 'assert';
import greenhouseAlert from '../../nodes/civic-alert/civic-alert';
import { helper, withCatalog, flow, collect, nodeById, nextError } from '../helpers/node-red';
import { quiet } from '../helpers/wait';
import { validate } from '../../lib/schemas';
import { parseRules } from '../../lib/alerts';

const MIN = 60000;
const NOON = Date.parse('2025-06-01T12:00:00+09:00');
// Node-RED deletes a node's context when it stops unless a context store is configured (settings.js
// contextStorage), so the restart tests configure one, as the docs tell users to. The helper never loads the
// stores itself: the node module wrapper does it before the flow starts.
type NodeModule = (RED: never) => void;
async function withContextStore<T>(mod: T, body: (wrapped: NodeModule) => Promise<void>): Promise<void> {
  helper.settings({ contextStorage: { default: { module: 'memory' } } });
  const context = (helper as unknown as { _context: { load(): Promise<void> } })._context;
  try {
    await body((async (RED: never) => { await context.load(); (mod as unknown as NodeModule)(RED); }) as unknown as NodeModule);
  } finally {
    helper.settings({});
  }
}
// the table of open alerts goes out at most every 100 ms during a burst: wait a little longer than that, then for
// the deliveries already under way (a bare timer can end first on a busy loop, before the table or event lands)
const settle = () => quiet(150);

const HOT = { id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, forMinutes: 10, repeatMinutes: 30, severity: 'critical' };

describe('civic-alert node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const alertFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'ga', type: 'civic-alert', rules: [HOT], lang: 'en-US', wires: [['events'], ['table']], ...config },
    { id: 'events', type: 'helper' },
    { id: 'table', type: 'helper' },
  );
  const reading = (m: number, airTemperature: unknown, device = 'house-1-th-01') => ({
    topic: device, payload: { airTemperature }, timestamp: NOON + m * MIN, device: { id: device, house: 'house-1' },
  });

  it('fires once after 10 minutes above 30 °C, not before, with the contract message and the table', async () => {
    await helper.load(greenhouseAlert, alertFlow());
    const events = collect<any>('events');
    const tables = collect<any>('table');
    const ga = nodeById('ga');
    for (let m = 0; m <= 12; m++) ga.receive(reading(m, 31));
    await settle();
    assert.strictEqual(events.length, 1);
    const e = events[0];
    assert.strictEqual(e.topic, 'alert/house-1-th-01/hot');
    assert.strictEqual(e.payload.state, 'firing');
    assert.strictEqual(e.payload.time, NOON + 10 * MIN);
    assert.strictEqual(e.payload.message, '[ALERT] house-1-th-01: air temperature 31 °C is above 30 °C');
    assert.ok(validate('alert.message', e).ok, JSON.stringify(validate('alert.message', e)));
    // the table is sent once per burst of readings, showing the latest state
    assert.deepStrictEqual(tables.map((t) => t.payload.map((r: any) => r.state)), [['firing']]);
    assert.strictEqual(tables[0].payload[0].id, e.payload.id);
    ga.receive(reading(13, 28));
    await settle();
    assert.deepStrictEqual(tables.map((t) => t.payload.length), [1, 0]);
  });

  it('writes Japanese messages when set to Japanese', async () => {
    await helper.load(greenhouseAlert, alertFlow({ lang: 'ja', rules: [{ ...HOT, forMinutes: 0 }] }));
    const events = collect<any>('events');
    nodeById('ga').receive(reading(0, 31.5));
    await settle();
    assert.strictEqual(events[0].payload.message, '【警報】house-1-th-01: 気温が30°Cを超えています（現在 31.5°C）');
  });

  it('repeats on the timer until acknowledged, then resolves below the recovery level', async () => {
    await helper.load(greenhouseAlert, alertFlow());
    const events = collect<any>('events');
    const ga = nodeById('ga');
    ga.receive(reading(0, 31));
    ga.receive(reading(10, 31));
    ga.receive({ topic: 'tick', timestamp: NOON + 40 * MIN });
    await settle();
    assert.deepStrictEqual(events.map((e) => [e.payload.state, e.payload.repeat]), [['firing', 0], ['firing', 1]]);
    ga.receive({ topic: 'ack', payload: events[0].payload.id, timestamp: NOON + 41 * MIN });
    ga.receive({ topic: 'tick', timestamp: NOON + 90 * MIN });
    ga.receive(reading(91, 29.5));  // above recovery: still open
    ga.receive(reading(92, 28.9));
    await settle();
    assert.deepStrictEqual(events.slice(2).map((e) => e.payload.state), ['acknowledged', 'resolved']);
  });

  it('acknowledges "all" alerts of one house', async () => {
    await helper.load(greenhouseAlert, alertFlow({ rules: [{ ...HOT, forMinutes: 0 }] }));
    const events = collect<any>('events');
    const ga = nodeById('ga');
    ga.receive(reading(0, 31, 'a'));
    ga.receive({ topic: 'b', payload: { airTemperature: 31 }, timestamp: NOON, device: { id: 'b', house: 'house-2' } });
    ga.receive({ topic: 'ack', payload: 'all', house: 'house-1', timestamp: NOON + MIN });
    await settle();
    assert.deepStrictEqual(events.map((e) => `${e.payload.deviceId}:${e.payload.state}`), ['a:firing', 'b:firing', 'a:acknowledged']);
  });

  it('keeps open alerts across a redeploy (state in node context)', () => withContextStore(greenhouseAlert, async (mod) => {
    await helper.load(mod as never, alertFlow({ rules: [{ ...HOT, forMinutes: 0 }] }));
    const ga = nodeById('ga');
    const first = collect<any>('events');
    ga.receive(reading(0, 31));
    await settle();
    const id = first[0].payload.id;
    await helper.setFlows(alertFlow({ rules: [{ ...HOT, forMinutes: 0 }], name: 'renamed' }) as never, 'full');
    const events = collect<any>('events');
    const again = nodeById('ga');
    again.receive(reading(5, 28));
    await settle();
    assert.deepStrictEqual(events.map((e) => [e.payload.state, e.payload.id]), [['resolved', id]]);
  }));

  it('uses the crop preset when the table is empty', async () => {
    await helper.load(greenhouseAlert, alertFlow({ rules: [], preset: 'tomato-fruiting' }));
    const events = collect<any>('events');
    const ga = nodeById('ga');
    for (let m = 0; m <= 10; m++) ga.receive({ ...reading(m, 31), payload: { airTemperature: 31 } });
    await settle();
    assert.deepStrictEqual(events.map((e) => e.payload.ruleId), ['heat']);
  });

  it('serves presets to the editor', async () => {
    await helper.load(greenhouseAlert, alertFlow());
    const res = await helper.request().get('/civic-alert/presets/tomato-seedling').expect(200);
    assert.ok(res.body.some((r: any) => r.metric === 'humidityDeficit'));
    await helper.request().get('/civic-alert/presets/melon').expect(404);
  });

  it('skips non-numeric values with a warning count, never a false alert', async () => {
    await helper.load(withCatalog('civic-alert', greenhouseAlert, 'en-US'), alertFlow({ rules: [{ ...HOT, forMinutes: 0 }] }));
    const events = collect<any>('events');
    const ga = nodeById('ga');
    ga.receive(reading(0, 'hot'));
    ga.receive(reading(1, null));
    await settle();
    assert.strictEqual(events.length, 0);
    // the whole status, readable: not "0 alert · 0 open · …" cut at 20 characters
    assert.deepStrictEqual(ga.status.lastCall.args[0], { fill: 'yellow', shape: 'ring', text: 'no alerts · 2 values skipped' });
  });

  it('refuses an invalid rule table naming the row and the field (Japanese)', async () => {
    const rules = [HOT, { id: 'x', metric: 'co2', condition: 'above', threshold: 'lots' }];
    await helper.load(withCatalog('civic-alert', greenhouseAlert, 'ja'), alertFlow({ rules }));
    const ga = nodeById('ga');
    assert.deepStrictEqual(ga.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: '設定エラー' });
    assert.strictEqual(ga.error.getCall(0).args[0], '設定が正しくありません: ルール 2 行目の threshold: 「lots」は数値ではありません');
    const events = collect('events');
    ga.receive(reading(0, 40));
    await settle();
    assert.strictEqual(events.length, 0);
  });

  it('warns about an ack for an unknown alert without repeating the text it was sent', async () => {
    await helper.load(withCatalog('civic-alert', greenhouseAlert, 'en-US'), alertFlow());
    const ga = nodeById('ga');
    ga.receive({ topic: 'ack', payload: 'Yamada Taro 090-1234-5678' });
    await settle();
    const warned = ga.warn.getCalls().map((c: { args: unknown[] }) => String(c.args[0]));
    assert.deepStrictEqual(warned, ['No open alert has the id given in the acknowledgement']);
  });

  it('answers a payload that is not an object with a translated error for Catch nodes', async () => {
    await helper.load(withCatalog('civic-alert', greenhouseAlert, 'en-US'), alertFlow());
    const err = nextError('ga');
    nodeById('ga').receive({ topic: 'x', payload: 42 });
    assert.strictEqual(await err, 'msg.payload must be an object of metrics (got number)');
  });
});

describe('civic-alert and agri-metrics examples', () => {
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const root = path.join(__dirname, '..', '..', '..', '..', 'examples');
  const dir = fs.existsSync(root) ? root : path.join(__dirname, '..', '..', '..', 'examples');
  for (const type of ['civic-agri-metrics', 'civic-alert']) {
    it(`${type}: every example node has x/y, no function node, a comment, and valid rules`, () => {
      for (const file of fs.readdirSync(path.join(dir, type))) {
        const nodes = JSON.parse(fs.readFileSync(path.join(dir, type, file), 'utf8')) as Array<Record<string, any>>;
        assert.ok(nodes.some((n) => n.type === 'comment'), file);
        assert.ok(nodes.every((n) => typeof n.x === 'number' && typeof n.y === 'number'), file);
        assert.ok(!nodes.some((n) => n.type === 'function'), file);
        assert.ok(nodes.some((n) => n.type === type), file);
        for (const n of nodes.filter((x) => x.type === 'civic-alert')) {
          assert.ok(validate('civic-alert.config', n).ok);
          assert.ok(parseRules(n.rules).length > 0);
        }
        for (const n of nodes.filter((x) => x.type === 'civic-agri-metrics')) assert.ok(validate('civic-agri-metrics.config', n).ok);
      }
    });
  }
});
