// civic-record-link: links one source's records (KDB, care, survey, device) to persons by keyed pseudonyms of their
// numbers, or by normalised name + birth date + sex where no number is present. Clear numbers and names never leave
// the node; the index of keyed identifiers lives in the records store. Large batches run in a worker thread.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { LinkIndex, Linker, runTask, splitList, type LinkConfig, type LinkResult, type IdKind } from '../../lib/analysis';
import { CivicError } from '../../lib/errors';
import { storeFor, type StoreHandle } from '../../lib/store/handle';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface RecordLinkConfig {
  store: string; source: string; idFields: Array<{ field: string; kind: IdKind }>; nameField: string; birthField: string; sexField: string;
  dropFields: string; workerThreshold: number; timeoutSeconds: number;
}

export = function register(RED: NodeAPI) {
  function RecordLinkNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<RecordLinkConfig>(RED, this, 'civic-record-link', def);
    if (!config) return;
    const handle = RED.nodes.getNode(config.store) as unknown as StoreHandle | null;
    let format: { key: string; prefix: string; length: number };
    try {
      if (!handle || typeof handle.get !== 'function') throw new CivicError('civic-record-link.errors.noStore', {}, 'choose a records store');
      if (!config.idFields.length && !(config.nameField && config.birthField && config.sexField)) {
        throw new CivicError('civic-record-link.errors.noKeys', {}, 'name at least one number field, or the name, birth date and sex fields');
      }
      const p = handle.pseudonym;
      format = { key: p.key ?? '', prefix: p.prefix, length: p.length };
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const linkConfig: LinkConfig = { idFields: config.idFields, nameField: config.nameField || undefined, birthField: config.birthField || undefined,
      sexField: config.sexField || undefined, dropFields: splitList(config.dropFields) };
    let chain: Promise<unknown> = Promise.resolve();

    // every record-link node on one store shares one index (loaded once from the store), so a source linked by one
    // node teaches the others at once
    const sharedIndex = (store: ReturnType<StoreHandle['get']>): Promise<LinkIndex> => {
      let index = store.shared.get('linkIndex') as Promise<LinkIndex> | undefined;
      if (!index) {
        index = store.loadLinkIndex().then((entries) => {
          const i = new LinkIndex();
          for (const e of entries) i.add(e.idKind, e.keyed, e.person);
          return i;
        });
        store.shared.set('linkIndex', index);
        index.catch(() => store.shared.delete('linkIndex'));
      }
      return index;
    };

    const linkBatch = async (records: unknown[], source: string): Promise<LinkResult> => {
      // the key is a credential of the store: without it nothing can be linked (an imported example has none yet)
      if (!format.key) throw new CivicError('civic-record-link.errors.noKey', {}, 'the records store has no pseudonym key');
      const store = await storeFor(handle!);
      const linker = new Linker(format, await sharedIndex(store));
      let result: LinkResult;
      if (records.length > config.workerThreshold) {
        result = await runTask<LinkResult>('link', { records, source, config: linkConfig, format,
          index: linker.index.entries().map((e) => [e.idKind, e.keyed, e.person]) }, config.timeoutSeconds * 1000,
        new CivicError('civic-record-link.errors.timeout', { seconds: config.timeoutSeconds }, 'linkage took too long'));
        result.added.forEach((e) => linker.index.add(e.idKind, e.keyed, e.person));
      } else {
        result = linker.link(records, source, linkConfig);
      }
      await store.saveLinkIndex(result.added, source);
      return result;
    };

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      const records = Array.isArray(msg.payload) ? msg.payload as unknown[] : [msg.payload];
      const source = config.source || (typeof msg.topic === 'string' && msg.topic ? msg.topic.slice(0, 100) : 'source');
      // one batch at a time: a batch learns from the ones before it
      chain = chain.then(() => linkBatch(records, source)).then((result) => {
        const r = result.report;
        this.status({ fill: r.unlinked || r.ambiguous ? 'yellow' : 'green', shape: 'dot',
          text: RED._('civic-record-link.status.done', { linked: r.linked, unlinked: r.unlinked, ambiguous: r.ambiguous }) });
        send([{ ...msg, payload: result.linked }, { topic: source, payload: { kind: 'linkage-report', ...r } },
          result.unlinked.length ? { ...msg, payload: result.unlinked } : null]);
        done();
      }, (err: unknown) => {
        delete msg.payload;                                   // the records (with clear keys) never reach a Catch node
        fail(RED, this, done, err);
      });
    });
  }
  RED.nodes.registerType('civic-record-link', RecordLinkNode);
};
