// Precompiled CayenneLPP frame layouts. A device sends the same items in the same order frame after frame, so a node
// compiles each layout it meets (where each value sits, the names it becomes, their units and plausible ranges) once,
// and then reads a matching frame straight into objects of a fixed shape: no name lookups, no property added one by
// one, no second pass for the plausibility check. Anything unusual (a layout not seen before, a repeated or reserved
// name, a value outside its range) takes the general path, which gives the same reading with its warnings.
import { readInt, lppSlots, type LppOptions, type LppSlot } from './lpp';
import { outputValue, type LppNaming, type LppOutput } from './mapping';
import { isReserved, unitOf } from './values';

/** A plausible range by metric name (compiled plausibility rows), or undefined when unchecked. */
export type RangeOf = (name: string) => readonly [number, number] | undefined;

/**
 * A compiled frame layout (opaque outside this file). Its frames are read by a function compiled for it: constant byte
 * offsets, and the payload and units written as object literals, so a frame costs what a hand-written decoder of that
 * device costs (the JIT keeps the values in registers, and each literal has its allocation site, as a node writing
 * the reading by hand does).
 */
export interface Layout {
  /** false: this layout always takes the general path */
  ok: boolean;
  length: number;
  /** offset, channel and type of each item header, one triple after the other */
  heads: Int32Array;
  /** the payload of a frame of this layout (a new object), or undefined when a value is outside its plausible range */
  read: (bytes: Uint8Array) => Record<string, number> | undefined;
  /** the units of this layout (a new object per call) */
  units: () => Record<string, string>;
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

/** JS source reading the integer of a slot from `b`, as readInt does (two's complement by shifts for 1 and 2 bytes). */
function intSource(at: number, size: number, signed: boolean): string {
  if (size === 1) return signed ? `(b[${at}] << 24 >> 24)` : `b[${at}]`;
  if (size === 2) return signed ? `((b[${at}] << 8 | b[${at + 1}]) << 16 >> 16)` : `(b[${at}] << 8 | b[${at + 1}])`;
  return `I(b, ${at}, ${size}, ${signed})`;
}

interface Out { name: string; unit: string | undefined; slot: number; output: LppOutput }

/**
 * Compiles the reader of a layout; undefined when the process refuses code generation (node
 * --disallow-code-generation-from-strings): the layout then takes the general path. Names and units go in as JSON
 * string literals; a reserved name never reaches here (isReserved makes its layout not ok), which matters because
 * `o["__proto__"] = v` would set the prototype. Offsets, sizes and divisors are whole numbers of the LPP
 * type table, bounds are read from an array; a derived value calls the naming table's own outputValue.
 * The payload and units objects are made empty and then filled, not written as object literals: V8 keeps allocation
 * feedback per literal and, when many of its objects are still alive at a young-generation collection (a burst of
 * messages queued for delivery), allocates all later ones in the old generation. In 3 of 6 bench processes that
 * happened here: the heap after each scavenge held 131 MB instead of 53 MB and a message took 0.3–0.8 µs more CPU
 * (the one-hop row fell from 0.81–0.85× the junction to 0.69–0.72×); filled objects stayed at 53 MB in 8 of 8 (issue 21).
 */
function compileReader(slots: LppSlot[], outs: Out[], bounds: Float64Array): Pick<Layout, 'read' | 'units'> | undefined {
  const lines = slots.map((s, i) => `const x${i} = ${intSource(s.at, s.size, s.signed)}${s.divisor === 1 ? '' : ` / ${s.divisor}`};`);
  outs.forEach((o, k) => {
    const row = o.output.row;
    lines.push(`const v${k} = ${row === undefined || row.identity ? `x${o.slot}` : `O(R[${k}], x${o.slot})`};`,
      `if (!(v${k} >= B[${2 * k}] && v${k} <= B[${2 * k + 1}])) return undefined;`);
  });
  const payload = outs.map((o, k) => `o[${JSON.stringify(o.name)}] = v${k};`).join(' ');
  const units = outs.filter((o) => o.unit !== undefined).map((o) => `u[${JSON.stringify(o.name)}] = ${JSON.stringify(o.unit)};`).join(' ');
  let build: (...args: unknown[]) => [Layout['read'], Layout['units']];
  try {
    build = new Function('I', 'O', 'R', 'B', `return [function readFrame(b) {\n${lines.join('\n')}\nconst o = {}; ${payload} return o;\n}, `
      + `function frameUnits() { const u = {}; ${units} return u; }];`) as typeof build;
  } catch {
    return undefined;
  }
  const [read, unitsOf] = build(readInt, outputValue, outs.map((o) => o.output), bounds);
  return { read, units: unitsOf };
}

/** The layout of a frame the general path accepted. */
function compileLayout(bytes: Uint8Array, options: LppOptions, naming: LppNaming, rangeOf: RangeOf | undefined): Layout {
  let ok = true;
  const heads: number[] = [];
  const bounds: number[] = [];
  const outs: Out[] = [];
  const seen = new Set<string>();
  const slots = lppSlots(bytes, options);
  slots.forEach((slot, i) => {
    if (heads.length === 0 || heads[heads.length - 3] !== slot.item) heads.push(slot.item, bytes[slot.item], bytes[slot.item + 1]);
    for (const o of naming.outputs(slot.channel, slot.key, slot.base, slot.unit)) {
      // a repeated or reserved name needs the general path's warning, for every frame of this layout
      if (isReserved(o.name) || seen.has(o.name)) {
        ok = false;
        continue;
      }
      seen.add(o.name);
      const range = rangeOf?.(o.name);
      bounds.push(range ? range[0] : -Infinity, range ? range[1] : Infinity);
      outs.push({ name: o.name, unit: unitOf(o.name, o.unit), slot: i, output: o });
    }
  });
  const reader = ok ? compileReader(slots, outs, Float64Array.from(bounds)) : undefined;
  return { ok: reader !== undefined, length: bytes.length, heads: Int32Array.from(heads), read: reader?.read ?? (() => undefined),
    units: reader?.units ?? (() => ({})) };
}

/**
 * The payload of a frame of `layout` (a new object), its values checked for plausibility; undefined when one is outside
 * its range (the general path then flags or drops it with its warning).
 */
export function readLayout(layout: Layout, bytes: Uint8Array): Record<string, number> | undefined {
  return layout.read(bytes);
}

/** The units of a frame of `layout` (a new object: a message's units may be changed further down the flow). */
export function layoutUnits(layout: Layout): Record<string, string> {
  return layout.units();
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
