// The "new field" templates (examples/新しい分野のテンプレート, Import ▸ Examples) run as imported: all of them are
// deployed together into a real Node-RED process with this pack installed the way a palette install places it, and
// each field's sample injects must produce the alert or the KPI grade its comment promises — the evacuation level
// and the very heavy rain (防災), today's 880 visitors graded B against 1,000 a day (観光), the CO2 and WBGT
// alerts of the public hall (環境) — with no error in the log. The dashboard parts start too (the repository has
// @flowfuse/node-red-dashboard).
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { freePort } from '../helpers/servers';
import { packRoot, startNodeRed, type NodeRedProcess } from '../helpers/node-red-process';
import { waitFor } from './ready-made';

const DIR = path.join(packRoot, 'examples', '新しい分野のテンプレート');

/** Every template file; debug nodes also write to the log, so that the test reads what the debug sidebar shows. */
function templates(brokerPort: number): Array<Record<string, any>> {
  const seen = new Set<string>();
  return fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort().flatMap((f) =>
    (JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Array<Record<string, any>>).filter((n) => {
      if (seen.has(n.id)) return false;                           // the shared dashboard config nodes
      seen.add(n.id);
      return true;
    }).map((n) => {
      if (n.type === 'debug') return { ...n, console: true };
      if (n.type === 'mqtt-broker') return { ...n, broker: '127.0.0.1', port: String(brokerPort) };   // nothing listens there
      return n;
    }));
}

describe('templates: the new-field template flows run on import and show their alerts and KPI', function () {
  this.timeout(120000);
  let nr: NodeRedProcess | undefined;

  before(async () => {
    nr = await startNodeRed(templates(await freePort()), { lang: 'ja' }, { LANG: 'ja_JP.UTF-8' });
  });
  after(async () => { if (nr) await nr.stop(); });

  const debugOf = (name: string) => nr!.log().split(/\n(?=\d+ \w+ \d\d:\d\d:\d\d - \[)/).filter((l) => l.includes(`[debug:${name}]`)).join('\n');

  it('防災: the river gauge reaches the evacuation level and the rain gauge reports very heavy rain', async () => {
    await waitFor(() => (/避難判断水位/.test(debugOf('警報')) ? true : undefined), 'the evacuation-level alert', 60000);
    await waitFor(() => (/激しい雨/.test(debugOf('警報')) ? true : undefined), 'the heavy-rain alert', 60000);
    const log = debugOf('警報');
    assert.match(log, /hakui-river-01: 水位 ?2\.05 ?m。避難判断水位/);
    assert.match(log, /hakui-rain-01: 1時間雨量 ?34 ?mm/);
  });

  it('観光: today\'s 880 visitors so far (flush), graded B against 1,000 a day', async () => {
    await waitFor(() => (/daily-visitors/.test(debugOf('1日の評価')) ? true : undefined), 'the daily KPI value', 60000);
    const log = debugOf('1日の評価');
    assert.match(log, /value: 880\b/);
    assert.match(log, /grade: 'B'/);
    assert.match(log, /period: 'day'/);
  });

  it('環境: CO2 above the building standard and WBGT in the 厳重警戒 band fire in the public hall', async () => {
    await waitFor(() => (/厳重警戒/.test(debugOf('警報')) && /co2/.test(debugOf('警報')) ? true : undefined), 'the CO2 and WBGT alerts', 60000);
    assert.match(debugOf('警報'), /kominkan-hall/);
  });

  it('started every template and dashboard part with no error and no missing type', () => {
    const log = nr!.log();
    assert.match(log, /Started flows|フローを開始しました/);
    assert.deepStrictEqual(log.split('\n').filter((l) => /\[error\]|Waiting for missing types|待機中|TypeError/.test(l)), []);
  });
});
