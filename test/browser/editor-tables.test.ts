// Every editable table in the pack's dialogs shows a header row naming its columns (issue 17: a filled rule row
// that reads "60 / 0 / 0" says nothing). Each node of package.json's node list is placed fresh in the real editor
// (browser language Japanese) and its dialog opened; every `.red-ui-editableList` in it, shown or not yet shown
// (tables of another format or mode are in the dialog, hidden), must carry Node-RED's header row with a label in
// each column.
import assert from 'assert';
import path from 'path';
import { findBinary, requireBinary } from '../helpers/servers';
import { ourTypes, packRoot, startNodeRed, type NodeRedProcess } from '../helpers/node-red-process';

const { CHROMIUM_ARGS } = require(path.join(packRoot, 'scripts', 'screenshot.js'));

interface ListReport { id: string; header: string[] | null }

describe('editor: every editable table of the pack has column headers', function () {
  this.timeout(120000);
  let nr: NodeRedProcess | undefined;
  let browser: any;
  let page: any;

  before(async function () {
    requireBinary(this, 'chromium', 'chromium');
    nr = await startNodeRed([{ id: 'tables-tab', type: 'tab', label: 'tables' }]);
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({ executablePath: findBinary('chromium'), args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
    await page.goto(`http://127.0.0.1:${nr.port}/`);
    await page.waitForFunction(() => (window as any).RED?.nodes?.getType?.('civic-alert') && document.querySelector('.red-ui-palette-node'), null, { timeout: 60000 });
  });
  after(async () => {
    if (browser) await browser.close();
    if (nr) await nr.stop();
  });

  /** Opens a fresh node's dialog (a config node's own dialog) and reads the header row of each editable list. */
  async function tablesOf(type: string): Promise<ListReport[]> {
    await page.evaluate((t: string) => {
      const RED = (window as any).RED;
      const def = RED.nodes.getType(t);
      if (def.category === 'config') return RED.editor.editConfig('', t, '_ADD_');
      const values = Object.fromEntries(Object.entries(def.defaults).map(([k, v]: [string, any]) => [k, JSON.parse(JSON.stringify(v.value ?? ''))]));
      const n = RED.nodes.add({ id: RED.nodes.id(), type: t, z: RED.workspaces.active(), x: 200, y: 200, _def: def, ...values });
      RED.editor.edit(n);
    }, type);
    await page.waitForSelector('.red-ui-tray .red-ui-tray-body .form-row', { timeout: 20000 });
    await page.waitForTimeout(100);                          // dialogs build their tables in oneditprepare
    const lists: ListReport[] = await page.evaluate(() => Array.from(document.querySelectorAll('.red-ui-tray .red-ui-editableList')).map((el) => {
      const list = el.querySelector('.red-ui-editableList-list, ol');
      const header = el.querySelector('.red-ui-editableList-header');
      return {
        id: list?.id || '(no id)',
        header: header ? Array.from(header.children).map((c) => (c.textContent ?? '').trim()) : null,
      };
    }));
    await page.evaluate(() => (window as any).RED.tray.close());
    await page.waitForFunction(() => !document.querySelector('.red-ui-tray'), null, { timeout: 10000 });
    return lists;
  }

  it('opens every node of package.json and finds a labelled header row on each editable list', async () => {
    const missing: string[] = [];
    let tables = 0;
    for (const type of ourTypes) {
      for (const list of await tablesOf(type)) {
        tables += 1;
        if (!list.header) missing.push(`${type} #${list.id}: no header row`);
        else if (list.header.length === 0 || list.header.some((label) => label === '')) missing.push(`${type} #${list.id}: header ${JSON.stringify(list.header)}`);
      }
    }
    assert.deepStrictEqual(missing, []);
    // the rule, mute, formula, KPI, policy, quasi-identifier, column, dimension, label, filter, naming, register,
    // range and card tables: if the dialogs stopped building them, this test would check nothing
    assert.ok(tables >= 12, `${tables} editable lists found`);
  });

  // the policy and quasi-identifier tables moved to CivicEditor.table for their headers: a saved table survives
  // opening the dialog and pressing 完了 unchanged
  const SAVED: Record<string, [string, unknown[]]> = {
    'civic-deidentify': ['rules', [{ field: '生年月日', category: 'birthDate', action: 'age', band: 5 }, { field: '電話', category: 'phone', action: 'mask', keepLast: 4 },
      { field: '受診日', category: 'date', action: 'date', granularity: 'month' }]],
    'civic-k-anonymize': ['quasiIdentifiers', [{ field: '年齢', hierarchy: 'age', widths: '5,10', table: '' },
      { field: '病名', hierarchy: 'table', widths: '', table: '{"E11":["E","生活習慣病"]}' }]],
  };
  for (const [type, [key, rows]] of Object.entries(SAVED)) {
    it(`${type}: a saved table reads back unchanged after 完了`, async () => {
      const id: string = await page.evaluate(([t, k, r]: [string, string, unknown[]]) => {
        const RED = (window as any).RED;
        const def = RED.nodes.getType(t);
        const values = Object.fromEntries(Object.entries(def.defaults).map(([f, v]: [string, any]) => [f, JSON.parse(JSON.stringify(v.value ?? ''))]));
        const n = RED.nodes.add({ id: RED.nodes.id(), type: t, z: RED.workspaces.active(), x: 300, y: 300, _def: def, ...values, [k]: r });
        RED.editor.edit(n);
        return n.id;
      }, [type, key, rows]);
      await page.waitForSelector('.red-ui-tray .red-ui-editableList-header', { timeout: 20000 });
      await page.click('#node-dialog-ok');
      await page.waitForFunction(() => !document.querySelector('.red-ui-tray'), null, { timeout: 10000 });
      const saved = await page.evaluate(([nid, k]: [string, string]) => (window as any).RED.nodes.node(nid)[k], [id, key]);
      assert.deepStrictEqual(saved, rows);
    });
  }
});
