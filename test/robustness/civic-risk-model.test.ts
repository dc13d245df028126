// risk-model under malformed messages and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import risk from '../../nodes/civic-risk-model/civic-risk-model';
import { robustnessSuite, type Msg } from './fuzz';

const TEMP = [66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 76, 58];
const DISTRESS = [0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1];

robustnessSuite({
  type: 'civic-risk-model', module: risk, outputs: 1, privacy: true, messageRuns: 10, configRuns: 6,
  config: { outcome: 'distress', outcomeText: '熱損傷が起こる', minEvents: 5, predictors: [{ field: 'temp', label: '気温', type: 'number' }] },
  valid: (): Msg[] => [{ payload: TEMP.map((t, i) => ({ temp: t, distress: DISTRESS[i] })) }],
  ready: (outs) => outs[0].length > 0,
  verify: (outs) => {
    const p = (outs[0][outs[0].length - 1] as { payload: { coefficients: Array<{ estimate: number }> } }).payload;
    assert.ok(Math.abs(p.coefficients[1].estimate + 0.23216274421859628) < 1e-6);
  },
});
