/**
 * A typed error raised by the domain cores. `key` names a message in the nodes' catalogs (so a node can show it
 * in the user's language) and `params` fills it; `message` is a plain English rendering for library users.
 */
export class CivicError extends Error {
  readonly key: string;
  readonly params: Record<string, string | number>;

  constructor(key: string, params: Record<string, string | number> = {}, message?: string) {
    super(message ?? `${key} ${JSON.stringify(params)}`);
    this.name = 'CivicError';
    this.key = key;
    this.params = params;
  }
}

/** True when `err` is a CivicError (also across duplicated module copies, which `instanceof` misses). */
export function isCivicError(err: unknown): err is CivicError {
  return err instanceof CivicError
    || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'CivicError'
      && typeof (err as { key?: unknown }).key === 'string');
}

/**
 * `String(value)` that never throws: a value without a usable toString (a null-prototype object, an object from
 * JSON with a "toString" key, an array holding one) renders as Object.prototype.toString does, e.g. "[object Object]".
 */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
