// The drain endpoint of the partition nodes (POST /civic-partition/drain on the worker's admin API, permission
// civic-partition.write): the takeover's first step, see lib/partition/drain.ts and docs/scaling.md.
import crypto from 'crypto';
import type { NodeAPI } from 'node-red';
import { Drain, InFlight, drainMarker, markerTopic, ownedPartitions, type WorkerSlot } from '../../lib/partition';

/** A partition node as the drain sees it; route stages can emit markers. */
export interface Stage { mode: 'filter' | 'route' | 'subscribe'; slot: WorkerSlot; prefix: string; emit(msg: object): void }
/** The partition nodes of this runtime and the drain in progress (or done: then drained partitions stay closed). */
export interface DrainState { stages: Set<Stage>; drain?: Drain }

type Hooks = { add(name: string, fn: (e: any) => void): void; remove(name: string): void };
type Reply = { status: number; body: Record<string, unknown> };
const HOOK = 'civicPartitionDrain';

/** Node-RED's message hooks when the node API does not pass them on (node-red-node-test-helper). */
function runtimeHooks(): Hooks | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@node-red/util') as { hooks?: Hooks }).hooks;
  } catch {
    return undefined;
  }
}

async function runDrain(RED: NodeAPI, state: DrainState, timeoutMs: number): Promise<Reply> {
  if (state.drain) return { status: 409, body: { error: 'this worker is already drained or draining (POST /civic-partition/resume to undo)' } };
  const stages = [...state.stages];
  const routes = stages.filter((s) => s.mode === 'route');
  const filter = stages.find((s) => s.mode === 'filter');
  if (!routes.length || !filter) return { status: 409, body: { error: 'a drain needs a partition node in route mode and one in filter mode' } };
  const hooks = (RED as unknown as { hooks?: Hooks }).hooks ?? runtimeHooks();
  if (!hooks) return { status: 501, body: { error: 'this Node-RED has no message hooks (Node-RED ≥ 2.0 needed)' } };
  const partitions = ownedPartitions(filter.slot);
  const drain = new Drain(crypto.randomBytes(12).toString('hex'), partitions);
  const inflight = new InFlight();
  hooks.add(`onSend.${HOOK}`, (events: Array<{ msg: { _msgid?: string }; destination: { id: string } }>) => {
    for (const e of events) if (e.msg?._msgid) inflight.sent(e.destination.id, e.msg._msgid);
  });
  // a node whose input handler takes done() (mqtt out: on the broker's PUBACK) completes the message itself;
  // for older handlers without done() the runtime never reports completion, so their receiving it counts
  hooks.add(`postReceive.${HOOK}`, (e: { msg: { _msgid?: string }; destination: { id: string; node?: { _expectedDoneCount?: number } } }) => {
    if (e.msg?._msgid && !((e.destination.node?._expectedDoneCount ?? 0) > 0)) inflight.completed(e.destination.id, e.msg._msgid);
  });
  hooks.add(`onComplete.${HOOK}`, (e: { msg: { _msgid?: string }; node: { id: string } }) => {
    if (e.msg?._msgid) inflight.completed(e.node.id, e.msg._msgid);
  });
  state.drain = drain;
  try {
    for (const r of routes) for (const p of partitions) r.emit({ topic: markerTopic(r.prefix, p), payload: drainMarker(drain.token) });
    const until = Date.now() + timeoutMs;
    while (!(drain.markersBack && inflight.size === 0)) {
      if (Date.now() > until) {
        state.drain = undefined;
        return { status: 503, body: { drained: false, markersMissing: drain.missing.length, inFlight: inflight.size } };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return { status: 200, body: { drained: true, partitions: partitions.length, released: drain.released } };
  } finally {
    hooks.remove(`*.${HOOK}`);
  }
}

/** The partition nodes of this process (one Node-RED runtime per process): runtime wiring, not saved state. */
export const drainState: DrainState = { stages: new Set() };
const registered = new WeakSet<object>();

/** Registers POST /civic-partition/drain and /civic-partition/resume on the admin API (once per admin app). */
export function registerDrain(RED: NodeAPI, state: DrainState = drainState): void {
  if (!RED.httpAdmin || registered.has(RED.httpAdmin)) return;
  registered.add(RED.httpAdmin);
  const needs = (RED as unknown as { auth?: { needsPermission?: (p: string) => unknown } }).auth?.needsPermission;
  const guard = (needs ? needs('civic-partition.write') : (_q: unknown, _s: unknown, next: () => void) => next()) as never;
  RED.httpAdmin?.post('/civic-partition/drain', guard, (req, res) => {
    const timeout = Math.min(Math.max(Number(req.query?.timeout) || 30000, 100), 600000);
    runDrain(RED, state, timeout).then((r) => res.status(r.status).json(r.body), (err: Error) => res.status(500).json({ error: err.message }));
  });
  RED.httpAdmin?.post('/civic-partition/resume', guard, (_req, res) => {
    state.drain = undefined;
    res.json({ resumed: true });
  });
}
