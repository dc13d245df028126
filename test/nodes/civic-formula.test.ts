import assert from 'assert';
import formula from '../../nodes/civic-formula/civic-formula';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById } from '../helpers/node-red';

const LEVEL = { name: 'waterLevel', operation: 'subtractFrom', x: 'distance', y: '', a: '4.2', b: '', conversion: '', decimals: '2', unit: 'm' };

describe('formula node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const fFlow = (config: Record<string, unknown> = {}) => flow(
    { id: 'f', type: 'civic-formula', rules: [LEVEL], wires: [['out']], ...config },
    { id: 'out', type: 'helper' },
  );

  it('adds the water level (4.2 − distance) with its unit to the reading, keeping the rest', async () => {
    await helper.load(formula, fFlow({ rules: [LEVEL, { name: 'tF', operation: 'convert', x: 'airTemperature', conversion: 'c-to-f' }] }));
    const out = nextMessage<any>('out');
    nodeById('f').receive({ topic: 'river-1', payload: { distance: 1.234, airTemperature: 25 }, units: { distance: 'm', airTemperature: '°C' } });
    const m = await out;
    assert.deepStrictEqual(m.payload, { distance: 1.234, airTemperature: 25, waterLevel: 2.97, tF: 77 });
    assert.deepStrictEqual(m.units, { distance: 'm', airTemperature: '°C', waterLevel: 'm', tF: '°F' });
    assert.strictEqual(m.topic, 'river-1');
  });

  it('passes a reading without the metric, with a Japanese warning, and keeps going', async () => {
    await helper.load(withCatalog('civic-formula', formula, 'ja'), fFlow());
    const out = nextMessage<any>('out');
    nodeById('f').receive({ payload: { co2: 500 } });
    const m = await out;
    assert.deepStrictEqual(m.payload, { co2: 500 });
    assert.deepStrictEqual(m.meta.warnings, ['計算式 waterLevel: 計測値に数値の distance がないので、waterLevel は追加していません']);
    assert.strictEqual(nodeById('f').status.lastCall.args[0].text, '1式を飛ばした');
  });

  it('answers a payload that is not a reading with a translated error, then works on', async () => {
    await helper.load(withCatalog('civic-formula', formula, 'ja'), fFlow());
    const err = nextError('f');
    nodeById('f').receive({ payload: 'hello' });
    assert.strictEqual(await err, '計測値 (payload) は数値の入ったオブジェクトにしてください (sensor-decode の出力の形)');
    const out = nextMessage<any>('out');
    nodeById('f').receive({ payload: { distance: 2 } });
    assert.strictEqual((await out).payload.waterLevel, 2.2);
  });

  it('a rule that cannot work leaves the node inert with a red status naming the row and field', async () => {
    await helper.load(withCatalog('civic-formula', formula, 'ja'), fFlow({ rules: [LEVEL, { name: 'share', operation: 'ratio', x: 'a', y: '' }] }));
    const n = nodeById('f');
    assert.strictEqual(n.status.lastCall.args[0].fill, 'red');
    assert.match(n.error.lastCall.args[0], /計算式の 2 行目: 項目 を確かめてください/);
  });
});
