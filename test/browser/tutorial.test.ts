// The tutorial (docs/tutorial-ja.md) as a city employee does it, in headless Chromium in the real editor with a
// Japanese browser and runtime: nodes dragged from the palette, wires drawn, dialogs filled, deployed
// (scripts/tutorial/steps.js, the same steps the tutorial's screenshots are taken with). Then the river gauge's
// uplinks go through a real mosquitto on 127.0.0.1 and the phone dashboard shows the gauge move and the toast of
// the evacuation level. The deployed flow has no function node and no JSONata (issue 17, Done when).
import assert from 'assert';
import path from 'path';
import mqtt from 'mqtt';
import { findBinary, requireBinary, startMosquitto, type RunningServer } from '../helpers/servers';
import { packRoot, startNodeRed, type NodeRedProcess } from '../helpers/node-red-process';

const { CHROMIUM_ARGS } = require(path.join(packRoot, 'scripts', 'screenshot.js'));
const steps = require(path.join(packRoot, 'scripts', 'tutorial', 'steps.js'));
const HARMLESS = [/Failed to load resource/, /catalogue/i, /loading\.html/, /SideNav 'left' is not available/];

/** Every property that names how another property is read (`valueType`, `tot`, `vt`…) and says JSONata. */
function jsonataUses(nodes: Array<Record<string, unknown>>): string[] {
  const found: string[] = [];
  const visit = (v: unknown, where: string) => {
    if (v === 'jsonata') found.push(where);
    else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => visit(x, `${where}.${k}`));
  };
  nodes.forEach((n) => visit(n, `${n.type} ${n.id}`));
  return found;
}

describe('tutorial: a river-level sensor, water level, alert, gauge and toast built in the editor', function () {
  this.timeout(180000);
  let broker: RunningServer | undefined;
  let nr: NodeRedProcess | undefined;
  let browser: any;
  let client: mqtt.MqttClient | undefined;
  const errors: string[] = [];

  before(async function () {
    requireBinary(this, 'chromium', 'chromium');
    requireBinary(this, 'mosquitto', 'mosquitto');
    broker = await startMosquitto();
    nr = await startNodeRed([{ id: 'tutorial-tab', type: 'tab', label: '河川水位' }], { lang: 'ja' }, { LANG: 'ja_JP.UTF-8' });
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({ executablePath: findBinary('chromium'), args: CHROMIUM_ARGS });
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`);
  });
  after(async () => {
    if (client) await client.endAsync();
    if (browser) await browser.close();
    if (nr) await nr.stop();
    if (broker) await broker.stop();
  });

  const send = async (distance: number, fCnt: number) => {
    const up = steps.uplink('hakui-river-01', distance, fCnt);
    await client!.publishAsync(up.topic, JSON.stringify(up.payload), { qos: 1 });
  };

  it('builds the flow from the palette and the dialogs and deploys it: no function node, no JSONata', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
    page.on('pageerror', (e: Error) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${nr!.port}/`);
    await page.waitForFunction(() => (window as any).RED?.nodes?.getType?.('civic-alert') && document.querySelector('.red-ui-palette-node'), null, { timeout: 60000 });
    await steps.buildTutorial(page, { broker: { host: '127.0.0.1', port: broker!.port } });
    const res = await fetch(`http://127.0.0.1:${nr!.port}/flows`, { headers: { 'Node-RED-API-Version': 'v1' } });
    const flows: Array<Record<string, any>> = await res.json();
    const types = flows.map((n) => n.type);
    for (const t of ['mqtt in', 'civic-sensor-decode', 'civic-alert', 'ui-gauge', 'civic-d2-alert-toast']) assert.ok(types.includes(t), `${t} deployed`);
    assert.deepStrictEqual(types.filter((t) => t === 'function' || t === 'template' || t === 'ui-template'), []);
    assert.deepStrictEqual(jsonataUses(flows), []);
    const decode = flows.find((n) => n.type === 'civic-sensor-decode')!;
    assert.deepStrictEqual(decode.mapping, [{ from: '1', to: 'waterLevel', unit: 'm', formula: 'minus', scale: 1, offset: 4.2 }]);
    const alert = flows.find((n) => n.type === 'civic-alert')!;
    assert.deepStrictEqual(alert.rules.map((r: any) => [r.metric, r.threshold]).slice(0, 4),
      [['waterLevel', 1.3], ['waterLevel', 1.7], ['waterLevel', 2], ['waterLevel', 2.1]]);
    // every node valid in the editor: nothing red, nothing left to fill
    const invalid: string[] = await page.evaluate(() => {
      const out: string[] = [];
      (window as any).RED.nodes.eachNode((n: any) => { if (n.valid === false) out.push(n.type); });
      (window as any).RED.nodes.eachConfig((n: any) => { if (n.valid === false) out.push(n.type); });
      return out;
    });
    assert.deepStrictEqual(invalid, []);
    await page.close();
  });

  it('the phone dashboard shows the gauge move with the uplinks and the toast of the evacuation level', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'ja-JP' });
    phone.on('console', (m: any) => { if (m.type() === 'error') errors.push(m.text()); });
    phone.on('pageerror', (e: Error) => errors.push(e.message));
    try {
      await phone.goto(`http://127.0.0.1:${nr!.port}/dashboard${steps.CASE.pagePath}`);
      const gauge = phone.locator('.nrdb-ui-gauge').first();
      await gauge.waitFor({ timeout: 60000 });
      // the number the gauge shows, on a line of its own (not the 0 and 4 at its ends, not the title)
      const waitForGauge = (value: string) => phone.waitForFunction((v: string) => ((document.querySelector('.nrdb-ui-gauge') as HTMLElement | null)?.innerText ?? '')
        .split('\n').map((l) => l.trim()).includes(v), value, { timeout: 30000 });
      await send(3.0, 1);                                       // 4.2 − 3.0 = 1.2 m: no level reached
      await waitForGauge('1.2');
      await send(2.15, 2);                                      // 2.05 m: above the evacuation level 2.0 m
      await waitForGauge('2.05');
      const toast = phone.locator('.v-snackbar__content, .nrdb-ui-notification', { hasText: '避難判断水位' });
      await toast.first().waitFor({ timeout: 30000 });
      const text = (await toast.first().innerText()).replace(/\s+/g, ' ');
      assert.match(text, /hakui-river-01: 水位 ?2\.05 ?m。避難判断水位/);
      assert.match(text, /重大/);
    } finally {
      await phone.close();
    }
    assert.doesNotMatch(nr!.log(), /\[error\]/);
    assert.deepStrictEqual(errors.filter((e) => !HARMLESS.some((re) => re.test(e))), []);
  });
});
