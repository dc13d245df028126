// Compiled CayenneLPP layouts (lib/decode/lpp-plan.ts): the first frame of a layout takes the general path and
// compiles the layout, the next ones are read by it. Both must give the same reading, field for field and in the
// same key order, with their own objects per message, and fall back to the general path whenever it would warn.
import assert from 'assert';
import { execFileSync } from 'child_process';
import { createDecoder, type DecoderConfig } from '../../../lib/decode';

const NOW = Date.UTC(2026, 10, 24, 3, 0, 0);
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const GREENHOUSE_MAP = [{ from: '1', to: 'airTemperature' }, { from: '2', to: 'airHumidity' }, { from: '3', to: 'co2' }];

/** Decodes `frame` `times` times with one decoder; returns every reading. */
function readings(config: Partial<DecoderConfig>, frame: string, times = 3, ctx: Record<string, unknown> = {}): Array<Record<string, unknown>> {
  const d = createDecoder({ format: 'cayenne-lpp', ...config });
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < times; i++) out.push(d.decode(hex(frame), { topic: 'house-1/th-01', now: () => NOW, ...ctx }, { _msgid: `m${i}` }) as unknown as Record<string, unknown>);
  return out;
}

describe('CayenneLPP compiled layouts', () => {
  const cases: Array<[string, Partial<DecoderConfig>, string]> = [
    ['channel rows', { channelPreset: 'custom', mapping: GREENHOUSE_MAP }, '016700F102688F037D0264'],
    ['no naming', {}, '03670110056700FF'],
    ['a preset', { channelPreset: 'civic-greenhouse' }, '016700F102688F037D0264'],
    ['derived rows (minus, scale, unit)', { channelPreset: 'custom', mapping: [{ from: '2', to: 'waterLevel', formula: 'minus', offset: 4.2, unit: 'm' }, { from: 'temperature_1', to: 'tK', offset: 273.15, unit: 'K' }, { from: '3', to: 'lux', scale: 0.5 }] }, '016701100282000005DC03650101'],
    ['multi-axis types named by channel and by base key', { channelPreset: 'custom', mapping: [{ from: '1', to: 'position' }, { from: 'accelerometer_5', to: 'tilt' }] }, '01880A0B0C0D0E0F101112 057104D2FB2E0000'],
    ['signed power', { signedPower: true }, '0174FF9C0275FC18'],
    // the compiled reader writes names and units into generated source: quotes, backslashes, line separators and
    // index-like names must come out as the general path writes them (index-like keys enumerate first in both)
    ['names and units needing quotes in generated code', { channelPreset: 'custom', mapping: [{ from: '1', to: 'a"b\\c\u2028\'d' }, { from: '2', to: '7', unit: '"%\\' }, { from: '3', to: '${x}`', unit: '`ppm' }] }, '016700F102688F037D0264'],
    ['one value read twice (original and derived)', { channelPreset: 'custom', mapping: [{ from: '1', to: 'airTemperature' }, { from: '1', to: 'airTemperatureF', scale: 1.8, offset: 32, unit: '°F' }] }, '016700F1'],
  ];
  for (const [name, config, frame] of cases) {
    it(`reads a known layout exactly as the general path does: ${name}`, () => {
      const [first, ...rest] = readings(config, frame, 4, { fPort: 2, site: 'hakui', house: 'h1' });
      for (const r of rest) {
        assert.deepStrictEqual(r, { ...first, _msgid: r._msgid });
        assert.strictEqual(JSON.stringify({ ...r, _msgid: 0 }), JSON.stringify({ ...first, _msgid: 0 }), 'same key order');
      }
    });
  }

  it('gives every message its own payload, units, device, meta and warning list', () => {
    const [a, b, c] = readings({ channelPreset: 'custom', mapping: GREENHOUSE_MAP }, '016700F102688F037D0264');
    // a flow changing one message (agri-metrics adds units, a change node edits meta) must not change the next one
    (b.units as Record<string, string>).vpd = 'kPa';
    (b.payload as Record<string, number>).vpd = 1.2;
    (b.meta as { warnings: string[] }).warnings.push('edited');
    (b.device as Record<string, string>).site = 'edited';
    for (const r of [a, c]) {
      assert.deepStrictEqual(r.units, { airTemperature: '°C', airHumidity: '%', co2: 'ppm' });
      assert.deepStrictEqual(r.payload, { airTemperature: 24.1, airHumidity: 71.5, co2: 612 });
      assert.deepStrictEqual(r.meta, { source: 'cayenne-lpp', warnings: [] });
      assert.deepStrictEqual(r.device, { id: 'house-1/th-01' });
    }
    assert.notStrictEqual(a.payload, c.payload);
    assert.notStrictEqual(a.units, c.units);
  });

  it('flags or drops an implausible value of a known layout with its warning', () => {
    const d = createDecoder({ format: 'cayenne-lpp', channelPreset: 'custom', mapping: GREENHOUSE_MAP });
    const ok = d.decode(hex('016700F102688F037D0264'), { now: () => NOW });
    assert.deepStrictEqual(ok.meta.warnings, []);
    const hot = d.decode(hex('0167FC1802688F037D0264'), { now: () => NOW });       // −100.0 °C, same layout
    assert.deepStrictEqual(hot.meta.implausible, ['airTemperature']);
    assert.strictEqual(hot.meta.warnings.length, 1);
    const dropping = createDecoder({ format: 'cayenne-lpp', channelPreset: 'custom', mapping: GREENHOUSE_MAP, plausibility: 'drop' });
    dropping.decode(hex('016700F102688F037D0264'), { now: () => NOW });
    const dropped = dropping.decode(hex('016700F102688F037D2710'), { now: () => NOW });  // 10,000 ppm is the limit: kept
    assert.strictEqual(dropped.payload.co2, 10000);
    const over = dropping.decode(hex('016700F102688F037D2711'), { now: () => NOW });     // 10,001 ppm: dropped
    assert.deepStrictEqual(Object.keys(over.payload), ['airTemperature', 'airHumidity']);
    assert.strictEqual(over.meta.warnings.length, 1);
  });

  it('warns about a repeated or reserved name on every frame, not only on the first', () => {
    for (const mapping of [[{ from: '1', to: 'a' }, { from: '2', to: 'a' }], [{ from: '1', to: '__proto__' }, { from: '2', to: 'b' }]]) {
      for (const r of readings({ channelPreset: 'custom', mapping }, '016700F1026700F2')) {
        assert.strictEqual((r.meta as { warnings: string[] }).warnings.length, 1, JSON.stringify(mapping));
        assert.strictEqual(Object.getPrototypeOf(r.payload), Object.prototype);
      }
    }
  });

  it('tells layouts apart by their types, not only by their length, and keeps working past its layout limit', () => {
    const d = createDecoder({ format: 'cayenne-lpp' });
    const frames = ['03670110', '03730110', '0302FF9C', '03650110', '03740110', '03800110', '03670110'];
    const expected: Array<Record<string, number>> = [
      { temperature_3: 27.2 }, { barometer_3: 27.2 }, { analog_in_3: -1 }, { illuminance_3: 272 }, { voltage_3: 2.72 },
      { power_3: 272 }, { temperature_3: 27.2 },
    ];
    for (let round = 0; round < 3; round++) {
      frames.forEach((f, i) => assert.deepStrictEqual(d.decode(hex(f), { now: () => NOW }).payload, expected[i], `${round}: ${f}`));
    }
  });

  it('reads a known layout inside a network-server uplink the same way', () => {
    const d = createDecoder({ format: 'auto', channelPreset: 'custom', mapping: GREENHOUSE_MAP });
    const uplink = { end_device_ids: { device_id: 'th-01', dev_eui: '70B3D57ED0000001' },
      uplink_message: { f_port: 2, frm_payload: hex('016700F102688F037D0264').toString('base64'), received_at: '2026-11-24T03:00:00Z' } };
    const first = d.decode(uplink, { now: () => NOW });
    const second = d.decode(uplink, { now: () => NOW });
    assert.deepStrictEqual(second, first);
    assert.strictEqual(first.device.id, 'th-01');
    assert.deepStrictEqual(first.payload, { airTemperature: 24.1, airHumidity: 71.5, co2: 612 });
  });
});

describe('CayenneLPP compiled layouts without code generation', () => {
  // a process may refuse new Function (node --disallow-code-generation-from-strings): every frame then takes the
  // general path, with the same readings
  it('decodes the same readings when the process refuses code generation', function () {
    this.timeout(30000);
    const script = `const { createDecoder } = require(${JSON.stringify(require.resolve('../../../lib/decode'))});
      let refused = false; try { new Function('return 1'); } catch { refused = true; }
      const d = createDecoder({ format: 'cayenne-lpp', channelPreset: 'custom', mapping: ${JSON.stringify(GREENHOUSE_MAP)} });
      const out = [];
      for (let i = 0; i < 3; i++) out.push(d.decode(Buffer.from('016700F102688F037D0264', 'hex'), { topic: 'th', now: () => ${NOW} }, {}));
      process.stdout.write(JSON.stringify({ refused, out }));`;
    const child = JSON.parse(execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], { encoding: 'utf8' }));
    assert.strictEqual(child.refused, true, 'the child process refuses code generation');
    const d = createDecoder({ format: 'cayenne-lpp', channelPreset: 'custom', mapping: GREENHOUSE_MAP });
    const here = [0, 1, 2].map(() => d.decode(hex('016700F102688F037D0264'), { topic: 'th', now: () => NOW }, {}));
    assert.strictEqual(JSON.stringify(child.out), JSON.stringify(here));
  });
});
