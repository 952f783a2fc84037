/**
 * The engine's options as they arrive from flags or suite files, validated with errors that
 * name the field and the allowed values, and turned into the layout parameters of the shared
 * buffer. Defaults follow memcached: `-m 64`, `-f 1.25`, 1 MB items.
 */
import { PAGE_BYTES, type LayoutParams } from './layout.js';
import { computeChunkSizes } from './slabs.js';
import { oneOf, optionNames, range } from '../engine-options.js';
import type { EngineOption } from '../types.js';

export interface MemcachedStyleOptions {
  /** Memory limit in MB (memcached `-m`): slab pages available. @default 64 */
  memoryMb?: number;
  /** log2 of the hash bucket count at start (it grows). @default 16, or what a small memoryMb can need */
  hashPower?: number;
  /** log2 of the item lock stripe count; at most hashPower. @default 10 */
  lockPower?: number;
  /** Slab class growth factor (memcached `-f`). @default 1.25 */
  growthFactor?: number;
  /** LRU policy: 'flat' (second chance) or 'segmented' (HOT/WARM/COLD). @default 'flat' */
  lru?: 'flat' | 'segmented';
}

export const LRU_MODES = ['flat', 'segmented'] as const;

/** memcached's initial hash power (`-o hashpower`). */
const DEFAULT_HASH_POWER = 16;
/** Items per bucket at which the table doubles (memcached: hash_items > hashsize * 3 / 2). */
export const EXPAND_LOAD = 1.5;

/** Bounds of the numeric options, used by the validation below and shown by the table. */
const BOUNDS = {
  memoryMb: [1, 1024],
  hashPower: [10, 26],
  lockPower: [1, 16],
  growthFactor: [1.05, 4],
} as const satisfies Record<Exclude<keyof MemcachedStyleOptions, 'lru'>, readonly [number, number]>;

/** The engine's options (`cachebench list`; the unknown-option check reads the names from it). */
export const MEMCACHED_STYLE_OPTIONS: readonly EngineOption[] = [
  { name: 'memoryMb', values: range(...BOUNDS.memoryMb), default: '64', doc: 'memory limit in MB (memcached -m): slab pages available', example: '256' },
  { name: 'hashPower', values: range(...BOUNDS.hashPower), default: '16 (memcached -o hashpower), less for a small memoryMb', doc: 'log2 of the hash buckets at start; the table doubles while items exceed 1.5 a bucket', example: '12' },
  { name: 'lockPower', values: `${range(...BOUNDS.lockPower)}, at most hashPower`, default: '10', doc: 'log2 of the item lock stripes', example: '8' },
  { name: 'lru', values: oneOf(LRU_MODES), default: 'flat', doc: 'flat: one LRU per slab class with a second chance for items read; segmented: memcached\'s HOT/WARM/COLD, so items read survive scans of items written once', example: 'segmented' },
  { name: 'growthFactor', values: range(...BOUNDS.growthFactor), default: '1.25', doc: 'slab class growth factor (memcached -f)', example: '1.5' },
];
const OPTION_NAMES = optionNames(MEMCACHED_STYLE_OPTIONS);

export class MemcachedOptionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`memcached-style option ${field}: ${message}`);
    this.name = 'MemcachedOptionError';
  }
}

function integerIn(field: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new MemcachedOptionError(field, `must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

function numberIn(field: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
    throw new MemcachedOptionError(field, `must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** Validate options (unknown names are errors) and derive the buffer's layout parameters. */
export function resolveOptions(raw: Record<string, unknown> | undefined): LayoutParams {
  const opts = raw ?? {};
  for (const name of Object.keys(opts)) {
    if (!OPTION_NAMES.includes(name)) {
      throw new MemcachedOptionError(name, `unknown option; allowed: ${OPTION_NAMES.join(', ')}`);
    }
  }
  const memoryMb = opts['memoryMb'] === undefined ? 64 : integerIn('memoryMb', opts['memoryMb'], ...BOUNDS.memoryMb);
  const growthFactor = opts['growthFactor'] === undefined ? 1.25 : numberIn('growthFactor', opts['growthFactor'], ...BOUNDS.growthFactor);
  const chunkSizes = computeChunkSizes(growthFactor, PAGE_BYTES);
  // The table grows (assoc.ts) while items exceed 1.5 per bucket, as memcached's does, up to the
  // size the most items that fit could need: memory ÷ the smallest chunk ÷ 1.5. Its region is
  // reserved for that size at creation (4 bytes a bucket, about 3% of the memory limit).
  const mostItems = (memoryMb * PAGE_BYTES) / chunkSizes[0]!;
  const neededPower = Math.min(BOUNDS.hashPower[1], Math.max(BOUNDS.hashPower[0], Math.ceil(Math.log2(mostItems / EXPAND_LOAD))));
  // memcached starts at 2^16 buckets (-o hashpower=16); a small store starts at what it can need.
  const hashPower = opts['hashPower'] === undefined ? Math.min(DEFAULT_HASH_POWER, neededPower) : integerIn('hashPower', opts['hashPower'], ...BOUNDS.hashPower);
  const maxHashPower = Math.max(hashPower, neededPower);
  const lockPower = opts['lockPower'] === undefined ? Math.min(10, hashPower) : integerIn('lockPower', opts['lockPower'], ...BOUNDS.lockPower);
  if (lockPower > hashPower) {
    throw new MemcachedOptionError('lockPower', `must be at most hashPower (${hashPower}): lock bits are a subset of hash bits (got ${lockPower})`);
  }
  const lru = opts['lru'] ?? 'flat';
  if (!(LRU_MODES as readonly unknown[]).includes(lru)) throw new MemcachedOptionError('lru', `must be one of ${LRU_MODES.join(', ')} (got ${JSON.stringify(lru)})`);
  return { memoryMb, hashPower, maxHashPower, lockPower, lru: lru as 'flat' | 'segmented', chunkSizes, itemSizeMax: PAGE_BYTES };
}
