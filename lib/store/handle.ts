// What a store config node offers the nodes that use it (kept here, free of Node-RED, so every adapter and test
// shares one definition).
import type { RecordStore } from './store';
import type { PseudonymSettings } from './values';

/** The shared connection of a civic-store config node. */
export interface StoreHandle {
  /** The open store, or throws the reason it is not open (translated by the caller). */
  get(): RecordStore;
  /** Resolves once the store is open (waits through retries); rejects when the config node closes first. */
  ready(): Promise<RecordStore>;
  /** Pseudonym settings (key from the credentials) for nodes that key identifiers themselves. */
  readonly pseudonym: PseudonymSettings;
  /** Called with undefined when the store opened, or the error that keeps it closed; returns an unsubscribe. */
  onState(listener: (err?: unknown) => void): () => void;
}
