// civic-cross-tab: counts (and rates of an outcome) by chosen dimensions — in SQL on the records store, or over an
// array of records in msg.payload — published with small-cell and complementary suppression.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { aggregate, aggregateSql, buildCrossTab, crossTabSpec, groupsFromRows, type CrossTabConfig, type CrossTabSpec, type Group } from '../../lib/analysis';
import { CivicError } from '../../lib/errors';
import { storeFor, type StoreHandle } from '../../lib/store/handle';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

export = function register(RED: NodeAPI) {
  function CrossTabNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<CrossTabConfig & { store: string; kind: string }>(RED, this, 'civic-cross-tab', def);
    if (!config) return;
    let spec: CrossTabSpec;
    const handle = config.store ? RED.nodes.getNode(config.store) as unknown as StoreHandle | null : undefined;
    try {
      spec = crossTabSpec(config);
      if (handle === null || (handle && typeof handle.get !== 'function')) throw new CivicError('civic-cross-tab.errors.noStore', {}, 'the chosen store is missing');
      if (handle && !config.kind) throw new CivicError('civic-cross-tab.errors.noKind', {}, 'name the record kind to tabulate');
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const groups = async (msg: NodeMessageInFlow): Promise<Group[]> => {
      if (handle) {
        const store = await storeFor(handle);
        const kind = await store.kind(config.kind);
        return groupsFromRows(await store.db.query(aggregateSql(kind, spec)), spec);
      }
      if (!Array.isArray(msg.payload)) throw new CivicError('civic-cross-tab.errors.payload', {}, 'msg.payload must be an array of records');
      const known = new Set([...spec.rows, spec.column].map((d) => d.field));
      if (spec.outcome) known.add(spec.outcome);
      const first = msg.payload.find((r) => r && typeof r === 'object') as Record<string, unknown> | undefined;
      const missing = [...known].filter((f) => !first || !Object.hasOwn(first, f)).length;
      if (missing) throw new CivicError('civic-cross-tab.errors.unknownFields', { count: missing }, `${missing} chosen field(s) are not in the records`);
      return aggregate(msg.payload as Record<string, unknown>[], spec);
    };
    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      groups(msg).then((g) => {
        const result = buildCrossTab(g, spec);
        msg.payload = result;
        send(msg);
        const hidden = result.suppression.counts.primary + result.suppression.counts.complementary;
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-cross-tab.status.done', { rows: result.rows.length, hidden }) });
        done();
      }).catch((err: unknown) => {
        delete msg.payload;
        fail(RED, this, done, err);
      });
    });
  }
  RED.nodes.registerType('civic-cross-tab', CrossTabNode);
};
