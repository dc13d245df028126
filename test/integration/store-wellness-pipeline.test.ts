// The wellness pipeline on a real DuckDB file with 20,000 synthetic residents: link the four sources, store them,
// build the person-level dataset, fit the risk model — it must recover the generator's known effects within their
// confidence intervals — and scan every stored value for a clear personal value (none may be found).
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { RecordStore } from '../../lib/store';
import { Linker, fitLogistic, designFrom, normalizeName, type LinkConfig, type SourceReport, type Predictor } from '../../lib/analysis';
import { generateTown, KNOWN_EFFECTS, toWareki, WELLNESS_KINDS, SOURCE_LINKS, SOURCE_KINDS, type Town } from '../../lib/wellness';

const KEY = 'pipeline-test-key-0000000000001';
export const PREDICTORS: Predictor[] = [
  { field: 'age', label: '年齢', type: 'number' }, { field: 'sex', label: '男性', type: 'level', level: '男' },
  { field: 'exercise', label: '運動習慣', type: 'yes' }, { field: 'outings', label: '外出日数', type: 'number' },
  { field: 'social', label: '社会参加', type: 'yes' }, { field: 'walk_slow', label: '歩行速度低下', type: 'yes' },
  { field: 'chewing', label: '咀嚼困難', type: 'yes' }, { field: 'forgetful', label: '物忘れ', type: 'yes' },
  { field: 'bmi', label: 'BMI', type: 'number' }, { field: 'sbp', label: '収縮期血圧', type: 'number' },
  { field: 'hba1c', label: 'HbA1c', type: 'number' }, { field: 'smoker', label: '喫煙', type: 'yes' },
];
/** The generator's effects per unit of each predictor above (sbp: per mmHg). */
const TRUE_EFFECTS = [KNOWN_EFFECTS.age, KNOWN_EFFECTS.male, KNOWN_EFFECTS.exercise, KNOWN_EFFECTS.outings, KNOWN_EFFECTS.social,
  KNOWN_EFFECTS.walk_slow, KNOWN_EFFECTS.chewing, KNOWN_EFFECTS.forgetful, KNOWN_EFFECTS.bmi, KNOWN_EFFECTS.sbp10 / 10,
  KNOWN_EFFECTS.hba1c, KNOWN_EFFECTS.smoker];

describe('integration: wellness pipeline on a DuckDB file (20,000 synthetic residents)', function () {
  this.timeout(300000);
  let dir: string;
  let store: RecordStore;
  let town: Town;
  const reports: SourceReport[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-pipeline-'));
    store = await RecordStore.open({ backend: 'duckdb', file: path.join(dir, 'records.duckdb'), pseudonym: { key: KEY } });
    town = generateTown({ residents: 20000, seed: 20260401 });
    const linker = new Linker({ key: KEY, prefix: 'P-', length: 16 });
    // claims are left out here (80,000 rows that the model does not use): the store tests cover writing them
    for (const source of ['checkups', 'survey', 'care'] as const) {
      const result = linker.link(town[source], source, SOURCE_LINKS[source] as unknown as LinkConfig);
      reports.push(result.report);
      await store.write(WELLNESS_KINDS[SOURCE_KINDS[source]], result.linked, source);
      await store.saveLinkIndex(result.added, source);
    }
  });
  after(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('links every source: numbers first, then mapped numbers, then name + birth date + sex', () => {
    const by = Object.fromEntries(reports.map((r) => [r.source, r]));
    assert.strictEqual(by.checkups.linked, town.checkups.length);
    assert.ok(by.survey.byNameBirthSex > 100, JSON.stringify(by.survey));            // 15 % came without 宛名番号
    assert.ok(by.care.byMappedNumber > 100 && by.care.byNameBirthSex > 100, JSON.stringify(by.care));
    for (const r of reports) assert.strictEqual(r.linked + r.unlinked + r.ambiguous, r.records);
  });

  it('recovers the known effects of the generator within the 95 % confidence intervals', async () => {
    const rows = await store.dataset({
      base: { kind: 'survey', dateColumn: 'answered_on', columns: ['age', 'sex', 'exercise', 'outings', 'social', 'walk_slow', 'chewing', 'forgetful'] },
      joins: [{ kind: 'checkup', dateColumn: 'checked_on', columns: ['bmi', 'sbp', 'hba1c', 'smoker'] }],
      outcome: { kind: 'care', dateColumn: 'certified_on', years: 3, name: 'certified', excludePrior: true },
    });
    const { X, y } = designFrom(rows, PREDICTORS, 'certified');
    assert.ok(X.length > 2500, `${X.length} complete cases`);
    const fit = fitLogistic(X, y, { names: PREDICTORS.map((p) => p.field) });
    assert.ok(fit.converged && !fit.separation);
    const misses = fit.coefficients.slice(1).map((c, i) => ({ c, truth: TRUE_EFFECTS[i] }))
      .filter(({ c, truth }) => truth < c.ciLow || truth > c.ciHigh).map(({ c, truth }) => `${c.name}: ${truth} outside [${c.ciLow}, ${c.ciHigh}]`);
    assert.deepStrictEqual(misses, []);
    assert.ok(fit.auc > 0.7, `AUC ${fit.auc}`);
  });

  it('holds no clear personal value anywhere in the store (every column of every table, as text)', async () => {
    const tables = (await store.db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).map((r) => String(r.table_name));
    assert.ok(tables.includes('r_survey') && tables.includes('civic_link_index'));
    const clear = new Set<string>();
    for (const r of town.residents) {
      clear.add(r.atena); clear.add(r.insured); if (r.care) clear.add(r.care);
      clear.add(r.birth); clear.add(toWareki(r.birth)); clear.add(normalizeName(r.kana)); clear.add(r.kana);
    }
    let values = 0;
    const found: string[] = [];
    for (const t of tables) {
      // text and date columns: numbers in numeric columns (costs, steps) are measurements, not identifiers
      const cols = (await store.db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = '${t}' AND data_type IN ('VARCHAR', 'DATE')`))
        .map((r) => String(r.column_name));
      const rows = await store.db.query(`SELECT ${cols.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ')} FROM ${t}`);
      for (const row of rows) for (const v of Object.values(row)) {
        if (v === null) continue;
        values++;
        const s = String(v);
        const embedded = !/^(P-[0-9a-f]{16}|[0-9a-f-]{36}|[A-Za-z0-9_-]{43})$/.test(s) && [...s.matchAll(/\d{7,10}/g)].some((m) => clear.has(m[0]));
        if (clear.has(s) || embedded) found.push(`${t}: ${s.slice(0, 3)}…`);
      }
    }
    assert.ok(values > 100000, `${values} values scanned`);
    assert.deepStrictEqual(found.slice(0, 5), []);
  });
});
