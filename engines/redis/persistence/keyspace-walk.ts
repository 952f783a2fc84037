/**
 * Reading the whole keyspace through the engine's public command surface (`redis.call`), for
 * the RDB writer and the AOF rewrite: for each database, SCAN the keys, then TYPE, the value
 * (GET / LRANGE / SMEMBERS / HGETALL / ZRANGE … WITHSCORES) and the absolute expiry (PTTL
 * against the clock read around it).
 *
 * It runs on its own session (`blockingClient()`, a separate connection with its own SELECT)
 * when the engine offers one, so the default client's selected database is left alone.
 *
 * Cost: several commands per key plus the reply arrays — roughly 5–10× the cost of walking the
 * engine's maps directly. It is correct against any Redis-family engine that answers
 * synchronously, which is what a layer over the public surface can promise.
 */
import type { Reply } from '../../types.js';
import { ErrorReply } from '../../types.js';

export type StoredValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'list'; readonly items: string[] }
  | { readonly type: 'set'; readonly members: string[] }
  /** field, value, field, value … */
  | { readonly type: 'hash'; readonly flat: string[] }
  | { readonly type: 'zset'; readonly members: string[]; readonly scores: number[] };

export interface StoredKey {
  readonly key: string;
  /**
   * Absolute expiry in Unix milliseconds, or null for a persistent key. A bigint because Redis
   * keeps a signed 64-bit deadline: a `number` would round deadlines past 2^53 ms.
   */
  readonly expireAtMs: bigint | null;
  readonly value: StoredValue;
}

export interface StoredDb {
  readonly index: number;
  readonly keys: StoredKey[];
}

export type SyncCall = (args: readonly string[]) => Reply;

/** A redis-family engine's command entry point, refusing Promises (persistence needs a sync engine). */
export function syncCall(call: (args: readonly string[]) => Reply | Promise<Reply>): SyncCall {
  return (args) => {
    const r = call(args);
    if (r instanceof Promise) throw new Error(`persistence: '${args[0]}' returned a Promise; persistence needs a synchronous (in-process) engine`);
    return r;
  };
}

function expectOk(r: Reply, what: string): Reply {
  if (r instanceof ErrorReply) throw new Error(`persistence: ${what} failed: ${r.message}`);
  return r;
}

/** A score as the engine prints it (`%.17g`, `inf`, `-inf`) → the exact double. */
export function parseScore(s: string): number {
  if (s === 'inf' || s === '+inf') return Infinity;
  if (s === '-inf') return -Infinity;
  const x = Number(s);
  if (Number.isNaN(x)) throw new Error(`persistence: unreadable score '${s}'`);
  return x;
}

/** A double as text any Redis parses back to the same double: shortest round-trip form. */
export function formatScore(x: number): string {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

/**
 * The commands that rebuild one stored key: `SET … PXAT` for a string, batches of RPUSH / SADD /
 * HSET / ZADD of at most `itemsPerCommand` items for a collection, then PEXPIREAT for a
 * collection with a deadline. Shared by the AOF rewrite (which encodes them) and the RDB loader
 * (which runs them), so both rebuild a key the same way.
 */
export function emitRebuildCommands(k: StoredKey, itemsPerCommand: number, emit: (args: readonly string[]) => void): void {
  const { key, expireAtMs, value } = k;
  const batches = (head: readonly string[], items: readonly string[], stride: number): void => {
    const per = itemsPerCommand * stride;
    for (let i = 0; i < items.length; i += per) emit([...head, ...items.slice(i, i + per)]);
  };
  switch (value.type) {
    case 'string':
      emit(expireAtMs === null ? ['SET', key, value.value] : ['SET', key, value.value, 'PXAT', String(expireAtMs)]);
      return;
    case 'list':
      batches(['RPUSH', key], value.items, 1);
      break;
    case 'set':
      batches(['SADD', key], value.members, 1);
      break;
    case 'hash':
      batches(['HSET', key], value.flat, 2);
      break;
    case 'zset': {
      const flat = new Array<string>(value.members.length * 2);
      for (let i = 0; i < value.members.length; i++) {
        flat[2 * i] = formatScore(value.scores[i]!);
        flat[2 * i + 1] = value.members[i]!;
      }
      batches(['ZADD', key], flat, 2);
      break;
    }
  }
  if (expireAtMs !== null) emit(['PEXPIREAT', key, String(expireAtMs)]);
}

/** The number of databases (CONFIG GET databases), 16 when the engine does not say. */
export function databaseCount(call: SyncCall): number {
  const r = call(['CONFIG', 'GET', 'databases']);
  if (Array.isArray(r) && r.length === 2) {
    const n = Number(r[1]);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return 16;
}

/** One key's value and expiry, or null when it vanished (expired) meanwhile. */
export function readKey(call: SyncCall, key: string): StoredKey | null {
  const type = expectOk(call(['TYPE', key]), `TYPE ${key}`);
  const typeName = typeof type === 'string' ? type : String(type);
  let value: StoredValue;
  switch (typeName) {
    case 'none':
      return null;
    case 'string': {
      const v = expectOk(call(['GET', key]), 'GET');
      if (v === null) return null;
      value = { type: 'string', value: v as string };
      break;
    }
    case 'list':
      value = { type: 'list', items: expectOk(call(['LRANGE', key, '0', '-1']), 'LRANGE') as string[] };
      break;
    case 'set':
      value = { type: 'set', members: expectOk(call(['SMEMBERS', key]), 'SMEMBERS') as string[] };
      break;
    case 'hash':
      value = { type: 'hash', flat: expectOk(call(['HGETALL', key]), 'HGETALL') as string[] };
      break;
    case 'zset': {
      const flat = expectOk(call(['ZRANGE', key, '0', '-1', 'WITHSCORES']), 'ZRANGE') as string[];
      const members = new Array<string>(flat.length / 2);
      const scores = new Array<number>(flat.length / 2);
      for (let i = 0, j = 0; i < flat.length; i += 2, j++) {
        members[j] = flat[i]!;
        scores[j] = parseScore(flat[i + 1]!);
      }
      value = { type: 'zset', members, scores };
      break;
    }
    default:
      throw new Error(`persistence: key '${key}' has type '${typeName}', which RDB/AOF here do not support (string, list, set, hash, zset)`);
  }
  const expireAtMs = absoluteExpiry(call, key);
  if (expireAtMs === undefined) return null;
  return { key, expireAtMs, value };
}

/**
 * The key's absolute expiry from PTTL: null when persistent, undefined when the key is gone.
 * PTTL is relative to the engine's clock at that moment, which lies between our two clock reads.
 */
export function absoluteExpiry(call: SyncCall, key: string): bigint | null | undefined {
  for (let attempt = 0; ; attempt++) {
    const before = Date.now();
    // PTTL answers a bigint beyond 2^53 ms (the engine's intReply), a number below.
    const pttl = BigInt(expectOk(call(['PTTL', key]), 'PTTL') as number | bigint);
    const after = Date.now();
    if (pttl === -2n) return undefined;
    if (pttl === -1n) return null;
    // The millisecond ticked during PTTL: ask again once so the figure is exact.
    if (before === after || attempt > 0) return BigInt(before) + pttl;
  }
}

/** Every non-empty database with its keys, read through `call` (which may SELECT freely). */
export function walkKeyspace(call: SyncCall): StoredDb[] {
  const dbs: StoredDb[] = [];
  const count = databaseCount(call);
  for (let db = 0; db < count; db++) {
    expectOk(call(['SELECT', String(db)]), `SELECT ${db}`);
    if (Number(call(['DBSIZE'])) === 0) continue;
    const seen = new Set<string>();
    const keys: StoredKey[] = [];
    let cursor = '0';
    do {
      const r = expectOk(call(['SCAN', cursor, 'COUNT', '1000']), 'SCAN') as [string, string[]];
      cursor = r[0];
      for (const key of r[1]) {
        if (seen.has(key)) continue; // SCAN may return a key twice
        seen.add(key);
        const entry = readKey(call, key);
        if (entry !== null) keys.push(entry);
      }
    } while (cursor !== '0');
    if (keys.length > 0) dbs.push({ index: db, keys });
  }
  return dbs;
}

/**
 * Run `fn` on a separate session of the engine when it has one (`blockingClient()`), else on
 * the default client, selecting `selectedDb` again afterwards (the caller tracks SELECT).
 */
export function withSession<T>(
  redis: { call(args: readonly string[]): Reply | Promise<Reply>; blockingClient?(): unknown },
  selectedDb: number,
  fn: (call: SyncCall) => T,
): T {
  const session = redis.blockingClient?.() as { call(args: readonly string[]): Reply | Promise<Reply>; close(): unknown } | undefined;
  if (session === undefined || session instanceof Promise) {
    const call = syncCall((a) => redis.call(a));
    try {
      return fn(call);
    } finally {
      call(['SELECT', String(selectedDb)]);
    }
  }
  try {
    return fn(syncCall((a) => session.call(a)));
  } finally {
    session.close();
  }
}
