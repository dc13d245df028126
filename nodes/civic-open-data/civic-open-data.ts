// civic-open-data: writes a suppressed cross-tab (civic-cross-tab's output, and nothing else) as open-data files:
// CSV in UTF-8 with BOM and in Shift_JIS, JSON, and the column dictionary, named <地方公共団体コード>_<name>….
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { csvText, encodeCsv, localGovernmentCode, openDataJson, openDataTable, type OpenDataMeta } from '../../lib/wellness/opendata';
import type { CrossTabResult } from '../../lib/analysis';
import { writeFileAtomic } from '../../lib/storage/atomic-file';
import { expandEnv, fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface OpenDataConfig { folder: string; baseName: string; code: string; prefecture: string; municipality: string; title: string;
  labels: Array<{ field: string; label: string }>; eventsLabel: string; asOf: string }

export = function register(RED: NodeAPI) {
  function OpenDataNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<OpenDataConfig>(RED, this, 'civic-open-data', def);
    if (!config) return;
    let code6: string;
    try { code6 = localGovernmentCode(config.code); } catch (err) { refuseConfig(RED, this, err); return; }
    const userDir = (RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red');
    // a folder may name environment variables, e.g. ${CIVIC_WELLNESS_DIR}/opendata
    const folder = !config.folder ? path.join(userDir, 'civic-iot', 'opendata')
      : expandEnv(RED, this, config.folder).value;
    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      (async () => {
        const asOf = config.asOf || new Date(Date.now() + 9 * 3600000).toISOString().slice(0, 10);   // today in Japan
        const meta: OpenDataMeta = { code: config.code, prefecture: config.prefecture, municipality: config.municipality, asOf,
          title: config.title || config.baseName, labels: Object.fromEntries(config.labels.map((l) => [l.field, l.label])), eventsLabel: config.eventsLabel || undefined };
        const table = openDataTable(msg.payload as CrossTabResult, meta);
        await fs.promises.mkdir(folder, { recursive: true });
        const base = path.join(folder, `${code6}_${config.baseName}`);
        const text = csvText(table.columns, table.rows);
        const dictionary = csvText(['項目名', '説明', '型'], table.dictionary.map((d) => [d.項目名, d.説明, d.型]));
        const files: Array<[string, Buffer | string]> = [
          [`${base}.csv`, encodeCsv(text, 'utf-8-bom')],
          [`${base}_sjis.csv`, encodeCsv(text, 'shift_jis')],
          [`${base}.json`, `${JSON.stringify(openDataJson(table, meta), null, 2)}\n`],
          [`${base}_項目定義.csv`, encodeCsv(dictionary, 'utf-8-bom')],
          [`${base}_項目定義_sjis.csv`, encodeCsv(dictionary, 'shift_jis')],
        ];
        for (const [file, data] of files) await writeFileAtomic(file, data);
        return { files: files.map(([f]) => path.basename(f)), folder, rows: table.rows.length };
      })().then((out) => {
        msg.payload = out;
        send(msg);
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-open-data.status.done', { files: out.files.length, rows: out.rows }) });
        done();
      }, (err: unknown) => {
        delete msg.payload;
        fail(RED, this, done, err);
      });
    });
  }
  RED.nodes.registerType('civic-open-data', OpenDataNode);
};
