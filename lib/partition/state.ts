// Moving the state of stateful nodes between workers (takeover, re-partitioning). The stateful nodes keep their
// state in node context as plain JSON keyed by device, so the states of several workers merge by key:
//   greenhouse-alert  context key `alerts`  { version: 2, ruleIds, devices: {<id>: …}, houses: {<house>: …}, warnings }
//   agri-metrics      context key `daily`   { version: 1, devices: {<id>: …} }
//   window-stats      context key `windowStats` (any key) { version: 1, topics: {<topic>: …}, … }
// Node-RED's `localfilesystem` context store keeps a node's context in `<dir>/context/<flow id>/<node id>.json`;
// every worker runs the same flow file, so the same node has the same file name in each worker's store.
import fs from 'fs';
import path from 'path';
import { CivicError } from '../errors';
import { setOwn } from '../util/own';
import { writeFileAtomicSync } from '../storage/atomic-file';

/** Keeps a device (or topic) entry when it returns true: the new owner's `owns(slot, id)`. */
export type StateFilter = (key: string) => boolean;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
/** Per-key maps of the known state shapes, and whether their keys are device ids (filtered by ownership). */
const MAPS: Record<string, boolean> = { devices: true, topics: true, houses: false };

function mergeMap(maps: unknown[], keep: StateFilter | undefined): Json {
  const out: Json = {};
  for (const m of maps) {
    if (!isObject(m)) continue;
    for (const [k, v] of Object.entries(m)) {
      if (!Object.hasOwn(out, k) && (!keep || keep(k))) setOwn(out, k, v);      // the first state listed wins a clash
    }
  }
  return out;
}

/**
 * Merges the states one node kept on several workers into the state for the worker that takes over.
 * States of the shapes above are merged map by map (`devices` / `topics` entries kept only when `keep` says the
 * new owner owns them; `houses` all kept; `warnings` added up); on a clash the first state listed wins, so list
 * the taking-over worker's own state first. Other values: the first defined one. Rule tables must match.
 */
export function mergeStates(states: unknown[], keep?: StateFilter): unknown {
  const present = states.filter((s) => s !== undefined && s !== null);
  if (present.length === 0) return undefined;
  const shaped = present.filter((s) => isObject(s) && Object.keys(MAPS).some((k) => isObject(s[k])));
  if (shaped.length === 0) return present[0];
  const first = shaped[0] as Json;
  const rules = JSON.stringify(first.ruleIds);
  for (const s of shaped) {
    if (JSON.stringify((s as Json).ruleIds) !== rules) {
      throw new CivicError('civic-partition.errors.rulesDiffer', {}, 'the workers ran different rule tables: their alert states cannot be merged');
    }
  }
  const out: Json = { ...first };
  for (const [name, byDevice] of Object.entries(MAPS)) {
    if (shaped.some((s) => isObject((s as Json)[name]))) out[name] = mergeMap(shaped.map((s) => (s as Json)[name]), byDevice ? keep : undefined);
  }
  if (typeof first.warnings === 'number') out.warnings = shaped.reduce((n: number, s) => n + (Number((s as Json).warnings) || 0), 0);
  return out;
}

/** Merges whole node contexts ({ key: value }) key by key with `mergeStates`. */
export function mergeContexts(contexts: unknown[], keep?: StateFilter): Json {
  const out: Json = {};
  const keys = new Set(contexts.flatMap((c) => (isObject(c) ? Object.keys(c) : [])));
  for (const key of keys) setOwn(out, key, mergeStates(contexts.map((c) => (isObject(c) ? c[key] : undefined)), keep));
  return out;
}

function contextFiles(dir: string): string[] {
  const base = path.join(dir, 'context');
  if (!fs.existsSync(base)) return [];
  return fs.readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'global')
    .flatMap((d) => fs.readdirSync(path.join(base, d.name)).filter((f) => f.endsWith('.json') && f !== 'flow.json').map((f) => path.join(d.name, f)));
}

function readJson(file: string): unknown {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/**
 * The takeover step, run while the workers are STOPPED: merges every node context of the `from` context-store
 * folders (the `dir` of their localfilesystem store) into the `into` folder, keeping the devices `keep` accepts.
 * Returns the files written (relative to `<dir>/context`). Global and flow context are left alone.
 */
export function mergeContextDirs(into: string, from: string[], keep?: StateFilter): string[] {
  const files = new Set([into, ...from].flatMap(contextFiles));
  const written: string[] = [];
  for (const rel of [...files].sort()) {
    const target = path.join(into, 'context', rel);
    const merged = mergeContexts([readJson(target), ...from.map((d) => readJson(path.join(d, 'context', rel)))], keep);
    writeFileAtomicSync(target, JSON.stringify(merged), { createDir: true });
    written.push(rel);
  }
  return written;
}
