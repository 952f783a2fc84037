/**
 * The value kinds a key can hold. Strings are stored as plain byte strings (no wrapper, so GET
 * and SET touch one Map entry and nothing else); every other kind is a container object that
 * knows its own memory estimate and reports growth to the engine's memory counter.
 */
import type { RedisHash } from './hash.js';
import type { RedisList } from './list.js';
import type { RedisSet } from './set.js';
import type { RedisZset } from './zset.js';

export type Container = RedisList | RedisSet | RedisZset | RedisHash;
export type RedisValue = string | Container;

/** What TYPE answers. */
export type TypeName = 'string' | 'list' | 'set' | 'zset' | 'hash';

export function typeName(v: RedisValue): TypeName {
  return typeof v === 'string' ? 'string' : v.kind;
}

/** Shared by all containers of one engine: the running memory estimate in bytes. */
export class MemoryCounter {
  used = 0;
}

/** Per-element overhead estimates (dict entry + object header + allocator rounding). */
export const ENTRY_OVERHEAD = 48;
export const ELEMENT_OVERHEAD = 24;
export const CONTAINER_OVERHEAD = 96;
