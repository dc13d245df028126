// Shared fixtures for node tests through the real Node-RED runtime (node-red-node-test-helper).
// The helper replaces RED._ with an identity function; `withCatalog` puts a real translator back, reading the
// catalog the build assembled next to the node, so tests can assert the text a user would read.
import fs from 'fs';
import path from 'path';
import helper from 'node-red-node-test-helper';
import type { NodeAPI } from 'node-red';
import { waitFor, quiet } from './wait';

helper.init(require.resolve('node-red'));

export { helper };

type NodeModule = (RED: NodeAPI) => void;
type Emitter = { on(e: string, f: (...a: any[]) => void): void; once(e: string, f: (...a: any[]) => void): void };

/** The runtime node with the given id, typed loosely enough to listen to helper events. */
export function nodeById(id: string): Emitter & Record<string, any> {
  return helper.getNode(id) as unknown as Emitter & Record<string, any>;
}

function lookup(catalog: unknown, key: string): string | undefined {
  let cur: unknown = catalog;
  for (const part of key.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' ? cur : undefined;
}

/** Renders `key` from a node's built catalog with `__param__` substitution, as Node-RED's i18next does. */
export function translate(type: string, lang: string, key: string, params: Record<string, unknown> = {}): string {
  const file = path.join(__dirname, '..', '..', 'nodes', type, 'locales', lang, `${type}.json`);
  const catalog = JSON.parse(fs.readFileSync(file, 'utf8'));
  const bare = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
  const text = lookup(catalog, bare);
  if (text === undefined) return key;
  return text.replace(/__(\w+)__/g, (_m, name: string) => (name in params ? String(params[name]) : `__${name}__`));
}

/** Wraps a node module so that its RED._ translates with the node's real catalog in `lang`. */
export function withCatalog(type: string, nodeModule: NodeModule, lang = 'en-US'): NodeModule {
  return (RED: NodeAPI) => {
    (RED as unknown as { _: unknown })._ = (key: string, params?: Record<string, unknown>) =>
      translate(type, lang, key, params);
    nodeModule(RED);
  };
}

/** Flow literals with extra keys trip the helper's typings: build them through this. */
export type FlowNode = { id: string; type: string; wires?: string[][]; [key: string]: any };
export function flow(...nodes: FlowNode[]): FlowNode[] {
  return nodes.map((n, i) => ({ x: 100, y: 40 * (i + 1), z: 'f1', ...n }));
}

/** Resolves with the next message a helper node receives (rejects after `ms` with a clear reason). */
export function nextMessage<T = Record<string, unknown>>(nodeId: string, ms = 10000): Promise<T> {
  const node = nodeById(nodeId);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message at ${nodeId} within ${ms} ms`)), ms);
    node.once('input', (msg: T) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/**
 * Waits until `done()` holds, then `quietMs` more (so a message that should NOT follow would be seen); fails after `ms`.
 * A fixed sleep alone can end before a busy 2-core CI runtime has delivered what the test waits for.
 */
export async function until(done: () => boolean, what: string, ms = 10000, quietMs = 20): Promise<void> {
  await waitFor(() => (done() ? true : undefined), what, ms);
  await quiet(quietMs);
}

/** Collects messages arriving at a helper node. */
export function collect<T = Record<string, unknown>>(nodeId: string): T[] {
  const out: T[] = [];
  nodeById(nodeId).on('input', (msg: T) => out.push(msg));
  return out;
}

/** Resolves when `nodeId` calls done(err) or node.error; resolves with the error text. */
export function nextError(nodeId: string, ms = 10000): Promise<string> {
  const node = nodeById(nodeId);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no error from ${nodeId} within ${ms} ms`)), ms);
    node.once('call:error', (call: { args: unknown[] }) => {
      clearTimeout(timer);
      const first = call.args[0];
      resolve(first instanceof Error ? first.message : String(first));
    });
  });
}
