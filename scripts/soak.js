#!/usr/bin/env node
'use strict';
// `npm run soak`: a bounded load and memory test of the greenhouse pipeline in an embedded Node-RED (not part of
// `npm test`). 100 simulated LoRaWAN devices (The Things Stack uplinks, as sensor-sim sends them) at 1 Hz go through
// sensor-decode → agri-metrics → greenhouse-alert (tomato, fruiting) — and influx-buffer to a local influxd when one
// is installed — with a burst of 5,000 msgs/s for ~10 s in the middle. Reports throughput, event-loop lag p99, heap
// used after warm-up and at the end (after a full GC), and a verdict on heap growth.
//
//   SOAK_SECONDS=180 (default; the whole run, warm-up included)   SOAK_INFLUX=0 skips InfluxDB even when installed
// Needs the build (`npm run soak` builds first) and --expose-gc (re-executes itself with it when missing).

const path = require('path');
const { spawnSync } = require('child_process');

if (typeof global.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

const { monitorEventLoopDelay } = require('perf_hooks');
const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const { startRuntime } = require(path.join(dist, 'bench', 'harness.js'));
const { createSimulator } = require(path.join(dist, 'lib', 'sim'));
const { findBinary, startInflux, influxQuery } = require(path.join(dist, 'test', 'helpers', 'servers.js'));

const SECONDS = Math.max(30, Number(process.env.SOAK_SECONDS || 180));
const WARMUP = Math.min(30, Math.round(SECONDS * 0.2));
const BURST_SECONDS = Math.min(10, Math.round(SECONDS / 6));
const BURST_RATE = 5000;
const DEVICES = 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

function heapAfterGc() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage().heapUsed;
}

function simulator(devices, houses, seed) {
  return createSimulator({ devices, kind: 'greenhouse', interval: 0, site: 'hakui', houses, latitude: 36.8933,
    longitude: 136.7789, format: 'ttn', seed, application: 'civic-iot', dropout: 0, spikes: 0.01, silentDevice: '', silentAfter: 0 });
}

async function main() {
  let influx;
  if (process.env.SOAK_INFLUX !== '0' && findBinary('influxd')) {
    influx = await startInflux();
    await influxQuery(influx.port, 'CREATE DATABASE soak');
  }
  const nodes = [
    { id: 'decode', type: 'civic-sensor-decode', format: 'auto', channelPreset: 'civic-sim', wires: [['metrics']] },
    { id: 'metrics', type: 'civic-agri-metrics', timeZone: 'Asia/Tokyo', wires: [['alert', 'sink', ...(influx ? ['buffer'] : [])], []] },
    { id: 'alert', type: 'civic-alert', preset: 'tomato-fruiting', rules: [], lang: 'ja', timeZone: 'Asia/Tokyo', tickSeconds: 30,
      wires: [['events'], ['table']] },
    { id: 'sink', type: 'bench-sink' }, { id: 'events', type: 'bench-sink' }, { id: 'table', type: 'bench-sink' },
  ];
  if (influx) {
    nodes.push({ id: 'influx', type: 'influxdb', hostname: '127.0.0.1', port: String(influx.port), protocol: 'http', database: 'soak',
      influxdbVersion: '1.x', name: 'soak', z: undefined, x: undefined, y: undefined });
    nodes.push({ id: 'buffer', type: 'civic-influx-buffer', influxdb: 'influx', measurement: 'greenhouse', precision: 'ms', batchSize: 5000,
      batchWait: 1, maxQueueMB: 200, wires: [] });
  }
  const rt = await startRuntime(nodes);
  const decode = rt.RED.nodes.getNode('decode');
  const sink = rt.RED.nodes.getNode('sink');
  const events = rt.RED.nodes.getNode('events');
  const errors = [];
  rt.RED.hooks.add('onComplete', (e) => { if (e.error && errors.length < 20) errors.push(String(e.error.message || e.error)); });

  const steady = simulator(DEVICES, 'house-1,house-2,house-3,house-4', 1);
  const burst = simulator(BURST_RATE, 'burst-1,burst-2,burst-3,burst-4,burst-5', 2);   // 5,000 other devices
  let sent = 0;
  const send = (msgs) => { for (const m of msgs) { decode.receive({ topic: m.topic, payload: m.payload }); sent++; } };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const phases = [];
  const phase = async (name, seconds, withBurst) => {
    lag.reset();
    lag.enable();
    const s0 = sink.count;
    const t0 = Date.now();
    const steadyTimer = setInterval(() => send(steady.tick(Date.now())), 1000);
    let burstTimer;
    if (withBurst) {
      let pending = [];
      // 5,000 messages a second in slices of 500 every 100 ms
      burstTimer = setInterval(() => {
        if (!pending.length) pending = burst.tick(Date.now());
        send(pending.splice(0, BURST_RATE / 10));
      }, 100);
    }
    await sleep(seconds * 1000);
    clearInterval(steadyTimer);
    clearInterval(burstTimer);
    await sleep(500);                                         // let the last slice drain before counting
    lag.disable();
    const elapsed = (Date.now() - t0) / 1000;
    const done = sink.count - s0;
    phases.push({ name, seconds: elapsed, readings: done, rate: done / elapsed, lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6 });
  };

  const heapStart = heapAfterGc();
  const started = Date.now();
  // warm-up: steady load, and one short burst so the burst devices' state exists before the baseline is taken
  await phase('warm-up (1 Hz × 100)', WARMUP - 2, false);
  await phase('warm-up burst (2 s)', 2, true);
  const heapWarm = heapAfterGc();
  const rest = SECONDS - WARMUP - BURST_SECONDS;
  await phase('steady (1 Hz × 100)', Math.floor(rest / 2), false);
  await phase(`burst (${BURST_RATE.toLocaleString('en-US')} msg/s)`, BURST_SECONDS, true);
  const heapAfterBurst = heapAfterGc();
  await phase('steady again', Math.ceil(rest / 2), false);
  const heapEnd = heapAfterGc();

  let influxLine = 'InfluxDB: not installed (influxd missing) — influx-buffer not in the pipeline';
  if (influx) {
    const buffer = rt.RED.nodes.getNode('buffer');
    const until = Date.now() + 60000;
    while (Date.now() < until) {
      const r = await influxQuery(influx.port, 'SELECT count(airTemperature) FROM greenhouse', 'soak').catch(() => undefined);
      const n = r?.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0;
      influxLine = `InfluxDB: ${n.toLocaleString('en-US')} points written of ${sink.count.toLocaleString('en-US')} readings`;
      if (n >= sink.count) break;
      await sleep(1000);
    }
    void buffer;
  }

  const total = (Date.now() - started) / 1000;
  console.log(`\nsoak: ${total.toFixed(0)} s, Node ${process.version}, Node-RED ${rt.RED.version()}, ${require('os').cpus().length} cores`);
  console.log('phase                          seconds   readings   readings/s   loop lag p99   max');
  for (const p of phases) {
    console.log(`  ${p.name.padEnd(28)} ${p.seconds.toFixed(1).padStart(7)} ${String(p.readings).padStart(10)} ${p.rate.toFixed(0).padStart(12)} `
      + `${p.lagP99.toFixed(1).padStart(11)} ms ${p.lagMax.toFixed(0).padStart(5)} ms`);
  }
  console.log(`messages sent ${sent.toLocaleString('en-US')}, readings through the pipeline ${sink.count.toLocaleString('en-US')}, `
    + `alert events ${events.count.toLocaleString('en-US')}, errors ${errors.length}${errors.length ? `: ${errors.slice(0, 3).join(' | ')}` : ''}`);
  console.log(influxLine);
  console.log(`heap used (after GC): start ${mb(heapStart)}, after warm-up ${mb(heapWarm)}, after the burst ${mb(heapAfterBurst)}, end ${mb(heapEnd)}`);
  const growth = heapEnd - heapWarm;
  const allowed = Math.max(3 * 1048576, heapWarm * 0.05);   // GC and JIT noise
  console.log(growth <= allowed ? `verdict: no heap growth after warm-up (${growth >= 0 ? '+' : ''}${mb(growth)}, within ${mb(allowed)})`
    : `verdict: heap grew by ${mb(growth)} (${((growth / heapWarm) * 100).toFixed(1)} %) after warm-up`);

  await rt.stop();
  if (influx) await influx.stop();
  process.exit(0);
}

main().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
