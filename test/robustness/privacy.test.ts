// The privacy nodes (civic-csv, deidentify, k-anonymize) under malformed files, records and configs. Every
// personal value carries the marker PII_MARK; no log line, console line, status text or error text may contain it.
import assert from 'assert';
import fc from 'fast-check';
import civicCsv from '../../nodes/civic-csv/civic-csv';
import deidentify from '../../nodes/civic-deidentify/civic-deidentify';
import kAnonymize from '../../nodes/civic-k-anonymize/civic-k-anonymize';
import { generateRecords, SYNTHETIC_TABLES } from '../../lib/privacy';
import { robustnessSuite, personal, garbage, MARK, type Msg } from './fuzz';

/** Synthetic records with a marker in every free-text or identifying value. */
function markedRecords(count: number, seed: number): Array<Record<string, unknown>> {
  return generateRecords(count, seed).map((r, i) => ({
    ...r, personId: `${MARK}id${seed}-${i}`, name: `${MARK}${r.name}`, phone: `${MARK}${r.phone}`, note: `${MARK}${r.note}`,
    postcode: `${MARK}${r.postcode}`,
  }));
}
const noMark = (v: unknown) => assert.ok(!JSON.stringify(v).includes(MARK), `personal value in the output: ${JSON.stringify(v).slice(0, 200)}`);

// a record whose fields are personal values, dates gone wrong, or garbage
const field = fc.oneof({ weight: 3, arbitrary: personal }, { weight: 1, arbitrary: fc.constantFrom('1980-02-30', 'H99/1/1', '令和元年13月1日', '', '0') },
  { weight: 1, arbitrary: garbage });
const record = fc.record({ personId: field, name: field, myNumber: field, birthDate: field, address: field, sex: field, note: field,
  age: field, diagnosis: field, phone: field }, { requiredKeys: [] });
const records = fc.oneof(record, fc.array(record, { maxLength: 12 }));

// CSV text: cells with personal values, quotes, delimiters and line breaks in the wrong places
const cell = fc.oneof(personal, fc.constantFrom('"', '""', '"a"b', ',', '\r\n', '\n', '\u0000', '', ' "x" '), fc.string({ maxLength: 8 }));
const csvText = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 10 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
const csvInput = fc.oneof(csvText, csvText.map((t) => Buffer.from(t)), csvText.map((t) => Buffer.from(`\ufeff${t}`)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)));

robustnessSuite({
  type: 'civic-csv', module: civicCsv, outputs: 1, privacy: true,
  config: { encoding: 'auto', header: true },
  valid: (n: number): Msg[] => [{ payload: Buffer.from(`氏名,年齢,メモ\r\n${MARK}山田${n},${30 + (n % 50)},"${MARK}連絡先, 090"\r\n`) }],
  values: csvInput,
  ready: (outs) => outs[0].length >= 1,
  verify: (outs, n) => {
    const m = outs[0][0] as { payload: Array<Record<string, string>>; encoding: string };
    assert.deepStrictEqual(m.payload, [{ 氏名: `${MARK}山田${n}`, 年齢: String(30 + (n % 50)), メモ: `${MARK}連絡先, 090` }]);
    assert.strictEqual(m.encoding, 'utf-8');
  },
});

const RULES = [
  { field: 'personId', category: 'linkId', action: 'preset' }, { field: 'name', category: 'name', action: 'preset' },
  { field: 'myNumber', category: 'identifier', action: 'preset' }, { field: 'birthDate', category: 'birthDate', action: 'preset' },
  { field: 'address', category: 'address', action: 'preset' }, { field: 'sex', category: 'sex', action: 'preset' },
  { field: 'note', category: 'freeText', action: 'preset' },
];

robustnessSuite({
  type: 'civic-deidentify', module: deidentify, outputs: 2, privacy: true,
  config: { preset: 'appi-anonymous', rules: RULES },
  // APPI 匿名加工 needs the whole run (rare values): the valid message is a run of its own (an array), so records of
  // a stream that garbage left open are not mixed into it
  valid: (n: number): Msg[] => [{ payload: markedRecords(1, n + 1) }],
  values: records,
  ready: (outs) => outs[0].some((m) => Array.isArray((m as { payload: unknown }).payload)),
  verify: (outs) => {
    const m = outs[0].find((x) => Array.isArray((x as { payload: unknown }).payload)) as { payload: Array<Record<string, string>> };
    assert.strictEqual(m.payload.length, 1);
    assert.deepStrictEqual(Object.keys(m.payload[0]).sort(), ['address', 'birthDate', 'sex']);
    assert.match(m.payload[0].birthDate, /^\d{4}-\d{2}$/);
    noMark(m.payload);
  },
});

const QIS = [
  { field: 'age', hierarchy: 'age', widths: '' },
  { field: 'sex', hierarchy: 'category' },
  { field: 'address', hierarchy: 'address' },
  { field: 'diagnosis', hierarchy: 'table', table: JSON.stringify(SYNTHETIC_TABLES.diagnosis) },
];

robustnessSuite({
  type: 'civic-k-anonymize', module: kAnonymize, outputs: 2, privacy: true,
  config: { quasiIdentifiers: QIS, k: 2, suppressionLimit: 10, maxRecords: 2000 },
  valid: (n: number): Msg[] => [{ payload: markedRecords(30, n + 1).map(({ age, sex, address, diagnosis }) => ({ age, sex, address, diagnosis })) }],
  values: records,
  messageRuns: 60, configRuns: 25,
  ready: (outs) => outs[0].length >= 1 && outs[1].length >= 1,
  verify: (outs) => {
    const out = (outs[0][0] as { payload: Array<Record<string, unknown>> }).payload;
    const report = (outs[1][0] as { payload: Record<string, number> }).payload;
    assert.strictEqual(report.released + report.suppressed, 30);
    const sizes = new Map<string, number>();
    for (const r of out) { const key = JSON.stringify([r.age, r.sex, r.address, r.diagnosis]); sizes.set(key, (sizes.get(key) ?? 0) + 1); }
    assert.ok([...sizes.values()].every((s) => s >= 2), 'every released class has at least k = 2 records');
  },
});
