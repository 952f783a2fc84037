/**
 * `withPersistence(engine, options)`: the redis-style engine (or any synchronous Redis-family
 * engine) with Redis's persistence wrapped around it, as an `Engine` with the same contract.
 *
 * - Every write reaching the engine — through `redis.call`, the `kv` facet, `flush()` or a
 *   `blockingClient()` session — is logged to the AOF (when on) before the reply is returned;
 *   reads go straight through (`kv.get`/`kv.mget` are the inner functions themselves).
 * - RDB: `save()` snapshots the keyspace to `dump.rdb` (synchronously, like SAVE);
 *   `rdb.saveEverySec` saves on a timer when something changed; `close()` saves too, as
 *   redis-server does on shutdown when it has save points.
 * - AOF: `appendonly.aof` under the fsync policy; `rewriteAof()` compacts it. A directory
 *   redis-server 7 wrote (`appendonlydir/` + manifest) is loaded base + incr and appended to
 *   in that layout (aof-layout.ts).
 * - At start, existing files are loaded like redis-server does: the AOF when AOF is on
 *   (the RDB is then ignored, even if the AOF is missing), else the RDB when RDB is on.
 * - Keys the engine removes by itself — evicted under maxmemory, expired lazily or by the
 *   active cycle — are logged as `DEL` through the engine's `onKeyRemoved` observer (Redis
 *   propagates both), so a replay does not resurrect an evicted key. A removal inside a
 *   command is committed with that command's write; one outside any (the active expiry
 *   timer, a read that expired a key) by a microtask right after.
 * - `recordSession(call, kv)` records another session of the same engine (the engine thread
 *   of multi-thread runs gives each channel session its own recorder).
 *
 * The persistence work runs inside the operation that caused it, so it is part of the
 * engine's measured latency — as in Redis, where the AOF write (and under `always` the fsync)
 * happens before the reply is sent. A timed save blocks the engine while it runs (Redis forks
 * for BGSAVE instead; an in-process engine cannot), which shows up as a latency spike.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Awaitable, Engine, EngineStats, KvOps, RedisCommands, Reply } from '../../types.js';
import { AofWriter, type AofLoadResult } from './aof.js';
import { openAofLayout } from './aof-layout.js';
import { checkFsyncPolicy, type FsyncPolicy } from './io.js';
import { absoluteExpiry, syncCall } from './keyspace-walk.js';
import { loadRdb } from './rdb-reader.js';
import { saveRdb } from './rdb-writer.js';
import { type RawCall, SessionRecorder } from './session-recorder.js';
import { isKeyRemovalObservable, type KeyRemovalObservable } from '../key-removal.js';

export interface PersistenceOptions {
  /** Directory holding the RDB and AOF files (created when missing). */
  dir: string;
  /** RDB snapshots; omit for none. */
  rdb?: {
    /** Save every this many seconds when the keyspace changed. @default no timed saves */
    saveEverySec?: number;
    /** @default 'dump.rdb' */
    filename?: string;
    /** LZF-compress long strings (Redis `rdbcompression`). @default true */
    compress?: boolean;
  };
  /** The append-only file; omit for none. */
  aof?: {
    /** Redis `appendfsync`. */
    fsync: FsyncPolicy;
    /** @default 'appendonly.aof' */
    filename?: string;
  };
  /** Load existing files at start. @default true */
  load?: boolean;
  /** Remove `dir` on close (a scratch directory for one run); skips the closing RDB save. @default false */
  removeDirOnClose?: boolean;
}

export interface PersistenceStatus {
  readonly rdbFile: string | null;
  readonly aofFile: string | null;
  readonly aofFsync: FsyncPolicy | null;
  /** Writes logged since the last RDB save. */
  readonly changesSinceSave: number;
  readonly rdbSaves: number;
  readonly lastSaveBytes: number;
  readonly lastSaveMs: number;
  /** What was loaded at start. */
  readonly loaded: { readonly from: 'aof' | 'rdb' | 'nothing'; readonly keys?: number; readonly aof?: AofLoadResult };
}

/** One extra session of the wrapped engine, with its writes recorded (see `recordSession`). */
export interface RecordedSession {
  call(args: readonly string[]): Reply | Promise<Reply>;
  readonly kv: KvOps;
}

export interface PersistentEngine extends Engine {
  readonly redis: RedisCommands;
  /**
   * Record the writes of another session of the wrapped engine: `call` runs a command on it,
   * `kv` is its kv facet (its own SELECT). Each gets its own SELECT/MULTI tracking.
   */
  recordSession(call: RawCall, kv: KvOps): RecordedSession;
  /** Snapshot to the RDB file now; returns its size in bytes. Needs `rdb`. */
  save(): number;
  /** Rewrite the AOF from the current keyspace; returns its new size. Needs `aof`. */
  rewriteAof(): number;
  readonly persistence: PersistenceStatus;
  close(options?: { save?: boolean }): void;
  /** Group commit of the AOF (see AofWriter.beginBatch): no reply of the batch may leave before `endBatch`. */
  beginBatch(): void;
  endBatch(): void;
}

const OPTION_KEYS = new Set(['dir', 'rdb', 'aof', 'load', 'removeDirOnClose']);

/** Checks options, throwing an Error that names the field and what is allowed. */
export function validatePersistenceOptions(options: PersistenceOptions): void {
  if (options === null || typeof options !== 'object') throw new Error('persistence options: must be an object { dir, rdb?, aof?, load? }');
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new Error(`persistence option '${k}' is unknown (allowed: dir, rdb, aof, load, removeDirOnClose)`);
  }
  if (typeof options.dir !== 'string' || options.dir === '') throw new Error('persistence option dir: must be a directory path');
  if (options.rdb !== undefined) {
    const s = options.rdb.saveEverySec;
    if (s !== undefined && !(typeof s === 'number' && s > 0 && Number.isFinite(s))) {
      throw new Error(`persistence option rdb.saveEverySec: must be a number of seconds > 0 (got ${String(s)})`);
    }
  }
  if (options.aof !== undefined) checkFsyncPolicy(options.aof.fsync, 'persistence option aof.fsync');
  if (options.load !== undefined && typeof options.load !== 'boolean') {
    throw new Error(`persistence option load: must be true or false (got ${String(options.load)})`);
  }
  if (options.removeDirOnClose !== undefined && typeof options.removeDirOnClose !== 'boolean') {
    throw new Error(`persistence option removeDirOnClose: must be true or false (got ${String(options.removeDirOnClose)})`);
  }
}

class Persistent implements PersistentEngine {
  readonly info;
  readonly sync = true;
  readonly kv: KvOps;
  readonly redis: RedisCommands;
  private readonly aof: AofWriter | undefined;
  private readonly main: SessionRecorder;
  private readonly rdbFile: string | null;
  private readonly compress: boolean;
  private timer: NodeJS.Timeout | undefined;
  private changes = 0;
  private saves = 0;
  private lastSaveBytes = 0;
  private lastSaveMs = 0;
  private lastSaveTime = 0;
  private closed = false;
  /** A commit of removal DELs is queued as a microtask. */
  private removalCommitQueued = false;
  private readonly observed: KeyRemovalObservable | null;
  private readonly countChange = (): void => {
    this.changes++;
  };
  private readonly loaded: PersistenceStatus['loaded'];

  constructor(
    private readonly inner: Engine,
    private readonly options: PersistenceOptions,
  ) {
    if (!inner.sync || inner.redis === undefined) {
      throw new Error(`withPersistence: engine '${inner.info.name}' must be a synchronous Redis-family engine (redis-style)`);
    }
    const innerRedis = inner.redis;
    const innerCall = (a: readonly string[]): Reply | Promise<Reply> => innerRedis.call(a);
    fs.mkdirSync(options.dir, { recursive: true });
    this.rdbFile = options.rdb ? path.join(options.dir, options.rdb.filename ?? 'dump.rdb') : null;
    this.compress = options.rdb?.compress ?? true;
    // A single file, or Redis 7's appendonlydir/ with its manifest (refused when both exist).
    const layout = options.aof ? openAofLayout(options.dir, options.aof.filename) : null;

    // Load first (nothing is logged while loading), then open the log for appending.
    let loaded: PersistenceStatus['loaded'] = { from: 'nothing' };
    if (options.load ?? true) {
      if (layout !== null) {
        const aof = layout.load(syncCall(innerCall));
        if (aof !== null) loaded = { from: 'aof', aof };
      } else if (this.rdbFile !== null && fs.existsSync(this.rdbFile)) {
        loaded = { from: 'rdb', keys: loadRdb(this.rdbFile, syncCall(innerCall)) };
      }
    }
    this.loaded = loaded;
    this.aof = layout !== null ? new AofWriter(layout.appendFile(), options.aof!.fsync, (bytes) => layout.install(bytes)) : undefined;
    const countChange = this.countChange;
    this.main = new SessionRecorder(innerCall, this.aof, countChange);
    this.kv = this.wrapKv(inner.kv, syncCall(innerCall), this.main);
    this.observed = isKeyRemovalObservable(inner) ? inner : null;
    if (this.observed !== null) this.observed.onKeyRemoved = this.keyRemoved;
    const main = this.main;
    const aof = this.aof;
    this.redis = {
      call: (args) => main.run(args),
      ...(innerRedis.subscriber ? { subscriber: () => innerRedis.subscriber!() } : {}),
      ...(innerRedis.blockingClient
        ? {
            blockingClient: () => {
              const session = innerRedis.blockingClient!() as RedisCommands & { close(): Awaitable<void> };
              const recorder = new SessionRecorder((a) => session.call(a), aof, countChange);
              return { call: (args: readonly string[]) => recorder.run(args), close: () => session.close() };
            },
          }
        : {}),
    };
    this.info = { ...inner.info, capabilities: new Set([...inner.info.capabilities, 'persistence' as const]) };
    const every = options.rdb?.saveEverySec;
    if (every !== undefined) {
      this.timer = setInterval(() => {
        if (this.changes > 0) this.save();
      }, every * 1000);
      this.timer.unref();
    }
  }

  /** An eviction or expiry: log `DEL` (Redis 7 propagates DEL for both) and count a change. */
  private readonly keyRemoved = (db: number, key: string): void => {
    this.changes++;
    const aof = this.aof;
    if (aof === undefined || this.closed) return;
    aof.append(db, ['DEL', key]);
    // Inside a write command the recorder commits right after it; outside one (the expiry
    // timer, a read) nothing would, so commit once the current synchronous work is done.
    if (!this.removalCommitQueued) {
      this.removalCommitQueued = true;
      queueMicrotask(this.commitRemovals);
    }
  };

  private readonly commitRemovals = (): void => {
    this.removalCommitQueued = false;
    if (!this.closed) this.aof?.commit();
  };

  recordSession(call: RawCall, kv: KvOps): RecordedSession {
    const recorder = new SessionRecorder(call, this.aof, this.countChange);
    return { call: (args) => recorder.run(args), kv: this.wrapKv(kv, syncCall(call), recorder) };
  }

  private wrapKv(kv: KvOps, call: (args: readonly string[]) => Reply, main: SessionRecorder): KvOps {
    if (this.aof === undefined) {
      // RDB only: nothing to log, only count changes for timed saves.
      const changed = (): void => {
        this.changes++;
      };
      return {
        get: kv.get.bind(kv),
        mget: kv.mget.bind(kv),
        set(key, value, ttlMs) {
          kv.set(key, value, ttlMs);
          changed();
        },
        add(key, value, ttlMs) {
          const stored = kv.add(key, value, ttlMs) as boolean;
          if (stored) changed();
          return stored;
        },
        del(key) {
          const found = kv.del(key) as boolean;
          if (found) changed();
          return found;
        },
        incr(key, delta) {
          const r = kv.incr(key, delta);
          changed();
          return r;
        },
        expire(key, ttlMs) {
          const found = kv.expire(key, ttlMs) as boolean;
          if (found) changed();
          return found;
        },
      };
    }
    // The deadline the engine stored for `ttlMs` from now: Date.now() + ttl when the clock did
    // not tick around the call (the engine read the same millisecond), else read back by PTTL.
    const deadline = (key: string, ttlMs: number, before: number): string => {
      const after = Date.now();
      if (before === after) return String(before + ttlMs);
      const at = absoluteExpiry(call, key);
      return String(typeof at === 'bigint' ? at : after + ttlMs);
    };
    return {
      get: kv.get.bind(kv),
      mget: kv.mget.bind(kv),
      set(key, value, ttlMs) {
        if (ttlMs !== undefined && ttlMs > 0) {
          const before = Date.now();
          kv.set(key, value, ttlMs);
          main.logDirect(['SET', key, value, 'PXAT', deadline(key, ttlMs, before)]);
        } else {
          kv.set(key, value, ttlMs);
          main.logDirect(['SET', key, value]);
        }
      },
      add(key, value, ttlMs) {
        const before = Date.now();
        const stored = kv.add(key, value, ttlMs) as boolean;
        if (stored) {
          if (ttlMs !== undefined && ttlMs > 0) main.logDirect(['SET', key, value, 'PXAT', deadline(key, ttlMs, before)]);
          else main.logDirect(['SET', key, value]);
        }
        return stored;
      },
      del(key) {
        const found = kv.del(key) as boolean;
        if (found) main.logDirect(['DEL', key]);
        return found;
      },
      incr(key, delta) {
        const r = kv.incr(key, delta) as number | bigint | null;
        main.logDirect(['INCRBY', key, String(delta)]);
        return r;
      },
      expire(key, ttlMs) {
        const before = Date.now();
        const found = kv.expire(key, ttlMs) as boolean;
        if (found) main.logDirect(ttlMs <= 0 ? ['DEL', key] : ['PEXPIREAT', key, deadline(key, ttlMs, before)]);
        return found;
      },
    };
  }

  get persistence(): PersistenceStatus {
    return {
      rdbFile: this.rdbFile,
      aofFile: this.aof?.file ?? null,
      aofFsync: this.aof?.policy ?? null,
      changesSinceSave: this.changes,
      rdbSaves: this.saves,
      lastSaveBytes: this.lastSaveBytes,
      lastSaveMs: this.lastSaveMs,
      loaded: this.loaded,
    };
  }

  save(): number {
    if (this.rdbFile === null) throw new Error('save(): RDB is not enabled (persistence option rdb)');
    const start = performance.now();
    const bytes = saveRdb(this.inner.redis!, this.rdbFile, { compress: this.compress, selectedDb: this.main.db });
    this.lastSaveMs = performance.now() - start;
    this.lastSaveBytes = bytes;
    this.lastSaveTime = Math.floor(Date.now() / 1000);
    this.saves++;
    this.changes = 0;
    return bytes;
  }

  beginBatch(): void {
    this.aof?.beginBatch();
  }

  endBatch(): void {
    this.aof?.endBatch();
  }

  rewriteAof(): number {
    if (this.aof === undefined) throw new Error('rewriteAof(): AOF is not enabled (persistence option aof)');
    return this.aof.rewrite(this.inner.redis!, this.main.db);
  }

  private persistenceStats(): EngineStats {
    const out: EngineStats = {
      aof_enabled: this.aof ? 1 : 0,
      rdb_changes_since_last_save: this.changes,
      rdb_saves: this.saves,
      rdb_last_save_time: this.lastSaveTime,
      rdb_last_save_bytes: this.lastSaveBytes,
      rdb_last_save_ms: Math.round(this.lastSaveMs * 1000) / 1000,
    };
    if (this.aof) {
      out['aof_current_size'] = this.aof.sizeBytes;
      out['aof_fsync'] = this.aof.policy;
      out['aof_fsyncs'] = this.aof.fsyncs;
      out['aof_rewrites'] = this.aof.rewrites;
      out['aof_commands_logged'] = this.aof.commandsLogged;
    }
    return out;
  }

  stats(): EngineStats {
    const base = this.inner.stats() as EngineStats;
    return { ...base, ...this.persistenceStats() };
  }

  flush(): void {
    this.inner.flush();
    this.main.logDirect(['FLUSHALL']);
  }

  /** Sync the AOF and (with RDB, unless `save: false` — SHUTDOWN NOSAVE) save a last snapshot. */
  close(options?: { save?: boolean }): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.observed !== null && this.observed.onKeyRemoved === this.keyRemoved) this.observed.onKeyRemoved = null;
    const scratch = this.options.removeDirOnClose === true;
    if (this.rdbFile !== null && !scratch && options?.save !== false) this.save();
    this.aof?.close();
    void this.inner.close();
    if (scratch) fs.rmSync(this.options.dir, { recursive: true, force: true });
  }
}

/** Wrap a synchronous Redis-family engine with RDB and/or AOF persistence (see the top of this file). */
export function withPersistence(engine: Engine, options: PersistenceOptions): PersistentEngine {
  validatePersistenceOptions(options);
  return new Persistent(engine, options);
}
