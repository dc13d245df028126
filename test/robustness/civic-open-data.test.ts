// open-data under malformed messages and configs (see fuzz.ts for what every run asserts): nothing but a
// cross-tab is ever written.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import openData from '../../nodes/civic-open-data/civic-open-data';
import { aggregate, buildCrossTab, crossTabSpec } from '../../lib/analysis';
import { robustnessSuite, type Msg } from './fuzz';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-od-fuzz-'));
const spec = crossTabSpec({ dimensions: [{ field: 'd' }, { field: 's' }], outcome: '', threshold: 10 });

robustnessSuite({
  type: 'civic-open-data', module: openData, outputs: 1, privacy: true, fixed: ['folder', 'baseName', 'code'],
  config: { folder, baseName: 'fuzz', asOf: '2024-03-31' },
  valid: (n: number): Msg[] => [{ payload: buildCrossTab(aggregate(Array.from({ length: 20 + n }, (_, i) => ({ d: 'a', s: i % 2 ? 'm' : 'f' })), spec), spec) }],
  ready: (outs) => outs[0].length > 0,
  verify: () => {
    assert.ok(fs.readdirSync(folder).every((f) => f.startsWith('172073_fuzz')));
  },
});
