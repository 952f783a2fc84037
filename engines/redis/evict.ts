/**
 * maxmemory eviction with Redis's policies: noeviction, allkeys-lru, volatile-lru,
 * allkeys-random, volatile-ttl. Like Redis it never finds the true best victim: it samples
 * `maxmemory-samples` keys (through a rotating cursor with random skips, since a JS Map has no
 * random access), keeps the best candidates in a small pool across rounds, and evicts the best.
 */
import type { Database } from './database.js';
import type { RedisServer } from './server.js';

interface Candidate {
  db: Database;
  key: string;
  /** Higher = evict first (idle time for LRU, negative TTL for volatile-ttl, random). */
  score: number;
}

const POOL_SIZE = 16;

function nextSample(db: Database, volatile: boolean): string | undefined {
  const size = volatile ? db.expires.size : db.dict.size;
  if (size === 0) return undefined;
  // Skip a few entries at random so successive samples are spread out.
  let skip = Math.floor(Math.random() * 4);
  for (let guard = 0; guard < 8; guard++) {
    let cursor = volatile ? db.volatileSampleCursor : db.sampleCursor;
    if (cursor === null) {
      cursor = volatile ? db.expires.keys() : db.dict.keys();
      if (volatile) db.volatileSampleCursor = cursor;
      else db.sampleCursor = cursor;
    }
    const next = cursor.next();
    if (next.done) {
      if (volatile) db.volatileSampleCursor = null;
      else db.sampleCursor = null;
      continue;
    }
    if (skip-- > 0) continue;
    return next.value;
  }
  return undefined;
}

/** Evict until memory is under the limit; false when the policy cannot free enough. */
export function performEvictions(server: RedisServer): boolean {
  const policy = server.config['maxmemory-policy'];
  if (policy === 'noeviction') return false;
  const volatile = policy === 'volatile-lru' || policy === 'volatile-ttl';
  const samples = server.config['maxmemory-samples'];
  const pool: Candidate[] = [];
  const now = Date.now();
  while (server.memory.used > server.config.maxmemory) {
    let any = false;
    for (const db of server.dbs) {
      if ((volatile ? db.expires.size : db.dict.size) === 0) continue;
      any = true;
      for (let i = 0; i < samples; i++) {
        const key = nextSample(db, volatile);
        if (key === undefined) break;
        let score: number;
        if (policy === 'allkeys-random') score = Math.random();
        else if (policy === 'volatile-ttl') score = -Number(db.expires.get(key) ?? Infinity);
        else score = now - (db.lru.get(key) ?? now);
        if (!pool.some((c) => c.db === db && c.key === key)) pool.push({ db, key, score });
      }
    }
    if (!any) return false;
    pool.sort((a, b) => b.score - a.score);
    if (pool.length > POOL_SIZE) pool.length = POOL_SIZE;
    // Evict the best candidate that still exists.
    let evicted = false;
    while (pool.length !== 0) {
      const c = pool.shift()!;
      if (c.db.dict.has(c.key) && (!volatile || c.db.expires.has(c.key))) {
        c.db.evict(c.key);
        evicted = true;
        break;
      }
    }
    if (!evicted && pool.length === 0) continue;
  }
  return true;
}
