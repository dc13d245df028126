// Decoding throughput. (a) lib CayenneLPP decode beside a minimal hand-written decoder of the same 3-reading frame
// (the limit; target ≥ 0.5). (b) the sensor-decode node in an embedded Node-RED beside a junction hop (Node-RED's
// routing ceiling; target ≥ 0.8× the junction), an empty custom node (send(msg); done(): the floor of any node), a
// node that writes the same reading from literals (the floor of any node honouring the reading contract) and a
// function node doing the same decode. (c) a Modbus map of
// 10 registers → 5 values (int16 /10, uint16 /10, float32 CDAB, uint32 ABCD, int16 /100) in sensor-decode beside a
// function node doing the same Buffer reads (target ≥ 4×). (d) vendor codecs in the QuickJS sandbox of the worker
// pool with per-device isolation (one sandbox per device, 100 devices in turn), beside the same codec called directly
// and beside the figure before isolation (94,000/s, one shared in-process context; target ≥ 50,000/s).
import { createCodec, createDecoder, decodeLpp, type Codec } from '../lib/decode';
import { libRate, median, report, startRuntime, type Runtime } from './harness';

const FRAME = Buffer.from('016700F102688F037D0264', 'hex');             // 24.1 °C, 71.5 %, 612 ppm

/** The limit: the least code that reads this frame (no checks beyond the types it knows). */
function handLpp(b: Uint8Array): Record<string, number> {
  const out: Record<string, number> = {};
  let i = 0;
  while (i < b.length) {
    const ch = b[i];
    const t = b[i + 1];
    i += 2;
    if (t === 103) { out[`temperature_${ch}`] = ((b[i] << 8 | b[i + 1]) << 16 >> 16) / 10; i += 2; }
    else if (t === 104) { out[`humidity_${ch}`] = b[i] / 2; i += 1; }
    else if (t === 125) { out[`concentration_${ch}`] = b[i] << 8 | b[i + 1]; i += 2; }
    else throw new Error(`type ${t}`);
  }
  return out;
}

const FUNCTION_LPP = `
const b = msg.payload; const out = {}; let i = 0;
const names = { 1: 'airTemperature', 2: 'airHumidity', 3: 'co2' };
while (i < b.length) {
  const ch = b[i], t = b[i + 1]; i += 2;
  if (t === 103) { out[names[ch] || 'temperature_' + ch] = ((b[i] << 8 | b[i + 1]) << 16 >> 16) / 10; i += 2; }
  else if (t === 104) { out[names[ch] || 'humidity_' + ch] = b[i] / 2; i += 1; }
  else if (t === 125) { out[names[ch] || 'concentration_' + ch] = b[i] << 8 | b[i + 1]; i += 2; }
  else { node.error('unknown type ' + t, msg); return null; }
}
msg.payload = out;
msg.units = { airTemperature: '°C', airHumidity: '%', co2: 'ppm' };
msg.timestamp = Date.now();
msg.device = { id: msg.topic };
msg.meta = { source: 'cayenne-lpp', warnings: [] };
return msg;`;

const MODBUS_MAP = [
  { name: 'airTemperature', register: 0, type: 'int16', order: 'AB', scale: 0.1 },
  { name: 'airHumidity', register: 1, type: 'uint16', order: 'AB', scale: 0.1 },
  { name: 'solarRadiation', register: 2, type: 'float32', order: 'CDAB' },
  { name: 'energy', register: 4, type: 'uint32', order: 'ABCD', unit: 'Wh' },
  { name: 'soilPH', register: 6, type: 'int16', order: 'AB', scale: 0.01 },
];
const fl = Buffer.alloc(4);
fl.writeFloatBE(812.5);
const REGISTERS = [0x00f1, 715, fl.readUInt16BE(2), fl.readUInt16BE(0), 0x0001, 0x0002, 655, 0, 0, 0];

/** The least a node can do that sends this reading: the fields of the contract written from literals, no decoding. */
const CONTRACT_NODE = {
  js: `module.exports = function (RED) {
  function BenchReading(config) {
    RED.nodes.createNode(this, config);
    this.on('input', (msg, send, done) => {
      msg.topic = msg.topic;
      msg.payload = { airTemperature: 24.1, airHumidity: 71.5, co2: 612 };
      msg.units = { airTemperature: '°C', airHumidity: '%', co2: 'ppm' };
      msg.timestamp = Date.now();
      msg.device = { id: msg.topic };
      msg.meta = { source: 'cayenne-lpp', warnings: [] };
      send(msg);
      done();
    });
  }
  RED.nodes.registerType('bench-reading', BenchReading);
};`,
  html: '<script type="text/javascript">RED.nodes.registerType(\'bench-reading\',{category:\'common\',defaults:{},inputs:1,outputs:1});</script>',
};

const FUNCTION_MODBUS = `
const r = msg.payload; const b = Buffer.alloc(r.length * 2);
for (let i = 0; i < r.length; i++) b.writeUInt16BE(r[i], i * 2);
const f = Buffer.from([b[6], b[7], b[4], b[5]]);
msg.payload = {
  airTemperature: Math.round(b.readInt16BE(0)) / 10,
  airHumidity: b.readUInt16BE(2) / 10,
  solarRadiation: Number(f.readFloatBE(0).toPrecision(7)),
  energy: b.readUInt32BE(8),
  soilPH: b.readInt16BE(12) / 100,
};
msg.units = { airTemperature: '°C', airHumidity: '%', solarRadiation: 'W/m²', energy: 'Wh', soilPH: 'pH' };
msg.timestamp = Date.now();
msg.device = { id: msg.topic };
msg.meta = { source: 'modbus', warnings: [] };
return msg;`;

const CODEC = `function decodeUplink(input) {
  var b = input.bytes;
  var t = ((b[0] << 8 | b[1]) << 16 >> 16) / 10;
  return { data: { temperature: t, humidity: b[2] / 2, co2: b[3] << 8 | b[4] }, warnings: [] };
}`;

async function main(): Promise<void> {
  // (a) lib vs the hand-written limit
  const bytes = new Uint8Array(FRAME);
  const lib = libRate(() => decodeLpp(bytes));
  const hand = libRate(() => handLpp(bytes));
  const reading = createDecoder({ format: 'cayenne-lpp', channelPreset: 'civic-greenhouse' });
  const full = libRate(() => reading.decode(FRAME, { topic: 'th-01' }));
  report('(a) CayenneLPP, 3-reading frame (lib)', [
    { name: 'hand-written decoder (limit)', value: hand, unit: 'decodes/s' },
    { name: 'lib decodeLpp', value: lib, unit: 'decodes/s', baseline: 'hand-written decoder (limit)', target: '≥ 0.5' },
    { name: 'lib full reading (mapping, units, meta)', value: full, unit: 'decodes/s', baseline: 'hand-written decoder (limit)' },
  ]);

  // (b) and (c) in an embedded Node-RED
  const rt = await startRuntime([
    { id: 'lpp-node', type: 'civic-sensor-decode', format: 'cayenne-lpp', channelPreset: 'custom',
      mapping: [{ from: '1', to: 'airTemperature' }, { from: '2', to: 'airHumidity' }, { from: '3', to: 'co2' }], wires: [['sink-a']] },
    { id: 'lpp-fn', type: 'function', func: FUNCTION_LPP, outputs: 1, wires: [['sink-b']] },
    { id: 'junc', type: 'junction', wires: [['sink-c']] },
    { id: 'mb-node', type: 'civic-sensor-decode', format: 'modbus', modbusPreset: 'custom', modbusMap: MODBUS_MAP, wires: [['sink-d']] },
    { id: 'mb-fn', type: 'function', func: FUNCTION_MODBUS, outputs: 1, wires: [['sink-e']] },
    { id: 'empty', type: 'bench-pass', wires: [['sink-f']] },
    { id: 'contract', type: 'bench-reading', wires: [['sink-g']] },
    ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => ({ id: `sink-${s}`, type: 'bench-sink', wires: [] })),
  ], { 'bench-reading': CONTRACT_NODE });
  try {
    const lppMsg = () => ({ payload: FRAME, topic: 'house-1/th-01' });
    // the hops measured in turns (the order rotating each round), so that a change of load on a shared machine hits
    // all alike; the junction is the reference of every ratio
    const hops = await interleaved(rt, { junction: ['junc', 'sink-c'], node: ['lpp-node', 'sink-a'], contract: ['contract', 'sink-g'],
      empty: ['empty', 'sink-f'] }, lppMsg);
    const fn = await rt.throughput('lpp-fn', 'sink-b', lppMsg);
    report('(b) CayenneLPP in Node-RED (one hop)', [
      { name: 'junction (routing ceiling)', value: hops.junction.rate, unit: 'msg/s' },
      { name: 'empty custom node: send(msg); done()', value: hops.empty.rate, unit: 'msg/s', baseline: 'junction (routing ceiling)' },
      { name: 'node writing this reading from literals', value: hops.contract.rate, unit: 'msg/s', baseline: 'junction (routing ceiling)' },
      { name: 'function node decoding LPP', value: fn, unit: 'msg/s', baseline: 'junction (routing ceiling)' },
      { name: 'civic-sensor-decode', value: hops.node.rate, unit: 'msg/s', baseline: 'junction (routing ceiling)', target: '≥ 0.8× the junction' },
    ]);
    console.log(`  civic-sensor-decode = ${(hops.node.rate / fn).toFixed(2)}× the function node`);
    console.log('  CPU per message (process.cpuUsage, median of 7 rounds; the load-tolerant estimate) and the median of the');
    console.log('  per-round ratios junction / hop (CPU; throughput in brackets):');
    for (const [name, h] of Object.entries(hops)) {
      console.log(`    ${name.padEnd(9)} ${h.cpu.toFixed(2)} µs  ${h.cpuRatio.toFixed(2)}×  (${h.ratio.toFixed(2)}×)`);
    }
    console.log(`  civic-sensor-decode ${hops.node.cpuRatio.toFixed(2)}× the junction (${hops.node.cpuRatio >= 0.8 ? 'meets' : 'MISSES'} ≥ 0.8); `
      + `ceiling: a node that only writes this reading reaches ${hops.contract.cpuRatio.toFixed(2)}×, an empty node `
      + `${hops.empty.cpuRatio.toFixed(2)}×; decoding beyond writing the reading: ${(hops.node.cpu - hops.contract.cpu).toFixed(2)} µs`);
    console.log('  on a shared machine CPU ratios swing by ±10 %: docs/decode.md#bench has instructions per message '
      + '(stored callgrind counts of issue 21\'s third pass, not of this run: junction 21,656, literal-writing node 0.94×, civic-sensor-decode 0.88×; CPU fell only ≈ 3 %)');
    console.log('  fifth pass (stored, indicative, loaded machine; not of this run): instructions per message literal-writing node '
      + '21,956, civic-sensor-decode 24,065 → 23,984; bytes allocated per input-handler call 390 → 335 (literal node 302); '
      + 'CPU per handler call −4 to −8 % and per hop −6 to −25 % in paired old/new runs (docs/decode.md#bench)');
    const mbMsg = () => ({ payload: REGISTERS.slice(), topic: 'house-1/modbus' });
    const mbNode = await rt.throughput('mb-node', 'sink-d', mbMsg);
    const mbFn = await rt.throughput('mb-fn', 'sink-e', mbMsg);
    report('(c) Modbus map, 10 registers → 5 values (one hop)', [
      { name: 'function node with Buffer reads', value: mbFn, unit: 'msg/s' },
      { name: 'sensor-decode Modbus map', value: mbNode, unit: 'msg/s', baseline: 'function node with Buffer reads', target: '≥ 4×' },
    ]);
  } finally {
    await rt.stop();
  }

  // (d) sandboxed codec (worker pool, a sandbox per device) vs the same codec called directly
  const codec = await createCodec(CODEC);
  const direct = new Function(`${CODEC}; return decodeUplink;`)() as (i: unknown) => unknown;
  const arr = [0x00, 0xf1, 0x8f, 0x02, 0x64];
  await sandboxRate(codec, arr, 20000);                                // warm-up: one sandbox per device
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) runs.push(await sandboxRate(codec, arr, 50000));
  const sandboxed = median(runs);
  const plain = libRate(() => direct({ bytes: arr, fPort: 2, recvTime: new Date(0) }), { perRun: 200000, runs: 5, warmup: 50000 });
  codec.close();
  report('(d) vendor codec', [
    { name: 'codec called directly (no sandbox)', value: plain, unit: 'decodes/s' },
    { name: 'before: one shared in-process sandbox, no isolation', value: 94000, unit: 'decodes/s (issue 21 figure)' },
    { name: 'worker pool, sandbox per device (100 devices)', value: sandboxed, unit: 'decodes/s',
      baseline: 'before: one shared in-process sandbox, no isolation', target: '≥ 50,000/s' },
  ]);
  console.log(`  isolation cost: sandbox / direct = 1 : ${Math.round(plain / sandboxed)}; ${sandboxed >= 50000 ? 'meets' : 'MISSES'} the 50,000 decodes/s target`
    + (timeouts ? ` (${timeouts} calls missed the time limit: the machine is overloaded)` : ''));
}

interface Hop { rate: number; ratio: number; cpu: number; cpuRatio: number }
/**
 * Chains measured in turns (7 rounds of 100,000 messages after a warm-up, the order rotating each round): median rate,
 * median CPU time per message (process.cpuUsage: what a busy shared machine disturbs least), and the medians of the
 * per-round ratios to the first chain (rate ratio, CPU ratio first / this).
 */
async function interleaved<K extends string>(rt: Runtime, chains: Record<K, [string, string]>, make: (i: number) => Record<string, unknown>):
Promise<Record<K, Hop>> {
  const names = Object.keys(chains) as K[];
  for (const k of names) await rt.throughput(chains[k][0], chains[k][1], make, { perRun: 1, runs: 1, warmup: 100000 });
  const rates = new Map<K, number[]>(names.map((k) => [k, []]));
  const cpus = new Map<K, number[]>(names.map((k) => [k, []]));
  for (let round = 0; round < 7; round++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(j + round) % names.length];
      const c0 = process.cpuUsage();
      rates.get(k)!.push(await rt.throughput(chains[k][0], chains[k][1], make, { perRun: 100000, runs: 1, warmup: 0 }));
      const c = process.cpuUsage(c0);
      cpus.get(k)!.push((c.user + c.system) / 100000);
    }
  }
  const ref = names[0];
  const out = {} as Record<K, Hop>;
  for (const k of names) {
    const r = rates.get(k)!;
    const c = cpus.get(k)!;
    out[k] = { rate: median(r), ratio: median(r.map((x, i) => x / rates.get(ref)![i])), cpu: median(c),
      cpuRatio: median(c.map((x, i) => cpus.get(ref)![i] / x)) };
  }
  return out;
}

let timeouts = 0;

/** Decodes per second through the pool: `n` uplinks from 100 devices in turn, 1,000 in flight at a time. */
async function sandboxRate(codec: Codec, bytes: number[], n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1000) {
    const batch: Array<Promise<unknown>> = [];
    for (let k = i; k < Math.min(n, i + 1000); k++) batch.push(codec.decode(`dev-${k % 100}`, bytes, 2, 0));
    // on a heavily loaded machine a call may miss its 100 ms wall-clock limit: counted, not fatal to the bench
    for (const r of await Promise.allSettled(batch)) if (r.status === 'rejected') timeouts += 1;
  }
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
