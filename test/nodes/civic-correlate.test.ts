// civic-correlate in the real runtime: pairwise results with intervals, small pairs reported without values,
// a non-array payload answered in Japanese.
import assert from 'assert';
import correlate from '../../nodes/civic-correlate/civic-correlate';
import { validate } from '../../lib/schemas';
import { helper, withCatalog, flow, nextMessage, nextError, nodeById, translate } from '../helpers/node-red';

const X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const Y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];

describe('correlate node', function () {
  this.timeout(30000);
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  it("gives Anscombe's r = 0.816 and hides a pair with too few cases (also in a worker thread)", async () => {
    for (const workerThreshold of [5000, 0]) {
      await helper.load(correlate, flow({ id: 'c', type: 'civic-correlate', columns: 'x, y, z', methods: ['pearson'], minPairs: 10, workerThreshold, wires: [['out']] },
        { id: 'out', type: 'helper' }));
      const out = nextMessage<any>('out', 20000);
      nodeById('c').receive({ payload: X.map((x, i) => ({ x, y: Y[i], z: i < 5 ? i : null })) });
      const msg = await out;
      assert.ok(validate('correlation.message', msg).ok);
      const res = msg.payload.results;
      assert.strictEqual(res[0].r.toFixed(3), '0.816');
      assert.deepStrictEqual([res[1].suppressed, res[1].r, res[1].n], [true, null, 5]);
      await helper.unload();
    }
  });

  it('answers a payload that is not an array in Japanese', async () => {
    await helper.load(withCatalog('civic-correlate', correlate, 'ja'), flow({ id: 'c', type: 'civic-correlate', columns: 'x, y' }));
    const err = nextError('c');
    nodeById('c').receive({ payload: '山田 太郎' });
    assert.strictEqual(await err, translate('civic-correlate', 'ja', 'civic-correlate.errors.payload'));
  });
});
