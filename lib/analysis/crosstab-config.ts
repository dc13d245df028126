// civic-cross-tab settings → a cross-tab spec (the last dimension becomes the columns of the published table).
import { CivicError } from '../errors';
import type { CrossTabSpec, Dimension } from './crosstab';

/** The settings of a civic-cross-tab node. */
export interface CrossTabConfig { dimensions: Array<{ field: string; bands?: string }>; outcome: string; threshold: number }

/** Band cut points from '40, 65, 75' (ascending, distinct). */
export function parseBands(text: string | undefined): number[] | undefined {
  const bands = String(text ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!bands.length) return undefined;
  if (bands.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= bands[i - 1]))) {
    throw new CivicError('civic-cross-tab.errors.bands', {}, 'band limits must be ascending numbers');
  }
  return bands;
}

/** The spec a config describes. */
export function crossTabSpec(c: CrossTabConfig): CrossTabSpec {
  const dims: Dimension[] = c.dimensions.map((d) => ({ field: d.field, bands: parseBands(d.bands) }));
  return { rows: dims.slice(0, -1), column: dims[dims.length - 1], outcome: c.outcome || undefined, threshold: c.threshold };
}
