// Property-based robustness harness: random and malformed messages and configs through the real runtime
// (node-red-node-test-helper). For every message a node must either finish with done() or report through
// done(err) with a translated message (a CivicError rendered from the node's catalog, not a raw key and not a bare
// JavaScript error), set a status when it fails, never throw, never crash the process, never pollute
// Object.prototype, and afterwards still produce the right output for a valid message. For the privacy nodes no
// log line, status text or error text may contain a personal value (generated values carry the marker PII_MARK).
//
// Reproduce a failure: FC_SEED=<seed printed in the failure> npm test. Scale the run counts: FC_SCALE=4.
import assert from 'assert';
import fc from 'fast-check';
import type { NodeAPI } from 'node-red';
import { helper, withCatalog, flow, nodeById, translate, type FlowNode } from '../helpers/node-red';
import { STATUS_WIDTH, statusWidth } from '../../node-kit';

export type NodeModule = (RED: NodeAPI) => void;
export type Msg = Record<string, unknown>;
export type Lang = 'ja' | 'en-US';

/** One seed for the whole suite (printed on failure); FC_SEED overrides it. */
export const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261124;
/** Run counts stay modest so the suite runs in well under a minute on 2 cores; FC_SCALE multiplies them. */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * Number(process.env.FC_SCALE ?? 1)));
}

/** A recognisable personal value: any log line containing PII_MARK leaked a record's content. */
export const MARK = 'PII_MARK';
export const personal = fc.tuple(fc.constantFrom('山田', 'Tanaka', '〒925-0000', '090-1234-', '19800101', 'note'),
  fc.integer({ min: 0, max: 99999 })).map(([p, n]) => `${MARK}${p}${n}`);

// ---------------------------------------------------------------------------------------------------------
// Garbage
// ---------------------------------------------------------------------------------------------------------
const POLLUTERS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"toString":"x","valueOf":1}}',
  '{"hasOwnProperty":1,"toString":"not a function","valueOf":{},"toJSON":5}',
  '{"prototype":{"polluted":"yes"},"__defineGetter__":0}',
];
/** Objects with own keys a naive merge turns into prototype pollution, or that shadow Object methods. */
export const polluter = fc.constantFrom(...POLLUTERS).map((s) => JSON.parse(s) as Msg);
const hugeString = fc.tuple(fc.constantFrom('x', '9', '９', '𠮷', '"', ',', '\n', '<', '\u0000', '%'),
  fc.integer({ min: 65_536, max: 1_200_000 })).map(([c, n]) => c.repeat(n));
// (not deeper: Node-RED's own message cloning, on a second wire, overflows the stack near 2,000 levels)
const deep = fc.tuple(fc.integer({ min: 50, max: 1000 }), fc.boolean()).map(([depth, arrays]) => {
  let o: unknown = { v: 1 };
  for (let i = 0; i < depth; i++) o = arrays ? [o] : { a: o };
  return o;
});
const cyclic = fc.constant(null).map(() => { const o: Msg = { a: 1 }; o.self = o; o.list = [o]; return o; });
const oddNumbers = fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, 2 ** 53 + 2, 5e-324, 1e21, -1);
const oddStrings = fc.constantFrom('', ' ', '0', 'NaN', '1e999', 'Infinity', '__proto__', 'constructor', 'prototype',
  '\u0000', '\ud800', '%s%d', '{{7*7}}', '<script>', '../../etc/passwd', 'null', 'true', '[]', '{}', 'ack', 'all', '１２３');
const buffers = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 65_536, max: 2_000_000 }).map((n) => Buffer.alloc(n, 0x41)),
);
const exotic = fc.constantFrom<() => unknown>(
  () => new Map([['a', 1]]), () => new Set([1]), () => new Date(NaN), () => new Date(8.64e15), () => Symbol('s'),
  () => 10n ** 30n, () => () => 1, () => new Uint16Array(4), () => Object.create(null), () => new Error('boom'),
  () => Promise.resolve(1), () => new Proxy({}, { get: () => 1 }),
).map((f) => f());
// Not generated: frozen objects and getters that throw (no transport or JSON can produce them), and non-function
// `hasOwnProperty`/`toString` at the top level of msg (Node-RED's own Flow.handleError calls msg.hasOwnProperty).

/** Any value a broken device, flow or integration could put into a message property. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true,
    withSet: true, withNullPrototype: true, withObjectString: true, withTypedArray: true, withSparseArray: true, withUnicodeString: true }) },
  { weight: 2, arbitrary: oddNumbers },
  { weight: 2, arbitrary: oddStrings },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: polluter },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: buffers },
  { weight: 1, arbitrary: cyclic },
  { weight: 2, arbitrary: exotic },
);

/** JSON-representable garbage, for node configs (a flow file is JSON). */
export const jsonGarbage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 1.5, 2 ** 31, 99999999) },
  { weight: 2, arbitrary: oddStrings },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  // "__proto__" keys are left out (the runtime's flow clone drops them before a node sees its config), and so are
  // non-function toString/hasOwnProperty (the runtime's own parseConfig fails on them before any node runs)
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTERS.filter((p) => !p.includes('__proto__') && !p.includes('toString'))).map((t) => JSON.parse(t) as unknown) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 500 }).map((d) => { let o: unknown = 1; for (let i = 0; i < d; i++) o = { a: o }; return o; }) },
);

/** Sets `value` at `path` on a plain object tree, creating own properties (also for "__proto__"). */
function setPath(root: Msg, path: string[], value: unknown, remove: boolean): void {
  let cur: any = root;
  for (const key of path.slice(0, -1)) {
    if (!cur || typeof cur !== 'object') return;
    cur = cur[key];
  }
  if (!cur || typeof cur !== 'object') return;
  const last = path[path.length - 1];
  if (remove) delete cur[last];
  else Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
}

/** Every property path of a (small) plain value, interior and leaf, up to `depth`. */
function paths(value: unknown, depth = 4, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object' || depth === 0 || Buffer.isBuffer(value)) return [];
  const out: string[][] = [];
  const keys = Object.keys(value).slice(0, 12);
  for (const k of keys) {
    out.push([...prefix, k]);
    out.push(...paths((value as Msg)[k], depth - 1, [...prefix, k]));
  }
  return out;
}

/** A deep copy of a valid message (Buffers stay Buffers). */
export function copy<T>(v: T): T {
  return structuredClone(v) as T;
}

const MSG_KEYS = ['payload', 'topic', 'timestamp', 'device', 'units', 'meta', 'complete', 'rowNumber', 'sex', 'asOf',
  'fiscalYear', 'house', 'parts', '_msgid', '__proto__', 'constructor'];

/**
 * Malformed messages for a node: random messages, the node's valid message with properties replaced by garbage
 * or deleted, and control topics with garbage payloads. `valueArb` adds node-specific values (e.g. personal
 * strings for the privacy nodes, half-valid records).
 */
export function badMessages(valid: () => Msg, topics: string[], valueArb?: fc.Arbitrary<unknown>): fc.Arbitrary<Msg> {
  const value = valueArb ? fc.oneof({ weight: 3, arbitrary: garbage }, { weight: 2, arbitrary: valueArb }) : garbage;
  const topic = fc.oneof(value, fc.constantFrom(...topics, 'control', 'reset', 'ack', 'tick', 'flush', 'board'));
  const random = fc.tuple(fc.option(value), fc.option(topic), fc.array(fc.tuple(fc.constantFrom(...MSG_KEYS), value), { maxLength: 4 }))
    .map(([payload, t, extra]) => {
      const msg: Msg = {};
      if (payload !== null) msg.payload = payload;
      if (t !== null) msg.topic = t;
      for (const [k, v] of extra) if (k !== '_msgid') setPath(msg, [k], v, false);
      return msg;
    });
  const base = valid();
  const mutable = paths(base);
  const mutated = fc.array(fc.tuple(fc.constantFrom(...mutable), value, fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 3 })
    .map((changes) => {
      const msg = copy(valid());
      for (const [p, v, op] of changes) setPath(msg, op === 0 ? p.slice(0, -1).concat('__proto__') : p, v, op === 1);
      return msg;
    });
  const control = fc.tuple(fc.constantFrom(...topics, 'control', 'reset', 'ack', 'tick', 'flush', 'board'), value)
    .map(([t, payload]) => ({ topic: t, payload }));
  return fc.oneof({ weight: 3, arbitrary: random }, { weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: control });
}

/** A node config with some properties replaced by JSON garbage, deleted, or added as prototype keys. */
export function badConfigs(valid: Msg, fixed: string[] = [], extraKeys: string[] = []): fc.Arbitrary<Msg> {
  const keys = [...new Set([...Object.keys(valid), ...extraKeys])].filter((k) => !fixed.includes(k));
  // (an own "__proto__" key in a flow file is dropped by the runtime's own flow handling before any node sees it)
  return fc.array(fc.tuple(fc.constantFrom(...keys, 'constructor'), jsonGarbage, fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 4 })
    .map((changes) => {
      const cfg = copy(valid);
      for (const [k, v, op] of changes) setPath(cfg, [k], v, op === 0);
      return cfg;
    });
}

// ---------------------------------------------------------------------------------------------------------
// Observing one node in the runtime
// ---------------------------------------------------------------------------------------------------------
const RAW_KEY = /(?:^|[^\w.-])(?:shared|sensor-sim|sensor-decode|uecs-in|agri-metrics|greenhouse-alert|civic-csv|deidentify|k-anonymize|health-expectancy|kpi-progress|window-stats|influx-buffer|partition)\.(?:errors|status|schema|label|warnings|messages)\.[A-Za-z]/;

/** Throws when `text` is a raw catalog key (or contains one), i.e. a translation went missing. */
export function assertTranslated(text: string, where: string): void {
  assert.ok(text.trim().length > 0, `${where}: empty message`);
  assert.ok(!RAW_KEY.test(text), `${where}: untranslated catalog key in ${JSON.stringify(text.slice(0, 300))}`);
}

/** Text of a logged value (Error, string, or object), for the leak and translation checks. */
export function textOf(v: unknown): string {
  if (v instanceof Error) return process.env.FC_STACK ? String(v.stack) : v.message;
  if (typeof v === 'string') return v;
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

export interface Delivery {
  completed: boolean;
  error?: Error;
  thrown?: unknown;
  statuses: Array<Record<string, unknown>>;
}

interface Tracker { msg: Msg; result: Delivery; resolve?: () => void }

/** Watches a runtime node: completion (done / done(err)), synchronous throws and status calls. */
export class Probe {
  /** messages delivered, completed with done(), and rejected with done(err), over the whole suite */
  static counts = { delivered: 0, ok: 0, rejected: 0 };
  private current?: Tracker;
  readonly outputs: unknown[][];
  readonly node: Record<string, any>;

  constructor(readonly id: string, outputIds: string[]) {
    this.node = nodeById(id);
    const node = this.node;
    const current = (): Tracker | undefined => this.current;
    const complete = node._complete;
    node._complete = function (msg: Msg, err?: unknown) {
      const t = current();
      if (t && msg === t.msg && !t.result.completed) {
        t.result.completed = true;
        if (err) t.result.error = err instanceof Error ? err : new Error(String(err));
        t.resolve?.();
      }
      return complete.call(this, msg, err);
    };
    const error = node.error;
    node.error = function (text: unknown, msg?: Msg) {
      const t = current();
      // Node-RED's own catch around the input handler: the node threw instead of calling done(err)
      if (t && msg === t.msg && !t.result.completed) { t.result.thrown = text; t.resolve?.(); }
      return error.call(this, text, msg);
    };
    const status = node.status;
    node.status = function (s: Record<string, unknown>) {
      current()?.result.statuses.push(s);
      return status.call(this, s);
    };
    this.outputs = outputIds.map(() => []);
    outputIds.forEach((oid, i) => nodeById(oid).on('input', (m: unknown) => this.outputs[i].push(m)));
  }

  /** True when the node registered an input handler (a node with a rejected config stays inert). */
  get listening(): boolean {
    return Boolean(this.node._inputCallback || this.node._inputCallbacks);
  }

  clearOutputs(): void {
    for (const o of this.outputs) o.length = 0;
  }

  /** Sends `msg` and resolves when the node completes it, throws, or `ms` pass (generous: a loaded 2-core CI). */
  deliver(msg: Msg, ms = 10000): Promise<Delivery> {
    const result: Delivery = { completed: false, statuses: [] };
    const tracker: Tracker = { msg, result };
    this.current = tracker;
    return new Promise<Delivery>((resolve) => {
      const timer = setTimeout(() => finish(), ms);
      const finish = () => {
        clearTimeout(timer);
        Probe.counts.delivered++;
        if (result.error) Probe.counts.rejected++; else if (result.completed) Probe.counts.ok++; if (this.current === tracker) this.current = undefined; resolve(result); };
      tracker.resolve = () => setImmediate(finish);
      try {
        this.node.receive(msg);
      } catch (err) {
        result.thrown = err;
        finish();
      }
    });
  }

  /** Waits until `ready(outputs)` holds (or `ms` pass, generous: a loaded 2-core CI), then returns the outputs. */
  async waitFor(ready: (outs: unknown[][]) => boolean, ms = 10000): Promise<unknown[][]> {
    const until = Date.now() + ms;
    while (!ready(this.outputs) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    return this.outputs;
  }
}

/** Checks one delivery of a malformed message; `label` names the node and message for the failure text. */
export function checkDelivery(d: Delivery, label: string, type: string, lang: Lang): void {
  assert.ok(d.thrown === undefined, `${label}: the input handler threw instead of done(err): ${textOf(d.thrown).slice(0, 300)}`);
  assert.ok(d.completed, `${label}: neither done() nor done(err) within the time limit`);
  for (const s of d.statuses) {
    const text = typeof s?.text === 'string' ? s.text : '';
    assert.ok(statusWidth(text) <= STATUS_WIDTH && !text.endsWith('…'), `${label}: status "${text}" is not a full, short text (node-kit statusText)`);
  }
  if (!d.error) return;
  const code = (d.error as Error & { code?: unknown }).code;
  assert.ok(typeof code === 'string', `${label}: done(err) with a bare JavaScript error, not a translated CivicError: ${(process.env.FC_STACK ? String(d.error.stack) : d.error.message).slice(0, 1200)}`);
  assertTranslated(d.error.message, `${label}: done(err)`);
  const template = translate(type, lang, code);
  assert.notStrictEqual(template, code, `${label}: ${code} is missing from the ${lang} catalog of ${type}`);
  assert.ok(d.statuses.some((s) => s && (s.fill === 'red' || s.fill === 'yellow') && typeof s.text === 'string' && s.text),
    `${label}: failed without setting a red status (${JSON.stringify(d.statuses).slice(0, 200)})`);
}

// ---------------------------------------------------------------------------------------------------------
// Log, console and process watchers
// ---------------------------------------------------------------------------------------------------------
/** Everything that could reach a log: runtime log calls, console output, stdout/stderr, uncaught errors. */
export class Watch {
  readonly console: string[] = [];
  readonly uncaught: unknown[] = [];
  private restore: Array<() => void> = [];
  private logStart = 0;
  private logSpy: unknown;

  start(): void {
    const log = helper.log() as unknown as { callCount: number };
    this.logSpy = log;
    this.logStart = log ? log.callCount : 0;
    for (const name of ['log', 'warn', 'error', 'info', 'debug'] as const) {
      const orig = console[name];
      console[name] = (...args: unknown[]) => { this.console.push(args.map(textOf).join(' ')); };
      this.restore.push(() => { console[name] = orig; });
    }
    for (const stream of [process.stdout, process.stderr]) {
      const orig = stream.write;
      stream.write = ((chunk: unknown) => { this.console.push(String(chunk)); return true; }) as typeof stream.write;
      this.restore.push(() => { stream.write = orig; });
    }
    const onError = (err: unknown) => { this.uncaught.push(err); };
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    this.restore.push(() => { process.off('uncaughtException', onError); process.off('unhandledRejection', onError); });
  }

  stop(): void {
    for (const r of this.restore.reverse()) r();
    this.restore = [];
  }

  /** Runtime log entries since start(): { level, type, msg } objects from Node-RED's logger. */
  logs(): Array<{ level: number; msg: unknown }> {
    const log = helper.log() as unknown as { getCalls(): Array<{ args: unknown[] }> } | undefined;
    if (!log) return [];
    // helper.load() makes a new spy: then every call on it is ours
    return log.getCalls().slice(log === this.logSpy ? this.logStart : 0).map((c) => c.args[0] as { level: number; msg: unknown });
  }

  /** Asserts no uncaught error, translated error/warn log lines, and (privacy) no personal value anywhere. */
  check(label: string, options: { privacy?: boolean; statuses?: Array<Record<string, unknown>>; errors?: string[] } = {}): void {
    assert.deepStrictEqual(this.uncaught.map(textOf), [], `${label}: uncaught exception or unhandled rejection`);
    for (const entry of this.logs()) {
      const text = textOf(entry.msg);
      if (entry.level <= 30) assertTranslated(text, `${label}: log line`);        // 20 error, 30 warn
      if (options.privacy) assert.ok(!text.includes(MARK), `${label}: personal value in a log line: ${text.slice(0, 300)}`);
    }
    if (options.privacy) {
      for (const line of this.console) assert.ok(!line.includes(MARK), `${label}: personal value on the console: ${line.slice(0, 300)}`);
      for (const s of options.statuses ?? []) assert.ok(!textOf(s).includes(MARK), `${label}: personal value in a status: ${textOf(s)}`);
      for (const e of options.errors ?? []) assert.ok(!e.includes(MARK), `${label}: personal value in an error: ${e.slice(0, 300)}`);
    }
  }
}

/** Fails when a message managed to add properties to Object.prototype. */
export function assertNoPollution(label: string): void {
  const probe: Record<string, unknown> = {};
  assert.strictEqual(probe.polluted, undefined, `${label}: Object.prototype was polluted`);
  assert.deepStrictEqual(Object.getOwnPropertyNames(Object.prototype).filter((k) => !BASE_PROTO.has(k)), [], `${label}: Object.prototype gained keys`);
}
const BASE_PROTO = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A bounded rendering of a counterexample: long strings, Buffers, deep and wide values are cut. */
export function short(v: unknown, depth = 0): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 40)}…(${v.length} chars)` : v);
  if (Buffer.isBuffer(v)) return `<Buffer ${v.length} bytes>`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return '[function]';
  if (!v || typeof v !== 'object') return String(v);
  if (depth > 4) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) return `[${v.slice(0, 8).map((x) => short(x, depth + 1)).join(',')}${v.length > 8 ? `,…${v.length}` : ''}]`;
  const proto = Object.getPrototypeOf(v);
  const name = proto && proto !== Object.prototype ? `${proto.constructor?.name ?? '?'} ` : proto ? '' : '[null-proto] ';
  const keys = Reflect.ownKeys(v).slice(0, 10);
  return `${name}{${keys.map((k) => { let x: unknown; try { x = (v as Record<string | symbol, unknown>)[k]; } catch { x = '[getter throws]'; }
    return `${JSON.stringify(String(k))}:${short(x, depth + 1)}`; }).join(',')}}`;
}

/** Runs a fast-check property with the suite seed; a failure names the seed and a shortened counterexample. */
export async function check<T extends unknown[]>(property: fc.IAsyncPropertyWithHooks<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { seed: SEED, numRuns, endOnFailure: true, markInterruptAsFailure: true, interruptAfterTimeLimit: 45_000 });
  if (!details.failed) return;
  const example = short(details.counterexample);
  const reason = details.errorInstance instanceof Error ? (process.env.FC_STACK ? String(details.errorInstance.stack) : details.errorInstance.message) : String(details.errorInstance);
  throw new Error(`property failed (seed ${details.seed}, path "${details.counterexamplePath}", rerun with FC_SEED=${details.seed}) `
    + `after ${details.numRuns} runs: ${reason.slice(0, 2000)}\ncounterexample: ${example}`);
}

// ---------------------------------------------------------------------------------------------------------
// The standard suite for a node with an input
// ---------------------------------------------------------------------------------------------------------
export interface NodeSpec {
  type: string;
  /** suite title when one node type has several suites (e.g. per format) */
  title?: string;
  module: NodeModule;
  config: Msg;
  outputs: number;
  /** config nodes and other nodes the flow needs (their modules in `modules`) */
  extra?: FlowNode[];
  modules?: NodeModule[];
  credentials?: Record<string, unknown>;
  /** the valid message(s) sent after the garbage */
  valid(n: number): Msg[];
  /** asserts the outputs of the valid message(s) are right; return false while they have not all arrived yet */
  ready(outs: unknown[][], n: number): boolean;
  verify(outs: unknown[][], n: number): void;
  topics?: string[];
  values?: fc.Arbitrary<unknown>;
  privacy?: boolean;
  /** config properties never randomised (ports, directories outside a temp dir) */
  fixed?: string[];
  extraConfigKeys?: string[];
  messageRuns?: number;
  configRuns?: number;
  /** settles after load (async setup such as a sandbox or a disk queue) */
  settleMs?: number;
}

const outputIds = (n: number) => Array.from({ length: n }, (_v, i) => `out${i}`);

function nodesFor(spec: NodeSpec, config: Msg): FlowNode[] {
  const outs = outputIds(spec.outputs);
  return flow(
    ...(spec.extra ?? []),                                   // config nodes first: nodes are created in this order
    { id: 'n1', type: spec.type, ...config, wires: outs.map((o) => [o]) } as FlowNode,
    ...outs.map((o) => ({ id: o, type: 'helper' })),
  );
}

function modulesFor(spec: NodeSpec, lang: Lang): NodeModule[] {
  return [withCatalog(spec.type, spec.module, lang), ...(spec.modules ?? [])];
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends the valid message(s) and asserts the node still gives the right output. */
async function assertStillWorks(spec: NodeSpec, probe: Probe, n: number, label: string, lang: Lang): Promise<void> {
  probe.clearOutputs();
  for (const msg of spec.valid(n)) {
    const d = await probe.deliver(msg);
    assert.ok(d.completed && !d.error && d.thrown === undefined,
      `${label}: a valid message failed after malformed ones: ${textOf(d.error ?? d.thrown ?? 'no done()')}`);
    void lang;
  }
  const outs = await probe.waitFor((o) => spec.ready(o, n));
  spec.verify(outs, n);
}

/** mocha suite: malformed messages in both languages, then malformed configs. */
export function robustnessSuite(spec: NodeSpec): void {
  describe(`${spec.title ?? spec.type}: bad input (seed ${SEED})`, function () {
    this.timeout(60_000);
    before((done) => { Probe.counts = { delivered: 0, ok: 0, rejected: 0 }; helper.startServer(done); });
    after((done) => {
      const c = Probe.counts;
      console.log(`      ${c.delivered} messages: ${c.ok} done(), ${c.rejected} done(err) translated`);
      helper.stopServer(done);
    });
    afterEach(() => helper.unload());

    for (const lang of ['ja', 'en-US'] as const) {
      it(`survives malformed messages, reports them translated (${lang}) and keeps working`, async () => {
        await helper.load(modulesFor(spec, lang), nodesFor(spec, spec.config), spec.credentials ?? {});
        await settle(spec.settleMs ?? 10);
        const probe = new Probe('n1', outputIds(spec.outputs));
        assert.ok(probe.listening, `${spec.type} did not start with its valid test config: ${
          ((helper.log() as unknown as { getCalls(): Array<{ args: Array<{ level: number; msg: unknown }> }> }).getCalls())
            .map((c) => c.args[0]).filter((e) => e.level <= 30).map((e) => textOf(e.msg)).join(' | ')}`);
        let n = 0;
        await assertStillWorks(spec, probe, n++, `${spec.type} baseline`, lang);
        const property = fc.asyncProperty(fc.array(badMessages(() => spec.valid(0)[0], spec.topics ?? [], spec.values), { minLength: 1, maxLength: 3 }),
          async (msgs) => {
            const watch = new Watch();
            watch.start();
            const statuses: Array<Record<string, unknown>> = [];
            const errors: string[] = [];
            try {
              for (const [i, msg] of msgs.entries()) {
                const label = `${spec.type} (${lang}) message ${i + 1}`;
                const d = await probe.deliver(msg);
                statuses.push(...d.statuses);
                if (d.error) errors.push(d.error.message);
                checkDelivery(d, label, spec.type, lang);
                assertNoPollution(label);
              }
              await assertStillWorks(spec, probe, n++, `${spec.type} (${lang}) valid message after garbage`, lang);
            } finally {
              watch.stop();
            }
            watch.check(`${spec.type} (${lang})`, { privacy: spec.privacy, statuses, errors });
          });
        await check(property, runs(spec.messageRuns ?? 100));
      });
    }

    it('deploys malformed configs without crashing: works, or a red status and a translated error', async () => {
      const property = fc.asyncProperty(badConfigs(spec.config, spec.fixed, spec.extraConfigKeys), fc.constantFrom<Lang>('ja', 'en-US'),
        fc.array(badMessages(() => spec.valid(0)[0], spec.topics ?? [], spec.values), { maxLength: 2 }),
        async (config, lang, msgs) => {
          const watch = new Watch();
          watch.start();
          try {
            await helper.load(modulesFor(spec, lang), nodesFor(spec, config), spec.credentials ?? {});
            await settle(spec.settleMs ?? 10);
            const node = nodeById('n1');
            const ownStatuses = ((node.status?.getCalls?.() ?? []) as Array<{ thisValue: unknown; args: Array<Record<string, unknown>> }>)
              .filter((c) => c.thisValue === node).map((c) => c.args[0]);
            const probe = new Probe('n1', outputIds(spec.outputs));
            const label = `${spec.type} (${lang}) config ${JSON.stringify(config).slice(0, 200)}`;
            if (probe.listening) {
              for (const msg of [...spec.valid(1000), ...msgs]) {
                const d = await probe.deliver(msg, 1500);
                assert.ok(d.thrown === undefined, `${label}: the input handler threw: ${textOf(d.thrown).slice(0, 300)}`);
                if (d.error) assertTranslated(d.error.message, `${label}: done(err)`);
                assertNoPollution(label);
              }
            } else {
              assert.ok(ownStatuses.some((s) => s?.fill === 'red'), `${label}: inert without a red status`);
              assert.ok(watch.logs().some((e) => e.level === 20), `${label}: inert without an error in the log`);
            }
          } finally {
            watch.stop();
            await helper.unload();
          }
          watch.check(`${spec.type} (${lang}) config`, { privacy: spec.privacy });
        });
      await check(property, runs(spec.configRuns ?? 40));
    });
  });
}
