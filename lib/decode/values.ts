// The decoders' common result: flat numeric values with units and warnings, before the reading envelope is added.
import { METRIC_UNITS } from '../metrics';

/** Values a decoder found, by output name, with their units and any warnings. */
export interface Decoded {
  values: Record<string, number>;
  units: Record<string, string>;
  warnings: string[];
}

/** An empty result to fill. */
export function emptyDecoded(): Decoded {
  return { values: {}, units: {}, warnings: [] };
}

/** Adds `name = value` with its unit (the canonical unit when the name is canonical); a repeat is a warning. */
export function put(out: Decoded, name: string, value: number, unit?: string): void {
  if (name in out.values) out.warnings.push(`${name} appears twice; the last value is kept`);
  out.values[name] = value;
  const u = unit ?? (METRIC_UNITS as Record<string, string>)[name];
  if (u !== undefined) out.units[name] = u;
}
