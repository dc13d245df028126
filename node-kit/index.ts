// Runtime pieces every node adapter shares: config validation with a translated red status, error translation
// for done(err), and short status texts. No domain logic lives here.
import type { Node, NodeAPI, NodeMessage } from 'node-red';
import { isCivicError } from '../lib/errors';
import { validate } from '../lib/schemas';
import { migrateConfig } from '../lib/migrations';

/** Translates a domain error (CivicError key + params) into the node's language; other errors pass through. */
export function translateError(RED: NodeAPI, err: unknown): Error {
  if (isCivicError(err)) {
    // a param `<name>Key` names a catalog entry that renders `<name>` in the user's language (e.g. a parser's reason)
    const params: Record<string, unknown> = { ...err.params };
    for (const [k, v] of Object.entries(err.params)) {
      if (k.endsWith('Key') && typeof v === 'string') {
        const t = RED._(v);
        if (t !== v) params[k.slice(0, -3)] = t;
      }
    }
    const text = RED._(err.key, params as Record<string, string>);
    const out = new Error(text === err.key ? err.message : text);
    (out as Error & { code?: string }).code = err.key;
    return out;
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Brings a node's saved config up to the current version (lib/migrations), then validates it against the
 * `<type>.config` schema. On failure: red ring status, a translated error in
 * the log (so the deploy shows why), and undefined — the node stays deployed but inert, never a crash.
 */
export function readConfig<T>(RED: NodeAPI, node: Node, type: string, def: object): T | undefined {
  let text: string;
  try {
    const result = validate<T>(`${type}.config`, migrateConfig(type, def as Record<string, unknown>));
    if (result.ok) return result.value;
    text = translateError(RED, result.error).message;
  } catch (err) {
    text = translateError(RED, err).message;
  }
  refuseConfig(RED, node, text);
  return undefined;
}

/**
 * Leaves a node deployed but inert because its config cannot work (schema or a check the core makes when it is
 * built): red ring status and the translated reason in the log, never a crash.
 */
export function refuseConfig(RED: NodeAPI, node: Node, reason: unknown): void {
  const text = typeof reason === 'string' ? reason : translateError(RED, reason).message;
  node.status({ fill: 'red', shape: 'ring', text: RED._('shared.status.badConfig') });
  node.error(RED._('shared.errors.badConfig', { reason: text }));
}

/** Status texts stay under 20 characters (the editor truncates longer ones). */
export function shortStatus(text: string): string {
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}

/** Reports a failed message: red status for the user, done(err) so a Catch node receives it. */
export function fail(RED: NodeAPI, node: Node, done: (err?: Error) => void, err: unknown): void {
  const translated = translateError(RED, err);
  node.status({ fill: 'red', shape: 'dot', text: shortStatus(translated.message) });
  done(translated);
}

export type Done = (err?: Error) => void;
export type Send = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
