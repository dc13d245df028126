// Names taken from data (payload keys, CSV headers, device ids, category values) may be Object.prototype's own
// names. `o[k] = v` with k "__proto__" sets the prototype instead of a property, and `o[k]` with k "constructor"
// or "toString" finds Object.prototype's function. These helpers keep plain objects plain and only see own keys.

const DATA = { enumerable: true, writable: true, configurable: true } as const;

/** Sets `o[key] = value` as an own enumerable property, also for "__proto__"; returns `value`. */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): T {
  if (key === '__proto__') Object.defineProperty(o, key, { ...DATA, value });
  else o[key] = value;
  return value;
}

/** `o[key]` when it is an own property of `o`, else undefined (never an inherited "constructor" or "toString"). */
export function getOwn<T>(o: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
