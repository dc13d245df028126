// Cross-tabulation: the same groups from plain JS and from SQL, bands, and what the published table shows.
import assert from 'assert';
import { aggregate, aggregateSql, buildCrossTab, bandLabel, groupsFromRows, crossTabSpec } from '../../../lib/analysis';
import { RecordStore } from '../../../lib/store';
import { openDataTable, localGovernmentCode, csvText, encodeCsv } from '../../../lib/wellness/opendata';
import iconv from 'iconv-lite';

const spec = crossTabSpec({ dimensions: [{ field: 'district' }, { field: 'age', bands: '65,75' }, { field: 'sex' }], outcome: 'walk_slow', threshold: 10 });
function people(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let i = 0;
  for (const district of ['羽咋', '邑知']) for (const age of [60, 70, 80]) for (const sex of ['男', '女']) {
    const n = district === '邑知' && age === 80 && sex === '女' ? 4 : 20 + (i++ % 7);
    for (let k = 0; k < n; k++) out.push({ district, age: age + (k % 5), sex, walk_slow: k % 3 === 0 });
  }
  return out;
}

describe('analysis: cross-tab', () => {
  it('labels bands like the published tables do', () => {
    assert.deepStrictEqual([40, 65, 74, 75, 99].map((v) => bandLabel(v, [65, 75])), ['<65', '65-74', '65-74', '75+', '75+']);
  });

  it('groups the same in SQL (DuckDB) as in plain JS', async () => {
    const rows = people();
    const store = await RecordStore.open({ backend: 'duckdb', file: ':memory:' });
    try {
      const kind = await store.declareKind({ name: 'p', columns: [{ name: 'district', type: 'text' }, { name: 'age', type: 'integer' },
        { name: 'sex', type: 'text' }, { name: 'walk_slow', type: 'boolean' }] });
      await store.write(kind, rows);
      const sql = groupsFromRows(await store.db.query(aggregateSql(kind, spec)), spec);
      const js = aggregate(rows, spec);
      const norm = (g: typeof js) => g.map((x) => `${x.key.join('|')}:${x.n}:${x.events}`).sort();
      assert.deepStrictEqual(norm(sql), norm(js));
    } finally { await store.close(); }
  });

  it('publishes counts, events and rates with small cells and their complements hidden', () => {
    const t = buildCrossTab(aggregate(people(), spec), spec);
    assert.deepStrictEqual(t.columns, ['女', '男']);
    assert.deepStrictEqual(t.rows.map((r) => r.key.join(' ')), ['羽咋 <65', '羽咋 65-74', '羽咋 75+', '邑知 <65', '邑知 65-74', '邑知 75+']);
    const small = t.rows[5].cells[0];
    assert.deepStrictEqual(small, { n: null, events: null, rate: null, suppressed: true });
    assert.ok(t.suppression.counts.complementary >= 1);
    const published = t.table.filter((r) => r.n !== null);
    assert.ok(published.every((r) => (r.n as number) >= 10 || r.n === 0));
    assert.ok(t.table.filter((r) => r.events !== null).every((r) => (r.events as number) >= 10 || r.events === 0));
    const total = t.table.find((r) => r.district === '計' && r.age === '計' && r.sex === '計')!;
    assert.strictEqual(total.n, people().length);
  });

  it('turns a cross-tab into open-data rows with the 全国地方公共団体コード and empty suppressed values', () => {
    assert.strictEqual(localGovernmentCode('17207'), '172073');                     // 羽咋市
    assert.strictEqual(localGovernmentCode('13101'), '131016');                     // 千代田区
    const t = buildCrossTab(aggregate(people(), spec), spec);
    const od = openDataTable(t, { code: '17207', prefecture: '石川県', municipality: '羽咋市', asOf: '2024-03-31', title: 't',
      labels: { district: '地域名', age: '年齢階級', sex: '性別' }, eventsLabel: '歩行速度低下者数' });
    assert.deepStrictEqual(od.columns, ['全国地方公共団体コード', '都道府県名', '市区町村名', '基準日', '地域名', '年齢階級', '性別', '人数', '歩行速度低下者数', '割合', '秘匿']);
    const hidden = od.rows.find((r) => r[4] === '邑知' && r[5] === '75+' && r[6] === '女')!;
    assert.deepStrictEqual(hidden.slice(7), ['', '', '', 1]);
    const text = csvText(od.columns, od.rows);
    assert.deepStrictEqual([...encodeCsv(text, 'utf-8-bom').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.strictEqual(iconv.decode(encodeCsv(text, 'shift_jis'), 'CP932'), text);
    assert.throws(() => openDataTable({ kind: 'records' } as never, { code: '17207', prefecture: '', municipality: '', asOf: '', title: '' }),
      { key: 'civic-open-data.errors.notCrossTab' });
  });
});
