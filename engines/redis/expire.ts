/**
 * Active expiry, as Redis's activeExpireCycle does it: on every tick (hz times a second) walk
 * each database's expires table with a persistent cursor, sampling 20 keys at a time and
 * deleting those whose time has passed; keep going while more than 10% of a sample was
 * expired, within a time budget (25% of the tick). Lazy expiry on lookup covers the rest.
 */
import type { Database } from './database.js';
import type { RedisServer } from './server.js';

const KEYS_PER_SAMPLE = 20;
/** Stop sampling a database once at most this share of a sample was expired. */
const ACCEPTABLE_STALE = 0.1;

/** Sample one batch from a database's expires table; returns [sampled, expired]. */
function sampleOnce(db: Database, now: number): [number, number] {
  let sampled = 0;
  let expired = 0;
  let cursor = db.expireCursor;
  if (cursor === null) cursor = db.expireCursor = db.expires.entries();
  while (sampled < KEYS_PER_SAMPLE) {
    const next = cursor.next();
    if (next.done) {
      db.expireCursor = null; // a full pass is done; the next tick starts over
      break;
    }
    sampled++;
    const [key, at] = next.value;
    if (at <= now && db.expires.get(key) === at) {
      db.deleteExpired(key);
      expired++;
    }
  }
  return [sampled, expired];
}

/** One cycle over every database; returns the number of keys expired. */
export function activeExpireCycle(server: RedisServer, budgetMs: number): number {
  const start = Date.now();
  let total = 0;
  for (const db of server.dbs) {
    if (db.expires.size === 0) continue;
    for (let iteration = 0; ; iteration++) {
      const [sampled, expired] = sampleOnce(db, Date.now());
      total += expired;
      if (sampled === 0 || expired <= sampled * ACCEPTABLE_STALE) break;
      if ((iteration & 15) === 15 && Date.now() - start > budgetMs) return total;
    }
  }
  if (total !== 0 && server.blocking.readyCount !== 0) server.blocking.serveReady();
  return total;
}
