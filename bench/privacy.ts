// Privacy benches. (a) deidentify records/s on 100,000 synthetic KDB-like records (10 fields, 2 pseudonymised with
// HMAC-SHA-256) beside a minimal hand-written loop doing the same transforms (the limit; target ratio ≥ 0.5).
// (b) k-anonymize beside ARX itself (ARX_HOME, see bench/arx/build.sh) on ARX's adult data, k = 5, at 0 % and 4 %
// suppression, whole run (encoding, search, output records and report) against ARX's anonymize(); the census-like
// stand-in and stored ARX figures when ARX is not built here. (c) growth of the whole run from 30,000 to
// 1,000,000 records and the memory it needs beyond the input. (d) free-text scrubbing: recall and precision per
// entity type on the labelled synthetic corpus, 1 MB of text, and the longest hold of the event loop.
// (e) peak heap while streaming 1,000,000 records through deidentify (bounded: same as for 100,000).
import { spawnSync } from 'child_process';
import { createHash, createHmac, createSecretKey } from 'crypto';
import fs from 'fs';
import path from 'path';
import { CENSUS_QIS, censusLikeRecords, Deidentifier, deidentifyBatch, generateRecords, kAnonymize, kAnonymizeRun, labelledNotes, loadTokenizer,
  PrivacyWorker, scoreSpans, scrubText, SYNTHETIC_QIS, syntheticRecords, type DeidentifyPolicy, type EntityType, type FindingType,
  type KAnonymityReport, type QuasiIdentifier } from '../lib/privacy';
import { monitorEventLoopDelay } from 'perf_hooks';
import { median, report } from './harness';

const KEY = 'bench-secret-key-0123456789abcdef';
const FIELDS = ['personId', 'myNumber', 'name', 'birthDate', 'age', 'address', 'postcode', 'sex', 'diagnosis', 'medicalCost'];
const POLICY: DeidentifyPolicy = {
  preset: 'custom',
  rules: [
    { field: 'personId', action: 'pseudonymise' }, { field: 'myNumber', action: 'pseudonymise' }, { field: 'name', action: 'drop' },
    { field: 'birthDate', action: 'date', granularity: 'month' }, { field: 'age', action: 'age', band: 5, topCode: 90 },
    { field: 'address', action: 'address' }, { field: 'postcode', action: 'postcode' }, { field: 'sex', action: 'keep' },
    { field: 'diagnosis', action: 'keep' }, { field: 'medicalCost', category: 'measurement', action: 'keep' },
  ],
};

function tenFields(r: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of FIELDS) o[f] = r[f];
  return o;
}

// ---- the limit: the same transforms written by hand for exactly these fields, no policy engine, no checks
const ERA: Record<string, number> = { 明治: 1867, 大正: 1911, 昭和: 1925, 平成: 1988, 令和: 2018, M: 1867, T: 1911, S: 1925, H: 1988, R: 2018 };
function handMonth(v: string): string {
  const s = v.normalize('NFKC');
  const m = /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d+)[年./](\d+)/.exec(s);
  if (m) return `${ERA[m[1]] + (m[2] === '元' ? 1 : Number(m[2]))}-${m[3].padStart(2, '0')}`;
  return s.slice(0, 7);
}
function handRecord(r: Record<string, unknown>): Record<string, unknown> {
  const age = r.age as number;
  const a = /^(.+?[都道府県])((?:.+?郡)?.+?[市町村])/.exec(r.address as string);
  return {
    personId: `P-${createHmac('sha256', KEY).update(String(r.personId)).digest('hex').slice(0, 16)}`,
    myNumber: `P-${createHmac('sha256', KEY).update(String(r.myNumber)).digest('hex').slice(0, 16)}`,
    birthDate: handMonth(r.birthDate as string),
    age: age >= 90 ? '90+' : `${Math.floor(age / 5) * 5}-${Math.floor(age / 5) * 5 + 4}`,
    address: a ? a[1] + a[2] : null,
    postcode: (r.postcode as string).normalize('NFKC').replace(/^〒/, '').slice(0, 3),
    sex: r.sex, diagnosis: r.diagnosis, medicalCost: r.medicalCost,
  };
}

function benchDeidentify(): void {
  const N = 100_000;
  const records = (generateRecords(N, 42) as unknown as Array<Record<string, unknown>>).map(tenFields);
  const core = new Deidentifier(POLICY, { key: KEY });
  // the two alternate run by run, so a neighbour's load falls on both alike; CPU time per record beside wall clock
  const contenders = [(i: number) => core.apply(records[i], i + 1), (i: number) => handRecord(records[i])];
  const wall: number[][] = [[], []];
  const cpu: number[][] = [[], []];
  let sink: unknown;
  for (const f of contenders) for (let i = 0; i < N; i++) sink = f(i);
  for (let run = 0; run < 7; run++) {
    contenders.forEach((f, c) => {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < N; i++) sink = f(i);
      wall[c].push(N / (Number(process.hrtime.bigint() - t0) / 1e9));
      const used = process.cpuUsage(c0);
      cpu[c].push((used.user + used.system) / N);
    });
  }
  if (sink === undefined) console.log('');
  report('deidentify: 100,000 synthetic records, 10 fields, 2 pseudonymised (lib; 7 interleaved runs, median)', [
    { name: 'hand-written loop (limit)', value: median(wall[1]), unit: 'records/s' },
    { name: 'Deidentifier.apply', value: median(wall[0]), unit: 'records/s', baseline: 'hand-written loop (limit)', target: '≥ 0.5' },
  ]);
  const [ours, limit] = cpu.map(median);
  console.log(`  CPU time per record (process.cpuUsage): Deidentifier.apply ${ours.toFixed(2)} µs, hand-written loop ${limit.toFixed(2)} µs `
    + `→ ${(limit / ours).toFixed(2)}× (target ≥ 0.5)`);
  console.log('  where the time goes (node --cpu-prof, self time): the two createHmac per record (as in the limit), garbage '
    + 'collection, era-date parsing, address coarsening, the shifted-column check of amounts not seen before');
  benchHmac(records.map((r) => String(r.personId)));
}

// What one keyed pseudonym costs with node:crypto, three ways (CPU µs per value, median of 5): createHmac with the
// key string (the limit), with a KeyObject made once (what the pseudonymiser does), and the RFC 2104 states kept
// in two Hash objects and copied per value (Hash.copy), which allocates more than it saves.
function benchHmac(values: string[]): void {
  const keyObject = createSecretKey(Buffer.from(KEY, 'utf8'));
  const block = Buffer.alloc(64);
  block.write(KEY, 'utf8');
  const inner = createHash('sha256').update(block.map((b) => b ^ 0x36));
  const outer = createHash('sha256').update(block.map((b) => b ^ 0x5c));
  const ways: Array<[string, (v: string) => string]> = [
    ['createHmac(key string)', (v) => createHmac('sha256', KEY).update(v).digest('hex')],
    ['createHmac(KeyObject)', (v) => createHmac('sha256', keyObject).update(v).digest('hex')],
    ['Hash.copy() of the keyed states', (v) => outer.copy().update(inner.copy().update(v).digest()).digest('hex')],
  ];
  const expected = ways[0][1](values[0]);
  const cost = ways.map(([name, f]) => {
    if (f(values[0]) !== expected) throw new Error(`${name} differs`);
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const c0 = process.cpuUsage();
      for (const v of values) f(v);
      const used = process.cpuUsage(c0);
      runs.push((used.user + used.system) / values.length);
    }
    return `${name} ${median(runs).toFixed(2)} µs`;
  });
  console.log(`  one HMAC-SHA-256 per value (CPU): ${cost.join(', ')}; two per record here`);
}

// ---- k-anonymize beside ARX --------------------------------------------------------------------------------
// The reference is ARX itself, run beside us on the same machine in the same minute: ARX_HOME names a folder made by
// bench/arx/build.sh (ARX compiled from a source snapshot, with its "adult" test data). Without it the census-like
// synthetic set stands in and the ARX figures printed are the last ones measured here (labelled as stored).
const ARX_STORED = { 0: 43, 0.04: 1903, note: 'stored: ARX 3.9 (aacd487fb) on adult 30,162 × 9, median of 9 after 5 warm-ups, 2 loaded cores, 2026-11' };

interface Dataset { name: string; records: Array<Record<string, unknown>>; qis: QuasiIdentifier[]; csv?: string; prefix?: string }

/** ARX's adult data with ARX's hierarchies (the last column of each hierarchy file is '*', our top level). */
function adultFromArx(home: string): Dataset | undefined {
  const dir = path.join(home, 'data');
  const file = path.join(dir, 'adult.csv');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = lines[0].split(';');
  const records = lines.slice(1).map((l) => Object.fromEntries(l.split(';').map((v, i) => [cols[i], v])));
  const qis = cols.map((field): QuasiIdentifier => {
    const rows = fs.readFileSync(path.join(dir, `adult_hierarchy_${field}.csv`), 'utf8').trim().split(/\r?\n/).map((l) => l.split(';'));
    return rows[0].length <= 2 ? { field, hierarchy: 'category' } : { field, hierarchy: 'table', table: Object.fromEntries(rows.map((r) => [r[0], r.slice(1, -1)])) };
  });
  return { name: "ARX's adult", records, qis, csv: file, prefix: path.join(dir, 'adult_hierarchy_') };
}

/** Runs ARX (bench/arx/ArxBench.java) on a dataset: median ms per suppression limit, or undefined without ARX. */
function runArx(d: Dataset, sups: number[]): Map<number, { ms: number; loss: number; suppressed: number }> | undefined {
  const home = process.env.ARX_HOME;
  if (!home || !d.csv || !fs.existsSync(path.join(home, 'classes', 'ArxBench.class'))) return undefined;
  const cp = `${path.join(home, 'classes')}:${fs.readFileSync(path.join(home, 'classpath.txt'), 'utf8').trim()}`;
  const r = spawnSync('java', ['-cp', cp, 'ArxBench', d.csv, d.prefix!, 'entropy', '5', sups.join(','), '5', '9'], { encoding: 'utf8' });
  if (r.status !== 0) { console.log(`  ARX failed: ${r.stderr.slice(0, 300)}`); return undefined; }
  const out = new Map<number, { ms: number; loss: number; suppressed: number }>();
  for (const line of r.stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const j = JSON.parse(line);
    out.set(j.suppression, { ms: j.medianMs, loss: j.loss, suppressed: j.suppressed });
  }
  return out;
}

/**
 * Median whole-run times after warm-ups, and the last report. `ms`: as ARX's anonymize() is timed — encoding,
 * search, report and the result (its records generalised when read, as ARX's DataHandle does on access); `withRecords`:
 * the same run with every output record materialised (`result.records` read). CPU time per run beside wall clock.
 */
function timeWholeRun(d: Dataset, sup: number): { ms: number; withRecords: number; cpuMs: number; cpuWithRecords: number; search: number; report: KAnonymityReport } {
  const config = { quasiIdentifiers: d.qis, k: 5, suppressionLimit: sup };
  for (let i = 0; i < 5; i++) void kAnonymize(d.records, config).records; // warm-up (ARX's figures are after JVM warm-up too)
  const times: number[] = [];
  const full: number[] = [];
  const cpu: number[] = [];
  const cpuFull: number[] = [];
  const searches: number[] = [];
  const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let report: KAnonymityReport | undefined;
  for (let run = 0; run < 9; run++) {
    const c0 = cpuNow();
    const t0 = process.hrtime.bigint();
    const result = kAnonymize(d.records, config);
    const t1 = process.hrtime.bigint();
    const c1 = cpuNow();
    if (result.records.length !== d.records.length - result.report.suppressed) throw new Error('the output records do not match the report');
    const t2 = process.hrtime.bigint();
    const c2 = cpuNow();
    report = result.report;
    times.push(Number(t1 - t0) / 1e6);
    full.push(Number(t2 - t0) / 1e6);
    cpu.push(c1 - c0);
    cpuFull.push(c2 - c0);
    searches.push(report.search.durationMs);
  }
  return { ms: median(times), withRecords: median(full), cpuMs: median(cpu), cpuWithRecords: median(cpuFull), search: median(searches), report: report! };
}

function benchKAnonymize(): void {
  const adult = process.env.ARX_HOME ? adultFromArx(process.env.ARX_HOME) : undefined;
  const d: Dataset = adult ?? { name: 'census-like (adult stand-in)', records: censusLikeRecords(30_162, 1994), qis: CENSUS_QIS };
  const sups = [0, 0.04];
  const arx = runArx(d, sups);
  const rows = [];
  for (const sup of sups) {
    const live = arx?.get(sup);
    const refName = live ? `ARX anonymize() ${sup * 100} %, ${d.name} (measured now)` : `ARX ${sup * 100} % (${ARX_STORED.note})`;
    rows.push({ name: refName, value: live ? live.ms : ARX_STORED[sup as 0 | 0.04], unit: 'ms' });
    const ours = timeWholeRun(d, sup);
    rows.push({ name: `k-anonymize ${sup * 100} %, ${d.name} ${d.records.length.toLocaleString('en-US')} × 9: whole run as ARX's is timed `
      + '(encoding, search, report, result; records generalised on access)', value: ours.ms, unit: 'ms', baseline: refName, target: '≤ 1×' });
    rows.push({ name: `k-anonymize ${sup * 100} %: the same run with every output record materialised`, value: ours.withRecords, unit: 'ms', baseline: refName });
    rows.push({ name: `k-anonymize ${sup * 100} %: search only`, value: ours.search, unit: 'ms', baseline: refName });
    console.log(`  ${sup * 100} %: CPU time per run (all threads of this process) ${ours.cpuMs.toFixed(1)} ms, with the records ${ours.cpuWithRecords.toFixed(1)} ms`);
    const r = ours.report;
    const same = live ? (Math.abs(r.informationLoss.value - live.loss) <= 1e-9 * live.loss && r.suppressed === live.suppressed ? 'same optimum as ARX'
      : `DIFFERS from ARX (loss ${live.loss}, suppressed ${live.suppressed})`) : 'ARX not run';
    console.log(`  ${sup * 100} %: levels ${r.levels.map((l) => l.level).join('')}, suppressed ${r.suppressed}, loss ${r.informationLoss.value.toFixed(4)} (${same}), ${r.search.evaluated}/${r.search.nodes} evaluated`);
  }
  report('k-anonymize vs ARX, k = 5, non-uniform entropy (median of 9 after 5 warm-ups; ARX in its own JVM, same warm-ups)', rows);
  console.log('  where the 0 % run goes (CPU per run, median of 30 runs after 5 warm-ups, loaded 2-core machine, docs/privacy.md): '
    + 'encoding 8.4 ms (one string Map lookup per value: the floor of a dictionary encoding), levels + rows merged + loss tables '
    + '2.3 ms, search 8.2 ms (150 checks; 28 of them rolled up from a 12,636-item floor instead of 19,502 rows, one pass per '
    + 'column group), rare combinations 1.1 ms, complete check + report 0.4 ms: 21 ms in all (31 ms before, ad6eab6)');
  console.log('  why the row moved 1.26-2.51x between processes before: from the 10th run on, the encoded dataset got a hidden '
    + 'class of its own on every run (built with object spreads), so V8 threw the search\'s optimised code away each run and '
    + 'runs 10-13 took 90-140 ms; the bench\'s 9 timed runs (runs 6-14) fell in that window. One literal now: every run alike. This part runs in its own process (docs/privacy.md, slow processes)');
}

// ---- growth: whole run at 30k … 1M synthetic KDB-like records (k = 5, 4 %), each size in its own process -----
/** One size, in this process: the node's path (encoded in slices, records generalised in place). */
/**
 * One size, in this process, the node's way: the columns encoded in slices, the search in the worker thread (its
 * heap apart from the records), the records generalised in place. Memory: peak RSS minus RSS with the input loaded.
 */
async function growthOne(n: number): Promise<void> {
  const records = generateRecords(n, 7) as unknown as Array<Record<string, unknown>>;
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  const config = { quasiIdentifiers: SYNTHETIC_QIS, k: 5, suppressionLimit: 0.04 };
  const worker = new PrivacyWorker();
  await worker.call('ping', {}); // start the thread outside the timing (a node keeps its worker)
  const t0 = process.hrtime.bigint();
  const run = await kAnonymizeRun(records, config, worker, { timeLimitMs: 600_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024;
  await worker.close();
  console.log(JSON.stringify({ n, ms, extraMB: (peak - base) / 1048576, evaluated: run.report.search.evaluated }));
}

function benchGrowth(): void {
  const sizes = [30_000, 100_000, 300_000, 1_000_000];
  const results = sizes.map((n) => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', __filename, 'growth-one', String(n)], { encoding: 'utf8' });
    const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`growth ${n}: ${r.stderr.slice(0, 500)}`);
    return JSON.parse(line) as { n: number; ms: number; extraMB: number };
  });
  const base = results[0];
  report('k-anonymize growth: synthetic KDB-like, 9 quasi-identifiers, k = 5, 4 % (whole run as the node does it: encoded in slices, '
    + 'generalised in place; memory = peak RSS beyond the input records)', results.flatMap((r) => [
    { name: `${r.n.toLocaleString('en-US')} records: whole run`, value: r.ms, unit: 'ms', ...(r.n === base.n ? {} : { baseline: `${base.n.toLocaleString('en-US')} records: whole run`,
      target: r.n === 1_000_000 ? '≤ 35×' : undefined }) },
    { name: `${r.n.toLocaleString('en-US')} records: memory beyond the input`, value: r.extraMB, unit: 'MB', target: r.n === 1_000_000 ? '≤ 200 MB' : undefined },
  ]));
  console.log('  where the 1M peak is (measured by phase and thread, docs/privacy.md; indicative, loaded 2-core machine): the worker\'s '
    + 'typed arrays ~60 MB through the search (at most: the codes 16 MB at 8/16/32 bits per column; per tuple class, key and size 16 MB; '
    + 'the numbering tables 8 + 8 MB; the kept partitions in one slab ≤ 15 MB; record → tuple map and counts 8 MB), its heap '
    + '~23 MB; the main thread\'s heap +50-58 MB from encoding: V8 flattens the generator\'s concatenated strings when a '
    + 'raw-value lookup hits (address +40 MB, postcode and birth date +13 MB each; strings parsed from JSON or CSV are flat already)');
  console.log('  fifth pass (issue 21): kept partitions in one slab instead of an array each (at 1M the search made ~97 MB of '
    + 'arrays the worker freed only at its next full collection), labels sent once per QI, no copies at the end: '
    + '1M memory beyond the input 192, 189, 177 MB before and 165, 166, 162 MB after (this growth run, old and new trees in '
    + 'turns, load 11-16: indicative); CPU of the run, 13 pairs: median -0.7 %');
}

// ---- free text: recall and precision per entity type, 1 MB, and the event loop while the node scrubs ------------
const AS_ENTITY: Record<FindingType, EntityType> = { email: 'email', idLabel: 'identifier', name: 'name', corporateNumber: 'identifier',
  myNumber: 'identifier', phone: 'phone', careNumber: 'identifier', postalCode: 'postcode', identifier: 'identifier', address: 'address' };
const TEXT_TARGETS: Record<string, number> = { name: 0.95, address: 0.98, phone: 0.98, identifier: 0.98 };

async function benchFreeText(): Promise<void> {
  const t0 = Date.now();
  const tokenizer = await loadTokenizer();
  const loadMs = Date.now() - t0;
  // the scrubber's rules were developed on the corpus of seed 2024; the figures are on notes it never saw
  const notes = labelledNotes(400, 99);
  const scores = scoreSpans(notes, (n) => scrubText(n.text, tokenizer).spans.map((s) => ({ ...s, type: AS_ENTITY[s.type] })));
  console.log(`\nfree text: ${notes.length} labelled synthetic notes (seed 99, held out), kuromoji ${loadMs} ms to load once`);
  for (const [type, s] of Object.entries(scores)) {
    const goal = TEXT_TARGETS[type] ? `  (target recall ≥ ${TEXT_TARGETS[type]}, precision ≥ 0.9)` : '';
    console.log(`  ${type.padEnd(10)} recall ${s.recall.toFixed(3)} (${s.found}/${s.entities})  precision ${s.precision.toFixed(3)} (${s.correct}/${s.replaced})${goal}`);
  }
  // 1 MB of notes (UTF-8 bytes), scrubbed after the analyser is loaded
  const corpus = labelledNotes(4000, 5).map((n) => n.text);
  const texts: string[] = [];
  for (let bytes = 0, i = 0; bytes < 1048576; i++) { const t = corpus[i % corpus.length]; texts.push(t); bytes += Buffer.byteLength(t); }
  for (const t of texts.slice(0, 500)) scrubText(t, tokenizer); // warm-up
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const a = process.hrtime.bigint();
    for (const t of texts) scrubText(t, tokenizer);
    times.push(Number(process.hrtime.bigint() - a) / 1e6);
  }
  report('free text: 1 MB of care and clinical notes (UTF-8), scrubbed (median of 3)', [
    { name: '1 MB scrubbed', value: median(times), unit: 'ms', target: '≤ 2,000 ms' }]);
  await eventLoopWhileScrubbing(texts);
}

/** The longest hold of the main event loop while the deidentify path scrubs 1 MB of notes and three 100 KB notes. */
async function eventLoopWhileScrubbing(texts: string[]): Promise<void> {
  const worker = new PrivacyWorker();
  const policy: DeidentifyPolicy = { preset: 'appi-pseudonymous', rules: [{ field: 'note', category: 'freeText' }] };
  const records = [...texts, ...['1234567890', 'a.', '山田太郎さん、'].map((u) => u.repeat(Math.ceil(100000 / u.length)).slice(0, 100000))]
    .map((note) => ({ note }));
  await deidentifyBatch(records.slice(0, 10), undefined, policy, worker, { timeLimitMs: 600_000 }); // the analyser loads in the worker
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const a = Date.now();
  await deidentifyBatch(records, undefined, policy, worker, { timeLimitMs: 600_000 });
  const ms = Date.now() - a;
  h.disable();
  await worker.close();
  report('deidentify with free text, as the node runs it (worker thread, slices), 1.3 MB; event-loop delay is wall clock '
    + '(perf_hooks, 5 ms resolution): on a loaded machine it includes the time the OS gave other processes', [
    { name: 'whole batch', value: ms, unit: 'ms' },
    { name: 'event-loop delay, 99th percentile', value: h.percentile(99) / 1e6, unit: 'ms' },
    { name: 'longest event-loop hold (main thread)', value: h.max / 1e6, unit: 'ms', target: '≤ 50 ms' }]);
}

function benchMemory(): void {
  const core = new Deidentifier(POLICY, { key: KEY });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let at100k = 0;
  let retained = 0;
  let peakRss = 0;
  const it = syntheticRecords(9);
  for (let i = 1; i <= 1_000_000; i++) {
    core.apply(tenFields(it.next().value as unknown as Record<string, unknown>), i);
    if (i % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (i % 100_000 === 0) {
      gc?.();
      retained = process.memoryUsage().heapUsed - base;
      if (i === 100_000) at100k = retained;
    }
  }
  const r = core.report();
  report('deidentify: heap retained (after GC) while streaming records through one Deidentifier', [
    { name: 'after 100,000', value: at100k / 1048576, unit: 'MB' },
    { name: 'after 1,000,000', value: retained / 1048576, unit: 'MB', baseline: 'after 100,000', target: 'bounded (≈ 1×)' },
  ]);
  console.log(`  peak RSS ${(peakRss / 1048576).toFixed(0)} MB; gc ${gc ? 'forced' : 'not exposed (run with --expose-gc)'}`);
  console.log(`  report after 1,000,000: ${r.output} records out, ${JSON.stringify(r).length} bytes of report`);
}

if (require.main === module) {
  // `node dist/bench/privacy.js k-anonymize` runs only that part
  const only = process.argv[2];
  if (only === 'growth-one') void growthOne(Number(process.argv[3]));
  else {
    if (!only || only === 'deidentify') benchDeidentify();
    // its own process, as ARX has its own JVM and the node's search its own worker: run after the deidentify part in
    // the same process it took 21.8-30.6 ms where a fresh process took 20.0-23.3 (paired runs, docs/privacy.md):
    // in the heap that part leaves large, this part's own code runs slower (its collections pause no longer)
    if (only === 'k-anonymize') benchKAnonymize();
    else if (!only && spawnSync(process.execPath, ['--expose-gc', __filename, 'k-anonymize'], { stdio: 'inherit' }).status !== 0) {
      throw new Error('the k-anonymize part failed (its output is above)');
    }
    if (!only || only === 'growth') benchGrowth();
    if (!only || only === 'memory') benchMemory();
    if (!only || only === 'free-text') void benchFreeText();
  }
}
