// civic-history under malformed triggers and configs, reading from a local HTTP server that answers /query like
// InfluxDB 1.x (one series of three points): every trigger either gives both charts or a translated error, and a
// valid trigger afterwards still gives the right charts.
import assert from 'assert';
import http from 'http';
import type { AddressInfo } from 'net';
import historyNode from '../../nodes/civic-history/civic-history';
import civicInfluxdb from '../../nodes/civic-influxdb/civic-influxdb';
import { robustnessSuite, type Msg } from './fuzz';

const ANSWER = JSON.stringify({ results: [{ statement_id: 0, series: [{ name: 'greenhouse', tags: { device: 'd1' }, columns: ['time', 'lo', 'hi'],
  values: [[1778382000000, 20, 21], [1778382600000, 22, 23], [1778383200000, 19, 24]] }] }] });
const server = http.createServer((req, res) => { req.resume(); res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(ANSWER); });

describe('civic-history robustness fixtures', () => {
  before(async () => { await new Promise<void>((r) => server.listen(0, '127.0.0.1', r)); });
  after(() => { server.close(); });

  robustnessSuite({
    type: 'civic-history', module: historyNode, outputs: 2, modules: [civicInfluxdb],
    get extra() {
      return [{ id: 'srv', type: 'civic-influxdb', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiVersion: '1.x', database: 'farm' }];
    },
    config: { server: 'srv', measurement: 'greenhouse', field: 'airTemperature', range: '24h', points: 100, onStart: false },
    fixed: ['server'],
    valid: (n: number): Msg[] => [{ payload: '7d', probe: n }],
    messageRuns: 40, configRuns: 15, settleMs: 20,
    ready: (outs, n) => (outs[0] as Msg[]).some((m) => m.probe === n) && (outs[1] as Msg[]).some((m) => m.probe === n),
    verify: (outs, n) => {
      const classic = (outs[0] as Msg[]).find((m) => m.probe === n)!;
      assert.deepStrictEqual((classic.payload as Array<{ series: string[] }>)[0].series, ['d1']);
      const d2 = (outs[1] as Msg[]).find((m) => m.probe === n)!;
      assert.strictEqual(d2.action, 'replace');
    },
  } as Parameters<typeof robustnessSuite>[0]);
});
