/**
 * The observer of keys the server removes on its own — evicted under maxmemory, or expired
 * (lazily on access or by the active expiry cycle). No client command names these deletions,
 * so anything that mirrors the keyspace (the AOF in persistence/) learns of them here, as
 * Redis propagates a DEL for both. Unset, it costs one null check per removal, never per command.
 */

/** Why the server removed a key by itself. */
export type KeyRemovalReason = 'evicted' | 'expired';

/** Called right after the key left database `db` (its SELECT index). Must not run commands. */
export type KeyRemovedObserver = (db: number, key: string, reason: KeyRemovalReason) => void;

/** An engine whose self-initiated deletions can be observed (the redis-style engine). */
export interface KeyRemovalObservable {
  onKeyRemoved: KeyRemovedObserver | null;
}

/** True when `engine` lets an observer see its evictions and expiries. */
export function isKeyRemovalObservable(engine: object): engine is KeyRemovalObservable {
  return 'onKeyRemoved' in engine;
}
