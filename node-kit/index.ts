// Runtime pieces every node adapter shares: config validation with a translated red status, error translation
// for done(err), and status texts that are full, readable and short by meaning (never cut). No domain logic lives here.
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

/**
 * Widest status text, in display columns (a wide East Asian character counts 2): about what a core node shows
 * ("disconnected", "requesting"), so the label stays one short line under the node on the canvas.
 */
export const STATUS_WIDTH = 36;

/** Display width of a text: East Asian wide and full-width characters (kana, kanji, full-width forms) count 2. */
export function statusWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
      || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
      || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/**
 * A status text from the catalog, shortened by meaning as core nodes do: the first of `keys` (the full text first,
 * then shorter wordings of the same facts) whose rendering fits STATUS_WIDTH; the last one otherwise. Never cut.
 */
export function statusText(RED: NodeAPI, keys: string | string[], params: Record<string, unknown> = {}): string {
  const list = Array.isArray(keys) ? keys : [keys];
  let text = '';
  for (const key of list) {
    text = RED._(key, params as Record<string, string>);
    if (statusWidth(text) <= STATUS_WIDTH) return text;
  }
  return text;
}

/**
 * Kept for adapters written against the first node-kit: status texts are no longer cut (a cut text such as
 * "0 alert · 0 open · …" cannot be read). Use statusText with short catalog wordings instead.
 */
export function shortStatus(text: string): string {
  return text;
}

/**
 * The red status of a failed message: the translated error when it fits STATUS_WIDTH, else the error's own short
 * catalog text (`<type>.status.<error name>`, e.g. civic-csv.status.encoding) when there is one, else
 * "error: see debug". The full message always goes to done(err), so the Debug sidebar and Catch nodes have it.
 */
export function errorStatus(RED: NodeAPI, err: unknown): NodeStatusLike {
  const message = translateError(RED, err).message;
  let text = message;
  if (statusWidth(message) > STATUS_WIDTH) {
    let shortText = '';
    if (isCivicError(err) && err.key.includes('.errors.')) {
      const key = err.key.replace('.errors.', '.status.');
      const rendered = RED._(key, err.params as Record<string, string>);
      if (rendered !== key && statusWidth(rendered) <= STATUS_WIDTH) shortText = rendered;
    }
    text = shortText || RED._('shared.status.seeDebug');
  }
  return { fill: 'red', shape: 'dot', text };
}

/** The subset of Node-RED's status object the helpers build. */
export interface NodeStatusLike { fill: 'red' | 'green' | 'yellow' | 'blue' | 'grey'; shape: 'dot' | 'ring'; text: string }

/** Reports a failed message: red status for the user, done(err) so a Catch node receives it. */
export function fail(RED: NodeAPI, node: Node, done: (err?: Error) => void, err: unknown): void {
  node.status(errorStatus(RED, err));
  done(translateError(RED, err));
}

export type Done = (err?: Error) => void;
export type Send = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;

/**
 * A setting that may name environment variables inside it (`${CIVIC_WELLNESS_DIR}/outbox`; Node-RED itself maps only
 * a whole `${VAR}` value), each looked up as Node-RED's env type does (flow, group, then process). `missing` lists the
 * variables that are not set (they expand to ''), so a node can refuse the setting instead of writing elsewhere.
 */
export function expandEnv(RED: NodeAPI, node: Node, text: string): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    const found = RED.util.evaluateNodeProperty(name, 'env', node, {} as never) as unknown;
    if (typeof found !== 'string' || !found) missing.push(name);
    return typeof found === 'string' ? found : '';
  });
  return { value, missing };
}
