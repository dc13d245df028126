// civic-alert in the real runtime, as a user of any field sees it: a freshly placed node (no rules, no greenhouse
// words), properties chosen in the dialog, acknowledge / snooze / mute by message, e-mail to a real SMTP server,
// and a node saved by 0.1.0 (greenhouse-alert) that keeps working.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import vm from 'vm';
import alertNode from '../../nodes/civic-alert/civic-alert';
import { helper, withCatalog, flow, collect, nodeById, nextError, until } from '../helpers/node-red';
import { quiet } from '../helpers/wait';
import { startSmtp } from '../helpers/smtp';
import { freePort } from '../helpers/servers';
import { validate } from '../../lib/schemas';

const MIN = 60000;
const NOON = Date.parse('2025-06-02T12:00:00+09:00');
// the table of open alerts goes out at most every 100 ms during a burst: wait a little longer than that, then for
// the deliveries already under way (a bare timer can end first on a busy loop, before the table or event lands)
const settle = () => quiet(150);
const root = path.join(__dirname, '..', '..', '..');
const LEVEL = { id: 'level', metric: 'waterLevel', condition: 'above', threshold: 1.7, recovery: 1.65, severity: 'warning' };

/** The editor's defaults of the node, read by running its editor script against a stand-in RED. */
function editorDefaults(): Record<string, unknown> {
  const html = fs.readFileSync(path.join(root, 'nodes', 'civic-alert', 'civic-alert.html'), 'utf8');
  const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)![1];
  let def: { defaults: Record<string, { value: unknown }> } | undefined;
  const RED = { nodes: { registerType: (_t: string, d: typeof def) => { def = d; } }, validators: { regex: () => () => true } };
  const CivicEditor = { validators: { number: () => () => true } };
  vm.runInNewContext(script, { RED, window: { CivicEditor }, $: () => ({}) });
  // through JSON: arrays made in the other realm are not Arrays here
  return JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(def!.defaults).map(([k, v]) => [k, v.value]))));
}

const GREENHOUSE_WORDS = /ハウス|温室|作物|greenhouse|crop|\bhouse/i;

describe('civic-alert node: a new field, not only greenhouses', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  it('a freshly placed node has no rules, no greenhouse words, and says "no rules" without failing', async () => {
    const defaults = editorDefaults();
    assert.deepStrictEqual([defaults.rules, defaults.preset, defaults.version, defaults.siteProperty], [[], '', 2, 'device.site']);
    for (const lang of ['ja', 'en-US']) {
      const catalog = JSON.parse(fs.readFileSync(path.join(root, 'nodes', 'civic-alert', 'locales', lang, 'civic-alert.json'), 'utf8'))['civic-alert'];
      // preset names may name their field; everything else the dialog, palette and status show must not
      const { preset: _p, presetField: _f, ...shown } = catalog;
      const words = JSON.stringify(shown).match(GREENHOUSE_WORDS);
      assert.strictEqual(words, null, `${lang}: "${words?.[0]}" in the dialog texts`);
    }
    await helper.load(withCatalog('civic-alert', alertNode, 'ja'), flow({ id: 'a', type: 'civic-alert', ...defaults, wires: [['ev'], ['tb']] },
      { id: 'ev', type: 'helper' }, { id: 'tb', type: 'helper' }));
    const a = nodeById('a');
    assert.deepStrictEqual(a.status.lastCall.args[0], { fill: 'yellow', shape: 'ring', text: 'ルールがありません' });
    const events = collect('ev');
    a.receive({ payload: { waterLevel: 5 }, device: { id: 'gauge-1' } });
    await settle();
    assert.deepStrictEqual(events, []);
    assert.strictEqual(a.error.callCount, 0);
  });

  it('reads the readings, device and site from the properties chosen in the dialog', async () => {
    await helper.load(withCatalog('civic-alert', alertNode, 'ja'), flow({ id: 'a', type: 'civic-alert', version: 2, lang: 'ja',
      property: 'data.values', deviceProperty: 'meta.gauge', siteProperty: 'meta.river', rules: [{ ...LEVEL, scope: 'site' }], wires: [['ev'], ['tb']] },
    { id: 'ev', type: 'helper' }, { id: 'tb', type: 'helper' }));
    const events = collect<any>('ev');
    const tables = collect<any>('tb');
    nodeById('a').receive({ data: { values: { waterLevel: 1.82 } }, meta: { gauge: 'g-7', river: '羽咋川' }, timestamp: NOON });
    await settle();
    assert.deepStrictEqual(events.map((e) => [e.topic, e.payload.site, e.payload.message]),
      [['alert/羽咋川/level', '羽咋川', '【警報】羽咋川: 水位が1.7mを超えています（現在 1.82m）']]);
    assert.deepStrictEqual(nodeById('a').status.lastCall.args[0], { fill: 'red', shape: 'dot', text: '警報 1件' });
    assert.strictEqual(tables.at(-1).payload.length, 1);
    const err = nextError('a');
    nodeById('a').receive({ payload: { waterLevel: 3 } });
    assert.strictEqual(await err, 'msg.data.values は計測値のオブジェクトにしてください (受信: undefined)');
  });

  it('acknowledge with a comment, snooze and mute by message; the table and status say so', async () => {
    await helper.load(withCatalog('civic-alert', alertNode, 'en-US'), flow({ id: 'a', type: 'civic-alert', version: 2, lang: 'en-US',
      rules: [{ ...LEVEL, repeatMinutes: 10 }], wires: [['ev'], ['tb']] }, { id: 'ev', type: 'helper' }, { id: 'tb', type: 'helper' }));
    const a = nodeById('a');
    const events = collect<any>('ev');
    const tables = collect<any>('tb');
    const level = (m: number, v: number, id = 'gauge-1') => a.receive({ payload: { waterLevel: v }, device: { id }, timestamp: NOON + m * MIN });
    level(0, 1.8);
    level(0, 1.9, 'gauge-2');
    await settle();
    const [g1, g2] = events.map((e) => e.payload.id);
    a.receive({ topic: 'ack', payload: { id: g1, by: 'Sato', comment: 'gate closed' }, timestamp: NOON + MIN });
    a.receive({ topic: 'snooze', payload: { id: g2, minutes: 30 }, timestamp: NOON + MIN });
    await settle();
    assert.deepStrictEqual(events.slice(2).map((e) => [e.payload.state, e.payload.acknowledged?.comment, e.payload.snoozedUntil]),
      [['acknowledged', 'gate closed', undefined], ['snoozed', undefined, NOON + 31 * MIN]]);
    assert.match(events[2].payload.message, /\(acknowledged by Sato: gate closed\)$/);
    for (const e of events) assert.ok(validate('alert.message', e).ok, JSON.stringify(validate('alert.message', e)));
    level(15, 1.9, 'gauge-2');        // snoozed: no repeat
    await settle();
    assert.strictEqual(events.length, 4);
    // mute windows are wall-clock windows: this part runs on the node's clock (no msg.timestamp)
    a.receive({ topic: 'mute', payload: { minutes: 60, device: 'gauge-3', id: 'works' } });
    a.receive({ payload: { waterLevel: 2.0 }, device: { id: 'gauge-3' } });
    await settle();
    assert.strictEqual(events.length, 4, 'muted: no event');
    const rows = tables.at(-1).payload as Array<Record<string, unknown>>;
    assert.deepStrictEqual(rows.map((r) => [r.deviceId, r.state, !!r.muted]).sort(),
      [['gauge-1', 'acknowledged', false], ['gauge-2', 'firing', false], ['gauge-3', 'firing', true]]);
    assert.strictEqual(a.status.lastCall.args[0].text, '2 firing · 1 open · muted');
    a.receive({ topic: 'unmute', payload: 'nope' });
    await settle();
    assert.deepStrictEqual(a.warn.getCalls().map((c: { args: unknown[] }) => c.args[0]), ['No mute window has the id given in the unmute message']);
  });

  it('sends e-mail to a real SMTP server with the login kept as a credential', async function () {
    this.timeout(20000);
    const smtp = await startSmtp({ user: 'alert-bot', password: 'pw-1' });
    try {
      await helper.load(withCatalog('civic-alert', alertNode, 'ja'), flow({ id: 'a', type: 'civic-alert', version: 2, lang: 'ja', rules: [LEVEL],
        mailHost: '127.0.0.1', mailPort: smtp.port, mailSecurity: 'none', mailFrom: 'keihou@city.example.jp', mailTo: 'bousai@city.example.jp',
        mailStates: ['firing', 'resolved'], wires: [['ev'], []] }, { id: 'ev', type: 'helper' }), { a: { mailUser: 'alert-bot', mailPassword: 'pw-1' } });
      const a = nodeById('a');
      a.receive({ payload: { waterLevel: 1.82 }, device: { id: 'gauge-1' }, timestamp: NOON });
      a.receive({ payload: { waterLevel: 1.5 }, device: { id: 'gauge-1' }, timestamp: NOON + 30 * MIN });
      const mails = await smtp.waitFor(2);
      assert.deepStrictEqual(mails.map((m) => [m.from, m.to, m.subject]).sort((x, y) => String(x[2]).localeCompare(String(y[2]))), [
        ['keihou@city.example.jp', ['bousai@city.example.jp'], '【復旧】gauge-1: 水位は1.5mに戻りました（1.7m超えは12:00から）'],
        ['keihou@city.example.jp', ['bousai@city.example.jp'], '【警報】gauge-1: 水位が1.7mを超えています（現在 1.82m）'],
      ]);
    } finally {
      await smtp.close();
    }
  });

  it('keeps working when the mail server is down: a translated warning with the error code only, the event still sent', async () => {
    const port = await freePort();
    await helper.load(withCatalog('civic-alert', alertNode, 'en-US'), flow({ id: 'a', type: 'civic-alert', version: 2, lang: 'en-US', rules: [LEVEL],
      mailHost: '127.0.0.1', mailPort: port, mailSecurity: 'none', mailFrom: 'alerts@city.example.jp', mailTo: 'duty@city.example.jp',
      wires: [['ev'], []] }, { id: 'ev', type: 'helper' }));
    const a = nodeById('a');
    const events = collect('ev');
    a.receive({ payload: { waterLevel: 1.82 }, device: { id: 'gauge-1' }, timestamp: NOON });
    await until(() => a.warn.callCount > 0, 'the e-mail warning');
    assert.deepStrictEqual(a.warn.getCalls().map((c: { args: unknown[] }) => c.args[0]), ['E-mail not sent (ESOCKET), attempt 1: trying again']);
    assert.strictEqual(events.length, 1);
    assert.deepStrictEqual(a.status.lastCall.args[0], { fill: 'red', shape: 'dot', text: '1 firing · e-mail failing' });
  });

  it('refuses an e-mail setting that cannot work, naming the field, without repeating the address', async () => {
    await helper.load(withCatalog('civic-alert', alertNode, 'ja'), flow({ id: 'a', type: 'civic-alert', version: 2, rules: [LEVEL],
      mailHost: 'smtp.city.example.jp', mailFrom: 'alerts@city.example.jp', mailTo: 'duty@city.example.jp, 山田太郎' }));
    const a = nodeById('a');
    assert.deepStrictEqual(a.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: '設定エラー' });
    assert.strictEqual(a.error.getCall(0).args[0], '設定が正しくありません: mailTo: 2 番目はメールアドレスではありません');
  });

  it('runs a greenhouse-alert node saved by 0.1.0: preset rows, per-house grouping, the old preset name', async () => {
    const saved = (JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'flows-0.1.0', 'greenhouse.json'), 'utf8')) as Array<Record<string, any>>)
      .find((n) => n.type === 'greenhouse-alert')!;
    await helper.load(withCatalog('civic-alert', alertNode, 'ja'), flow({ ...saved, id: 'a', type: 'civic-alert', z: 'f1', rules: [], preset: 'tomato-fruiting',
      wires: [['ev'], ['tb']] }, { id: 'ev', type: 'helper' }, { id: 'tb', type: 'helper' }));
    const events = collect<any>('ev');
    const a = nodeById('a');
    for (let m = 0; m <= 10; m++) a.receive({ payload: { airTemperature: 31 }, device: { id: 'house-1-th-01', house: 'house-1', site: 'hakui' }, timestamp: NOON + m * MIN });
    await settle();
    assert.deepStrictEqual(events.map((e) => [e.payload.ruleId, e.payload.site, e.payload.house]), [['heat', 'house-1', 'house-1']]);
    assert.strictEqual(events[0].payload.message, '【警報】house-1-th-01: 気温が30°Cを超えています（現在 31°C）');
  });
});
