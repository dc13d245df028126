import fs from 'fs';
import path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { CivicError } from '../errors';

/**
 * Every JSON Schema of the pack, by id: the files `<id>.schema.json` in this folder (the build copies them to
 * dist), e.g. `civic-sensor-sim.config`, `reading.message`. Node configs are validated on deploy with defaults filled
 * in and editor strings coerced to numbers/booleans (the editor stores most inputs as strings).
 */
export const schemas: Record<string, object> = Object.fromEntries(fs.readdirSync(__dirname)
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => [f.replace(/\.schema\.json$/, ''), JSON.parse(fs.readFileSync(path.join(__dirname, f), 'utf8'))]));

const ajv = new Ajv({ useDefaults: true, coerceTypes: true, allErrors: false, strict: false });
const compiled = new Map<string, ValidateFunction>();

/** Adds a schema under `id` (used by nodes that land later and by integrators' own extensions). */
export function registerSchema(id: string, schema: object): void {
  schemas[id] = schema;
  compiled.delete(id);
}

function validatorFor(id: string): ValidateFunction {
  let fn = compiled.get(id);
  if (!fn) {
    const schema = schemas[id];
    if (!schema) throw new Error(`unknown schema ${id}`);
    fn = ajv.compile(schema);
    compiled.set(id, fn);
  }
  return fn;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; error: CivicError };

/** Turns the first ajv error into a translatable error naming the field, e.g. "devices: must be ≥ 1". */
export function describeSchemaError(e: ErrorObject): CivicError {
  const where = (e.instancePath.replace(/^\//, '').replace(/\//g, '.')
    + (e.keyword === 'required' ? `${e.instancePath ? '.' : ''}${String(e.params.missingProperty)}` : '')) || '(root)';
  const p = e.params as Record<string, unknown>;
  const limit = p.limit ?? p.allowedValues ?? p.pattern ?? p.type ?? p.format ?? '';
  const key = `shared.schema.${['required', 'type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
    'enum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'format', 'const', 'additionalProperties']
    .includes(e.keyword) ? e.keyword : 'other'}`;
  return new CivicError(key, { field: where, limit: Array.isArray(limit) ? limit.join(', ') : String(limit) },
    `${where}: ${e.message ?? 'invalid'}`);
}

/**
 * Validates (and, for config schemas, completes with defaults) a copy of `data`.
 * Never throws for bad data: returns `{ ok: false, error }` with a translatable error.
 */
export function validate<T>(id: string, data: unknown): Validation<T> {
  const copy = data && typeof data === 'object' ? structuredClone(data) : data;
  const fn = validatorFor(id);
  if (fn(copy)) return { ok: true, value: copy as T };
  return { ok: false, error: describeSchemaError((fn.errors ?? [])[0] ?? { instancePath: '', keyword: 'other', params: {}, schemaPath: '' } as ErrorObject) };
}
