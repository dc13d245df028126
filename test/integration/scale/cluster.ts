// The scale-out rig shared by test/integration/scale.test.ts (small, in npm test) and scripts/scale.js (500
// devices, `npm run scale`): real Node-RED worker processes with this pack linked into their user dirs, behind one
// mosquitto and one InfluxDB on loopback; a test-side MQTT client publishes simulated TTS uplinks and watches
// what the workers republish, store and alert.
//
// Each worker runs the same flow (docs/scaling.md "Reference worker flow"):
//   stateless:  mqtt in $share/civic-decode/v3/+/devices/+/up → sensor-decode → tag worker → influx-buffer
//                                                                 └→ partition (route) → mqtt out civic/p/<p>/…
//   stateful:   partition (subscribe) → mqtt in (dynamic) → partition (filter) → greenhouse-alert → mqtt out
// The worker's name (CIVIC_WORKER_NAME) is added as an InfluxDB tag and to the alert topic, so the checks can see
// which process stored or evaluated what.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { freePort, influxQuery } from '../../helpers/servers';
import { createSimulator, type Simulator } from '../../../lib/sim';
import { AlertEngine, parseRules, type RawRule } from '../../../lib/alerts';
import { asEnvelope } from '../../../lib/partition';

/** 06:00 JST on a May morning: temperatures climb through the morning and fall in the evening. */
export const T0 = Date.parse('2026-05-10T21:00:00Z');

/** The repository root (package.json named node-red-contrib-civic-iot); CIVIC_IOT_PACK_DIR overrides it. */
export function packDir(): string {
  if (process.env.CIVIC_IOT_PACK_DIR) return process.env.CIVIC_IOT_PACK_DIR;
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'node-red-contrib-civic-iot') return dir;
    dir = path.dirname(dir);
  }
  throw new Error('package root not found');
}

/** Throws unless every node type the worker flow needs is built in the pack. */
export function checkPackBuilt(pack: string): void {
  const nodes = JSON.parse(fs.readFileSync(path.join(pack, 'package.json'), 'utf8'))['node-red']?.nodes ?? {};
  for (const type of ['civic-sensor-decode', 'civic-influx-buffer', 'civic-partition', 'civic-alert']) {
    if (!nodes[type] || !fs.existsSync(path.join(pack, nodes[type]))) throw new Error(`${type} is not built in ${pack} (npm run build)`);
  }
}

/** One alert rule that fires and resolves often over a day of simulated readings. */
export function alertRules(threshold: number): RawRule[] {
  return [{ id: 'warm', metric: 'airTemperature', condition: 'above', threshold, recovery: Math.round((threshold - 0.5) * 100) / 100,
    forMinutes: 0, repeatMinutes: 0, severity: 'warning', active: 'always', scope: 'device' }];
}

/** The worker flow (same file for every worker; the worker's slot comes from its environment). */
export function workerFlow(rules: RawRule[]): object[] {
  const z = 'scale';
  const at = (x: number, y: number) => ({ x, y, z });
  // MQTT 5: Node-RED's broker node runs one message handler per subscribed filter (32 of them per worker with 2
  // workers and 64 partitions); under MQTT 3.1.1 each handler builds a RegExp from its filter for every message,
  // under MQTT 5 it compares the message's subscription identifier first (docs/scaling.md, "Why 2 workers cost more")
  const broker = { id: 'mq', type: 'mqtt-broker', name: 'broker', broker: '127.0.0.1', port: '${CIVIC_MQTT_PORT}', clientid: '',
    autoConnect: true, usetls: false, protocolVersion: '5', keepalive: '15', cleansession: true, autoUnsubscribe: true,
    birthTopic: '', closeTopic: '', willTopic: '' };
  const influx = { id: 'db', type: 'influxdb', hostname: '127.0.0.1', port: '${CIVIC_INFLUX_PORT}', protocol: 'http',
    database: '${CIVIC_INFLUX_DB}', influxdbVersion: '1.x', name: 'influx' };
  const change = (id: string, rules: object[], wires: string[][], x: number, y: number) =>
    ({ id, type: 'change', name: '', rules, action: '', property: '', from: '', to: '', reg: false, ...at(x, y), wires });
  const partition = (id: string, mode: string, outputs: number, wires: string[][], x: number, y: number) => ({
    id, type: 'civic-partition', name: '', version: 1, mode, workerIndex: 'CIVIC_WORKER_INDEX', workerIndexType: 'env',
    workerCount: 'CIVIC_WORKER_COUNT', workerCountType: 'env', partitions: 64, key: 'device.id', prefix: 'civic/p',
    unwrap: true, qos: 1, outputs, ...at(x, y), wires });
  const mqttOut = (id: string, x: number, y: number) => ({ id, type: 'mqtt out', name: '', topic: '', qos: '1', retain: 'false',
    respTopic: '', contentType: '', userProps: '', correl: '', expiry: '', broker: 'mq', ...at(x, y), wires: [] });
  return [
    { id: z, type: 'tab', label: 'scale-out worker' },
    broker, influx,
    { id: 'up', type: 'mqtt in', name: 'uplinks (shared)', topic: '$share/civic-decode/v3/+/devices/+/up', qos: '1',
      datatype: 'json', broker: 'mq', nl: false, rap: true, rh: 0, inputs: 0, ...at(120, 80), wires: [['decode']] },
    { id: 'decode', type: 'civic-sensor-decode', name: '', version: 1, format: 'auto', channelPreset: 'civic-sim', site: 'hakui',
      siteType: 'str', ...at(320, 80), wires: [['tag', 'route']] },
    change('tag', [{ t: 'set', p: 'payload', pt: 'msg', to: '[payload, {"worker": $env("CIVIC_WORKER_NAME")}]', tot: 'jsonata' }], [['store']], 520, 60),
    { id: 'store', type: 'civic-influx-buffer', name: '', influxdb: 'db', measurement: 'reading', precision: 'ms', batchSize: 1000,
      batchWait: 0.1, retryMax: 1, ...at(720, 60), wires: [] },
    partition('route', 'route', 1, [['pub']], 520, 120),
    mqttOut('pub', 720, 120),
    partition('subs', 'subscribe', 1, [['pin']], 120, 220),
    { id: 'pin', type: 'mqtt in', name: 'own partitions', topic: '', qos: '1', datatype: 'json', broker: 'mq', nl: false,
      rap: true, rh: 0, inputs: 1, ...at(320, 220), wires: [['own']] },
    partition('own', 'filter', 2, [['alert'], ['stray']], 520, 220),
    { id: 'alert', type: 'civic-alert', name: '', version: 1, rules, lang: 'en-US', tickSeconds: 3600, ...at(720, 220), wires: [['stamp'], []] },
    change('stamp', [{ t: 'set', p: 'topic', pt: 'msg', to: '"civic/test/alert/" & $env("CIVIC_WORKER_NAME")', tot: 'jsonata' }], [['apub']], 920, 220),
    mqttOut('apub', 1120, 220),
    change('stray', [{ t: 'set', p: 'topic', pt: 'msg', to: '"civic/test/stray/" & $env("CIVIC_WORKER_NAME")', tot: 'jsonata' }], [['spub']], 720, 280),
    mqttOut('spub', 920, 280),
  ];
}

function get(port: number, p: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export interface WorkerEnv { index: number; count: number }

/** A Node-RED worker process with its own user dir and its own context store folder ("shared disk"). */
export class WorkerProcess {
  readonly userDir: string;
  readonly contextDir: string;
  log = '';
  /** the admin / HTTP port of the running process */
  port = 0;
  private child?: ChildProcess;

  constructor(readonly name: string, pack: string, private readonly base: { mqttPort: number; influxPort: number; db: string },
    rules: RawRule[], root: string) {
    this.userDir = path.join(root, `worker-${name}`);
    this.contextDir = path.join(root, `state-${name}`);
    fs.mkdirSync(path.join(this.userDir, 'node_modules'), { recursive: true });
    fs.symlinkSync(pack, path.join(this.userDir, 'node_modules', 'node-red-contrib-civic-iot'), 'dir');
    fs.writeFileSync(path.join(this.userDir, 'settings.js'), `module.exports = { uiHost: '127.0.0.1', flowFile: 'flows.json',
      credentialSecret: false, editorTheme: { tours: false }, logging: { console: { level: 'info' } },
      contextStorage: { default: { module: 'localfilesystem', config: { dir: process.env.CIVIC_CONTEXT_DIR, flushInterval: 5 } } } };\n`);
    fs.writeFileSync(path.join(this.userDir, 'flows.json'), JSON.stringify(workerFlow(rules)));
  }

  get running(): boolean { return !!this.child && this.child.exitCode === null && this.child.signalCode === null; }

  /** The process id while running (for CPU accounting), else 0. */
  get pid(): number { return this.running ? this.child!.pid ?? 0 : 0; }

  /**
   * The takeover's first step (docs/scaling.md): POST /civic-partition/drain, which returns once every reading
   * routed to this worker's partitions before it has been evaluated and every resulting event has left.
   */
  async drain(): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method: 'POST', path: '/civic-partition/drain', agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { body += d; });
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`drain of worker ${this.name}: ${res.statusCode} ${body}\n${this.log.slice(-2000)}`))));
      });
      req.setTimeout(60000, () => req.destroy(new Error(`drain of worker ${this.name}: no answer in 60 s`)));
      req.on('error', reject);
      req.end();
    });
  }

  /** Starts Node-RED as worker `index` of `count`; resolves once its flows run and its MQTT connection is up. */
  async start(slot: WorkerEnv): Promise<void> {
    const port = await freePort();
    this.port = port;
    this.log = '';
    // CIVIC_SCALE_NODE_ARGS: extra node options for the workers only (e.g. --cpu-prof, which NODE_OPTIONS refuses)
    const nodeArgs = (process.env.CIVIC_SCALE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, require.resolve('node-red/red.js'), '-u', this.userDir, '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CIVIC_MQTT_PORT: String(this.base.mqttPort), CIVIC_INFLUX_PORT: String(this.base.influxPort),
        CIVIC_INFLUX_DB: this.base.db, CIVIC_WORKER_INDEX: String(slot.index), CIVIC_WORKER_COUNT: String(slot.count),
        CIVIC_WORKER_NAME: this.name, CIVIC_CONTEXT_DIR: this.contextDir },
    });
    this.child.stdout!.on('data', (d) => { this.log = (this.log + d).slice(-20000); });
    this.child.stderr!.on('data', (d) => { this.log = (this.log + d).slice(-20000); });
    const until = Date.now() + 30000;
    while (Date.now() < until) {
      if (!this.running) throw new Error(`worker ${this.name} exited:\n${this.log}`);
      if (this.log.includes('Started flows') && this.log.includes('Connected to broker') && (await get(port, '/settings')) === 200) {
        await new Promise((r) => setTimeout(r, 700));                 // the dynamic subscriptions go out 100 ms after start
        if (/\[(error|warn)\].*(partition|sensor-decode|influx-buffer|greenhouse-alert)/.test(this.log)) throw new Error(`worker ${this.name} reported:\n${this.log}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`worker ${this.name} did not start within 30 s:\n${this.log}`);
  }

  /** Stops with `signal` (TERM: Node-RED closes its nodes and flushes context), KILL after 10 s. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => c.kill('SIGKILL'), 10000);
      c.once('exit', () => { clearTimeout(timer); resolve(); });
      c.kill(signal);
    });
  }
}

export interface AlertSeen { worker: string; deviceId: string; state: string; time: number }

/** The test side: publishes simulated uplinks and watches republished readings, alerts and strays. */
export class Observer {
  readonly alerts: AlertSeen[] = [];
  readonly strays: string[] = [];
  /** republished readings per timestamp (one round of the simulator = one timestamp) */
  readonly republished = new Map<number, number>();
  republishedTotal = 0;
  private client!: mqtt.MqttClient;

  async connect(port: number): Promise<void> {
    this.client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: `civic-scale-observer-${process.pid}`, reconnectPeriod: 0 });
    this.client.on('message', (topic, buf) => {
      if (topic.startsWith('civic/p/')) {
        const env = asEnvelope(JSON.parse(buf.toString()));
        const t = Number(env?.timestamp);
        this.republished.set(t, (this.republished.get(t) ?? 0) + 1);
        this.republishedTotal++;
      } else if (topic.startsWith('civic/test/alert/')) {
        const p = JSON.parse(buf.toString());
        this.alerts.push({ worker: topic.slice('civic/test/alert/'.length), deviceId: p.deviceId, state: p.state, time: p.time });
      } else if (topic.startsWith('civic/test/stray/')) {
        this.strays.push(topic);
      }
    });
    await this.client.subscribeAsync({ 'civic/p/#': { qos: 1 }, 'civic/test/#': { qos: 1 } });
  }

  /**
   * Publishes every message of one simulator round (QoS 1) in chunks, each chunk once the previous one came back
   * republished: mosquitto drops QoS 1 messages beyond `max_queued_messages` (default 1000) per client, and a
   * worker's one connection carries both its uplinks and its partitions.
   */
  async publishRound(sim: Simulator, t: number, chunk = 200): Promise<number> {
    const msgs = sim.tick(t);
    const before = this.republished.get(t) ?? 0;
    for (let i = 0; i < msgs.length; i += chunk) {
      const part = msgs.slice(i, i + chunk);
      await Promise.all(part.map((m) => this.client.publishAsync(m.topic, JSON.stringify(m.payload), { qos: 1 })));
      const want = before + i + part.length;
      await waitUntil(() => (this.republished.get(t) ?? 0) >= want, 30000, () => `${this.republished.get(t) ?? 0} of ${want} republished at ${t}`, 5);
    }
    return msgs.length;
  }

  /** Publishes one message (QoS 1) without waiting for the acknowledgement. */
  publish(topic: string, payload: unknown): void {
    this.client.publish(topic, JSON.stringify(payload), { qos: 1 });
  }

  async close(): Promise<void> {
    if (this.client) await this.client.endAsync();
  }
}

/** Waits until `check()` is true, polling every `every` ms; throws `what` after `ms`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, ms: number, what: () => string, every = 50): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Readings stored in InfluxDB, per device and per worker (series are split by the worker tag). */
export async function storedCounts(influxPort: number, db: string): Promise<{ total: number; perDevice: Map<string, number>; perWorker: Map<string, number> }> {
  const r = await influxQuery(influxPort, 'SELECT count(batteryVoltage) FROM reading GROUP BY device, worker', db);
  const perDevice = new Map<string, number>();
  const perWorker = new Map<string, number>();
  let total = 0;
  for (const s of r?.results?.[0]?.series ?? []) {
    const n = Number(s.values[0][1]);
    total += n;
    perDevice.set(s.tags.device, (perDevice.get(s.tags.device) ?? 0) + n);
    perWorker.set(s.tags.worker, (perWorker.get(s.tags.worker) ?? 0) + n);
  }
  return { total, perDevice, perWorker };
}

/** A simulator of `devices` greenhouse sensors over 10 houses, as TTS v3 uplinks. */
export function simulator(devices: number): Simulator {
  return createSimulator({ devices, kind: 'greenhouse', format: 'ttn', houses: Array.from({ length: 10 }, (_, i) => `house-${i + 1}`).join(','), seed: 7 });
}

/** A threshold that splits the simulated temperatures of these rounds in half (never equal to a 0.1 °C value). */
export function medianThreshold(sim: Simulator, times: number[]): number {
  const temps = times.flatMap((t) => sim.devices.map((d) => (sim.valuesAt(d.index, t) as { airTemperature: number }).airTemperature)).sort((a, b) => a - b);
  return Math.round(temps[Math.floor(temps.length / 2)] * 10) / 10 + 0.05;
}

/** What ONE alert engine seeing every reading in order emits, per device: ["firing@<t>", "resolved@<t>", …]. */
export function expectedAlerts(sim: Simulator, times: number[], rules: RawRule[]): Map<string, string[]> {
  const engine = new AlertEngine(parseRules(rules), { lang: 'en', now: () => times[times.length - 1] });
  const out = new Map<string, string[]>(sim.devices.map((d) => [d.id, []]));
  for (const t of times) {
    for (const d of sim.devices) {
      const v = sim.valuesAt(d.index, t) as unknown as Record<string, number>;
      for (const e of engine.ingest({ deviceId: d.id, house: d.house, timestamp: t, payload: v }).events) {
        out.get(d.id)!.push(`${e.payload.state}@${e.payload.time}`);
      }
    }
  }
  return out;
}

/** A temp folder for one run's worker user dirs and state folders. */
export function runDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'civic-scale-'));
}
