// civic-store-query: reads from the records store on each message — records of one kind with filters, or a
// person-level dataset (base kind + latest joined records + an outcome within N years) for the analysis nodes.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { runQuery, type QueryConfig } from '../../lib/store';
import { storeFor, type StoreHandle } from '../../lib/store/handle';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

export = function register(RED: NodeAPI) {
  function StoreQueryNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<QueryConfig & { store: string }>(RED, this, 'civic-store-query', def);
    if (!config) return;
    const handle = RED.nodes.getNode(config.store) as unknown as StoreHandle | null;
    if (!handle || typeof handle.get !== 'function') {
      refuseConfig(RED, this, new CivicError('civic-store-query.errors.noStore', {}, 'choose a records store'));
      return;
    }
    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      storeFor(handle).then((store) => runQuery(store, config)).then((rows) => {
        if (!rows.length) throw new CivicError('shared.store.errors.empty', { kind: config.kind }, `no records of kind ${config.kind}`);
        msg.payload = rows;
        send(msg);
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-store-query.status.rows', { rows: rows.length }) });
        done();
      }).catch((err: unknown) => fail(RED, this, done, err));
    });
  }
  RED.nodes.registerType('civic-store-query', StoreQueryNode);
};
