// Node-level regressions found by the robustness suite (test/robustness): each of these messages used to end in
// a bare TypeError/RangeError through done(err) (or a crash inside the core) instead of a result or a translated
// error.
import assert from 'assert';
import agriMetrics from '../../nodes/civic-agri-metrics/civic-agri-metrics';
import greenhouseAlert from '../../nodes/civic-alert/civic-alert';
import sensorSim from '../../nodes/civic-sensor-sim/civic-sensor-sim';
import sensorDecode from '../../nodes/civic-sensor-decode/civic-sensor-decode';
import windowStats from '../../nodes/civic-window-stats/civic-window-stats';
import kpiProgress from '../../nodes/civic-kpi-progress/civic-kpi-progress';
import healthExpectancy from '../../nodes/civic-health-expectancy/civic-health-expectancy';
import kAnonymize from '../../nodes/civic-k-anonymize/civic-k-anonymize';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';

const odd = () => JSON.parse('{"toString":"x","valueOf":1}') as unknown;
const NS = 1.7e18;                                              // a nanosecond timestamp: a finite number, no Date

describe('robustness regressions (nodes)', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  it('agri-metrics: a nanosecond timestamp or an id without toString still gives the derived metrics', async () => {
    await helper.load(agriMetrics, flow({ id: 'n', type: 'civic-agri-metrics', wires: [['out'], []] }, { id: 'out', type: 'helper' }));
    const out = nextMessage<any>('out');
    nodeById('n').receive({ topic: Object.create(null), device: { id: odd() }, payload: { airTemperature: 25, airHumidity: 60 }, timestamp: NS });
    assert.strictEqual((await out).payload.vpd, 1.267);
  });

  it('civic-alert: a device called "constructor" fires; an ack with a BigInt id is a translated error, not a crash', async () => {
    const HOT = { id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, forMinutes: 0, severity: 'critical' };
    await helper.load(withCatalog('civic-alert', greenhouseAlert, 'en-US'), flow({ id: 'n', type: 'civic-alert', rules: [HOT], lang: 'en-US', wires: [['ev'], []] }, { id: 'ev', type: 'helper' }));
    const ev = nextMessage<any>('ev');
    nodeById('n').receive({ payload: { airTemperature: 35 }, device: { id: 'constructor' }, timestamp: NS });
    assert.strictEqual((await ev).payload.deviceId, 'constructor');
    const err = nextError('n');
    nodeById('n').receive({ topic: 'ack', payload: { id: 10n } });
    assert.strictEqual(await err, translate('civic-alert', 'en-US', 'civic-alert.errors.ack'));
    const next = nextMessage<any>('ev');
    nodeById('n').receive({ payload: { airTemperature: 36 }, device: { id: 'toString' } });
    assert.strictEqual((await next).payload.deviceId, 'toString');
  });

  it('sensor-sim: a timestamp beyond the Date range and a control word without toString are translated errors', async () => {
    await helper.load(withCatalog('civic-sensor-sim', sensorSim, 'ja'), flow({ id: 'n', type: 'civic-sensor-sim', interval: 0, wires: [[]] }));
    let err = nextError('n');
    nodeById('n').receive({ timestamp: 1e17 });
    assert.strictEqual(await err, translate('civic-sensor-sim', 'ja', 'civic-sensor-sim.errors.timestamp', { got: 'number' }));
    err = nextError('n');
    nodeById('n').receive({ topic: 'control', payload: Object.create(null) });
    assert.strictEqual(await err, translate('civic-sensor-sim', 'ja', 'civic-sensor-sim.errors.control', { got: '[object Object]' }));
  });

  it('sensor-decode: a device id taken from a msg property without toString', async () => {
    await helper.load(sensorDecode, flow({ id: 'n', type: 'civic-sensor-decode', format: 'cayenne-lpp', deviceId: 'sensor', deviceIdType: 'msg', wires: [['out']] },
      { id: 'out', type: 'helper' }));
    const out = nextMessage<any>('out');
    nodeById('n').receive({ payload: '01 67 00 F1', sensor: Object.create(null) });
    assert.strictEqual((await out).device.id, '[object Object]');
  });

  it('window-stats: a topic without toString and a nanosecond timestamp are counted, not crashed on', async () => {
    await helper.load(windowStats, flow({ id: 'n', type: 'civic-window-stats', unit: 'hour', wires: [['out'], []] }, { id: 'out', type: 'helper' }));
    const out = nextMessage<any>('out');
    nodeById('n').receive({ topic: odd(), payload: { v: 2 }, timestamp: NS });
    nodeById('n').receive({ topic: 'flush' });
    const m = await out;
    assert.deepStrictEqual([m.topic, m.payload.v.count], ['[object Object]', 1]);
  });

  it('kpi-progress: a topic without toString is an unknown KPI; a nanosecond time falls back to now', async () => {
    await helper.load(withCatalog('civic-kpi-progress', kpiProgress), flow({ id: 'n', type: 'civic-kpi-progress', wires: [['rec'], []] }, { id: 'rec', type: 'helper' }));
    const err = nextError('n');
    nodeById('n').receive({ topic: odd(), payload: 3 });
    assert.strictEqual(await err, translate('civic-kpi-progress', 'en-US', 'civic-kpi-progress.errors.unknownKpi', { kpi: '[object Object]' }));
    const rec = nextMessage<any>('rec');
    nodeById('n').receive({ topic: 'smart-farming-entrants', payload: 3, timestamp: NS, fiscalYear: odd() });
    assert.strictEqual((await rec).payload.value, 3);
  });

  it('health-expectancy: a fiscal year without toString and a sparse table are handled', async () => {
    const ROWS = [{ age: '0', population: 1000, deaths: 10 }, { age: '1+', population: 4000, deaths: 80 }];
    await helper.load(withCatalog('civic-health-expectancy', healthExpectancy), flow({ id: 'n', type: 'civic-health-expectancy', ages: '0', wires: [['t'], []] }, { id: 't', type: 'helper' }));
    const t = nextMessage<any>('t');
    nodeById('n').receive({ payload: ROWS, sex: 'male', fiscalYear: odd(), asOf: '2025-03-31T12:00:00+09:00' });
    assert.strictEqual((await t).fiscalYear, 2024);
    const err = nextError('n');
    // eslint-disable-next-line no-sparse-arrays
    nodeById('n').receive({ payload: [ROWS[0], , ROWS[1]], sex: 'male' });
    assert.doesNotMatch(await err, /Cannot read properties/);
  });

  it('k-anonymize: an array with something other than records is a translated payload error', async () => {
    await helper.load(withCatalog('civic-k-anonymize', kAnonymize, 'ja'), flow({ id: 'n', type: 'civic-k-anonymize',
      quasiIdentifiers: [{ field: 'sex', hierarchy: 'category' }], k: 2, wires: [[], []] }));
    const err = nextError('n');
    nodeById('n').receive({ payload: [{ sex: '男' }, null, { sex: '女' }] });
    assert.strictEqual(await err, translate('civic-k-anonymize', 'ja', 'civic-k-anonymize.errors.payload', { type: 'null' }));
  });
});
