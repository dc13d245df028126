// A user upgrading from 0.1.0 opens the editor on flows saved with the old node names: the editor shows those nodes
// as unknown and the runtime waits for missing types. The pack's editor plugin offers to convert them; one click
// gives every such node its new civic-… type with its id, name, settings and wires, and after a deploy the runtime
// runs them.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { requireBinary } from '../helpers/servers';
import { packRoot, startNodeRed, type NodeRedProcess } from '../helpers/node-red-process';
import { LEGACY_TYPE_NAMES } from '../../lib/migrations';

describe('editor: converting flows saved with the 0.1.0 node names', function () {
  this.timeout(120000);
  let nr: NodeRedProcess | undefined;
  let browser: any;

  before(function () { requireBinary(this, 'chromium', 'chromium'); });
  after(async () => {
    if (browser) await browser.close();
    if (nr) await nr.stop();
  });

  it('offers the conversion, converts every old node in place, and the deployed flows run', async () => {
    const saved = JSON.parse(fs.readFileSync(path.join(packRoot, 'test', 'fixtures', 'flows-0.1.0', 'soil.json'), 'utf8'));
    const oldNodes = saved.filter((n: any) => Object.hasOwn(LEGACY_TYPE_NAMES, n.type));
    assert.ok(oldNodes.length >= 3);
    nr = await startNodeRed(saved);
    assert.match(nr.log(), /Waiting for missing types/);
    const { chromium } = require('playwright-core');
    const { CHROMIUM_ARGS } = require(path.join(packRoot, 'scripts', 'screenshot.js'));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
    await page.goto(`http://127.0.0.1:${nr.port}/`);
    const convert = page.locator('.red-ui-notification button', { hasText: '変換する' });
    await convert.waitFor({ timeout: 30000 });
    await convert.click();
    const after: Array<{ id: string; type: string; name: string }> = await page.evaluate(() => {
      const out: Array<{ id: string; type: string; name: string }> = [];
      (window as any).RED.nodes.eachNode((n: any) => out.push({ id: n.id, type: n.type, name: n.name }));
      return out;
    });
    for (const old of oldNodes) {
      const now = after.find((n) => n.id === old.id);
      assert.ok(now, old.id);
      assert.strictEqual(now!.type, LEGACY_TYPE_NAMES[old.type], old.id);
      assert.strictEqual(now!.name, old.name);
    }
    await page.locator('#red-ui-header-button-deploy').click();
    const started = Date.now();
    while (!/Started flows|フローを開始しました/.test(nr.log()) && Date.now() - started < 30000) await new Promise((r) => setTimeout(r, 200));
    assert.match(nr.log(), /Started flows|フローを開始しました/);
    const deployed = JSON.parse(await page.evaluate(async () => JSON.stringify(await (await fetch('flows')).json())));
    const types = new Set((deployed.flows ?? deployed).map((n: any) => n.type));
    for (const old of Object.keys(LEGACY_TYPE_NAMES)) assert.ok(!types.has(old), `${old} still deployed`);
    const converted = (deployed.flows ?? deployed).find((n: any) => n.id === oldNodes[0].id);
    assert.deepStrictEqual(converted.wires, oldNodes[0].wires);
  });
});
