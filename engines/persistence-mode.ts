/**
 * One persistence vocabulary for every Redis-family engine that persists: the in-process
 * `redis-style` engine (also when served), the managed `redis-server`, and the durability
 * experiment. A mode names redis-server's own settings — RDB snapshots (`save …`) and/or the
 * append-only file (`appendonly yes`) with its `appendfsync` policy:
 *
 *   none  rdb  aof-no  aof-everysec  aof-always  rdb+aof-no  rdb+aof-everysec  rdb+aof-always
 *
 * Aliases (the names the engines used before): `aof` and `rdb+aof` take their fsync policy from
 * the separate `appendfsync` option (default `everysec`, redis-server's default). An
 * `appendfsync` that contradicts the mode, or given without an AOF, is an error — so a typo can
 * never silently run another mode than the one asked for.
 */

import { oneOf } from './engine-options.js';
import type { EngineOption } from './types.js';

export type AppendFsync = 'always' | 'everysec' | 'no';
export const APPENDFSYNC_POLICIES: readonly AppendFsync[] = ['always', 'everysec', 'no'];

export const PERSISTENCE_MODES = [
  'none',
  'rdb',
  'aof-no',
  'aof-everysec',
  'aof-always',
  'rdb+aof-no',
  'rdb+aof-everysec',
  'rdb+aof-always',
] as const;
export type PersistenceMode = (typeof PERSISTENCE_MODES)[number];

/** Accepted on input, resolved with `appendfsync` (default everysec). */
export const PERSISTENCE_ALIASES: readonly string[] = ['aof', 'rdb+aof'];

export interface PersistenceSpec {
  readonly mode: PersistenceMode;
  /** RDB snapshots on. */
  readonly rdb: boolean;
  /** The AOF's fsync policy, or null without an AOF. */
  readonly appendfsync: AppendFsync | null;
}

export function isPersistenceMode(name: string): name is PersistenceMode {
  return (PERSISTENCE_MODES as readonly string[]).includes(name);
}

/** The mode from its parts. */
export function persistenceMode(rdb: boolean, appendfsync: AppendFsync | null): PersistenceMode {
  if (appendfsync === null) return rdb ? 'rdb' : 'none';
  return `${rdb ? 'rdb+' : ''}aof-${appendfsync}` as PersistenceMode;
}

export function describeModes(): string {
  return `${PERSISTENCE_MODES.join(', ')} (aliases: aof = aof-<appendfsync>, rdb+aof = rdb+aof-<appendfsync>, appendfsync default everysec)`;
}

/**
 * `persistence` (+ optional `appendfsync`) as given by flags or suite options → the spec.
 * Throws an Error naming `owner`'s option and the allowed values.
 */
export function resolvePersistence(persistence: unknown, appendfsync: unknown, owner: string): PersistenceSpec {
  const raw = persistence ?? 'none';
  if (typeof raw !== 'string' || !(isPersistenceMode(raw) || PERSISTENCE_ALIASES.includes(raw))) {
    throw new Error(`${owner} option 'persistence': '${String(raw)}' is not one of ${describeModes()}`);
  }
  if (appendfsync !== undefined && !(APPENDFSYNC_POLICIES as readonly unknown[]).includes(appendfsync)) {
    throw new Error(`${owner} option 'appendfsync': '${String(appendfsync)}' is not one of ${APPENDFSYNC_POLICIES.join(', ')}`);
  }
  const rdb = raw.startsWith('rdb');
  const hasAof = raw.includes('aof');
  if (!hasAof) {
    if (appendfsync !== undefined) {
      throw new Error(`${owner} option 'appendfsync': only applies with an AOF (persistence aof-*, rdb+aof-*; got persistence '${raw}')`);
    }
    return { mode: raw as PersistenceMode, rdb, appendfsync: null };
  }
  const dash = raw.lastIndexOf('-');
  const fromName = raw.endsWith('aof') ? undefined : (raw.slice(dash + 1) as AppendFsync);
  if (fromName !== undefined && appendfsync !== undefined && appendfsync !== fromName) {
    throw new Error(`${owner} option 'appendfsync': '${String(appendfsync)}' contradicts persistence '${raw}'`);
  }
  const policy = fromName ?? (appendfsync as AppendFsync | undefined) ?? 'everysec';
  return { mode: persistenceMode(rdb, policy), rdb, appendfsync: policy };
}

/** `persistence` and `appendfsync` as rows of an engine's option table (redis-style and redis-server share them). */
export const PERSISTENCE_ENGINE_OPTIONS: readonly EngineOption[] = [
  {
    name: 'persistence',
    values: `${oneOf([...PERSISTENCE_MODES, ...PERSISTENCE_ALIASES])}`,
    default: 'none',
    doc: 'RDB snapshots and/or the AOF with its fsync policy (aof, rdb+aof take appendfsync)',
    example: 'aof-everysec',
  },
  { name: 'appendfsync', values: oneOf(APPENDFSYNC_POLICIES), default: 'everysec', doc: 'AOF fsync policy, with persistence aof or rdb+aof', example: 'always', exampleWith: { persistence: 'aof' } },
];
