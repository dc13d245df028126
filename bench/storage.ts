// influx-buffer throughput: readings accepted per second (durably queued: fdatasync'd on disk, done() called) by
// the node in an embedded Node-RED, beside node-red-contrib-influxdb's `influxdb out` writing the same readings
// (its done() comes when InfluxDB answered). Both go to a real local InfluxDB 1.x when influxd is installed
// (else a stub HTTP server answering 204, said so in the output). Completion is counted by a `complete` node
// scoped to each contender, wired to the counting sink. Also the lib alone: line-protocol encoding per second, and
// civic-history's work: one chart of a season (90 days of 10-minute readings of 8 sensors) read from InfluxDB and
// thinned to 500 points per line, and LTTB alone.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import http from 'http';
import {
  SeriesClock, buildQuery, createQueryClient, downsampleSeries, linesFromMessage, lttb, seriesFromResponse, type HistorySpec,
} from '../lib/storage';
import { libRate, report, startRuntime, type ReportRow } from './harness';
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
      { name: 'influx-buffer (queued on disk, done)', value: ours, unit: 'msg/s', baseline: 'influxdb out (written, done)', target: '≥ influxdb out' },
      { name: 'lib: reading → line protocol', value: encode, unit: 'msg/s' },
    ]);
    const wave = Array.from({ length: 12960 }, (_, i) => ({ x: i * 600000, y: 20 + 6 * Math.sin(i / 144 * 2 * Math.PI) + (i % 7) / 10 }));
    const thin = libRate(() => lttb(wave, 500), { perRun: 200, runs: 5, warmup: 50 }) * wave.length;
    const rows: ReportRow[] = [{ name: 'lib: LTTB, 12,960 points → 500', value: thin, unit: 'points/s' }];
    if (influx) rows.push({ name: 'civic-history: 90 days × 8 sensors → 500 points per line', value: await seasonChart(influx.port), unit: 'ms per chart', target: '< 1,000 ms' });
    report('civic-history (charts that keep their data)', rows);
  } finally {
    await rt.stop();
    fs.rmSync(queueDir, { recursive: true, force: true });
    if (influx) await influx.stop();
    stub?.close();
  }
}

/** Median time of one season chart (query on InfluxDB + thinning + formats) over 5 runs, after seeding the data. */
async function seasonChart(port: number): Promise<number> {
  const end = Date.parse('2026-05-10T00:00:00Z');
  const start = end - 90 * 86400000;
  const lines: string[] = [];
  for (let t = start; t < end; t += 600000) {
    for (let d = 0; d < 8; d++) lines.push(`season,device=d${d} airTemperature=${20 + d + Math.sin(t / 86400000 * 2 * Math.PI) * 6} ${t}`);
  }
  for (let i = 0; i < lines.length; i += 10000) {
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/write?db=bench&precision=ms' }, (res) => { res.resume(); res.on('end', resolve); });
      req.on('error', reject);
      req.end(lines.slice(i, i + 10000).join('\n'));
    });
  }
  const query = createQueryClient({ version: '1.x', url: `http://127.0.0.1:${port}`, database: 'bench', precision: 'ms', timeoutMs: 60000 });
  const spec: HistorySpec = { measurement: 'season', field: 'airTemperature', filters: [], seriesTag: 'device', range: { start, end },
    points: 500, method: 'lttb', maxSeries: 20 };
  const times: number[] = [];
  for (let r = 0; r < 6; r++) {
    const t0 = process.hrtime.bigint();
    const answer = await query(buildQuery(spec));
    const series = downsampleSeries(seriesFromResponse(answer.body, spec), spec);
    if (series.length !== 8) throw new Error(`season chart: ${series.length} lines`);
    if (r > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  query.close();
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

main().catch((err) => { console.error(err); process.exit(1); });
