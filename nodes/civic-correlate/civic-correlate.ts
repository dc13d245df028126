// civic-correlate: Pearson and Spearman correlations between chosen fields of an array of records (e.g. a dataset
// from civic-store-query), on pairwise complete cases, with confidence intervals and p-values. Pairs with too few
// cases are reported without values. Large arrays are computed in a worker thread.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { correlationMatrix, runTask, splitList, type Correlation, type CorrelationMethod } from '../../lib/analysis';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, type Done, type Send } from '../../node-kit';

interface CorrelateConfig { columns: string; methods: CorrelationMethod[]; level: number; minPairs: number; workerThreshold: number; timeoutSeconds: number }

export = function register(RED: NodeAPI) {
  function CorrelateNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<CorrelateConfig>(RED, this, 'civic-correlate', def);
    if (!config) return;
    const columns = splitList(config.columns);
    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      const rows = msg.payload;
      (async () => {
        if (!Array.isArray(rows)) throw new CivicError('civic-correlate.errors.payload', {}, 'msg.payload must be an array of records');
        const present = new Set(rows.slice(0, 1000).flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])));
        const missing = columns.filter((c) => !present.has(c)).length;
        if (missing) throw new CivicError('civic-correlate.errors.unknownFields', { count: missing }, `${missing} chosen field(s) are not in the records`);
        const input = { rows, columns, methods: config.methods, level: config.level };
        const results = rows.length > config.workerThreshold
          ? await runTask<Correlation[]>('correlate', input, config.timeoutSeconds * 1000,
            new CivicError('civic-correlate.errors.timeout', { seconds: config.timeoutSeconds }, 'took too long'))
          : correlationMatrix(rows as Record<string, unknown>[], columns, config.methods, config.level);
        // too few pairs: the values could describe a handful of people
        return results.map((c) => (c.n >= config.minPairs ? { ...c, suppressed: false } : { ...c, r: null, ciLow: null, ciHigh: null, p: null, suppressed: true }));
      })().then((results) => {
        msg.payload = { kind: 'correlation', level: config.level, minPairs: config.minPairs, results };
        send(msg);
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-correlate.status.done', { pairs: results.length }) });
        done();
      }, (err: unknown) => {
        delete msg.payload;
        fail(RED, this, done, err);
      });
    });
  }
  RED.nodes.registerType('civic-correlate', CorrelateNode);
};
