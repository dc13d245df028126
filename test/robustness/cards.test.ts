// The card cores (lib/cards, behind all six card nodes) under malformed input from a broken flow or a forged
// browser message: every input is either taken or refused with a CivicError (which the nodes translate), nothing
// else is thrown, the card keeps what it showed, Object.prototype stays clean, and a valid input still works.
// (The nodes' own handling of a refused input is tested in test/nodes/civic-cards.test.ts and, on the real
// dashboards, test/browser/cards.test.ts.)
import assert from 'assert';
import fc from 'fast-check';
import { AlertList, KpiCards, toastFor } from '../../lib/cards';
import { isCivicError } from '../../lib/errors';
import { SEED, assertNoPollution, garbage, runs } from './fuzz';

const hle = { kpi: 'hle-male-0', value: 66.2, unit: 'years', asOf: '2025-03-31T15:00:00Z', method: 'sullivan' };
const heat = { id: 'house-1-th-01/heat/1', deviceId: 'house-1-th-01', house: 'house-1', state: 'firing', severity: 'critical', since: 0, message: 'hot' };

/** Runs `f`; a thrown error must be a CivicError with a key of the shared card catalog. */
function takenOrRefused(f: () => unknown, label: string): void {
  try {
    f();
  } catch (err) {
    assert.ok(isCivicError(err) && /^shared\.cards\.errors\./.test(err.key), `${label}: threw ${String(err).slice(0, 200)}`);
  }
}

describe('robustness: the dashboard cards\' cores under garbage', function () {
  this.timeout(60000);

  it('KPI card: garbage is taken or refused with a card error; the tiles shown before stay', () => {
    fc.assert(fc.property(fc.oneof(garbage, fc.array(garbage, { maxLength: 5 }), garbage.map((g) => ({ ...hle, value: g })),
      garbage.map((g) => ({ ...hle, ci: g, progress: g, name: g }))), (input) => {
      const cards = new KpiCards();
      cards.update(hle);
      const before = JSON.stringify(cards.tiles()[0]);
      takenOrRefused(() => cards.update(input), 'update');
      const after = cards.tiles().find((t) => t.kpi === 'hle-male-0');
      assert.ok(after, 'the KPI shown before is still there');
      if (JSON.stringify(after) !== before) assert.ok(Array.isArray(input) || (input as { kpi?: unknown })?.kpi === 'hle-male-0', 'changed only by a value for it');
      cards.update({ ...hle, value: 70 });
      assert.strictEqual(cards.tiles().find((t) => t.kpi === 'hle-male-0')!.valueText, '70');
      assertNoPollution('kpi card');
    }), { seed: SEED, numRuns: runs(300) });
  });

  it('alert list and toast: garbage is refused with a card error, a forged tap acknowledges nothing', () => {
    fc.assert(fc.property(fc.oneof(garbage, fc.array(garbage, { maxLength: 5 }), garbage.map((g) => ({ ...heat, id: g })),
      garbage.map((g) => ({ ...heat, state: g, message: g, since: g }))), garbage, (input, tap) => {
      const list = new AlertList({ house: 'house-1' });
      list.update([heat]);
      takenOrRefused(() => list.update(input), 'update');
      takenOrRefused(() => toastFor(input, { states: ['firing', 'nodata'] }), 'toast');
      const ack = list.ackFor(tap);
      if (ack) assert.ok(ack.payload === heat.id || JSON.stringify(ack.payload) === '{"house":"house-1"}', `acknowledged ${JSON.stringify(ack)}`);
      list.update([heat]);
      assert.deepStrictEqual(list.ackFor({ ack: heat.id }), { topic: 'ack', payload: heat.id });
      assertNoPollution('alert list');
    }), { seed: SEED, numRuns: runs(300) });
  });
});
