// civic-risk-model in the real runtime: the Challenger fit through the node (worker thread), a plain reading,
// and bad input answered in Japanese without values.
import assert from 'assert';
import risk from '../../nodes/civic-risk-model/civic-risk-model';
import { validate } from '../../lib/schemas';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';

const TEMP = [66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 76, 58];
const DISTRESS = [0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1];

describe('risk-model node', function () {
  this.timeout(30000);
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  const riskFlow = (extra: Record<string, unknown> = {}) => flow({ id: 'm', type: 'civic-risk-model', outcome: 'distress', outcomeText: '熱損傷が起こる', minEvents: 5,
    predictors: [{ field: 'temp', label: '気温', type: 'number', unit: 10, unitName: '°F', modifiable: true }], wires: [['out']], ...extra }, { id: 'out', type: 'helper' });

  it('fits the Challenger O-ring data like the reference and reads the factor in plain Japanese (in place: a small fit)', async () => {
    await helper.load(risk, riskFlow());
    const out = nextMessage<any>('out', 20000);
    nodeById('m').receive({ payload: TEMP.map((t, i) => ({ temp: t, distress: DISTRESS[i] })) });
    const p = (await out).payload;
    assert.ok(validate('risk-model.message', { payload: p }).ok);
    assert.ok(Math.abs(p.coefficients[1].estimate - -0.23216274421859628) < 1e-6);
    assert.strictEqual(p.n, 23);
    assert.match(p.reading.top[0], /^気温が10°F高いごとに、熱損傷が起こる見込み \(オッズ\) が約90%低くなっていました/);
    assert.strictEqual(p.reading.whatHelps.length, 1);
  });

  it('fits a larger dataset in a worker thread with the same estimates', async () => {
    await helper.load(risk, riskFlow());
    const out = nextMessage<any>('out', 60000);
    const rows = Array.from({ length: 1000 }, (_, k) => TEMP.map((t, i) => ({ temp: t, distress: DISTRESS[i], k }))).flat();   // 23,000 rows
    nodeById('m').receive({ payload: rows });
    assert.ok(Math.abs((await out).payload.coefficients[1].estimate - -0.23216274421859628) < 1e-6);
  });

  it('refuses too few events with a Japanese error of counts only', async () => {
    await helper.load(withCatalog('civic-risk-model', risk, 'ja'), riskFlow({ minEvents: 10 }));
    const err = nextError('m');
    nodeById('m').receive({ payload: TEMP.map((t, i) => ({ temp: t, distress: DISTRESS[i] })) });
    assert.strictEqual(await err, translate('civic-risk-model', 'ja', 'civic-risk-model.errors.tooFew', { n: 23, events: 7, parameters: 2 }));
  });

  it('answers unknown fields with a count, not their names', async () => {
    await helper.load(withCatalog('civic-risk-model', risk, 'ja'), riskFlow());
    const err = nextError('m');
    nodeById('m').receive({ payload: [{ 氏名: '羽咋 太郎', 年齢: 80 }] });
    const text = await err;
    assert.strictEqual(text, translate('civic-risk-model', 'ja', 'civic-risk-model.errors.unknownFields', { count: 2 }));
  });
});
