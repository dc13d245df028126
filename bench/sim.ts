// sensor-sim generation rate. (a) the lib core, readings/s, beside a minimal hand-written generator (sine-day
// temperature, no physics, no encoding: the limit); (b) the node in an embedded Node-RED, one reading per input
// message, beside a function node generating the same minimal reading.
import { createSimulator } from '../lib/sim';
import { libRate, report, startRuntime } from './harness';

const T0 = Date.parse('2026-05-10T00:00:00+09:00');

function minimalReading(t: number): Record<string, number> {
  const h = ((t / 3600000) + 9) % 24;
  return { airTemperature: Math.round((18 + 6 * Math.sin(((h - 8) / 24) * 2 * Math.PI)) * 10) / 10,
    airHumidity: Math.round(70 - 20 * Math.sin(((h - 8) / 24) * 2 * Math.PI)) };
}

async function main(): Promise<void> {
  const reading = createSimulator({ devices: 1, kind: 'greenhouse' });
  const lpp = createSimulator({ devices: 1, kind: 'greenhouse', format: 'cayenne' });
  const ttn = createSimulator({ devices: 1, kind: 'greenhouse', format: 'ttn' });
  report('(a) lib: simulated readings per second (1 device, one per tick)', [
    { name: 'hand-written sine reading (limit)', value: libRate((i) => minimalReading(T0 + i * 1000)), unit: 'readings/s' },
    { name: 'lib sim, reading', value: libRate((i) => reading.tick(T0 + i * 1000)), unit: 'readings/s', baseline: 'hand-written sine reading (limit)' },
    { name: 'lib sim, CayenneLPP', value: libRate((i) => lpp.tick(T0 + i * 1000)), unit: 'readings/s', baseline: 'hand-written sine reading (limit)' },
    { name: 'lib sim, TTS v3 uplink', value: libRate((i) => ttn.tick(T0 + i * 1000), { perRun: 50000 }), unit: 'readings/s', baseline: 'hand-written sine reading (limit)' },
  ]);

  const rt = await startRuntime([
    { id: 'sim', type: 'civic-sensor-sim', devices: 1, kind: 'greenhouse', interval: 0, format: 'reading', wires: [['sink1']] },
    { id: 'sink1', type: 'bench-sink' },
    { id: 'fn', type: 'function', func: `const t = msg.timestamp; const h = ((t / 3600000) + 9) % 24;
msg.payload = { airTemperature: Math.round((18 + 6 * Math.sin(((h - 8) / 24) * 2 * Math.PI)) * 10) / 10,
  airHumidity: Math.round(70 - 20 * Math.sin(((h - 8) / 24) * 2 * Math.PI)) };
return msg;`, outputs: 1, wires: [['sink2']] },
    { id: 'sink2', type: 'bench-sink' },
    { id: 'junction', type: 'junction', wires: [['sink3']] },
    { id: 'sink3', type: 'bench-sink' },
  ]);
  try {
    const make = (i: number) => ({ timestamp: T0 + i * 1000 });
    const opts = { perRun: 50000, runs: 5, warmup: 50000 };
    const junction = await rt.throughput('junction', 'sink3', make, opts);
    const fn = await rt.throughput('fn', 'sink2', make, opts);
    const node = await rt.throughput('sim', 'sink1', make, opts);
    report('(b) Node-RED: one reading per input message (median of 5 runs)', [
      { name: 'junction hop (routing ceiling)', value: junction, unit: 'msg/s' },
      { name: 'function node, sine reading', value: fn, unit: 'msg/s' },
      { name: 'sensor-sim node, full physics', value: node, unit: 'msg/s', baseline: 'function node, sine reading' },
    ]);
  } finally {
    await rt.stop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
