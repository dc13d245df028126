// civic-store: the config node that holds one records store connection (a DuckDB file under the user directory, or
// a PostgreSQL server) for every store-using node of the flows. It opens the store and runs its migrations on start,
// keeps trying while the file is locked or the server unreachable, and holds the pseudonym key as a credential.
import path from 'path';
import os from 'os';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { RecordStore, notReadyError, type PseudonymSettings, type StoreBackendName, type StoreHandle } from '../../lib/store';
import { readConfig, translateError } from '../../node-kit';

interface StoreConfig {
  backend: StoreBackendName; file: string; host: string; port: number; database: string; user: string; ssl: boolean;
  pseudonymPrefix: string; pseudonymLength: number; reconnectSeconds: number;
}
interface Credentials { password?: string; key?: string }

export = function register(RED: NodeAPI) {
  function CivicStoreNode(this: Node<Credentials> & Partial<StoreHandle>, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const creds = (this.credentials ?? {}) as Credentials;
    const config = readConfig<StoreConfig>(RED, this, 'civic-store', def);
    let store: RecordStore | undefined;
    let error: unknown = config ? undefined : notReadyError();
    let timer: NodeJS.Timeout | undefined;
    let closing = false;
    const listeners = new Set<(err?: unknown) => void>();
    const waiters: Array<{ resolve: (s: RecordStore) => void; reject: (e: unknown) => void }> = [];
    const pseudonym: PseudonymSettings = { key: creds.key || undefined, prefix: config?.pseudonymPrefix ?? 'P-', length: config?.pseudonymLength ?? 16 };
    const userDir = (RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red');

    const announce = (err?: unknown) => listeners.forEach((l) => { try { l(err); } catch { /* a listener's failure is its own */ } });
    const open = async () => {
      if (!config || closing) return;
      try {
        const s = await RecordStore.open({
          backend: config.backend,
          file: path.isAbsolute(config.file) ? config.file : path.join(userDir, config.file),
          postgres: { host: config.host, port: config.port, database: config.database, user: config.user, password: creds.password || undefined, ssl: config.ssl },
          pseudonym,
        });
        if (closing) { await s.close(); return; }
        store = s;
        error = undefined;
        waiters.splice(0).forEach((w) => w.resolve(s));
        announce();
      } catch (err) {
        error = err;
        this.warn(translateError(RED, err).message);
        announce(err);
        timer = setTimeout(() => { void open(); }, config.reconnectSeconds * 1000);
      }
    };
    Object.assign(this, {
      pseudonym,
      get: () => {
        if (store) return store;
        throw error ?? notReadyError();
      },
      // closed: nothing will open it again, so a late caller is answered now (not left to its own time-out)
      ready: () => (store ? Promise.resolve(store) : closing ? Promise.reject(notReadyError())
        : new Promise<RecordStore>((resolve, reject) => waiters.push({ resolve, reject }))),
      onState: (l: (err?: unknown) => void) => { listeners.add(l); return () => listeners.delete(l); },
    } satisfies StoreHandle);
    void open();

    this.on('close', (_removed: boolean, done: () => void) => {
      closing = true;
      if (timer) clearTimeout(timer);
      waiters.splice(0).forEach((w) => w.reject(notReadyError()));
      listeners.clear();
      const s = store;
      store = undefined;
      (s ? s.close() : Promise.resolve()).catch(() => undefined).finally(done);
    });
  }
  RED.nodes.registerType('civic-store', CivicStoreNode as never, { credentials: { password: { type: 'password' }, key: { type: 'password' } } });
};
