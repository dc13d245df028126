// History for charts: ranges from triggers, the InfluxQL query (quoted, bucketed on the server), the answer turned
// into series, LTTB thinning checked against the published algorithm, and both dashboards' chart formats.
import assert from 'assert';
import {
  bucketMs, buildQuery, classicChart, dashboard2Chart, downsampleSeries, parseDuration, resolveRange, seriesFromResponse,
  type HistorySpec,
} from '../../../lib/storage';

const NOW = Date.parse('2026-05-10T12:00:00Z');
const H = 3600000;
const spec = (o: Partial<HistorySpec> = {}): HistorySpec => ({ measurement: 'greenhouse', field: 'airTemperature', filters: [],
  seriesTag: 'device', range: { start: NOW - 24 * H, end: NOW }, points: 500, method: 'lttb', maxSeries: 20, ...o });

/**
 * Largest-Triangle-Three-Buckets as published (S. Steinarsson, "Downsampling Time Series for Visual Representation",
 * University of Iceland 2013, section 4.2, and his reference implementation): first and last point kept; the
 * points between split into threshold − 2 buckets; in each, the point forming the largest triangle with the point
 * chosen in the previous bucket and the average of the next bucket.
 */
function referenceLttb(data: Array<{ x: number; y: number }>, threshold: number): Array<{ x: number; y: number }> {
  if (threshold >= data.length || threshold === 0) return data;
  const out = [data[0]];
  // the reference's bucket size (n − 2) / (threshold − 2), applied as an exact fraction: floor(k·(n−2)/(threshold−2))
  const at = (k: number) => Math.floor((k * (data.length - 2)) / (threshold - 2));
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = at(i + 1) + 1;
    const avgEnd = Math.min(at(i + 2) + 1, data.length);
    let avgX = 0; let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) { avgX += data[j].x; avgY += data[j].y; }
    avgX /= avgEnd - avgStart; avgY /= avgEnd - avgStart;
    const from = at(i) + 1;
    const to = at(i + 1) + 1;
    let max = -1; let next = from;
    for (let j = from; j < to; j++) {
      const area = Math.abs((data[a].x - avgX) * (data[j].y - data[a].y) - (data[a].x - data[j].x) * (avgY - data[a].y)) / 2;
      if (area > max) { max = area; next = j; }
    }
    out.push(data[next]);
    a = next;
  }
  out.push(data[data.length - 1]);
  return out;
}

describe('storage: history for charts', () => {
  it('reads durations and ranges from triggers, and falls back to the default for other messages', () => {
    assert.strictEqual(parseDuration('24h'), 24 * H);
    assert.strictEqual(parseDuration('7 days'), 7 * 24 * H);
    assert.strictEqual(parseDuration('90d'), 90 * 24 * H);
    assert.strictEqual(parseDuration('soon'), undefined);
    assert.deepStrictEqual(resolveRange('7d', NOW, '24h'), { start: NOW - 7 * 24 * H, end: NOW });
    assert.deepStrictEqual(resolveRange({ range: '1h' }, NOW, '24h'), { start: NOW - H, end: NOW });
    assert.deepStrictEqual(resolveRange({ start: '2026-05-01T00:00:00Z', end: NOW }, NOW, '24h'), { start: Date.parse('2026-05-01T00:00:00Z'), end: NOW });
    assert.deepStrictEqual(resolveRange({ start: NOW - 5 * H }, NOW, '24h'), { start: NOW - 5 * H, end: NOW });
    for (const other of [undefined, NOW, { tab: 1, name: 'ハウス1' }, 'ハウス1', true]) {
      assert.deepStrictEqual(resolveRange(other, NOW, '24h'), { start: NOW - 24 * H, end: NOW }, `default for ${JSON.stringify(other)}`);
    }
    for (const bad of ['7 fortnights', { start: 'later' }, { start: NOW, end: NOW - 1 }]) {
      assert.throws(() => resolveRange(bad, NOW, '24h'), (e: any) => e.key === 'civic-history.errors.badRange');
    }
  });

  it('asks InfluxDB for buckets sized to the points wanted, quoting every name and value', () => {
    assert.strictEqual(bucketMs(spec()), Math.ceil(24 * H / 1000), 'LTTB: min and max of 2 buckets per point');
    assert.strictEqual(bucketMs(spec({ method: 'minmax' })), Math.ceil(24 * H / 250), 'min/max: 2 values per bucket');
    assert.strictEqual(bucketMs(spec({ method: 'mean' })), Math.ceil(24 * H / 500));
    assert.strictEqual(buildQuery(spec({ filters: [{ tag: 'house', value: "house-1' OR device='x" }], retentionPolicy: 'a"b' })),
      `SELECT min("airTemperature") AS "lo", max("airTemperature") AS "hi" FROM "a\\"b"."greenhouse" WHERE time >= ${NOW - 24 * H}ms `
      + `AND time < ${NOW}ms AND "house" = 'house-1\\' OR device=\\'x' GROUP BY time(86400ms), "device" fill(none) SLIMIT 20`);
    assert.strictEqual(buildQuery(spec({ method: 'mean' })), `SELECT mean("airTemperature") AS "v" FROM "greenhouse" WHERE time >= ${NOW - 24 * H}ms `
      + `AND time < ${NOW}ms GROUP BY time(172800ms), "device" fill(none) SLIMIT 20`);
    assert.strictEqual(buildQuery(spec({ method: 'minmax', seriesTag: '' })),
      `SELECT min("airTemperature") AS "lo", max("airTemperature") AS "hi" FROM "greenhouse" WHERE time >= ${NOW - 24 * H}ms `
      + `AND time < ${NOW}ms GROUP BY time(345600ms) fill(none) SLIMIT 20`);
  });

  it('turns the answer into one line per tag value; min/max give two points per bucket', () => {
    const body = { results: [{ statement_id: 0, series: [
      { name: 'greenhouse', tags: { device: 'd1' }, columns: ['time', 'lo', 'hi'], values: [[1000, 1, 5], [2000, 2, null]] },
      { name: 'greenhouse', tags: { device: 'd2' }, columns: ['time', 'lo', 'hi'], values: [[1000, 3, 4]] },
    ] }] };
    const s = spec({ method: 'minmax', range: { start: 0, end: 4000 }, points: 8 });
    assert.deepStrictEqual(seriesFromResponse(body, s), [
      { name: 'd1', points: [{ x: 1000, y: 1 }, { x: 1500, y: 5 }, { x: 2000, y: 2 }] },
      { name: 'd2', points: [{ x: 1000, y: 3 }, { x: 1500, y: 4 }] },
    ]);
    assert.deepStrictEqual(seriesFromResponse({ results: [{ statement_id: 0 }] }, s), [], 'no data: no lines');
    assert.throws(() => seriesFromResponse({ results: [{ error: 'database not found: civic' }] }, s), (e: any) => e.key === 'civic-history.errors.noDatabase');
    assert.throws(() => seriesFromResponse({ error: 'error parsing query: found EOF' }, s),
      (e: any) => e.key === 'civic-history.errors.query' && e.params.error === 'error parsing query: found EOF');
  });

  it('thins a line with LTTB exactly as the published algorithm does, keeping the first and the last point', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const data = Array.from({ length: 5000 }, (_, i) => ({ x: i * 60000, y: Math.sin(i / 200) * 10 + rnd() * 3 + (i === 2345 ? 40 : 0) }));
    const [thinned] = downsampleSeries([{ name: 'd1', points: data }], { points: 300, method: 'lttb' });
    assert.strictEqual(thinned.points.length, 300);
    assert.deepStrictEqual(thinned.points, referenceLttb(data, 300));
    assert.deepStrictEqual(thinned.points[299], data[4999], 'the last point kept (the downsample package loses it here)');
    assert.ok(thinned.points.some((p) => p.x === 2345 * 60000), 'the spike survives');
    const few = [{ x: 1, y: 1 }, { x: 2, y: 2 }];
    assert.deepStrictEqual(downsampleSeries([{ name: 'd', points: few }], { points: 300, method: 'lttb' })[0].points, few, 'short lines unchanged');
  });

  it('formats the lines for node-red-dashboard ui_chart and for Dashboard 2.0 ui-chart', () => {
    const lines = [{ name: 'd1', points: [{ x: 1, y: 2 }] }, { name: 'd2', points: [{ x: 1, y: 3 }, { x: 2, y: 4 }] }];
    assert.deepStrictEqual(classicChart(lines), [{ series: ['d1', 'd2'], data: [[{ x: 1, y: 2 }], [{ x: 1, y: 3 }, { x: 2, y: 4 }]], labels: [''] }]);
    assert.deepStrictEqual(classicChart([]), []);
    assert.deepStrictEqual(dashboard2Chart(lines), [
      { topic: 'd1', payload: [{ x: 1, y: 2, series: 'd1' }], action: 'replace' },
      { topic: 'd2', payload: [{ x: 1, y: 3, series: 'd2' }, { x: 2, y: 4, series: 'd2' }], action: 'append' },
    ]);
    assert.deepStrictEqual(dashboard2Chart([]), [{ topic: '', payload: [], action: 'replace' }], 'an empty chart is cleared');
  });
});
