// Times for points that arrive without one. They are stamped when accepted (so a replay after a restart writes the
// very same point) in nanoseconds, and strictly increasing per series (measurement + tags): two readings of one
// sensor accepted in the same millisecond — or the same nanosecond — still get different times, so InfluxDB, which
// keeps one point per series and time, keeps both.

/** The series of a point as InfluxDB identifies it: measurement and tags (sorted). */
export function seriesKey(measurement: string, tags: Record<string, string>): string {
  return [measurement, ...Object.keys(tags).sort().map((k) => `${k}=${tags[k]}`)].join('\u0000');
}

const NS_PER_MS = 1_000_000n;
const REANCHOR_NS = 1_000_000_000n;
const PRUNE_ABOVE = 10_000;

/** Hands out nanosecond times: the wall clock refined by the monotonic clock, strictly increasing per series. */
export class SeriesClock {
  private readonly last = new Map<string, bigint>();
  private anchorWall = 0n;
  private anchorMono = 0n;

  /** `nowMs` is the wall clock (epoch ms), `monoNs` a monotonic nanosecond clock; both injectable for tests. */
  constructor(private readonly nowMs: () => number = Date.now, private readonly monoNs: () => bigint = process.hrtime.bigint) {
    this.reanchor();
  }

  /** Epoch nanoseconds now: the wall clock's millisecond plus the monotonic clock's finer steps. */
  now(): bigint {
    const wall = BigInt(Math.floor(this.nowMs())) * NS_PER_MS;
    const t = this.anchorWall + (this.monoNs() - this.anchorMono);
    // follow the wall clock when it was set or the two drifted apart by more than a second
    if (t - wall > REANCHOR_NS || wall - t > REANCHOR_NS) {
      this.reanchor();
      return wall;
    }
    return t;
  }

  /** The time for the next point of `series` (epoch ns, decimal): now, or just after its previous point. */
  stamp(series: string): string {
    let t = this.now();
    const prev = this.last.get(series);
    if (prev !== undefined && t <= prev) t = prev + 1n;
    this.last.set(series, t);
    if (this.last.size > PRUNE_ABOVE) this.prune(t);
    return t.toString();
  }

  /** Series whose last time is already in the past need no memory: any new time is later anyway. */
  private prune(now: bigint): void {
    for (const [k, v] of this.last) if (v < now) this.last.delete(k);
  }

  private reanchor(): void {
    this.anchorWall = BigInt(Math.floor(this.nowMs())) * NS_PER_MS;
    this.anchorMono = this.monoNs();
  }
}
