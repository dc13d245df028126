// What a store config node offers the nodes that use it (kept here, free of Node-RED, so every adapter and test
// shares one definition).
import { CivicError, isCivicError } from '../errors';
import type { RecordStore } from './store';
import type { PseudonymSettings } from './values';

/** The error of a store that is still opening (not a failure: nothing to report yet). */
export function notReadyError(): CivicError {
  return new CivicError('shared.store.errors.notReady', {}, 'the store is not open yet');
}

/** True for the error of a store that is still opening. */
export function isNotReady(err: unknown): boolean {
  return isCivicError(err) && err.key === 'shared.store.errors.notReady';
}

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

/**
 * The open store for a message: at once when open, after waiting up to `waitMs` while it is still opening (just
 * deployed), or the reason it is closed (locked, unreachable…) without waiting.
 */
export async function storeFor(handle: StoreHandle, waitMs = 30000): Promise<RecordStore> {
  try {
    return handle.get();
  } catch (err) {
    if (!isNotReady(err)) throw err;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([handle.ready(), new Promise<never>((_r, reject) => { timer = setTimeout(() => reject(notReadyError()), waitMs); })]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
