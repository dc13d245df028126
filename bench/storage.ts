// influx-buffer throughput: readings accepted per second (durably queued: fdatasync'd on disk, done() called) by
// the node in an embedded Node-RED, beside node-red-contrib-influxdb's `influxdb out` writing the same readings
// (its done() comes when InfluxDB answered). Both go to a real local InfluxDB 1.x when influxd is installed
// (else a stub HTTP server answering 204, said so in the output). Completion is counted by a `complete` node
// scoped to each contender, wired to the counting sink. Also the lib alone: line-protocol encoding per second.
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import { SeriesClock, linesFromMessage } from '../lib/storage';
import { libRate, report, startRuntime } from './harness';
import { findBinary, influxQuery, startInflux, type RunningServer } from '../test/helpers/servers';

const T0 = Date.parse('2026-05-10T00:00:00Z');
let serial = 0;
const reading = () => {
  const i = serial++;
  return {
    payload: { airTemperature: 20 + (i % 100) / 10, airHumidity: 60 + (i % 30), co2: 400 + (i % 500) },
    timestamp: T0 + i,
    device: { id: `house-${i % 8}-th-01`, site: 'hakui', house: `house-${i % 8}` },
  };
};

async function main(): Promise<void> {
  let influx: RunningServer | undefined;
  let stub: http.Server | undefined;
  let port: number;
  let against: string;
  if (findBinary('influxd')) {
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE bench');
    port = influx.port;
    against = 'a local InfluxDB 1.x';
  } else {
    stub = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(204); res.end(); }); });
    await new Promise<void>((r) => stub!.listen(0, '127.0.0.1', r));
    port = (stub.address() as AddressInfo).port;
    against = 'a stub HTTP server answering 204 (influxd not installed)';
  }
  const queueDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-bench-queue-'));
  const rt = await startRuntime([
    { id: 'influx-server', type: 'influxdb', hostname: '127.0.0.1', port: String(port), protocol: 'http', database: 'bench', influxdbVersion: '1.x', name: 'bench server', x: undefined, y: undefined, z: undefined },
    { id: 'ours', type: 'civic-influx-buffer', influxdb: 'influx-server', measurement: 'ours', precision: 'ms', batchSize: 5000, batchWait: 0.2, maxQueueMB: 2000, directory: queueDir },
    { id: 'ours-done', type: 'complete', scope: ['ours'], uncaught: false, wires: [['ours-sink']] },
    { id: 'ours-sink', type: 'bench-sink' },
    { id: 'theirs', type: 'influxdb out', influxdb: 'influx-server', measurement: 'theirs', precision: 'ms', retentionPolicy: '' },
    { id: 'theirs-done', type: 'complete', scope: ['theirs'], uncaught: false, wires: [['theirs-sink']] },
    { id: 'theirs-sink', type: 'bench-sink' },
  ]);
  try {
    // `influxdb out` makes one HTTP request per message: fewer messages, pumped in small batches
    const theirs = await rt.throughput('theirs', 'theirs-sink', () => {
      const r = reading();
      return { payload: [{ ...r.payload, time: r.timestamp }, { device: r.device.id, house: r.device.house, site: r.device.site }] };
    }, { perRun: 2000, runs: 3, warmup: 1000, batch: 50 });
    const ours = await rt.throughput('ours', 'ours-sink', reading, { perRun: 20000, runs: 5, warmup: 20000 });
    const options = { measurement: 'greenhouse', precision: 'ms' as const, deviceTags: true, integers: false, clock: new SeriesClock() };
    const encode = libRate(() => linesFromMessage(reading(), options), { perRun: 200000, runs: 5, warmup: 100000 });
    report(`influx-buffer vs influxdb out (Node-RED 4, embedded; writing to ${against})`, [
      { name: 'influxdb out (written, done)', value: theirs, unit: 'msg/s' },
      { name: 'influx-buffer (queued on disk, done)', value: ours, unit: 'msg/s', baseline: 'influxdb out (written, done)' },
      { name: 'lib: reading → line protocol', value: encode, unit: 'msg/s' },
    ]);
  } finally {
    await rt.stop();
    fs.rmSync(queueDir, { recursive: true, force: true });
    if (influx) await influx.stop();
    stub?.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
