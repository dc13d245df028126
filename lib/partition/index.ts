// Partitioning for several Node-RED workers behind one MQTT broker: which worker owns which device, and the
// topic layout that lets each worker subscribe to its own devices only. No Node-RED import. See docs/scaling.md.
//
// The mapping is part of the deployment's contract and must never change between versions, because it decides
// which worker holds a device's alert / accumulator state:
//   hash      = FNV-1a 32-bit over the UTF-8 bytes of the key (offset basis 0x811c9dc5, prime 0x01000193)
//   partition = hash mod P        (P = number of partitions, default 64; fixed for the life of a deployment)
//   owner     = partition mod n   (n = number of workers, 1 ≤ n ≤ P; worker indexes 0 … n-1)
// With P a multiple of n this is the same as hash mod n. Topics carry the partition, not the worker, so the
// publishing side never needs to know how many workers there are.
import { CivicError } from '../errors';

export { mergeStates, mergeContexts, mergeContextDirs, type StateFilter } from './state';
export { Drain, InFlight, drainMarker, isDrainMarker, markerTopic, type DrainMarker } from './drain';

/** What a partition node does: filter (own / others), route (partitioned topic for mqtt out), subscribe. */
export const PARTITION_MODES = ['filter', 'route', 'subscribe'] as const;
/** One of PARTITION_MODES. */
export type PartitionMode = typeof PARTITION_MODES[number];

/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
/** FNV-1a 32-bit prime. */
export const FNV_PRIME = 0x01000193;
/** Default number of partitions: up to 64 workers, and at most 64 subscriptions per worker. */
export const DEFAULT_PARTITIONS = 64;
/** Most partitions a deployment may use (each is one topic filter a worker subscribes to). */
export const MAX_PARTITIONS = 4096;
/** Default topic prefix of the partitioned layout `<prefix>/<partition>/<site>/<device>/reading`. */
export const DEFAULT_PREFIX = 'civic/p';

/** FNV-1a 32-bit hash of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let h = FNV_OFFSET_BASIS;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** One worker's place in the deployment: worker `index` of `count`, over `partitions` partitions. */
export interface WorkerSlot { index: number; count: number; partitions: number }

/** Checks a worker slot; throws CivicError `civic-partition.errors.*` naming what is wrong. */
export function checkSlot(slot: WorkerSlot): WorkerSlot {
  const { index, count, partitions } = slot;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
    throw new CivicError('civic-partition.errors.partitions', { got: String(partitions), max: MAX_PARTITIONS }, `partitions must be an integer 1…${MAX_PARTITIONS}, got ${partitions}`);
  }
  if (!Number.isInteger(count) || count < 1 || count > partitions) {
    throw new CivicError('civic-partition.errors.count', { got: String(count), max: partitions }, `worker count must be an integer 1…${partitions} (the partitions), got ${count}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new CivicError('civic-partition.errors.index', { got: String(index), max: count - 1 }, `worker index must be an integer 0…${count - 1}, got ${index}`);
  }
  return slot;
}

/** Parses a worker index / count given as text (an env variable); empty = `fallback`. Throws on junk. */
export function parseWhole(value: unknown, fallback: number, what: 'index' | 'count'): number {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return fallback;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n)) {
    throw new CivicError(`civic-partition.errors.${what}`, { got: String(value).slice(0, 40), max: '?' }, `worker ${what} must be a whole number, got "${String(value).slice(0, 40)}"`);
  }
  return n;
}

/** The partition (0 … partitions-1) of a key: FNV-1a 32-bit of the key, modulo `partitions`. */
export function partitionOf(key: string, partitions = DEFAULT_PARTITIONS): number {
  return fnv1a32(key) % partitions;
}

/** The worker (0 … workers-1) that owns a partition: partition modulo workers. */
export function ownerOf(partition: number, workers: number): number {
  return partition % workers;
}

/** The worker that owns a key (device id) in a deployment of `workers` workers. */
export function workerOf(key: string, workers: number, partitions = DEFAULT_PARTITIONS): number {
  return ownerOf(partitionOf(key, partitions), workers);
}

/** True when the worker in `slot` owns `key`. */
export function owns(slot: WorkerSlot, key: string): boolean {
  return ownerOf(partitionOf(key, slot.partitions), slot.count) === slot.index;
}

/** The partitions a worker owns, ascending. */
export function ownedPartitions(slot: WorkerSlot): number[] {
  const out: number[] = [];
  for (let p = slot.index; p < slot.partitions; p += slot.count) out.push(p);
  return out;
}

/** A topic level safe for MQTT: `/`, `+`, `#` and NUL become `_`; an empty value becomes `-`. */
export function topicLevel(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text === '' ? '-' : text.replace(/[/+#]|\0/g, '_');
}

/** Checks a topic prefix (no wildcards, no empty levels); throws CivicError `civic-partition.errors.prefix`. */
export function checkPrefix(prefix: string): string {
  if (!prefix || /[+#]|\0/.test(prefix) || prefix.split('/').some((l) => l === '') || prefix.startsWith('$')) {
    throw new CivicError('civic-partition.errors.prefix', { got: prefix }, `topic prefix "${prefix}" must be levels without wildcards, e.g. civic/p`);
  }
  return prefix;
}

/** The partitioned topic of a reading: `<prefix>/<partition>/<site>/<device>/reading`. */
export function partitionTopic(prefix: string, partition: number, site: unknown, device: unknown): string {
  return `${prefix}/${partition}/${topicLevel(site)}/${topicLevel(device)}/reading`;
}

/** Reads `<prefix>/<partition>/<site>/<device>/reading` back; undefined for other topics. */
export function parsePartitionTopic(prefix: string, topic: string): { partition: number; site: string; device: string } | undefined {
  if (!topic.startsWith(`${prefix}/`)) return undefined;
  const rest = topic.slice(prefix.length + 1).split('/');
  if (rest.length !== 4 || rest[3] !== 'reading' || !/^\d+$/.test(rest[0])) return undefined;
  return { partition: Number(rest[0]), site: rest[1], device: rest[2] };
}

/** The topic filters worker `slot` subscribes to: one `<prefix>/<p>/#` per owned partition (`<prefix>/#` if alone). */
export function subscriptionFilters(prefix: string, slot: WorkerSlot): string[] {
  if (slot.count === 1) return [`${prefix}/#`];
  return ownedPartitions(slot).map((p) => `${prefix}/${p}/#`);
}

/**
 * True when a dynamic `mqtt in` on an MQTT `protocolVersion` connection pays for each of `filters` filters on every
 * message: Node-RED's broker node runs one handler per filter and, without MQTT 5 subscription identifiers, each
 * builds a RegExp from its filter to test the topic (docs/scaling.md, "Why two workers cost more per reading").
 */
export function slowDispatch(filters: number, protocolVersion: unknown): boolean {
  return filters > 1 && Number(protocolVersion) !== 5;
}

/** The reading envelope that goes over MQTT (MQTT carries one payload: the reading's other parts travel inside). */
export interface ReadingEnvelope {
  payload: Record<string, unknown>;
  units?: Record<string, string>;
  timestamp?: number;
  device: { id: string; [k: string]: unknown };
  meta?: Record<string, unknown>;
}

/** Wraps a reading message into an envelope (same shape as the greenhouse flow's `civic/.../reading` republish). */
export function wrapReading(msg: { payload?: unknown; units?: unknown; timestamp?: unknown; device?: unknown; meta?: unknown }): ReadingEnvelope {
  const env: Record<string, unknown> = { payload: msg.payload, device: msg.device };
  if (msg.units !== undefined) env.units = msg.units;
  if (msg.timestamp !== undefined) env.timestamp = msg.timestamp;
  if (msg.meta !== undefined) env.meta = msg.meta;
  return env as unknown as ReadingEnvelope;
}

/** The envelope inside a payload, or undefined when the payload is not one (then it is used as it is). */
export function asEnvelope(payload: unknown): ReadingEnvelope | undefined {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  const device = p.device as Record<string, unknown> | undefined;
  if (!p.payload || typeof p.payload !== 'object' || Array.isArray(p.payload)) return undefined;
  if (!device || typeof device !== 'object' || typeof device.id !== 'string' || device.id === '') return undefined;
  return p as unknown as ReadingEnvelope;
}

/** The partition key of a message: msg.device.id, else msg.topic; undefined when there is neither. */
export function keyOf(msg: { device?: unknown; topic?: unknown }): string | undefined {
  const device = msg.device as { id?: unknown } | undefined;
  if (device && typeof device === 'object' && (typeof device.id === 'string' || typeof device.id === 'number') && device.id !== '') return String(device.id);
  if (typeof msg.topic === 'string' && msg.topic !== '') return msg.topic;
  return undefined;
}
