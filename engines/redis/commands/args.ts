/**
 * Argument helpers shared by the command files: case-insensitive option matching, integer and
 * float arguments with Redis's error replies, typed lookups that answer WRONGTYPE, and reply
 * builders. Helpers return an ErrorReply instead of throwing, so handlers stay branch-cheap.
 */
import { ErrorReply, intReply, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { NOT_FLOAT, NOT_INTEGER, WRONGTYPE } from '../errors.js';
import { parseDouble } from '../numbers/float.js';
import { parseInt64 } from '../numbers/int64.js';
import { RedisHash } from '../types/hash.js';
import type { RedisValue } from '../types/kinds.js';
import { RedisList } from '../types/list.js';
import { RedisSet } from '../types/set.js';
import { RedisZset } from '../types/zset.js';

/** Held once: see engines/memcached/assoc.ts (a String subclass anywhere in the process stops V8 inlining `s.charCodeAt`: 63 vs 17 ns per short string). */
const charCodeAt = String.prototype.charCodeAt;

/**
 * Case-insensitive equality against an upper-case option name (letters only), without
 * allocating: option parsing runs on every ZADD/SET/… so `toUpperCase()` would cost a string.
 */
export function is(arg: string, upper: string): boolean {
  const n = upper.length;
  if (arg.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(arg, i);
    const u = charCodeAt.call(upper, i);
    if (c !== u && (u < 65 || u > 90 || c !== u + 32)) return false;
  }
  return true;
}

/** An int64 argument as a JS number (exact up to 2^53; beyond, the nearest double). */
export function intArg(s: string): number | ErrorReply {
  const v = parseInt64(s);
  return v === undefined ? NOT_INTEGER : Number(v);
}

export function floatArg(s: string): number | ErrorReply {
  const v = parseDouble(s);
  return v === undefined ? NOT_FLOAT : v;
}

export function toReply(n: number | bigint): number | bigint {
  return typeof n === 'bigint' ? intReply(n) : n;
}

/** A value's container of the wanted class, undefined when absent, WRONGTYPE otherwise. */
function typed<T>(v: RedisValue | undefined, cls: new (...a: never[]) => T): T | undefined | ErrorReply {
  if (v === undefined) return undefined;
  return v instanceof cls ? v : WRONGTYPE;
}

export function readList(c: Client, key: string): RedisList | undefined | ErrorReply {
  return typed(c.db.lookupRead(key), RedisList);
}
export function writeList(c: Client, key: string): RedisList | undefined | ErrorReply {
  return typed(c.db.lookup(key), RedisList);
}
export function readSet(c: Client, key: string): RedisSet | undefined | ErrorReply {
  return typed(c.db.lookupRead(key), RedisSet);
}
export function writeSet(c: Client, key: string): RedisSet | undefined | ErrorReply {
  return typed(c.db.lookup(key), RedisSet);
}
export function readZset(c: Client, key: string): RedisZset | undefined | ErrorReply {
  return typed(c.db.lookupRead(key), RedisZset);
}
export function writeZset(c: Client, key: string): RedisZset | undefined | ErrorReply {
  return typed(c.db.lookup(key), RedisZset);
}
export function readHash(c: Client, key: string): RedisHash | undefined | ErrorReply {
  return typed(c.db.lookupRead(key), RedisHash);
}
export function writeHash(c: Client, key: string): RedisHash | undefined | ErrorReply {
  return typed(c.db.lookup(key), RedisHash);
}

/** A string value: undefined when absent, WRONGTYPE for containers. */
export function readString(c: Client, key: string): string | undefined | ErrorReply {
  const v = c.db.lookupRead(key);
  if (v === undefined || typeof v === 'string') return v;
  return WRONGTYPE;
}

export type { Reply };
