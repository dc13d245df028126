// Privacy benches (library level). (a) deidentify records/s on 100,000 synthetic KDB-like records (10 fields,
// 2 pseudonymised with HMAC-SHA-256) beside a minimal hand-written loop doing the same transforms (the limit;
// target ratio ≥ 0.5). (b) k-anonymize: 30,000 records × 9 quasi-identifiers, k = 5, at 0 % and 4 % suppression,
// beside the reference figures of ARX's Flash on a 30,162 × 9 census dataset on this machine kind (~20 ms / ~0.6 s,
// JVM warm). (c) peak heap while streaming 1,000,000 records through deidentify (bounded: same as for 100,000).
import { createHmac } from 'crypto';
import { Deidentifier, generateRecords, kAnonymize, SYNTHETIC_QIS, syntheticRecords, type DeidentifyPolicy } from '../lib/privacy';
import { libRate, median, report } from './harness';

const KEY = 'bench-secret-key-0123456789abcdef';
const FIELDS = ['personId', 'myNumber', 'name', 'birthDate', 'age', 'address', 'postcode', 'sex', 'diagnosis', 'medicalCost'];
const POLICY: DeidentifyPolicy = {
  preset: 'custom',
  rules: [
    { field: 'personId', action: 'pseudonymise' }, { field: 'myNumber', action: 'pseudonymise' }, { field: 'name', action: 'drop' },
    { field: 'birthDate', action: 'date', granularity: 'month' }, { field: 'age', action: 'age', band: 5, topCode: 90 },
    { field: 'address', action: 'address' }, { field: 'postcode', action: 'postcode' }, { field: 'sex', action: 'keep' },
    { field: 'diagnosis', action: 'keep' }, { field: 'medicalCost', action: 'keep' },
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
  const ours = libRate((i) => core.apply(records[i % N], i + 1), { perRun: N, runs: 5, warmup: N });
  const limit = libRate((i) => handRecord(records[i % N]), { perRun: N, runs: 5, warmup: N });
  report('deidentify: 100,000 synthetic records, 10 fields, 2 pseudonymised (lib)', [
    { name: 'hand-written loop (limit)', value: limit, unit: 'records/s' },
    { name: 'Deidentifier.apply', value: ours, unit: 'records/s', baseline: 'hand-written loop (limit)', target: '≥ 0.5' },
  ]);
}

function benchKAnonymize(): void {
  const records = generateRecords(30_000, 7) as unknown as Array<Record<string, unknown>>;
  const rows = [];
  for (const [sup, arx] of [[0, 20], [0.04, 600]] as const) {
    const times: number[] = [];
    let last: ReturnType<typeof kAnonymize>['report'] | undefined;
    for (let run = 0; run < 3; run++) {
      const t0 = process.hrtime.bigint();
      last = kAnonymize(records, { quasiIdentifiers: SYNTHETIC_QIS, k: 5, suppressionLimit: sup }).report;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const refName = `ARX Flash ${sup * 100} % (reference)`;
    rows.push({ name: refName, value: arx, unit: 'ms' });
    rows.push({ name: `k-anonymize ${sup * 100} % suppression`, value: median(times), unit: 'ms', baseline: refName });
    console.log(`  ${sup * 100} %: ${last!.search.nodes} transformations, ${last!.search.evaluated} evaluated, levels ${last!.levels.map((l) => l.level).join('')}, `
      + `suppressed ${last!.suppressed}, relative loss ${last!.informationLoss.relative.toFixed(3)}, search ${last!.search.durationMs} ms`);
  }
  report('k-anonymize: 30,000 records × 9 quasi-identifiers, k = 5 (lib, whole run incl. encoding; median of 3)', rows);
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

benchDeidentify();
benchKAnonymize();
benchMemory();
