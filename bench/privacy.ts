// Privacy benches (library level). (a) deidentify records/s on 100,000 synthetic KDB-like records (10 fields,
// 2 pseudonymised with HMAC-SHA-256) beside a minimal hand-written loop doing the same transforms (the limit;
// target ratio ≥ 0.5). (b) k-anonymize: 30,000 records × 9 quasi-identifiers, k = 5, at 0 % and 4 % suppression,
// beside the reference figures of ARX's Flash on a 30,162 × 9 census dataset on this machine kind (~20 ms / ~0.6 s,
// JVM warm); on two datasets: our synthetic KDB-like records (near-unique birth dates, visit dates, postcodes and
// addresses: much harder than the census set) and a census-like set with the character of ARX's "adult" dataset
// (age plus eight small categorical domains, ARX's hierarchies, lattice of 12,960 transformations).
// (c) peak heap while streaming 1,000,000 records through deidentify (bounded: same as for 100,000).
import { createHmac } from 'crypto';
import { Deidentifier, generateRecords, kAnonymize, rng, SYNTHETIC_QIS, syntheticRecords, type DeidentifyPolicy,
  type QuasiIdentifier } from '../lib/privacy';
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

// ---- a census-like dataset with the character of ARX's "adult" set (UCI census income, 30,162 complete records):
// the same nine quasi-identifiers, value domains and ARX hierarchies (heights 5·2·2·3·4·3·3·3·2), marginal
// frequencies close to the real set's, and a few of its correlations (marital status with age, income with
// education, marital status and sex). Generated from a seed, so nothing is copied from the real data.
type Weighted = ReadonlyArray<readonly [string, number]>;
const EDUCATION: Weighted = [['HS-grad', 9840], ['Some-college', 6678], ['Bachelors', 5044], ['Masters', 1627], ['Assoc-voc', 1307],
  ['11th', 1048], ['Assoc-acdm', 1008], ['10th', 820], ['7th-8th', 557], ['Prof-school', 542], ['9th', 455], ['12th', 377],
  ['Doctorate', 375], ['5th-6th', 288], ['1st-4th', 151], ['Preschool', 45]];
const WORKCLASS: Weighted = [['Private', 22286], ['Self-emp-not-inc', 2499], ['Local-gov', 2067], ['State-gov', 1279],
  ['Self-emp-inc', 1074], ['Federal-gov', 943], ['Without-pay', 14]];
const OCCUPATION: Weighted = [['Prof-specialty', 4038], ['Craft-repair', 4030], ['Exec-managerial', 3992], ['Adm-clerical', 3721],
  ['Sales', 3584], ['Other-service', 3212], ['Machine-op-inspct', 1966], ['Transport-moving', 1572], ['Handlers-cleaners', 1350],
  ['Farming-fishing', 989], ['Tech-support', 912], ['Protective-serv', 644], ['Priv-house-serv', 143], ['Armed-Forces', 9]];
const RACE: Weighted = [['White', 25933], ['Black', 2817], ['Asian-Pac-Islander', 895], ['Amer-Indian-Eskimo', 286], ['Other', 231]];
const COUNTRY: Weighted = [['United-States', 27504], ['Mexico', 610], ['Philippines', 188], ['Germany', 128], ['Puerto-Rico', 109],
  ['Canada', 107], ['India', 100], ['El-Salvador', 100], ['Cuba', 92], ['England', 86], ['Jamaica', 80], ['South', 71], ['China', 68],
  ['Italy', 68], ['Dominican-Republic', 67], ['Vietnam', 64], ['Guatemala', 63], ['Japan', 59], ['Poland', 56], ['Columbia', 56],
  ['Iran', 42], ['Taiwan', 42], ['Haiti', 42], ['Portugal', 34], ['Nicaragua', 33], ['Peru', 30], ['Greece', 29], ['France', 27],
  ['Ecuador', 27], ['Ireland', 24], ['Hong', 19], ['Cambodia', 18], ['Trinadad&Tobago', 18], ['Laos', 17], ['Thailand', 17],
  ['Yugoslavia', 16], ['Outlying-US(Guam-USVI-etc)', 14], ['Hungary', 13], ['Honduras', 12], ['Scotland', 11], ['Holand-Netherlands', 1]];
const MARRIED_ADULT: Weighted = [['Married-civ-spouse', 5300], ['Never-married', 2000], ['Divorced', 1650], ['Separated', 330],
  ['Widowed', 300], ['Married-spouse-absent', 130], ['Married-AF-spouse', 8]];
const MARRIED_YOUNG: Weighted = [['Never-married', 880], ['Married-civ-spouse', 90], ['Divorced', 12], ['Separated', 10],
  ['Married-spouse-absent', 6], ['Married-AF-spouse', 2]];
const MARRIED_OLD: Weighted = [['Married-civ-spouse', 560], ['Widowed', 230], ['Divorced', 120], ['Never-married', 50],
  ['Separated', 20], ['Married-spouse-absent', 20]];
// age bands of five years from 17 (17-19, 20-24, …, 85-90) with their share
const AGE_BANDS: ReadonlyArray<readonly [number, number, number]> = [[17, 19, 45], [20, 24, 95], [25, 29, 120], [30, 34, 130],
  [35, 39, 130], [40, 44, 120], [45, 49, 105], [50, 54, 80], [55, 59, 60], [60, 64, 45], [65, 69, 25], [70, 74, 12], [75, 79, 6],
  [80, 90, 4]];

/** ARX's hierarchies for the adult set (adult_hierarchy_*.csv). */
export const CENSUS_TABLES: Record<string, Record<string, string[]>> = {
  education: Object.fromEntries(EDUCATION.map(([v]) => [v,
    ['Bachelors', 'Some-college'].includes(v) ? ['Undergraduate', 'Higher education']
      : ['Prof-school', 'Assoc-acdm', 'Assoc-voc'].includes(v) ? ['Professional Education', 'Higher education']
        : ['Masters', 'Doctorate'].includes(v) ? ['Graduate', 'Higher education']
          : ['1st-4th', '5th-6th', 'Preschool'].includes(v) ? ['Primary School', 'Primary education'] : ['High School', 'Secondary education']])),
  'marital-status': Object.fromEntries(MARRIED_ADULT.map(([v]) => [v, [v === 'Married-civ-spouse' || v === 'Married-AF-spouse' ? 'spouse present' : 'spouse not present']])),
  'native-country': Object.fromEntries(COUNTRY.map(([v]) => [v, [
    ['United-States', 'Puerto-Rico', 'Canada', 'Outlying-US(Guam-USVI-etc)', 'Cuba', 'Honduras', 'Jamaica', 'Mexico', 'Dominican-Republic',
      'Haiti', 'Guatemala', 'El-Salvador'].includes(v) ? 'North America'
      : ['Cambodia', 'India', 'Japan', 'China', 'Iran', 'Philippines', 'Vietnam', 'Laos', 'Taiwan', 'Thailand', 'Hong'].includes(v) ? 'Asia'
        : ['Ecuador', 'Columbia', 'Nicaragua', 'Trinadad&Tobago', 'Peru'].includes(v) ? 'South America' : v === 'South' ? 'Africa' : 'Europe']])),
  workclass: Object.fromEntries(WORKCLASS.map(([v]) => [v, [v.endsWith('-gov') ? 'Government' : v === 'Without-pay' ? 'Unemployed' : 'Non-Government']])),
  occupation: Object.fromEntries(OCCUPATION.map(([v]) => [v, [
    ['Tech-support', 'Craft-repair', 'Prof-specialty', 'Machine-op-inspct'].includes(v) ? 'Technical'
      : ['Sales', 'Exec-managerial', 'Handlers-cleaners'].includes(v) ? 'Nontechnical' : 'Other']])),
};

/** The adult set's nine quasi-identifiers with ARX's hierarchies (lattice 5·2·2·3·4·3·3·3·2 = 12,960). */
export const CENSUS_QIS: QuasiIdentifier[] = [
  { field: 'age', hierarchy: 'numeric', widths: [5, 10, 20], topCode: 0 },
  { field: 'sex', hierarchy: 'category' },
  { field: 'race', hierarchy: 'category' },
  { field: 'marital-status', hierarchy: 'table', table: CENSUS_TABLES['marital-status'] },
  { field: 'education', hierarchy: 'table', table: CENSUS_TABLES.education },
  { field: 'native-country', hierarchy: 'table', table: CENSUS_TABLES['native-country'] },
  { field: 'workclass', hierarchy: 'table', table: CENSUS_TABLES.workclass },
  { field: 'occupation', hierarchy: 'table', table: CENSUS_TABLES.occupation },
  { field: 'salary-class', hierarchy: 'category' },
];

const ASIA = new Set(Object.entries(CENSUS_TABLES['native-country']).filter(([, g]) => g[0] === 'Asia').map(([c]) => c));
// occupation weights by sex and by education (higher / not), workclass by occupation: the strongest dependencies
const FEMALE_OCC: Record<string, number> = { 'Adm-clerical': 2, 'Other-service': 1.6, 'Priv-house-serv': 4, 'Craft-repair': 0.15,
  'Transport-moving': 0.15, 'Farming-fishing': 0.25, 'Protective-serv': 0.3, 'Armed-Forces': 0, 'Handlers-cleaners': 0.35,
  'Machine-op-inspct': 0.7 };
const HIGHER_OCC: Record<string, number> = { 'Prof-specialty': 1.8, 'Exec-managerial': 1.4, 'Handlers-cleaners': 0.3,
  'Machine-op-inspct': 0.4, 'Craft-repair': 0.6, 'Farming-fishing': 0.5, 'Other-service': 0.5 };
const OCC_WORK: Record<string, Record<string, number>> = {
  'Protective-serv': { 'Local-gov': 12, 'State-gov': 6, 'Federal-gov': 4 },
  'Prof-specialty': { 'Local-gov': 2.5, 'State-gov': 2.5, 'Self-emp-not-inc': 1.5 },
  'Farming-fishing': { 'Self-emp-not-inc': 6, 'Self-emp-inc': 2 },
  'Exec-managerial': { 'Self-emp-inc': 3 },
};
const reweight = (w: Weighted, f: Record<string, number> | undefined): Weighted => (f ? w.map(([v, x]) => [v, x * (f[v] ?? 1)] as const) : w);

/** `count` census-like records (seeded). */
export function censusLikeRecords(count = 30_162, seed = 1994): Array<Record<string, unknown>> {
  const r = rng(seed);
  const pick = (w: Weighted): string => {
    let total = 0;
    for (const [, x] of w) total += x;
    let u = r() * total;
    for (const [v, x] of w) { u -= x; if (u < 0) return v; }
    return w[w.length - 1][0];
  };
  const bands: Weighted = AGE_BANDS.map(([, , x], i) => [String(i), x]);
  const occByGroup = new Map<string, Weighted>();
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const [lo, hi] = AGE_BANDS[Number(pick(bands))];
    const age = lo + Math.floor(r() * (hi - lo + 1));
    const male = r() < 0.676;
    const education = pick(EDUCATION);
    const marital = pick(age < 25 ? MARRIED_YOUNG : age >= 65 ? MARRIED_OLD : MARRIED_ADULT);
    const higher = CENSUS_TABLES.education[education][1] === 'Higher education';
    const country = pick(COUNTRY);
    const race = ASIA.has(country) && r() < 0.85 ? 'Asian-Pac-Islander'
      : ['Jamaica', 'Haiti', 'Trinadad&Tobago'].includes(country) && r() < 0.8 ? 'Black' : pick(RACE);
    const group = `${male ? 'm' : 'f'}${higher ? 'h' : 'o'}`;
    if (!occByGroup.has(group)) occByGroup.set(group, reweight(reweight(OCCUPATION, male ? undefined : FEMALE_OCC), higher ? HIGHER_OCC : undefined));
    const occupation = pick(occByGroup.get(group)!);
    const p = 0.04 + (marital === 'Married-civ-spouse' ? 0.3 : 0) + (higher ? 0.17 : 0) + (male ? 0.05 : 0) + (age >= 30 && age < 60 ? 0.05 : 0);
    out.push({ age, sex: male ? 'Male' : 'Female', race, 'marital-status': marital, education, 'native-country': country,
      workclass: pick(reweight(WORKCLASS, OCC_WORK[occupation])), occupation, 'salary-class': r() < p ? '>50K' : '<=50K' });
  }
  return out;
}

function benchKAnonymize(): void {
  const datasets = [
    { name: 'synthetic KDB-like', records: generateRecords(30_000, 7) as unknown as Array<Record<string, unknown>>, qis: SYNTHETIC_QIS },
    { name: 'census-like (adult)', records: censusLikeRecords(30_162, 1994), qis: CENSUS_QIS },
  ];
  const rows = [];
  for (const [sup, arx] of [[0, 20], [0.04, 600]] as const) {
    const refName = `ARX Flash ${sup * 100} %, adult 30,162 × 9 (reference)`;
    rows.push({ name: refName, value: arx, unit: 'ms' });
    for (const d of datasets) {
      const config = { quasiIdentifiers: d.qis, k: 5, suppressionLimit: sup };
      kAnonymize(d.records, config); // warm-up (the ARX figures are after JVM warm-up)
      const times: number[] = [];
      const searchTimes: number[] = [];
      let last: ReturnType<typeof kAnonymize>['report'] | undefined;
      for (let run = 0; run < 7; run++) {
        const t0 = process.hrtime.bigint();
        last = kAnonymize(d.records, config).report;
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        searchTimes.push(last.search.durationMs);
      }
      const label = `${sup * 100} %, ${d.name} ${d.records.length.toLocaleString('en-US')} × 9`;
      rows.push({ name: `k-anonymize ${label}: whole run`, value: median(times), unit: 'ms', baseline: refName });
      rows.push({ name: `k-anonymize ${label}: search only`, value: median(searchTimes), unit: 'ms', baseline: refName });
      console.log(`  ${sup * 100} % ${d.name}: ${last!.search.nodes} transformations, ${last!.search.evaluated} evaluated, `
        + `levels ${last!.levels.map((l) => l.level).join('')}, suppressed ${last!.suppressed}, classes ${last!.classes}, `
        + `relative loss ${last!.informationLoss.relative.toFixed(4)}`);
    }
  }
  report('k-anonymize: ~30,000 records × 9 quasi-identifiers, k = 5 (lib; whole run = encoding + search + output records '
    + 'and report; search only = the lattice search, comparable to ARX; median of 7 after a warm-up)', rows);
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
  if (!only || only === 'deidentify') benchDeidentify();
  if (!only || only === 'k-anonymize') benchKAnonymize();
  if (!only || only === 'memory') benchMemory();
}
