// The regional benchmark under malformed indicators and configs (see fuzz.ts): what is not a weekly indicator is
// refused translated and never counted; a valid indicator of the own house still gives its card.
import assert from 'assert';
import share from '../../nodes/civic-farm-share/civic-farm-share';
import { farmPseudonym } from '../../lib/farm';
import { robustnessSuite, type Msg } from './fuzz';

const KEY = 'robustness-share-key-00001';

robustnessSuite({
  type: 'civic-farm-share', module: share, outputs: 1, fixed: ['mode', 'store'],
  config: { mode: 'benchmark', town: 'hakui', houses: 'house-1' },
  credentials: { n1: { key: KEY } },
  valid: (n: number): Msg[] => [{ topic: 'civic/share/hakui/x/weekly', payload: { town: 'hakui', farm: farmPseudonym(KEY, 'hakui', 'house-1'), crop: 'tomato',
    week: '2025-05-05', days: 7, gdd: 90 + n, timeInBand: 0.5, yieldIndex: 30 } }],
  ready: (outs) => outs[0].length > 0,
  verify: (outs) => {
    const card = (outs[0].at(-1) as { payload: { house: string; farms: number } }).payload;
    assert.strictEqual(card.house, 'house-1');
  },
});
