// The six card nodes in the real Node-RED runtime. The dashboards themselves are replaced by stand-ins for the
// APIs the cards use (node-red-dashboard's addWidget, a Dashboard 2.0 ui-group/ui-base `register`), so these tests
// check what each card hands its dashboard, what it answers to bad input and to a forged "確認", and what it does
// when the dashboard package is missing; test/browser/cards.test.ts shows the same nodes on the real dashboards.
import assert from 'assert';
import type { NodeAPI } from 'node-red';
import { flow, helper, nodeById, translate, until, withCatalog, type FlowNode } from '../helpers/node-red';

type NodeModule = (RED: NodeAPI) => void;
const load = (type: string) => require(`../../nodes/${type}/${type}`) as NodeModule;

const hle = { kpi: 'hle-male-0', value: 66.24, unit: 'years', progress: 0.34, grade: 'C', asOf: '2025-03-31T15:00:00Z', method: 'sullivan', fiscalYear: 2024 };
const heat = { id: 'house-1-th-01/heat/1', ruleId: 'heat', deviceId: 'house-1-th-01', house: 'house-1', metric: 'airTemperature', state: 'firing',
  severity: 'critical', value: 33, threshold: 30, since: 0, message: 'ハウス1 気温が高すぎます' };

/** What a stand-in dashboard recorded: the classic addWidget options, or the Dashboard 2.0 registration. */
const widgets = new Map<string, { options?: any; config?: any; events?: any; owner?: string }>();

/** node-red-dashboard's public API as RED.require returns it (only addWidget is used). */
function withClassicDashboard(module: NodeModule): NodeModule {
  return (RED: NodeAPI) => {
    (RED as any).require = (id: string) => {
      if (id !== 'node-red-dashboard') throw new Error(`cannot require ${id}`);
      return () => ({ addWidget: (options: any) => { widgets.set(options.node.id, { options }); return () => widgets.delete(options.node.id); } });
    };
    module(RED);
  };
}

/** Config node types standing in for ui_group (classic) and ui-group / ui-base (Dashboard 2.0). */
function standIns(RED: NodeAPI): void {
  function ClassicGroup(this: any, config: any) { RED.nodes.createNode(this, config); this.config = { width: 6 }; }
  function D2Owner(this: any, config: any) {
    RED.nodes.createNode(this, config);
    this.register = (...args: any[]) => {
      const [node, cfg, events] = args.length === 3 ? args : args.slice(2);
      widgets.set(node.id, { config: cfg, events, owner: config.type });
    };
  }
  RED.nodes.registerType('ui_group', ClassicGroup as never);
  RED.nodes.registerType('ui-group', D2Owner as never);
  RED.nodes.registerType('ui-base', D2Owner as never);
}

function cardFlow(type: string, extra: Record<string, unknown> = {}): FlowNode[] {
  const owner = type === 'civic-d2-alert-toast' ? { ui: 'owner' } : { group: 'owner' };
  const ownerType = type.startsWith('civic-ui-') ? 'ui_group' : type === 'civic-d2-alert-toast' ? 'ui-base' : 'ui-group';
  return [
    ...flow({ id: 'card', type, property: 'payload', propertyType: 'msg', lang: 'ja', ...owner, ...extra, wires: [['out']] }, { id: 'out', type: 'helper' }),
    { id: 'owner', type: ownerType },
  ];
}


describe('card nodes (civic-ui-*, civic-d2-*) in the runtime', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(async () => { await helper.unload(); widgets.clear(); });

  it('classic KPI card: hands addWidget a template, its size, and tiles for each KPI value', async () => {
    await helper.load([standIns, withClassicDashboard(withCatalog('civic-ui-kpi-card', load('civic-ui-kpi-card'), 'ja'))] as never,
      cardFlow('civic-ui-kpi-card', { rows: [] }));
    const { options } = widgets.get('card')!;
    assert.match(options.format, /civic-kpi-tile/);
    assert.deepStrictEqual([options.width, options.height, options.templateScope], [6, 8, 'local']);
    const view = options.convert(undefined, undefined, { payload: hle });
    assert.deepStrictEqual([view.tiles[0].valueText, view.tiles[0].unitText, view.tiles[0].gradeText], ['66.2', '年', '評価 C']);
    assert.deepStrictEqual(options.beforeEmit({}, view), { msg: { payload: view } });
    assert.deepStrictEqual(nodeById('card').status.lastCall.args[0], { fill: 'green', shape: 'dot', text: 'KPI 1件を表示' });
  });

  it('classic KPI card: a bad value is a translated error for the Catch node, and the tiles stay', async () => {
    await helper.load([standIns, withClassicDashboard(withCatalog('civic-ui-kpi-card', load('civic-ui-kpi-card'), 'ja'))] as never,
      cardFlow('civic-ui-kpi-card'));
    const { options } = widgets.get('card')!;
    const shown = options.convert(undefined, undefined, { payload: hle });
    const msg = { payload: [hle, { kpi: 'x', value: '12' }] };
    assert.strictEqual(options.convert(undefined, shown, msg), shown);
    const card = nodeById('card');
    assert.deepStrictEqual(card.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: '入力エラー' });
    assert.strictEqual(card.error.lastCall.args[0].message, translate('civic-ui-kpi-card', 'ja', 'shared.cards.errors.badKpi', { index: 2 }));
    assert.strictEqual(card.error.lastCall.args[1], msg, 'with the message, so a Catch node receives it');
  });

  it('classic alert list: a tap acknowledges only an alert it lists; a forged id sends nothing', async () => {
    await helper.load([standIns, withClassicDashboard(withCatalog('civic-ui-alert-list', load('civic-ui-alert-list'), 'ja'))] as never,
      cardFlow('civic-ui-alert-list', { ackAll: true }));
    const { options } = widgets.get('card')!;
    const view = options.convert(undefined, undefined, { payload: [heat] });
    assert.deepStrictEqual(view.rows.map((r: any) => [r.stateText, r.canAck]), [['発生中', true]]);
    assert.deepStrictEqual(options.beforeSend({ payload: {} }, { msg: { ack: heat.id } }), { topic: 'ack', payload: heat.id });
    const forged: Record<string, unknown> = { msg: { ack: 'house-9/x/1' } };
    assert.strictEqual(options.beforeSend({ payload: {} }, forged), undefined);
    assert.strictEqual(forged._dontSend, true, 'the dashboard is told not to send the tap on');
  });

  it('classic toast: a toast for a firing alert, nothing for a resolved one', async () => {
    await helper.load([standIns, withClassicDashboard(withCatalog('civic-ui-alert-toast', load('civic-ui-alert-toast'), 'ja'))] as never,
      cardFlow('civic-ui-alert-toast', { states: ['firing', 'nodata'], position: 'top right', seconds: 10 }));
    const { options } = widgets.get('card')!;
    const shown = options.convert(undefined, undefined, { payload: heat });
    assert.deepStrictEqual([shown.toast.title, shown.toast.text, shown.ms, shown.position], ['重大 · 発生中', heat.message, 10000, 'top right']);
    assert.strictEqual(typeof options.initController, 'function');
    assert.deepStrictEqual(options.convert(undefined, shown, { payload: { ...heat, state: 'resolved' } }), {});
    assert.strictEqual(nodeById('card').status.lastCall.args[0].text, '通知しない状態');
  });

  it('Dashboard 2.0 KPI card and list: registered with their ui-group as ui-template widgets; the whole card after each input', async () => {
    await helper.load([standIns, withCatalog('civic-d2-kpi-card', load('civic-d2-kpi-card'), 'ja')] as never, cardFlow('civic-d2-kpi-card'));
    let w = widgets.get('card')!;
    assert.deepStrictEqual([w.owner, w.config.type, w.config.templateScope, w.config.passthru], ['ui-group', 'ui-template', 'local', false]);
    assert.match(w.config.format, /<template>/);
    const out = await w.events.beforeSend({ payload: hle });
    assert.strictEqual(out.payload.tiles[0].valueText, '66.2');
    // a bad input: Dashboard 2.0 ends the message with done(err) (the Catch node gets the translated text)
    await assert.rejects(async () => w.events.beforeSend({ payload: 'nonsense' }), { message: translate('civic-d2-kpi-card', 'ja', 'shared.cards.errors.badKpi', { index: 1 }) });
    assert.deepStrictEqual(nodeById('card').status.lastCall.args[0], { fill: 'red', shape: 'ring', text: '入力エラー' });
    await helper.unload();
    widgets.clear();
    await helper.load([standIns, withCatalog('civic-d2-alert-list', load('civic-d2-alert-list'), 'ja')] as never, cardFlow('civic-d2-alert-list'));
    w = widgets.get('card')!;
    await w.events.beforeSend({ payload: heat });
    const acks: unknown[] = [];
    nodeById('out').on('input', (m: unknown) => acks.push(m));
    await w.events.onSend({ ack: 'house-9/forged/1', _client: {} });
    await w.events.onSend({ ack: heat.id, _client: {} });
    await until(() => acks.length >= 1, 'the acknowledgement', 5000, 50);
    assert.deepStrictEqual(acks.map((m: any) => [m.topic, m.payload]), [['ack', heat.id]]);
  });

  it('Dashboard 2.0 toast: registered with the ui-base as a notification, coloured by severity', async () => {
    await helper.load([standIns, withCatalog('civic-d2-alert-toast', load('civic-d2-alert-toast'), 'ja')] as never,
      cardFlow('civic-d2-alert-toast', { states: ['firing'], position: 'bottom left', seconds: 8 }));
    const w = widgets.get('card')!;
    assert.deepStrictEqual([w.owner, w.config.type, w.config.position, w.config.displayTime, w.config.dismissText], ['ui-base', 'ui-notification', 'bottom left', 8, '閉じる']);
    assert.deepStrictEqual(await w.events.beforeSend({ payload: heat, topic: heat.id }),
      { topic: heat.id, payload: `重大 · 発生中: ${heat.message}`, ui_update: { color: '#c62828' } });
    assert.strictEqual(await w.events.beforeSend({ payload: { ...heat, state: 'acknowledged' } }), null);
  });

  for (const type of ['civic-ui-kpi-card', 'civic-ui-alert-list', 'civic-ui-alert-toast']) {
    it(`${type}: without node-red-dashboard it loads and says why it shows nothing`, async () => {
      await helper.load([standIns, withCatalog(type, load(type), 'ja')] as never, cardFlow(type));
      const card = nodeById('card');
      assert.deepStrictEqual(card.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: '表示できません' });
      assert.strictEqual(card.error.lastCall.args[0], translate(type, 'ja', 'shared.cards.errors.noDashboard', { pkg: 'node-red-dashboard' }));
    });
  }

  for (const type of ['civic-d2-kpi-card', 'civic-d2-alert-list', 'civic-d2-alert-toast']) {
    it(`${type}: a group (or dashboard) that is not a Dashboard 2.0 one is refused with a translated reason`, async () => {
      const nodes = cardFlow(type);
      nodes[nodes.length - 1].type = 'ui_group';   // a classic group: it has no register()
      await helper.load([standIns, withCatalog(type, load(type), 'ja')] as never, nodes);
      assert.strictEqual(nodeById('card').error.lastCall.args[0], translate(type, 'ja', 'shared.cards.errors.noDashboard', { pkg: '@flowfuse/node-red-dashboard' }));
    });
  }

  it('a card without a group is refused by its configuration check, in Japanese', async () => {
    await helper.load([standIns, withCatalog('civic-d2-kpi-card', load('civic-d2-kpi-card'), 'ja')] as never,
      flow({ id: 'card', type: 'civic-d2-kpi-card', wires: [] }));
    assert.deepStrictEqual(nodeById('card').status.lastCall.args[0], { fill: 'red', shape: 'ring', text: '設定エラー' });
    assert.match(nodeById('card').error.lastCall.args[0], /^設定が正しくありません: group/);
  });
});
