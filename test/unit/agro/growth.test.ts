// Growth-stage models against the published figures they come from (sources in docs/farm.md, "Growth-stage models").
import assert from 'assert';
import { GROWTH_MODELS, stageTimeline, modelWindows, addDays, daysBetween, growthModel, type DayTemp } from '../../../lib/agro';

/** `n` days from `start` at a constant daily mean. */
const constant = (start: string, n: number, tmean: number): DayTemp[] => Array.from({ length: n }, (_, i) => ({ date: addDays(start, i), tmean }));

describe('growth-stage models on cited reference values', () => {
  it('Koshihikari: the recorded transplant → heading seasons are dated within 3 days by 1,710 °C·day', () => {
    // Five seasons of one paddy (2014–2018): transplanting, heading, days between, sum of daily means (°C).
    const seasons = [
      { transplant: '2018-05-19', heading: '2018-07-27', total: 1699.0 },
      { transplant: '2017-05-21', heading: '2017-07-30', total: 1697.6 },
      { transplant: '2016-05-21', heading: '2016-08-04', total: 1774.5 },
      { transplant: '2015-05-23', heading: '2015-08-03', total: 1742.1 },
      { transplant: '2014-05-24', heading: '2014-08-03', total: 1714.0 },
    ];
    const model = GROWTH_MODELS['rice-koshihikari'];
    for (const s of seasons) {
      const days = daysBetween(s.transplant, s.heading);
      const temps = constant(s.transplant, 120, s.total / days);
      const spans = stageTimeline(model, s.transplant, temps);
      const heading = spans.find((x) => x.id === 'heading');
      assert.ok(heading, `heading estimated for ${s.transplant}`);
      const error = daysBetween(s.heading, heading.start);
      assert.ok(Math.abs(error) <= 3, `${s.transplant}: estimated ${heading.start}, observed ${s.heading}`);
      assert.strictEqual(heading.basis, 'model');
    }
  });

  it('Koshihikari: maturity 1,050 °C·day after heading and the 950–1,150 °C·day harvest window (25 °C days → 42, 38–46 days)', () => {
    const model = GROWTH_MODELS['rice-koshihikari'];
    const temps = constant('2025-05-10', 200, 25);
    const spans = stageTimeline(model, '2025-05-10', temps, { observed: { heading: '2025-07-30' } });
    assert.deepStrictEqual(spans.map((s) => [s.id, s.start, s.basis]), [
      ['transplant', '2025-05-10', 'observed'], ['heading', '2025-07-30', 'observed'], ['maturity', addDays('2025-07-30', 42), 'model']]);
    assert.strictEqual(spans[1].gdd, 42 * 25);
    const [w] = modelWindows(model, spans, temps);
    assert.deepStrictEqual([w.from, w.to], [addDays('2025-07-30', 38), addDays('2025-07-30', 46)]);
  });

  it('tomato: first harvest 1,000 °C·day after transplanting at first-truss flowering (20 °C → 50 days)', () => {
    const spans = stageTimeline(growthModel('tomato'), '2025-03-01', constant('2025-03-01', 130, 20), { until: '2025-06-30' });
    assert.deepStrictEqual(spans.map((s) => [s.id, s.start, s.end, s.days, s.gdd]), [
      ['transplant', '2025-03-01', '2025-04-20', 50, 1000], ['harvest', '2025-04-20', '2025-06-30', 71, 1420]]);
  });

  it('sweet corn: emergence at 150 °C·day (within the published 125–175), silking 2 months after sowing, harvest 23 days after silking', () => {
    const spans = stageTimeline(growthModel('sweetcorn'), '2025-04-20', constant('2025-04-20', 120, 16));
    assert.deepStrictEqual(spans.map((s) => [s.id, s.start]), [
      ['sowing', '2025-04-20'], ['emergence', addDays('2025-04-20', 10)], ['silking', addDays('2025-04-20', 60)], ['harvest', addDays('2025-04-20', 83)]]);
  });

  it('days not yet measured come from normals and are marked as an estimate; without normals the stage is unknown', () => {
    const model = GROWTH_MODELS['rice-koshihikari'];
    const temps = constant('2025-05-10', 30, 20);
    assert.strictEqual(stageTimeline(model, '2025-05-10', temps).length, 1);
    const spans = stageTimeline(model, '2025-05-10', temps, { normal: () => 24 });
    const heading = spans.find((s) => s.id === 'heading')!;
    assert.strictEqual(heading.basis, 'estimate');
    assert.strictEqual(heading.start, addDays('2025-05-10', 30 + Math.ceil((1710 - 600) / 24)));
  });

  it('refuses a crop without a model with a translatable error', () => {
    assert.throws(() => growthModel('durian'), { key: 'shared.farm.errors.unknownCrop' });
  });
});
