// NGSI export under malformed messages and configs (see fuzz.ts): anything that is not a daily summary is refused in
// the user's language; the day file keeps only entities of valid summaries.
import fs from 'fs';
import os from 'os';
import path from 'path';
import assert from 'assert';
import ngsi from '../../nodes/civic-ngsi-export/civic-ngsi-export';
import { robustnessSuite, type Msg } from './fuzz';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-ngsi-fuzz-'));

robustnessSuite({
  type: 'civic-ngsi-export', module: ngsi, outputs: 1, fixed: ['directory', 'target', 'url'],
  config: { target: 'file', directory: dir },
  valid: (n: number): Msg[] => [{ topic: 'daily/house-1-th-01', date: '2025-06-01', timestamp: Date.parse('2025-06-01T00:00:00+09:00'),
    device: { id: 'house-1-th-01', house: 'house-1' }, payload: { tmean: 20 + n, airHumidityMean: 70, soilECMean: 2 } }],
  ready: (outs) => outs[0].length > 0,
  verify: () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.ok(files.every((f) => /^ngsi-\d{4}-\d{2}-\d{2}\.json$/.test(f)));
  },
});
