// Names taken from data or typed by users that are also Object.prototype's names ("__proto__", "constructor",
// "toString", "hasOwnProperty"). Plain `o[k] = v` with k "__proto__" sets the prototype (the value is lost, or the
// object inherits the data's object); `o[k]` with k "constructor" finds Object.prototype's function. Every case
// after the first (the helpers themselves) was seen failing on the code before its fix (the commit messages quote
// what each one showed).
import assert from 'assert';
import { setOwn, getOwn } from '../../../lib/util/own';
import { parseCsv } from '../../../lib/csv';
import { CsvRecordReader } from '../../../lib/privacy/csv-records';
import { Deidentifier } from '../../../lib/privacy/deidentify';
import { buildHierarchy } from '../../../lib/privacy/hierarchy';
import { SeriesClock, linesFromMessage } from '../../../lib/storage';
import { Linker } from '../../../lib/analysis';
import { mergeStates } from '../../../lib/partition';
import { KpiBoard, CITY_KPIS } from '../../../lib/kpi';
import { DailyAccumulator } from '../../../lib/agro';
import { compileRules, applyRules } from '../../../lib/formula';
import { unitsFor } from '../../../lib/metrics';
import { metricUnit } from '../../../lib/metrics/catalog';
import { unitOf } from '../../../lib/decode/values';
import { aggregate, buildCrossTab, crossTabSpec, designFrom } from '../../../lib/analysis';
import { openDataTable } from '../../../lib/wellness/opendata';
import { toRow } from '../../../lib/store/values';
import { unitText } from '../../../lib/cards';
import { parseAreas, areaOf } from '../../../lib/farm/generate';
import { AlertEngine, parseRules } from '../../../lib/alerts';
import { keyMapper } from '../../../lib/decode/mapping';
import { compilePlausibility } from '../../../lib/decode/plausibility';
import { growthModel } from '../../../lib/agro/growth';
import { rowsFromObjects } from '../../../lib/kpi/life-input';

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
/** An own, enumerable "__proto__" property and the ordinary prototype (nothing inherited from the data). */
function plainWithOwnProto(o: object, value: unknown): void {
  assert.strictEqual(Object.getPrototypeOf(o), Object.prototype);
  assert.ok(Object.keys(o).includes('__proto__'), `own keys: ${Object.keys(o).join(',')}`);
  assert.deepStrictEqual(Object.getOwnPropertyDescriptor(o, '__proto__')?.value, value);
}

describe('names that are Object.prototype\'s names', () => {
  it('setOwn / getOwn: own properties only, the prototype never changes', () => {
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', { polluted: true });
    setOwn(o, 'a', 1);
    plainWithOwnProto(o, { polluted: true });
    assert.strictEqual((o as { polluted?: boolean }).polluted, undefined);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(o)), json('{"__proto__":{"polluted":true},"a":1}'));
    assert.strictEqual(getOwn({}, 'constructor'), undefined);
    assert.strictEqual(getOwn(json('{"constructor":3}'), 'constructor'), 3);
  });

  it('csv: a header named __proto__ or constructor keeps its column', () => {
    const { rows } = parseCsv('__proto__,constructor,a\n1,2,3', { header: true });
    plainWithOwnProto(rows[0], '1');
    assert.deepStrictEqual(rows[0], json('{"__proto__":"1","constructor":"2","a":"3"}'));
    const reader = new CsvRecordReader('__proto__,a\n1,2');
    reader.read();
    plainWithOwnProto(reader.records[0], '1');
  });

  it('influx points: a field or tag named __proto__ is written', () => {
    const clock = new SeriesClock(() => 1_000, () => 0n);
    const opts = { measurement: 'm', precision: 'ms' as const, deviceTags: false, integers: false, clock };
    const [line] = linesFromMessage({ payload: [json('{"__proto__":1,"a":2}'), json('{"__proto__":"x"}')] }, opts);
    assert.match(line, /^m,__proto__=x __proto__=1,a=2 /);
  });

  it('deidentify: a kept unknown field named __proto__ stays a field, the output inherits nothing', () => {
    const d = new Deidentifier({ preset: 'custom', rules: [{ field: 'a', category: 'attribute', action: 'keep' }], unknownFields: 'keep' });
    const out = d.apply(json('{"a":"x","__proto__":{"polluted":1}}'), 2);
    plainWithOwnProto(out, { polluted: 1 });
    assert.strictEqual((out as { polluted?: number }).polluted, undefined);
  });

  it('deidentify rare values and k-anonymize tables: "constructor" is a value the table does not know', () => {
    const table = { 高血圧: ['循環器'] };
    const h = buildHierarchy({ field: '病名', hierarchy: 'table', table });
    assert.deepStrictEqual(['constructor', 'hasOwnProperty', '__proto__', 'zzz'].map((v) => h.generalize(v, 1)),
      ['constructor', 'hasOwnProperty', '__proto__', 'zzz']);
    const d = new Deidentifier({ preset: 'custom', rareThreshold: 2,
      rules: [{ field: '病名', category: 'attribute', action: 'rare', hierarchy: 'table', table }] });
    const out = ['constructor', 'hasOwnProperty', 'zzz', 'yyy'].map((v, i) => d.apply({ 病名: v }, i + 2));
    d.finishBatch(out);
    assert.deepStrictEqual(out.map((r) => r.病名), ['*', '*', '*', '*']);
  });

  it('deidentify: a policy output named toString is only in the records that have it', () => {
    const d = new Deidentifier({ preset: 'custom', rareThreshold: 2, missingFields: 'allow',
      rules: [{ field: 'b', category: 'attribute', action: 'rare', as: 'toString' }, { field: 'a', category: 'attribute', action: 'keep' }] });
    const out = [d.apply({ a: '1' }, 2), d.apply({ a: '2' }, 3)];
    d.finishBatch(out);
    assert.deepStrictEqual(out.map((r) => Object.keys(r)), [['a'], ['a']]);
  });

  it('record-link: a field named __proto__ stays a field of the linked record', () => {
    const l = new Linker({ key: 'proto-keys-test-key-000000000001', prefix: 'P-', length: 16 });
    const r = l.link([json('{"宛名番号":"1000001","__proto__":{"polluted":1},"bmi":22}')], 'kdb', { idFields: [{ field: '宛名番号', kind: 'atena' }] });
    plainWithOwnProto(r.linked[0], { polluted: 1 });
  });

  it('partition: devices named constructor and __proto__ keep their state in a merge', () => {
    const merged = mergeStates([{ version: 1, devices: json('{"constructor":{"n":1},"__proto__":{"n":2},"a":{"n":3}}') }]) as { devices: object };
    assert.deepStrictEqual(Object.keys(merged.devices).sort(), ['__proto__', 'a', 'constructor']);
    plainWithOwnProto(merged.devices, { n: 2 });
  });

  it('kpi-progress: a KPI with the id constructor gets its value, history and board row', () => {
    const def = { ...CITY_KPIS[2], id: 'constructor' };
    const board = new KpiBoard([def]);
    board.update('constructor', 4, '2025-05-01T09:00:00+09:00', 0);
    assert.deepStrictEqual(board.history('constructor').map((h) => h.value), [4]);
    assert.strictEqual(board.board('en')[0].value, 4);
    assert.ok(!Object.hasOwn(Object, '2025'), 'nothing was written onto Object');
  });

  it('agri daily means: a mean metric named constructor is averaged (and Object is left alone)', () => {
    const acc = new DailyAccumulator({ timeZone: 'UTC', meanMetrics: ['constructor'] });
    const t0 = Date.parse('2025-06-01T00:00:00Z');
    acc.add('gh', t0 + 3600_000, { constructor: 4 });
    acc.add('gh', t0 + 7200_000, { constructor: 6 });
    const [day] = acc.add('gh', t0 + 86_400_000 + 60_000, { constructor: 1 });
    assert.strictEqual((day.payload as Record<string, unknown>).constructorMean, 5);
    assert.ok(!Object.hasOwn(Object, '0'), 'nothing was written onto Object');
  });

  it('formula: a result named __proto__ is in the values', () => {
    const rules = compileRules([{ name: '__proto__', operation: 'linear', x: 'a', a: 2, b: 0, unit: 'mm' }]);
    const r = applyRules(rules, { a: 3 });
    plainWithOwnProto(r.values, 6);
    plainWithOwnProto(r.units, 'mm');
  });

  it('units: a metric named toString or constructor has no unit (not Object.prototype\'s function)', () => {
    assert.deepStrictEqual(unitsFor({ toString: 1, constructor: 2, airTemperature: 20 }), { airTemperature: unitsFor({ airTemperature: 1 }).airTemperature });
    assert.strictEqual(unitOf('toString', undefined), undefined);
    assert.strictEqual(metricUnit('constructor', 'en'), '');
  });

  it('record-link: an id field named toString that the records lack links nobody (not everyone to one person)', () => {
    const l = new Linker({ key: 'proto-keys-test-key-000000000001', prefix: 'P-', length: 16 });
    const r = l.link([{ a: 1 }, { a: 2 }], 'kdb', { idFields: [{ field: 'toString', kind: 'atena' }, { field: 'valueOf', kind: 'care' }] });
    assert.deepStrictEqual([r.report.linked, r.report.unlinked], [0, 2]);
  });

  it('cross-tab: a dimension named constructor that the records lack is unknown, not Object\'s source text', () => {
    const spec = crossTabSpec({ dimensions: [{ field: 'constructor' }, { field: 'zzz' }], outcome: '', threshold: 1 });
    const [g] = aggregate([{ a: 1 }], spec);
    assert.deepStrictEqual(g.key[0], g.key[1]);
  });

  it('open data: a dimension named constructor without a label keeps its name as the column header', () => {
    const spec = crossTabSpec({ dimensions: [{ field: 'constructor' }, { field: 'sex' }], outcome: '', threshold: 1 });
    const records = ['a', 'b'].flatMap((c) => ['男', '女'].map((sex) => json(`{"constructor":"${c}","sex":"${sex}"}`)));
    const od = openDataTable(buildCrossTab(aggregate(records, spec), spec), { code: '17207', prefecture: '石川県', municipality: '羽咋市', asOf: '', title: 't', labels: { sex: '性別' } });
    assert.deepStrictEqual(od.columns.slice(4, 6), ['constructor', '性別']);
  });

  it('risk model: a predictor named toString that a record lacks leaves the record out', () => {
    const d = designFrom([{ y: 1 }, { y: 0, toString: '男' }], [{ field: 'toString', label: '', type: 'level', level: '男' }], 'y');
    assert.deepStrictEqual([d.X, d.dropped], [[[1]], 1]);
  });

  it('store write: a column named constructor that the record lacks is empty, not Object\'s source text', () => {
    const kind = { name: 'k', columns: [{ name: 'constructor', type: 'text' }, { name: 'a', type: 'text' }] } as never;
    assert.deepStrictEqual(toRow(kind, { a: 'x' }, 1, { unknownFields: 'ignore' } as never), [null, 'x']);
  });

  it('cards: a unit named toString is written as it is', () => {
    assert.strictEqual(unitText('toString', 'ja'), 'toString');
  });

  it('farm areas: a house named __proto__ keeps its area, a house named constructor without one gets the default', () => {
    const areas = parseAreas('__proto__=500, a=2');
    plainWithOwnProto(areas, 500);
    assert.deepStrictEqual([areaOf(areas, 'constructor'), areaOf(areas, '__proto__'), areaOf(areas, 'a')], [1000, 500, 2]);
  });

  it('alerts per site: devices named __proto__ and constructor alert like any device, and nothing lands on Object', () => {
    const NOON = Date.parse('2025-06-02T12:00:00+09:00');
    const states = (device: string) => {
      const e = new AlertEngine(parseRules([{ id: 'hot', metric: 'airTemperature', condition: 'above', threshold: 30, recovery: 29, scope: 'site' }]), { now: () => NOON });
      return [33, 34, 25].flatMap((v, m) => e.ingest({ deviceId: device, site: 'east', timestamp: NOON + m * 60000, payload: { airTemperature: v } }).events)
        .map((x) => x.payload.state);
    };
    const expected = states('gauge-1');
    assert.deepStrictEqual([states('__proto__'), states('constructor')], [expected, expected]);
    assert.ok(!Object.hasOwn(Object.prototype, 'v') && !Object.hasOwn(Object, 'v'), 'nothing was written onto Object.prototype or Object');
  });

  it('decode key mapping: values named toString / valueOf get no unit from Object.prototype', () => {
    const map = keyMapper([{ from: 'a', to: 'valueOf' }]);
    const out = map({ values: { a: 1, toString: 2 }, units: {}, warnings: [] });
    assert.deepStrictEqual([out.values, Object.keys(out.units)], [{ valueOf: 1, toString: 2 }, []]);
  });

  it('growth models: a crop named constructor is an unknown crop (a translated error, not a model)', () => {
    assert.throws(() => growthModel('constructor'), { key: 'shared.farm.errors.unknownCrop' });
  });

  it('decode plausibility: an implausible value named toString is reported with its value only', () => {
    const check = compilePlausibility('flag', [{ metric: 'toString', min: 0, max: 1 }])!;
    const d = { values: { toString: 5 }, units: {}, warnings: [] as Array<{ params: Record<string, unknown> }> };
    check(d as never);
    assert.strictEqual(d.warnings[0].params.value, '5');
  });

  it('life table input: a chosen column named constructor that the table lacks is empty', () => {
    const [row] = rowsFromObjects([{ age: '0-4', population: 100, deaths: 1 }], { institutionalised: 'constructor' });
    assert.strictEqual(row.institutionalised, undefined);
  });
});
