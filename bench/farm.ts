// Farm knowledge: how long the season report of one house-season takes (read from the records store, rendered in the
// worker: Vega-Lite charts, HTML, PDF with the Japanese font, written to files), the manual draft over six
// house-seasons, and work-log writes per second (each one checked and committed in its own transaction, as the form
// does) on a DuckDB file. Medians; the goals are what a grower waiting at a dashboard button tolerates.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { RecordStore } from '../lib/store';
import { SeasonPlayer } from '../lib/sim';
import { DailyAccumulator } from '../lib/agro';
import { FARM_KINDS, RenderWorker, actionOf, applyAction, dailyRecord, generateManual, generateSeasonReports, prepareFarmRows } from '../lib/farm';
import { report } from './harness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const RULES = { houses: [], timeZone: 'Asia/Tokyo', now: Date.parse('2026-01-01T00:00:00Z') };

/** Two seasons of three simulated houses into the store: work log (through the form path) and daily records. */
async function fill(store: RecordStore): Promise<void> {
  const player = new SeasonPlayer({ houses: ['farm-a', 'farm-b', 'farm-c'], start: '2025-03-01', days: 120, seasons: 2, seed: 7,
    site: { latitude: 36.8933, longitude: 136.7789 }, stepMinutes: 30, timeZoneOffsetHours: 9 });
  const acc = new DailyAccumulator({ timeZone: 'Asia/Tokyo' });
  const daily: Array<Record<string, unknown>> = [];
  while (!player.done) {
    const { readings, entries } = player.advance(48);
    for (const e of entries) await applyAction(store, actionOf(e), RULES);
    for (const r of readings) {
      for (const s of acc.add(r.device.id, r.timestamp, r.payload)) {
        daily.push(dailyRecord({ payload: s.payload, date: s.date, device: { id: s.deviceId } }));
      }
    }
  }
  await store.declareKind(FARM_KINDS.daily);
  await store.insert(FARM_KINDS.daily, prepareFarmRows(store, 'daily', daily));
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-bench-farm-'));
  const store = await RecordStore.open({ backend: 'duckdb', file: path.join(dir, 'farm.duckdb') });
  const worker = new RenderWorker(300000);
  try {
    // work-log writes: sequential form submissions, each its own transaction
    const n = 300;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await applyAction(store, actionOf({ work: 'irrigation', amount: 200 + i, house: 'bench', who: '山田', at: Date.parse('2025-05-01T07:00:00+09:00') + i * 60000 }), RULES);
    }
    const writes = n / (Number(process.hrtime.bigint() - t0) / 1e9);
    await fill(store);
    const o = { dir: path.join(dir, 'reports'), timeZone: 'Asia/Tokyo', now: RULES.now };
    await generateSeasonReports(store, worker, o, { house: 'farm-a', season: '2025-03-01' });   // warm-up: the worker loads Vega and the font
    const season: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = process.hrtime.bigint();
      await generateSeasonReports(store, worker, o, { house: 'farm-a', season: '2025-03-01' });
      season.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const manual: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t = process.hrtime.bigint();
      await generateManual(store, worker, o, 'tomato', {});
      manual.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    report('farm knowledge (DuckDB file, report worker thread)', [
      { name: 'season report, one house-season (120 days: load + charts + HTML + PDF + files)', value: median(season), unit: 'ms', target: '≤ 10,000 ms' },
      { name: 'manual draft, 6 house-seasons (Markdown + HTML + PDF)', value: median(manual), unit: 'ms', target: '≤ 30,000 ms' },
      { name: 'work-log writes (checked, one transaction each)', value: writes, unit: 'writes/s', target: '≥ 20 writes/s' },
    ]);
  } finally {
    await worker.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
