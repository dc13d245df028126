// k-anonymity against the reference tool: the optimum, the records suppressed and the information loss must be
// what ARX reports for the same data and hierarchies. Reference results computed with ARX (source snapshot
// arx-deidentifier/arx at commit aacd487fb, built by bench/arx/build.sh, run by bench/arx/ArxBench.java) on
// censusLikeRecords(3000, 77) written as CSV with one hierarchy file per quasi-identifier (each row: a value present
// in the data and its generalisations from buildHierarchy), k = 5: ARXAnonymizer.anonymize() with
// Metric.createEntropyMetric() / createLossMetric() / createPrecisionMetric() (ARX's defaults: factor 0.5, sum /
// geometric mean / arithmetic mean) and suppression limits 0, 4 % and 10 %; getGlobalOptimum().getTransformation(),
// getHighestScore() and the number of outlier rows of the output. ARX rounds each attribute's loss; 1e-9 relative
// covers that.
import assert from 'assert';
import { CENSUS_QIS, censusLikeRecords, kAnonymize, type LossMetric } from '../../../lib/privacy';

// ARX's attribute order: age, sex, race, marital-status, education, native-country, workclass, occupation, salary-class
const ARX: Array<{ metric: LossMetric; suppression: number; levels: number[]; loss: number; suppressed: number }> = [
  { metric: 'entropy', suppression: 0, levels: [4, 0, 1, 1, 3, 2, 2, 1, 0], loss: 43433.96831826481, suppressed: 0 },
  { metric: 'entropy', suppression: 0.04, levels: [0, 1, 1, 2, 3, 2, 2, 1, 1], loss: 35181.2727693827, suppressed: 69 },
  { metric: 'entropy', suppression: 0.1, levels: [0, 1, 1, 1, 3, 2, 2, 1, 1], loss: 33661.811206526196, suppressed: 244 },
  { metric: 'loss', suppression: 0, levels: [4, 0, 1, 1, 3, 2, 2, 1, 0], loss: 0.5734880536331068, suppressed: 0 },
  { metric: 'loss', suppression: 0.04, levels: [4, 0, 1, 1, 2, 2, 1, 1, 0], loss: 0.45464071529169625, suppressed: 60 },
  { metric: 'loss', suppression: 0.1, levels: [4, 0, 0, 1, 3, 1, 1, 1, 0], loss: 0.3867959394751648, suppressed: 256 },
  { metric: 'precision', suppression: 0, levels: [4, 0, 1, 1, 3, 2, 2, 1, 0], loss: 0.6666666666666667, suppressed: 0 },
  { metric: 'precision', suppression: 0.04, levels: [4, 0, 0, 1, 1, 2, 2, 2, 0], loss: 0.5547839506172839, suppressed: 115 },
  { metric: 'precision', suppression: 0.1, levels: [4, 0, 0, 0, 3, 1, 1, 2, 0], loss: 0.4855555555555556, suppressed: 222 },
];

describe('privacy: k-anonymity gives what ARX gives (optimum, suppression, information loss)', () => {
  const records = censusLikeRecords(3000, 77);
  const arxOrder = ['age', 'sex', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'];
  for (const ref of ARX) {
    it(`${ref.metric}, ${ref.suppression * 100} % suppression`, () => {
      const { report } = kAnonymize(records, { quasiIdentifiers: CENSUS_QIS, k: 5, suppressionLimit: ref.suppression, metric: ref.metric });
      const byField = new Map(report.levels.map((l) => [l.field, l.level]));
      assert.deepStrictEqual(arxOrder.map((f) => byField.get(f)), ref.levels);
      assert.strictEqual(report.suppressed, ref.suppressed);
      assert.ok(Math.abs(report.informationLoss.value - ref.loss) <= 1e-9 * ref.loss, `${report.informationLoss.value} vs ARX ${ref.loss}`);
      assert.strictEqual(report.search.optimal, true);
    });
  }

  it('reports the 0.1.0 figure (suppressed records counted as *) beside it, and it differs once records are suppressed', () => {
    const { report } = kAnonymize(records, { quasiIdentifiers: CENSUS_QIS, k: 5, suppressionLimit: 0.04 });
    assert.ok(report.informationLoss.suppressedAsTop.value > report.informationLoss.value);
    const none = kAnonymize(records, { quasiIdentifiers: CENSUS_QIS, k: 5 }).report;
    assert.ok(Math.abs(none.informationLoss.suppressedAsTop.value - none.informationLoss.value) < 1e-6 * none.informationLoss.value);
  });
});
