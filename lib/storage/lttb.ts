// Largest-Triangle-Three-Buckets (S. Steinarsson, "Downsampling Time Series for Visual Representation", University
// of Iceland 2013, section 4.2). Written here rather than taken from the `downsample` package: that one computes its
// bucket bounds in floating point and, for many lengths (5,000 points to 300, for one), drops the last point. The
// bounds here are exact integer divisions, so the first and the last point are always kept.

/** A point of a line: x (time, epoch ms) and y. */
export interface XY { x: number; y: number }

/** Thins `data` (sorted by x) to `threshold` points that keep its shape; shorter data comes back as it is. */
export function lttb(data: readonly XY[], threshold: number): XY[] {
  const n = data.length;
  if (threshold >= n || threshold < 3) return data.slice();
  const buckets = threshold - 2;
  // bucket i holds the points [bound(i), bound(i + 1)) between the first and the last point
  const bound = (i: number) => Math.floor((i * (n - 2)) / buckets) + 1;
  const out: XY[] = [data[0]];
  let a = 0;
  for (let i = 0; i < buckets; i++) {
    const nextStart = bound(i + 1);
    const nextEnd = i + 1 < buckets ? bound(i + 2) : n;                 // the last bucket looks at the last point
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) { avgX += data[j].x; avgY += data[j].y; }
    avgX /= nextEnd - nextStart;
    avgY /= nextEnd - nextStart;
    let best = bound(i);
    let maxArea = -1;
    for (let j = bound(i); j < nextStart; j++) {
      const area = Math.abs((data[a].x - avgX) * (data[j].y - data[a].y) - (data[a].x - data[j].x) * (avgY - data[a].y)) / 2;
      if (area > maxArea) { maxArea = area; best = j; }
    }
    out.push(data[best]);
    a = best;
  }
  out.push(data[n - 1]);
  return out;
}
