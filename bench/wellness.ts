// Wellness platform benches (library level; figures beside their goals, ratios beside their baselines):
// (a) linkage of 100,000 records × 3 sources (a register with numbers, a source with mapped numbers only, a source
//     where a third carries no number and links by normalised name + birth date + sex) vs a plain Map join on the
//     宛名番号 (the floor: no keying, no normalisation); goal ≥ 50,000 records/s;
// (b) cross-tab of 1,000,000 rows (district × age band × sex, with an outcome) as SQL in DuckDB vs the same
//     aggregation in plain JS over the same rows in memory; goal: DuckDB faster;
// (c) logistic regression 20,000 × 20 by IRLS, called directly and the way civic-risk-model runs it (worker
//     thread, data copied in and out); goal < 2 s.
import { aggregate, aggregateSql, Linker, fitLogistic, runTask, crossTabSpec, type LinkConfig, type LogisticFit } from '../lib/analysis';
import { CivicError } from '../lib/errors';
import { RecordStore, normalizeKind } from '../lib/store';
import { seeded } from '../lib/wellness';
import { median, report } from './harness';

const KEY = 'bench-wellness-key-0123456789abcdef';
const N = 100_000;

function sources(): Record<string, Array<Record<string, unknown>>> {
  const r = seeded(7);
  const surname = ['タナカ', 'ヤマダ', 'サトウ', 'スズキ', 'ワタナベ', 'イトウ', 'ナカムラ', 'コバヤシ'];
  const given = ['ヒロシ', 'カズコ', 'ヨウコ', 'タケシ', 'マサオ', 'ケイコ', 'ミノル', 'ハルミ'];
  const people = Array.from({ length: N }, (_, i) => ({
    atena: String(1_000_000 + i), insured: String(30_000_000 + i), kana: `${surname[i % 8]} ${given[(i >> 3) % 8]}${i}`,
    birth: `19${40 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? '男' : '女',
  }));
  return {
    register: people.map((p) => ({ 宛名番号: p.atena, 被保険者番号: p.insured, 氏名カナ: p.kana, 生年月日: p.birth, 性別: p.sex, v: r() })),
    claims: people.map((p) => ({ 被保険者番号: p.insured, 医療費: Math.round(r() * 1e5) })),
    survey: people.map((p, i) => (i % 3 === 0
      ? { 宛名番号: '', 氏名カナ: p.kana.replace(' ', '　'), 生年月日: p.birth, 性別: p.sex, 運動: r() < 0.5 }
      : { 宛名番号: p.atena, 氏名カナ: '', 生年月日: '', 性別: p.sex, 運動: r() < 0.5 })),
  };
}

const LINKS: Record<string, LinkConfig> = {
  register: { idFields: [{ field: '宛名番号', kind: 'atena' }, { field: '被保険者番号', kind: 'insured' }], nameField: '氏名カナ', birthField: '生年月日', sexField: '性別' },
  claims: { idFields: [{ field: '被保険者番号', kind: 'insured' }] },
  survey: { idFields: [{ field: '宛名番号', kind: 'atena' }], nameField: '氏名カナ', birthField: '生年月日', sexField: '性別' },
};

function benchLinkage(): void {
  const data = sources();
  const times: number[] = [];
  let linked = 0;
  for (let run = 0; run < 3; run++) {
    const linker = new Linker({ key: KEY, prefix: 'P-', length: 16 });
    const t0 = process.hrtime.bigint();
    linked = 0;
    for (const s of ['register', 'claims', 'survey']) linked += linker.link(data[s], s, LINKS[s]).report.linked;
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const plain: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    const byAtena = new Map<string, Record<string, unknown>>();
    const byInsured = new Map<string, string>();
    for (const r of data.register) { byAtena.set(r.宛名番号 as string, r); byInsured.set(r.被保険者番号 as string, r.宛名番号 as string); }
    let hits = 0;
    for (const r of data.claims) if (byInsured.has(r.被保険者番号 as string)) hits++;
    for (const r of data.survey) if (byAtena.has(r.宛名番号 as string)) hits++;
    plain.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (hits < N) throw new Error('join failed');
  }
  const total = 3 * N;
  report(`linkage: ${N.toLocaleString('en-US')} records × 3 sources (${linked.toLocaleString('en-US')} linked)`, [
    { name: 'record-link (keyed, normalised)', value: total / median(times), unit: 'records/s', baseline: 'plain Map join on clear numbers', target: '≥ 50,000 records/s' },
    { name: 'plain Map join on clear numbers', value: total / median(plain), unit: 'records/s' },
  ]);
}

async function benchCrossTab(): Promise<void> {
  const rows = 1_000_000;
  const store = await RecordStore.open({ backend: 'duckdb', file: ':memory:' });
  try {
    const kind = normalizeKind({ name: 'bench', columns: [{ name: 'district', type: 'text' }, { name: 'age', type: 'integer' }, { name: 'sex', type: 'text' }, { name: 'outcome', type: 'boolean' }] });
    await store.declareKind(kind);
    await store.db.transaction((tx) => tx.query(`INSERT INTO r_bench SELECT 'r' || i, '', now(), 'district-' || (hash(i) % 8), 40 + hash(i * 7) % 50,
      CASE WHEN hash(i * 13) % 2 = 0 THEN '男' ELSE '女' END, hash(i * 17) % 10 = 0 FROM range(${rows}) t(i)`));
    const data = await store.db.query('SELECT district, age, sex, outcome FROM r_bench');
    const spec = crossTabSpec({ dimensions: [{ field: 'district' }, { field: 'age', bands: '50,65,75,85' }, { field: 'sex' }], outcome: 'outcome', threshold: 10 });
    const sql = aggregateSql(await store.kind('bench'), spec);
    const duck: number[] = [];
    const js: number[] = [];
    for (let run = 0; run < 5; run++) {
      let t0 = process.hrtime.bigint();
      await store.db.query(sql);
      duck.push(Number(process.hrtime.bigint() - t0) / 1e9);
      t0 = process.hrtime.bigint();
      aggregate(data, spec);
      js.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    report(`cross-tab: ${rows.toLocaleString('en-US')} rows, district × age band × sex with an outcome`, [
      { name: 'DuckDB SQL (civic-cross-tab on the store)', value: rows / median(duck), unit: 'rows/s', baseline: 'plain JS over the rows in memory', target: 'faster than plain JS' },
      { name: 'plain JS over the rows in memory', value: rows / median(js), unit: 'rows/s' },
    ]);
  } finally {
    await store.close();
  }
}

async function benchLogistic(): Promise<void> {
  const n = 20_000;
  const p = 20;
  const r = seeded(11);
  const beta = Array.from({ length: p }, (_, j) => (j % 4 === 0 ? 0.3 : j % 4 === 1 ? -0.2 : 0));
  const X = Array.from({ length: n }, () => Array.from({ length: p }, (_, j) => (j % 2 ? (r() < 0.4 ? 1 : 0) : r() * 2 - 1)));
  const y = X.map((x) => (r() < 1 / (1 + Math.exp(-(-1.5 + x.reduce((s, v, j) => s + v * beta[j], 0)))) ? 1 : 0));
  const direct: number[] = [];
  const worker: number[] = [];
  for (let run = 0; run < 3; run++) {
    let t0 = process.hrtime.bigint();
    fitLogistic(X, y);
    direct.push(Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    await runTask<LogisticFit>('fitLogistic', { rows: X, y, options: {} }, 60000, new CivicError('bench.timeout'));
    worker.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  report(`logistic regression: ${n.toLocaleString('en-US')} × ${p} (IRLS, SEs, CIs, AUC)`, [
    { name: 'as civic-risk-model runs it (worker thread)', value: median(worker), unit: 'ms', baseline: 'IRLS called directly', target: '< 2,000 ms' },
    { name: 'IRLS called directly', value: median(direct), unit: 'ms' },
  ]);
}

async function main(): Promise<void> {
  benchLinkage();
  await benchCrossTab();
  await benchLogistic();
}

main().catch((err) => { console.error(err); process.exit(1); });
