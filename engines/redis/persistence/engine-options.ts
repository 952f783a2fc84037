/**
 * The persistence options of the `redis-style` engine as the harness passes them
 * (`--engine-opt persistence=aof --engine-opt appendfsync=always`, suite `options`), split
 * from the engine's own options and turned into `PersistenceOptions`. The names mirror the
 * managed redis-server's, so one suite matrix can vary persistence on both:
 *
 *   persistence      none | rdb | aof-no | aof-everysec | aof-always | rdb+aof-…  @default none
 *                    (engines/persistence-mode.ts; `aof` and `rdb+aof` take `appendfsync`)
 *   appendfsync      always | everysec | no (with an AOF)  @default everysec
 *   save-every-sec   seconds between timed RDB saves when something changed (with rdb)
 *   dir              data directory                      @default a new temp dir, removed on close
 *
 * `splitPersistenceOptions` only checks and splits (no side effects), so a factory's
 * `validateOptions` can call it too.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { FsyncPolicy } from './io.js';
import { PERSISTENCE_ENGINE_OPTIONS, resolvePersistence, type PersistenceMode } from '../../persistence-mode.js';
import { optionNames } from '../../engine-options.js';
import type { EngineOption } from '../../types.js';
import type { PersistenceOptions } from './persistent-engine.js';

export { PERSISTENCE_MODES, type PersistenceMode } from '../../persistence-mode.js';

/** The persistence rows of the redis-style engine's option table. */
export const PERSISTENCE_OPTIONS: readonly EngineOption[] = [
  ...PERSISTENCE_ENGINE_OPTIONS,
  { name: 'save-every-sec', values: 'seconds > 0', default: 'no timed saves', doc: 'timed RDB save when something changed, with persistence rdb or rdb+aof', example: '60', exampleWith: { persistence: 'rdb' } },
  { name: 'dir', values: 'a directory path', default: 'a new temp dir, removed on close', doc: 'data directory (a restart loads it; a redis-server 7 appendonlydir/ is read and kept)', example: 'data', exampleWith: { persistence: 'rdb' } },
];
export const PERSISTENCE_OPTION_NAMES: readonly string[] = optionNames(PERSISTENCE_OPTIONS);

export interface PersistenceChoice {
  /** Canonical mode (engines/persistence-mode.ts): none, rdb, aof-*, rdb+aof-*. */
  readonly mode: PersistenceMode;
  readonly appendfsync: FsyncPolicy;
  readonly saveEverySec?: number;
  /** Undefined: a temp directory made by `persistenceOptionsFor`, removed on close. */
  readonly dir?: string;
}

/** The engine's other options, and the persistence choice (null for `none`). */
export function splitPersistenceOptions(options: Record<string, unknown>): {
  engineOptions: Record<string, unknown>;
  persistence: PersistenceChoice | null;
} {
  const engineOptions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!PERSISTENCE_OPTION_NAMES.includes(k)) engineOptions[k] = v;
  const spec = resolvePersistence(options['persistence'], options['appendfsync'], 'redis-style');
  const mode = spec.mode;
  const saveRaw = options['save-every-sec'];
  let saveEverySec: number | undefined;
  if (saveRaw !== undefined) {
    saveEverySec = Number(saveRaw);
    if (!(saveEverySec > 0 && Number.isFinite(saveEverySec))) {
      throw new Error(`redis-style option 'save-every-sec': must be a number of seconds > 0 (got '${String(saveRaw)}')`);
    }
    if (!mode.includes('rdb')) {
      throw new Error(`redis-style option 'save-every-sec': only applies with persistence rdb or rdb+aof (got persistence '${mode}')`);
    }
  }
  const dirRaw = options['dir'];
  if (dirRaw !== undefined && (typeof dirRaw !== 'string' || dirRaw === '')) {
    throw new Error(`redis-style option 'dir': must be a directory path (got '${String(dirRaw)}')`);
  }
  if (mode === 'none') {
    if (dirRaw !== undefined) throw new Error(`redis-style option 'dir': only applies with persistence rdb, aof or rdb+aof`);
    return { engineOptions, persistence: null };
  }
  return {
    engineOptions,
    persistence: {
      mode,
      appendfsync: spec.appendfsync ?? 'everysec',
      ...(saveEverySec !== undefined ? { saveEverySec } : {}),
      ...(dirRaw !== undefined ? { dir: dirRaw as string } : {}),
    },
  };
}

/** `withPersistence` options for a choice; without a `dir`, a new temp directory removed on close. */
export function persistenceOptionsFor(choice: PersistenceChoice): PersistenceOptions {
  const dir = choice.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-redis-style-'));
  return {
    dir,
    ...(choice.mode.includes('rdb') ? { rdb: choice.saveEverySec !== undefined ? { saveEverySec: choice.saveEverySec } : {} } : {}),
    ...(choice.mode.includes('aof') ? { aof: { fsync: choice.appendfsync } } : {}),
    ...(choice.dir === undefined ? { removeDirOnClose: true, load: false } : {}),
  };
}
