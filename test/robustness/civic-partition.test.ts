// partition (filter mode, worker 1 of 2) under malformed readings and configs (see fuzz.ts for what every run asserts).
import assert from 'assert';
import partitionNode from '../../nodes/civic-partition/civic-partition';
import { robustnessSuite, type Msg } from './fuzz';

// house-2-th-01 → partition 29 of 64 → worker 1 of 2 (test/nodes/civic-partition.test.ts)
const valid = (): Msg[] => [{
  topic: 'house-2-th-01', payload: { airTemperature: 24.1 }, units: { airTemperature: '°C' }, timestamp: 1778371200000,
  device: { id: 'house-2-th-01', site: 'hakui', house: 'house-2' }, meta: { source: 'ttn', warnings: [] },
}];

robustnessSuite({
  type: 'civic-partition', module: partitionNode, outputs: 2,
  config: { mode: 'filter', workerIndex: '1', workerIndexType: 'num', workerCount: '2', workerCountType: 'num', partitions: 64, key: 'device.id' },
  valid,
  ready: (outs) => outs[0].length >= 1,
  verify: (outs) => {
    const m = outs[0][0] as { partition: unknown; payload: unknown };
    assert.deepStrictEqual(m.partition, { partition: 29, owner: 1, worker: 1, workers: 2, partitions: 64 });
    assert.deepStrictEqual(m.payload, { airTemperature: 24.1 });
  },
});
