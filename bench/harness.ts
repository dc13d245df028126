// Bench harness: an embedded Node-RED (no HTTP listener, no test-helper spies) loaded with this pack and a tiny
// counting sink, as docs/toolchain.md "Measuring throughput" describes. Bench files build one flow with a
// chain per contender (ours, a function node doing the same work, a junction hop) and compare medians.
//
// API:
//   const rt = await startRuntime(nodes, extra?)    // nodes: flow array; x/y/z filled in; our pack is installed;
//                                                   // extra: bench-only node types ({ name: { js, html } })
//   const rate = await rt.throughput(entryId, sinkId, makeMsg, { perRun, runs, warmup })   // median msg/s
//   await rt.stop()
//   libRate(fn, { perRun, runs, warmup })           // median calls/s of a plain function (for lib vs limit)
//   report(title, rows)                             // prints "name  value  ratio-to-baseline" side by side
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');

const SINK_SOURCE = `module.exports = function (RED) {
  function BenchSink(config) {
    RED.nodes.createNode(this, config);
    this.count = 0;
    this.target = Infinity;
    this.onTarget = null;
    this.on('input', (msg, send, done) => {
      this.count++;
      if (this.count >= this.target && this.onTarget) { const f = this.onTarget; this.onTarget = null; f(); }
      done();
    });
  }
  RED.nodes.registerType('bench-sink', BenchSink);
  // the least a custom node can do per message: the floor of any node's hop, printed beside the junction
  function BenchPass(config) {
    RED.nodes.createNode(this, config);
    this.on('input', (msg, send, done) => { send(msg); done(); });
  }
  RED.nodes.registerType('bench-pass', BenchPass);
};`;
const SINK_HTML = `<script type="text/javascript">RED.nodes.registerType('bench-sink',{category:'common',defaults:{},inputs:1,outputs:0});
RED.nodes.registerType('bench-pass',{category:'common',defaults:{},inputs:1,outputs:1});</script>`;

interface SinkNode { count: number; target: number; onTarget: (() => void) | null }

export interface RateOptions { perRun?: number; runs?: number; warmup?: number; batch?: number }

export interface Runtime {
  RED: any;
  throughput(entryId: string, sinkId: string, makeMsg: (i: number) => Record<string, unknown>,
    options?: RateOptions): Promise<number>;
  stop(): Promise<void>;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Starts Node-RED in this process with `nodes` deployed; resolves once flows have started. */
export async function startRuntime(nodes: Array<Record<string, unknown>>, extra: Record<string, { js: string; html: string }> = {}): Promise<Runtime> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-bench-'));
  fs.mkdirSync(path.join(userDir, 'nodes'));
  fs.writeFileSync(path.join(userDir, 'nodes', 'bench-sink.js'), SINK_SOURCE);
  fs.writeFileSync(path.join(userDir, 'nodes', 'bench-sink.html'), SINK_HTML);
  for (const [name, files] of Object.entries(extra)) {
    fs.writeFileSync(path.join(userDir, 'nodes', `${name}.js`), files.js);
    fs.writeFileSync(path.join(userDir, 'nodes', `${name}.html`), files.html);
  }
  fs.mkdirSync(path.join(userDir, 'node_modules'));
  // Installed the way a user installs it: a package in the user dir's node_modules.
  fs.symlinkSync(repoRoot, path.join(userDir, 'node_modules', 'node-red-contrib-civic-iot'), 'dir');
  const flow = [{ id: 'bench-tab', type: 'tab', label: 'bench' },
    ...nodes.map((n, i) => ({ x: 100 + (i % 10) * 150, y: 100 + Math.floor(i / 10) * 60, z: 'bench-tab', ...n }))];
  const flowFile = path.join(userDir, 'flows.json');
  fs.writeFileSync(flowFile, JSON.stringify(flow));

  const RED = require('node-red');
  RED.init(http.createServer(), {
    userDir, flowFile, httpAdminRoot: false, httpNodeRoot: false, uiPort: 0,
    credentialSecret: false, logging: { console: { level: 'warn' } }, editorTheme: { tours: false },
  });
  const started = new Promise<void>((resolve) => RED.events.once('flows:started', () => resolve()));
  await RED.start();
  await started;

  const runtime: Runtime = {
    RED,
    async throughput(entryId, sinkId, makeMsg, options = {}) {
      const { perRun = 100000, runs = 5, warmup = 100000, batch = 1000 } = options;
      const entry = RED.nodes.getNode(entryId);
      const sink = RED.nodes.getNode(sinkId) as SinkNode;
      if (!entry || !sink) throw new Error(`bench flow lacks ${entry ? sinkId : entryId}`);
      const pump = (n: number): Promise<number> => new Promise((resolve) => {
        sink.count = 0;
        sink.target = n;
        const t0 = process.hrtime.bigint();
        sink.onTarget = () => resolve(n / (Number(process.hrtime.bigint() - t0) / 1e9));
        let sent = 0;
        const step = () => {
          const end = Math.min(n, sent + batch);
          for (; sent < end; sent++) entry.receive(makeMsg(sent));
          if (sent < n) setImmediate(step);
        };
        step();
      });
      if (warmup > 0) await pump(warmup);
      const rates: number[] = [];
      for (let r = 0; r < runs; r++) rates.push(await pump(perRun));
      return median(rates);
    },
    async stop() {
      await RED.stop();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
  return runtime;
}

/** Median calls per second of `fn` (called with the iteration index) over several timed runs. */
export function libRate(fn: (i: number) => unknown, options: RateOptions = {}): number {
  const { perRun = 200000, runs = 5, warmup = 100000 } = options;
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn(i);
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perRun; i++) sink = fn(i);
    rates.push(perRun / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  if (sink === Symbol.for('never')) console.log('');
  return median(rates);
}

export interface ReportRow { name: string; value: number; unit: string; baseline?: string; target?: string }

/** Prints rows side by side; a row with `baseline` shows its ratio to the named row. */
export function report(title: string, rows: ReportRow[]): void {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const base = r.baseline ? byName.get(r.baseline) : undefined;
    const ratio = base ? `  ${(r.value / base.value).toFixed(2)}× ${r.baseline}` : '';
    const target = r.target ? `  (target ${r.target})` : '';
    console.log(`  ${r.name.padEnd(width)}  ${fmt(r.value).padStart(12)} ${r.unit}${ratio}${target}`);
  }
}
