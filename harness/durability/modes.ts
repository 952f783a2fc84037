/**
 * The persistence modes the durability experiment compares, and how each one is configured on
 * a managed redis-server. `rdb` gets a snapshot policy of `save 1 1` (snapshot when ≥ 1 write
 * happened in the last second), far more frequent than Redis's default `3600 1 300 100 60 10000`,
 * so RDB has a real chance to keep something within a few seconds of writes.
 */
import type { RedisServerOptions } from '../../engines/real/managed/index.js';

export type DurabilityMode = 'none' | 'rdb' | 'aof-no' | 'aof-everysec' | 'aof-always';

export const DURABILITY_MODES: readonly DurabilityMode[] = ['none', 'rdb', 'aof-no', 'aof-everysec', 'aof-always'];

/** The `save` policy the rdb mode runs with (CONFIG SET after start; recorded in the result). */
export const RDB_SAVE_POLICY = '1 1';

export function isDurabilityMode(name: string): name is DurabilityMode {
  return (DURABILITY_MODES as readonly string[]).includes(name);
}

/** Options for `startRedisServer` (the same for the first start and the restart). */
export function serverOptionsFor(mode: DurabilityMode): RedisServerOptions {
  switch (mode) {
    case 'none':
      return { persistence: 'none' };
    case 'rdb':
      return { persistence: 'rdb' };
    case 'aof-no':
      return { persistence: 'aof', appendfsync: 'no' };
    case 'aof-everysec':
      return { persistence: 'aof', appendfsync: 'everysec' };
    case 'aof-always':
      return { persistence: 'aof', appendfsync: 'always' };
  }
}

/** Server settings changed after start, by mode (CONFIG SET name value). */
export function runtimeConfigFor(mode: DurabilityMode): ReadonlyMap<string, string> {
  return mode === 'rdb' ? new Map([['save', RDB_SAVE_POLICY]]) : new Map();
}
