// Small-cell suppression for a published two-way table with its margins (row totals, column totals, grand total):
// primary suppression of counts 1 … threshold−1 (cells and margins alike), then complementary suppression so that
// no suppressed value can be derived exactly from what is published.
//
// Why this works: think of the table with its margins as a bipartite graph — one vertex per row line (and the total
// row), one per column line (and the total column), one edge per cell (a margin cell joins its line to the total
// line). Publishing every unsuppressed cell fixes each line's sum of suppressed cells. A suppressed cell's value is
// determined by those sums exactly when its edge is a bridge among the suppressed edges; when it lies on a cycle of
// suppressed cells, adding +1/−1 alternately around the cycle gives another table with the same published values
// (every suppressed cell is ≥ 1, so one direction stays non-negative). The algorithm therefore closes every bridge
// with the cheapest path of further cells (least total count suppressed: Dijkstra), until none is left.
// (Cox, "Suppression methodology and statistical disclosure control", JASA 75 (1980) 377–385, states the line
// conditions; the graph view is the network formulation of Cox 1995, JASA 90, 1453–1462.)
import { CivicError } from '../errors';

/** Why a cell is hidden. */
export type SuppressionReason = 'small' | 'complementary';

/** The suppression pattern and its counts. */
export interface SuppressionResult {
  /** reason per cell of the extended (rows+1)×(cols+1) grid (last row/column = totals), undefined = published */
  reasons: (SuppressionReason | undefined)[][];
  primary: number;
  complementary: number;
}

/** The table extended by its row totals (last column), column totals (last row) and grand total. */
export function withMargins(table: number[][]): number[][] {
  const cols = table[0]?.length ?? 0;
  const out = table.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  const totals = new Array<number>(cols + 1).fill(0);
  for (const r of out) r.forEach((v, j) => { totals[j] += v; });
  out.push(totals);
  return out;
}

type Edge = { r: number; c: number };

/** Suppressed edges that lie on no cycle (Tarjan's bridge search on the bipartite line graph). */
function bridges(R: number, C: number, suppressed: boolean[][]): Edge[] {
  const V = R + C;
  const adj: Array<Array<{ to: number; id: number }>> = Array.from({ length: V }, () => []);
  const edges: Edge[] = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    if (!suppressed[r][c]) continue;
    const id = edges.length;
    edges.push({ r, c });
    adj[r].push({ to: R + c, id });
    adj[R + c].push({ to: r, id });
  }
  const disc = new Array<number>(V).fill(-1);
  const low = new Array<number>(V).fill(0);
  const out: Edge[] = [];
  let time = 0;
  const visit = (root: number) => {
    // iterative DFS: tables may have thousands of lines
    const stack: Array<{ v: number; parentEdge: number; i: number }> = [{ v: root, parentEdge: -1, i: 0 }];
    disc[root] = low[root] = time++;
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i < adj[top.v].length) {
        const { to, id } = adj[top.v][top.i++];
        if (id === top.parentEdge) continue;
        if (disc[to] === -1) {
          disc[to] = low[to] = time++;
          stack.push({ v: to, parentEdge: id, i: 0 });
        } else low[top.v] = Math.min(low[top.v], disc[to]);
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          low[parent.v] = Math.min(low[parent.v], low[top.v]);
          if (low[top.v] > disc[parent.v]) out.push(edges[top.parentEdge]);
        }
      }
    }
  };
  for (let v = 0; v < V; v++) if (disc[v] === -1 && adj[v].length) visit(v);
  return out;
}

/** Cheapest path between a row line and a column line avoiding one edge; suppressed cells cost nothing. */
function cheapestPath(grid: number[][], suppressed: boolean[][], from: number, to: number, avoid: Edge): Edge[] | undefined {
  const R = grid.length;
  const C = grid[0].length;
  const V = R + C;
  const dist = new Array<number>(V).fill(Infinity);
  const prev: Array<Edge | undefined> = new Array(V);
  const done = new Array<boolean>(V).fill(false);
  dist[from] = 0;
  for (;;) {
    let v = -1;
    for (let i = 0; i < V; i++) if (!done[i] && (v < 0 || dist[i] < dist[v])) v = i;
    if (v < 0 || dist[v] === Infinity) return undefined;
    if (v === to) break;
    done[v] = true;
    const isRow = v < R;
    const n = isRow ? C : R;
    for (let k = 0; k < n; k++) {
      const r = isRow ? v : k;
      const c = isRow ? k : v - R;
      if (r === avoid.r && c === avoid.c) continue;
      // an unsuppressed zero cannot carry the ±1 exchange (it would go negative one way) and tells nothing anyway
      if (!suppressed[r][c] && grid[r][c] <= 0) continue;
      const w = suppressed[r][c] ? 0 : grid[r][c] + 1e-6;
      const u = isRow ? R + c : r;
      if (dist[v] + w < dist[u]) { dist[u] = dist[v] + w; prev[u] = { r, c }; }
    }
  }
  const path: Edge[] = [];
  for (let v = to; v !== from;) {
    const e = prev[v]!;
    path.push(e);
    v = v === e.r ? R + e.c : e.r;
  }
  return path;
}

/**
 * Suppression pattern of a table with margins (`grid` = withMargins(table)). Counts 1 … threshold−1 are primary;
 * zeros are published (they are not small groups of people). Throws when a small cell cannot be protected at all.
 */
export function suppress(grid: number[][], threshold: number): SuppressionResult {
  const R = grid.length;
  const C = grid[0]?.length ?? 0;
  const reasons: (SuppressionReason | undefined)[][] = grid.map((row) => row.map((v) => (v > 0 && v < threshold ? 'small' : undefined)));
  const suppressed = () => reasons.map((row) => row.map(Boolean));
  const primary = reasons.flat().filter(Boolean).length;
  let complementary = 0;
  for (let guard = 0; guard < R * C + 1; guard++) {
    const s = suppressed();
    const open = bridges(R, C, s);
    if (!open.length) return { reasons, primary, complementary };
    const e = open[0];
    const path = cheapestPath(grid, s, e.r, R + e.c, e);
    if (!path) throw new CivicError('civic-cross-tab.errors.unprotectable', {}, 'a small cell cannot be protected in this table');
    for (const p of path) {
      if (!reasons[p.r][p.c]) { reasons[p.r][p.c] = 'complementary'; complementary++; }
    }
  }
  throw new CivicError('civic-cross-tab.errors.unprotectable', {}, 'suppression did not settle');
}
