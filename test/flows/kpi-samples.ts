// The KPI board's sample life tables read back and computed here with the library, for the flow and browser tests:
// what the board shows must equal what the files give.
import fs from 'fs';
import path from 'path';
import { decodeBytes, parseCsv } from '../../lib/csv';
import { analyseTables, lifeTable, rowsFromObjects, type LifeTableRow, type TableResult, type YearComparison } from '../../lib/kpi';
import { root } from './ready-made';

/** Rows of a sample CSV as objects. */
export function csvRows(name: string): Array<Record<string, string>> {
  return parseCsv(decodeBytes(fs.readFileSync(path.join(root, 'flows', 'samples', name)), 'auto').text).rows as Array<Record<string, string>>;
}

const FIELDS = { prevalence: '制限あり割合', surveySize: '回答者数' };

/** The life table of one fiscal year of a sample file (survey prevalence, Sullivan, both variance terms). */
export function sampleTable(name: string, year: number): LifeTableRow[] {
  return lifeTable(rowsFromObjects(csvRows(name).filter((r) => Number(r['年度']) === year), FIELDS));
}

/** The analysis the flow's health-expectancy node makes of a sample file (its settings in scripts/flows/kpi.js). */
export function sampleAnalysis(name: string): { latest: TableResult; change: YearComparison } {
  const { results, comparisons } = analyseTables(csvRows(name), { preset: 'custom', fields: FIELDS, sex: 'total', ages: [0],
    asOf: new Date().toISOString(), fiscalYear: 2024, scenario: { prevalenceCut: 10, fromAge: 65 }, gain: 1 });
  return { latest: results[results.length - 1], change: comparisons[comparisons.length - 1] };
}
