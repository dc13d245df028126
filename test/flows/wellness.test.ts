// 健康データ匿名加工 run end to end by `npm start`: the sample KDB file fed at start and a file dropped into the
// watched inbox come out as de-identified CSVs with no original identifier, 5-anonymous, with a processing report;
// the internal pseudonymised copy uses the HMAC key that scripts/credentials.js stored encrypted.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { decodeBytes, parseCsv } from '../../lib/csv';
import { pseudonymize, generateRecords } from '../../lib/privacy';
import { waitFor } from '../helpers/wait';
import { filesIn, readJson, root, startReadyMade, wholeFileIn, type ReadyMade } from './ready-made';

 
const credentials = require(path.join(root, 'scripts', 'credentials.js'));
 
const { ANON_COLUMNS, QUASI_IDENTIFIERS, K } = require(path.join(root, 'scripts', 'flows', 'wellness.js'));
 
const iconv = require('iconv-lite');

type Row = Record<string, string>;

function readCsv(file: string): { columns: string[]; rows: Row[]; text: string } {
  const decoded = decodeBytes(fs.readFileSync(file), 'auto');
  const parsed = parseCsv(decoded.text);
  return { columns: parsed.columns ?? [], rows: parsed.rows as Row[], text: decoded.text };
}

/** Every original value that identifies a person, from the input file (names also without their space). */
function identifiers(input: Row[]): { whole: string[]; cells: Set<string> } {
  const whole = new Set<string>();
  const cells = new Set<string>();
  for (const r of input) {
    for (const f of ['氏名', '個人番号', '介護保険被保険者番号', '電話番号', '宛名番号', '住所']) {
      whole.add(r[f]);
      cells.add(r[f]);
    }
    whole.add(r['氏名'].replace(/[\s\u3000]/g, ''));
    for (const f of ['保険者番号', '郵便番号', '生年月日', '備考']) cells.add(r[f]);
  }
  return { whole: [...whole].filter((v) => v && v.length >= 2), cells };
}

/** Asserts the anonymous output of `input`: columns, no identifier, coarse values, k-anonymity. */
function checkAnonymous(outFile: string, input: Row[]): Row[] {
  const out = readCsv(outFile);
  assert.deepStrictEqual(out.columns, ANON_COLUMNS, 'only the published items');
  const ids = identifiers(input);
  for (const v of ids.whole) assert.ok(!out.text.includes(v), 'an original identifier is in the de-identified CSV');
  const towns = new Set(input.map((r) => r['住所'].replace(/^石川県(.+?郡)?.+?[市町村]/, '').replace(/[0-9-]+$/, '')).filter(Boolean));
  for (const t of towns) assert.ok(!out.text.includes(t), `an address below the municipality (${t}) is in the CSV`);
  for (const row of out.rows) {
    for (const [f, v] of Object.entries(row)) {
      if (f !== '医療費') assert.ok(!ids.cells.has(v), `column ${f} holds an original value`);
    }
    assert.match(row['生年月日'], /^(\d{4}-\d{2}|\d{4}|\*)$/, 'birth date finer than year-month');
    assert.match(row['年齢'], /^(\d+-\d+|90\+|\*)$/, 'age finer than a band');
    assert.match(row['郵便番号'], /^(\d{3}|\*)$/, 'postal code finer than 3 digits');
    assert.match(row['住所'], /^(石川県(.+?郡)?[^0-9]+?[市町村]|石川県|\*)$/, 'address finer than the municipality');
  }
  const classes = new Map<string, number>();
  for (const row of out.rows) {
    const key = JSON.stringify(QUASI_IDENTIFIERS.map((q: { field: string }) => row[q.field]));
    classes.set(key, (classes.get(key) ?? 0) + 1);
  }
  const smallest = Math.min(...classes.values());
  assert.ok(smallest >= K, `an equivalence class of ${smallest} < k = ${K}`);
  return out.rows;
}

describe('ready-made flow: 健康データ匿名加工 (wellness pipeline)', function () {
  this.timeout(90000);
  let demo: ReadyMade;
  const sample = readCsv(path.join(root, 'flows', 'samples', 'kdb-sample.csv')).rows;

  before(async () => { demo = await startReadyMade(); });
  after(async () => { if (demo) await demo.stop(); });

  it('de-identifies the sample fed at start: no original identifier, 5-anonymous, and a processing report', async () => {
    // each file once it is whole: the report parses, the CSV holds the rows the report says were released
    const { file: reportFile, value: report } = await wholeFileIn(demo.folders.reports, /^kdb-sample_加工記録_.*\.json$/,
      readJson as (f: string) => Record<string, any>, 'processing report');
    const reportText = fs.readFileSync(reportFile, 'utf8');
    const { file: outFile } = await wholeFileIn(demo.folders.outbox, /^kdb-sample_匿名加工_.*\.csv$/,
      (f) => (readCsv(f).rows.length === report.kAnonymize.released ? true : undefined), 'anonymous CSV, whole');
    assert.strictEqual(sample.length, 300);
    const released = checkAnonymous(outFile, sample);
    assert.strictEqual(report.kind, 'processing-report');
    assert.strictEqual(report.source, 'kdb-sample');
    assert.strictEqual(report.deidentify.preset, 'appi-anonymous');
    assert.strictEqual(report.deidentify.records, 300);
    assert.strictEqual(report.deidentify.failed, 0);
    assert.deepStrictEqual(report.deidentify.items.map((i: { field: string }) => i.field).sort(), Object.keys(sample[0]).sort());
    assert.strictEqual(report.kAnonymize.k, 5);
    assert.ok(report.kAnonymize.classSizes.min >= 5);
    assert.strictEqual(report.kAnonymize.released, released.length);
    assert.strictEqual(report.kAnonymize.released + report.kAnonymize.suppressed, 300);
    assert.ok(report.kAnonymize.suppressed <= 15, 'at most 5 % suppressed');
    for (const v of identifiers(sample).whole) assert.ok(!reportText.includes(v), 'an identifier is in the report');
    // the published rows are not in the input's order (the order would link back to the original file)
    assert.ok(released.every((r, i) => i === 0 || `${released[i - 1]['性別']}` <= `${r['性別']}`), 'rows sorted, not in input order');
  });

  it('the checks catch a leaked name, a full birth date and a class below k (so they can fail)', () => {
    const [outFile] = filesIn(demo.folders.outbox, /^kdb-sample_匿名加工_.*\.csv$/);
    const lines = iconv.decode(fs.readFileSync(outFile), 'CP932').split('\r\n');
    const variants = [
      lines.map((l: string, i: number) => (i === 1 ? l.replace(/^(男|女)/, sample[0]['氏名']) : l)),
      lines.map((l: string, i: number) => (i === 1 ? l.replace(/,(\d{4}-\d{2}|\d{4}|\*),/, ',1938-07-19,') : l)),
      [...lines.slice(0, 1), lines[1].replace(/^(男|女)/, '女').replace(/,[^,]*$/, ',1') .replace(/,\d+-\d+,|,90\+,|,\*,/, ',0-9,'), ...lines.slice(1)],
    ];
    const tmp = path.join(demo.folders.dir, 'check.csv');
    for (const v of variants) {
      fs.writeFileSync(tmp, iconv.encode(v.join('\r\n'), 'CP932'));
      assert.throws(() => checkAnonymous(tmp, sample), assert.AssertionError);
    }
  });

  it('makes the internal pseudonymised copy with the generated key from the encrypted credentials', async () => {
    // (whole: as many rows as the sample)
    const { value: out } = await wholeFileIn(demo.folders.internal, /^kdb-sample_仮名加工_.*\.csv$/,
      (f) => { const c = readCsv(f); return c.rows.length === 300 ? c : undefined; }, 'pseudonymised CSV, whole');
    assert.strictEqual(out.rows.length, 300);
    assert.ok(!out.columns.includes('氏名') && !out.columns.includes('電話番号'));
    const stored = credentials.readCredentials(demo.userDir, demo.secret);
    const key = stored['wl-pseudonymise']?.key;
    assert.match(key, /^[0-9a-f]{64}$/, 'a 256-bit key stored for the node');
    out.rows.forEach((row, i) => {
      assert.strictEqual(row['宛名番号'], pseudonymize(key, sample[i]['宛名番号']));
      assert.strictEqual(row['個人番号'], pseudonymize(key, sample[i]['個人番号']));
    });
    for (const r of sample) {
      assert.ok(!out.text.includes(r['個人番号']) && !out.text.includes(r['氏名']) && !out.text.includes(r['電話番号']));
    }
    // the key is in no flow file and not in the log
    for (const f of filesIn(path.join(root, 'flows'), /\.json$/)) assert.ok(!fs.readFileSync(f, 'utf8').includes(key));
    assert.ok(!fs.readFileSync(path.join(demo.userDir, 'flows.json'), 'utf8').includes(key));
    assert.ok(!demo.output().includes(key));
  });

  it('processes a Shift_JIS CSV dropped into the watched inbox', async () => {
    const records = generateRecords(400, 77).filter((r) => r.address.startsWith('石川県羽咋市') || r.address.includes('羽咋郡'));
    const columns = Object.keys(sample[0]);
    const fields = ['personId', 'name', 'sex', 'birthDate', 'age', 'postcode', 'address', 'phone', 'myNumber', 'insurerNumber',
      'careInsuredNumber', 'insurance', 'diagnosis', 'careLevel', 'visitDate', 'medicalCost', 'note'];
    const rows: Row[] = records.map((r) => Object.fromEntries(columns.map((c, i) => [c, String((r as unknown as Record<string, unknown>)[fields[i]])])));
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const text = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c])).join(','))].join('\r\n') + '\r\n';
    const tmp = path.join(demo.folders.dir, 'drop.tmp');
    fs.writeFileSync(tmp, iconv.encode(text, 'CP932'));
    fs.renameSync(tmp, path.join(demo.folders.inbox, '令和6年度_国保.csv'));
    const { value: report } = await wholeFileIn(demo.folders.reports, /^令和6年度_国保_加工記録_.*\.json$/,
      readJson as (f: string) => Record<string, any>, 'its report');
    const { file: outFile } = await wholeFileIn(demo.folders.outbox, /^令和6年度_国保_匿名加工_.*\.csv$/,
      (f) => (readCsv(f).rows.length === report.kAnonymize.released ? true : undefined), 'anonymous CSV of the dropped file, whole');
    const released = checkAnonymous(outFile, rows);
    assert.strictEqual(report.deidentify.records, rows.length);
    assert.strictEqual(report.kAnonymize.released, released.length);
  });

  it('leaves no temporary file in outbox, reports or internal: every output is saved whole by civic-file-save', async () => {
    const flows = JSON.parse(fs.readFileSync(path.join(root, 'flows', 'wellness.json'), 'utf8')) as Array<Record<string, unknown>>;
    assert.deepStrictEqual(flows.filter((n) => n.type === 'file').map((n) => n.name), [], 'no core file node writes in place');
    assert.strictEqual(flows.filter((n) => n.type === 'civic-file-save').length, 4);
    const temporary = (dirs: string[]) => dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.tmp')));
    const outputs = [demo.folders.outbox, demo.folders.reports, demo.folders.internal];
    // the tests above waited for the outputs they read; the others of the same runs may still be being written, so
    // wait until all four outputs of both runs have their final names (a rename: after it no temporary file is left)
    for (const run of ['kdb-sample', '令和6年度_国保']) {
      for (const [dir, kind] of [[demo.folders.outbox, '匿名加工_.*\\.csv'], [demo.folders.reports, '加工記録_.*\\.json'],
        [demo.folders.internal, '仮名加工_.*\\.csv'], [demo.folders.reports, '仮名加工記録_.*\\.json']] as const) {
        await wholeFileIn(dir, new RegExp(`^${run}_${kind}$`), () => true, `${run}: ${kind}`);
      }
    }
    // a temporary file that outlives its write (a save that failed or never finished) makes this wait fail
    await waitFor(() => (temporary(outputs).length === 0 ? true : undefined), 'no temporary file left in the output folders', 30000);
    assert.deepStrictEqual(temporary(outputs), []);
    // (the check can fail: a stray temporary file is found)
    const stray = fs.mkdtempSync(path.join(demo.folders.dir, 'stray-'));
    fs.writeFileSync(path.join(stray, '.x.csv.0123456789ab.tmp'), 'half');
    assert.deepStrictEqual(temporary([stray]), ['.x.csv.0123456789ab.tmp']);
  });

  it('never overwrites stored credentials, and refuses a wrong secret', () => {
    const file = credentials.credentialsFile(demo.userDir);
    const before = fs.readFileSync(file, 'utf8');
    const flows = JSON.parse(fs.readFileSync(path.join(root, 'flows', 'wellness.json'), 'utf8'));
    assert.deepStrictEqual(credentials.ensureReadyMadeCredentials(demo.userDir, demo.secret, flows), []);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), before);
    assert.throws(() => credentials.ensureReadyMadeCredentials(demo.userDir, 'not-the-secret', flows), /cannot be decrypted/);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), before);
    assert.strictEqual(fs.statSync(file).mode & 0o077, 0, 'credentials file readable by its owner only');
  });
});
