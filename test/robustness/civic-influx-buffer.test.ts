// influx-buffer under malformed readings and configs, writing to a local HTTP server that answers like InfluxDB
// 1.x, with its queue in a temp dir (the directory setting is never randomised: it must stay inside the temp dir).
import assert from 'assert';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import influxBuffer from '../../nodes/civic-influx-buffer/civic-influx-buffer';
import { helper } from '../helpers/node-red';
import { robustnessSuite, type Msg } from './fuzz';

 
const influxNodes = require('node-red-contrib-influxdb/influxdb.js');

const bodies: string[] = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => { bodies.push(body); res.writeHead(204); res.end(); });
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-fuzz-ib-'));
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-fuzz-ib-user-'));

describe('influx-buffer robustness fixtures', () => {
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // a config with an empty directory setting queues under the user dir: keep that in a temp dir too
    helper.settings({ userDir });
  });
  after(() => {
    helper.settings({});
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  robustnessSuite({
    type: 'civic-influx-buffer', module: influxBuffer, outputs: 0, modules: [influxNodes],
    get extra() {
      return [{ id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: String((server.address() as AddressInfo).port), protocol: 'http',
        database: 'civic', influxdbVersion: '1.x', name: 'db' }];
    },
    config: { influxdb: 'db', measurement: 'greenhouse', precision: 'ms', batchWait: 0.02, retryMax: 0.2, closeTimeout: 0.2, directory: dir },
    fixed: ['directory'],
    valid: (n: number): Msg[] => [{ payload: { airTemperature: 20.5, co2: 400 + n }, timestamp: 1778382000000 + n,
      device: { id: `probe-${n}`, site: 'hakui', house: 'house-1' } }],
    messageRuns: 60, configRuns: 20, settleMs: 30,
    ready: (_outs, n) => bodies.some((b) => b.includes(`device=probe-${n}`)),
    verify: (_outs, n) => {
      const line = bodies.join('\n').split('\n').find((l) => l.includes(`device=probe-${n}`));
      assert.strictEqual(line, `greenhouse,device=probe-${n},house=house-1,site=hakui airTemperature=20.5,co2=${400 + n} ${1778382000000 + n}000000`);
    },
  } as Parameters<typeof robustnessSuite>[0]);
});
