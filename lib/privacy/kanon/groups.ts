// Quasi-identifiers read together when classes are numbered. Neighbouring QIs whose level-0 value combinations are
// few (at most GROUP_CELLS) form a group: each tuple gets one code for the group (its level-0 codes in mixed radix),
// and each combination of the group's levels gets a table from that code to the generalised combination, built
// when a check first needs it. A check then makes one pass per group instead of one per QI (ARX's adult data: 4
// groups for 9 QIs). The class key is the same mixed-radix number as with one pass per QI.
import type { Encoded } from './encode';
import type { Codes } from './types';

/** Level-0 value combinations a group may have (its tables: 16 kB each at most). */
const GROUP_CELLS = 4096;
/** Tuples beyond which every QI is its own group: a group's codes take 2-4 bytes per tuple, and at a million records
 * the memory goal (≤ 200 MB beyond the input) has no room for them; the search there is far within its time goal. */
const GROUP_TUPLES = 1 << 19;

/** The groups of an encoded dataset, their codes per tuple and their level tables. */
export class ColumnGroups {
  /** Number of groups. */
  readonly count: number;
  private readonly members: number[][] = [];
  private readonly codes: Codes[] = [];
  private readonly tables: Array<Array<Int32Array | undefined>> = [];

  constructor(private readonly e: Encoded) {
    let cells = Infinity;
    const most = e.tuples <= GROUP_TUPLES ? GROUP_CELLS : 1;
    for (let j = 0; j < e.q; j++) {
      const r = Math.max(1, e.card[j][0]);
      if (most === 1 || cells * r > most) { this.members.push([j]); cells = r; } else { this.members[this.members.length - 1].push(j); cells *= r; }
    }
    this.count = this.members.length;
    for (const m of this.members) {
      this.codes.push(m.length === 1 ? e.cols[m[0]] : this.combined(m));
      this.tables.push([]);
    }
  }

  // per tuple the level-0 codes of the QIs `m` as one mixed-radix code (32 bits when the tuples' columns are, so
  // the counting loops read one array type; otherwise 16, which any group fits)
  private combined(m: number[]): Codes {
    const e = this.e;
    const out = e.tuples !== e.n ? new Int32Array(e.tuples) : new Uint16Array(e.tuples);
    for (const j of m) {
      const col = e.cols[j];
      const r = Math.max(1, e.card[j][0]);
      for (let t = 0; t < e.tuples; t++) out[t] = out[t] * r + col[t];
    }
    return out;
  }

  /** Distinct generalised values of group `g` at `levels` (1: the group does not split the records). */
  card(g: number, levels: ArrayLike<number>): number {
    let c = 1;
    for (const j of this.members[g]) c *= this.e.card[j][levels[j]];
    return c;
  }

  /** Per tuple the code of group `g`. */
  col(g: number): Codes {
    return this.codes[g];
  }

  /** The table from a code of group `g` to its generalised value at `levels` (mixed radix of the members' codes). */
  map(g: number, levels: ArrayLike<number>): Int32Array {
    const m = this.members[g];
    const e = this.e;
    if (m.length === 1) return e.gen[m[0]][levels[m[0]]];
    let combo = 0;
    for (const j of m) combo = combo * e.levels[j] + levels[j];
    return (this.tables[g][combo] ??= this.table(m, levels));
  }

  // the table of members `m` at `levels`, one member at a time: the table of the members before it, each entry
  // spread over this member's level-0 codes (the last member varies fastest, as in the tuples' codes)
  private table(m: number[], levels: ArrayLike<number>): Int32Array {
    const e = this.e;
    let out = new Int32Array(1);
    for (const j of m) {
      const map = e.gen[j][levels[j]];
      const r0 = Math.max(1, e.card[j][0]);
      const rl = e.card[j][levels[j]];
      const next = new Int32Array(out.length * r0);
      for (let x = 0, at = 0; x < out.length; x++) {
        const base = out[x] * rl;
        for (let c = 0; c < r0; c++) next[at++] = base + (map[c] ?? 0);
      }
      out = next;
    }
    return out;
  }
}
