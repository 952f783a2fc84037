/**
 * maxmemory eviction with Redis's policies: noeviction, allkeys-lru, volatile-lru,
 * allkeys-random, volatile-ttl. Like Redis it never finds the true best victim: it samples
 * `maxmemory-samples` keys (through a rotating cursor with random skips, since a JS Map has no
 * random access), keeps the best candidates in a small pool across rounds, and evicts the best.
 */
import type { Database } from './database.js';
import type { RedisServer } from './server.js';

export interface Candidate {
  db: Database;
  key: string;
}

const POOL_SIZE = 16;

function nextSample(db: Database, volatile: boolean): string | undefined {
  const size = volatile ? db.expires.size : db.dict.size;
  if (size === 0) return undefined;
  // Skip a few entries at random so successive samples are spread out.
  let skip = Math.floor(db.server.random.next() * 4);
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

/** Higher = evict first: idle ms for LRU, time until expiry (negated) for volatile-ttl, random. */
function evictionScore(server: RedisServer, c: Candidate, now: number): number {
  const policy = server.config['maxmemory-policy'];
  if (policy === 'allkeys-random') return server.random.next();
  if (policy === 'volatile-ttl') return -Number(c.db.expires.get(c.key) ?? Infinity);
  return now - (c.db.lru.get(c.key) ?? now);
}

/**
 * Evict until memory is under the limit; false when the policy cannot free enough. The pool of
 * best candidates persists between calls (as Redis's eviction pool does), so each eviction
 * chooses among keys sampled across the whole keyspace over time, not just the last 5.
 */
export function performEvictions(server: RedisServer): boolean {
  const policy = server.config['maxmemory-policy'];
  if (policy === 'noeviction') return false;
  const volatile = policy === 'volatile-lru' || policy === 'volatile-ttl';
  const samples = server.config['maxmemory-samples'];
  const pool = server.evictionPool;
  while (server.memory.used > server.config.maxmemory) {
    let any = false;
    for (const db of server.dbs) {
      if ((volatile ? db.expires.size : db.dict.size) === 0) continue;
      any = true;
      for (let i = 0; i < samples; i++) {
        const key = nextSample(db, volatile);
        if (key === undefined) break;
        if (!pool.some((c) => c.db === db && c.key === key)) pool.push({ db, key });
      }
    }
    if (!any) return false;
    // Scores are taken now (a pooled key may have been used since it was sampled).
    const now = Date.now();
    const scored = pool
      .filter((c) => c.db.dict.has(c.key) && (!volatile || c.db.expires.has(c.key)))
      .map((c) => ({ c, score: evictionScore(server, c, now) }))
      .sort((a, b) => b.score - a.score);
    pool.length = 0;
    for (const s of scored.slice(1, POOL_SIZE + 1)) pool.push(s.c);
    const best = scored[0];
    if (best) best.c.db.evict(best.c.key);
  }
  return true;
}
