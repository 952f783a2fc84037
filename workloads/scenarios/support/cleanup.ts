/**
 * Clearing a scenario's keys before it runs. The harness does not flush a server between runs,
 * and a remote server keeps what the last run with the same seed left (a leaderboard's scores, a
 * queue's jobs, friend sets), which would make this run's ground truth wrong. Preload deletes the
 * keys the scenario is about to rely on; commands go out a chunk at a time so a remote engine
 * pipelines them.
 */
import type { Bytes, Engine } from '../../../engines/types.js';

const CHUNK = 256;

export async function deleteKeys(engine: Engine, keys: Iterable<Bytes>): Promise<void> {
  let pending: unknown[] = [];
  for (const key of keys) {
    const result = engine.kv.del(key);
    if (result instanceof Promise) pending.push(result);
    if (pending.length >= CHUNK) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
}
