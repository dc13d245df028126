// Precompiled CayenneLPP frame layouts. A device sends the same items in the same order frame after frame, so a node
// compiles each layout it meets (where each value sits, the names it becomes, their units and plausible ranges) once,
// and then reads a matching frame straight into objects of a fixed shape: no name lookups, no property added one by
// one, no second pass for the plausibility check. Anything unusual (a layout not seen before, a repeated or reserved
// name, a value outside its range) takes the general path, which gives the same reading with its warnings.
import { readInt, lppSlots, type LppOptions } from './lpp';
import { outputValue, type LppNaming, type LppOutput } from './mapping';
import { isReserved, unitOf } from './values';

/** A plausible range by metric name (compiled plausibility rows), or undefined when unchecked. */
export type RangeOf = (name: string) => readonly [number, number] | undefined;

interface Slot { at: number; size: number; signed: boolean; divisor: number; outs: LppOutput[] }

/** A compiled frame layout (opaque outside this file). */
export interface Layout {
  /** false: this layout always takes the general path */
  ok: boolean;
  length: number;
  /** offset, channel and type of each item header, one triple after the other */
  heads: number[];
  slots: Slot[];
  /** output names, lower and upper bounds, in output order */
  names: string[];
  lo: number[];
  hi: number[];
  /** the payload and units objects of this layout, cloned per frame (a clone keeps the template's hidden class) */
  values: Record<string, number>;
  units: Record<string, string>;
}

/** Layouts kept per node: a node hears a few device kinds; more layouts than this take turns. */
const MAX_LAYOUTS = 4;

function matches(layout: Layout, bytes: Uint8Array): boolean {
  if (bytes.length !== layout.length) return false;
  const h = layout.heads;
  for (let i = 0; i < h.length; i += 3) {
    if (bytes[h[i]] !== h[i + 1] || bytes[h[i] + 1] !== h[i + 2]) return false;
  }
  return true;
}

/** The layout of a frame the general path accepted. */
function compileLayout(bytes: Uint8Array, options: LppOptions, naming: LppNaming, rangeOf: RangeOf | undefined): Layout {
  const layout: Layout = { ok: true, length: bytes.length, heads: [], slots: [], names: [], lo: [], hi: [], values: {}, units: {} };
  for (const slot of lppSlots(bytes, options)) {
    const h = layout.heads;
    if (h.length === 0 || h[h.length - 3] !== slot.item) h.push(slot.item, bytes[slot.item], bytes[slot.item + 1]);
    const outs = naming.outputs(slot.channel, slot.key, slot.base, slot.unit);
    layout.slots.push({ at: slot.at, size: slot.size, signed: slot.signed, divisor: slot.divisor, outs });
    for (const o of outs) {
      // a repeated or reserved name needs the general path's warning, for every frame of this layout
      if (isReserved(o.name) || Object.hasOwn(layout.values, o.name)) {
        layout.ok = false;
        continue;
      }
      const range = rangeOf?.(o.name);
      layout.names.push(o.name);
      layout.lo.push(range ? range[0] : -Infinity);
      layout.hi.push(range ? range[1] : Infinity);
      // null, then a number: the field takes any value from the start (no shape change on the first frame), a clone
      // copies pointers and a whole number needs no box
      layout.values[o.name] = null as unknown as number;
      layout.values[o.name] = 0;
      const unit = unitOf(o.name, o.unit);
      if (unit !== undefined) layout.units[o.name] = unit;
    }
  }
  return layout;
}

/**
 * The payload of a frame of `layout` (a new object), its values checked for plausibility; undefined when one is outside
 * its range (the general path then flags or drops it with its warning).
 */
export function readLayout(layout: Layout, bytes: Uint8Array): Record<string, number> | undefined {
  const values = { ...layout.values };
  const { slots, names, lo, hi } = layout;
  let k = 0;
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s];
    const raw = readInt(bytes, slot.at, slot.size, slot.signed);
    // an integer divided by a power of ten is the double nearest the decimal: 272 / 10 prints as 27.2
    const x = slot.divisor === 1 ? raw : raw / slot.divisor;
    for (let o = 0; o < slot.outs.length; o++, k++) {
      const v = outputValue(slot.outs[o], x);
      if (!(v >= lo[k] && v <= hi[k])) return undefined;
      values[names[k]] = v;
    }
  }
  return values;
}

/** The units of a frame of `layout` (a new object: a message's units may be changed further down the flow). */
export function layoutUnits(layout: Layout): Record<string, string> {
  return { ...layout.units };
}

/**
 * The layouts one node has compiled: `find` gives the layout of a frame when known and usable, `learn` adds the
 * layout of a frame. Results are returned, never kept in these long-lived objects (which would make every message's
 * objects reachable from the old generation: a write-barrier entry per message and more work per scavenge).
 */
export interface LppPlans {
  /** the compiled layout of this frame; undefined: the general path decodes it (new layout, names needing warnings) */
  find(bytes: Uint8Array): Layout | undefined;
  /** compiles the layout of a frame the general path has just decoded */
  learn(bytes: Uint8Array): void;
}

/** Layout plans for one node's naming table and plausibility ranges. */
export function lppPlans(naming: LppNaming, options: LppOptions, rangeOf: RangeOf | undefined): LppPlans {
  const layouts: Layout[] = [];
  let next = 0;
  return {
    find(bytes) {
      for (let i = 0; i < layouts.length; i++) {
        if (matches(layouts[i], bytes)) return layouts[i].ok ? layouts[i] : undefined;
      }
      return undefined;
    },
    learn(bytes) {
      for (const l of layouts) if (matches(l, bytes)) return;
      const layout = compileLayout(bytes, options, naming, rangeOf);
      if (layouts.length < MAX_LAYOUTS) layouts.push(layout);
      else layouts[next++ % MAX_LAYOUTS] = layout;
    },
  };
}
