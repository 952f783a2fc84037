/**
 * The engine's shared state: databases, memory estimate, configuration, statistics, the
 * command table bound to per-engine counters, WATCH registrations, and the pub/sub, blocking,
 * SCAN-cursor and expiry machinery. Clients (client.ts) execute commands against one of these;
 * the Engine facade (engine.ts) is a default client plus the harness-facing API.
 */
import { type CommandSpec, COMMAND_SPECS } from './command-table.js';
import { type RedisStyleConfig, DEFAULT_CONFIG } from './config.js';
import { Database } from './database.js';
import { activeExpireCycle } from './expire.js';
import { type Candidate, performEvictions } from './evict.js';
import { BlockingManager } from './blocking.js';
import { PubSub } from './pubsub.js';
import { ScanCursors } from './scan-cursors.js';
import { EngineRandom } from './random.js';
import type { Client } from './client.js';
import { MemoryCounter } from './types/kinds.js';
import type { KeyRemovedObserver } from './key-removal.js';

export { ENGINE_VERSION } from './version.js';

/** A command bound to this engine's counters (INFO commandstats). */
export interface BoundCommand {
  readonly spec: CommandSpec;
  calls: number;
  failedCalls: number;
  rejectedCalls: number;
}

export interface ServerStats {
  keyspaceHits: number;
  keyspaceMisses: number;
  expiredKeys: number;
  evictedKeys: number;
  totalConnections: number;
  pubsubMessages: number;
}

/** A key a client WATCHes, and whether it was already logically expired when watched. */
interface WatchEntry {
  readonly client: Client;
  expiredAtWatch: boolean;
}

export class RedisServer {
  readonly dbs: Database[];
  readonly memory = new MemoryCounter();
  readonly config: RedisStyleConfig;
  readonly stats: ServerStats = {
    keyspaceHits: 0,
    keyspaceMisses: 0,
    expiredKeys: 0,
    evictedKeys: 0,
    totalConnections: 0,
    pubsubMessages: 0,
  };
  /** Name (as typed, lower- and upper-case) → bound command. */
  readonly commands = new Map<string, BoundCommand>();
  /** The command table this engine dispatches from (one entry per command; see addCommands). */
  readonly specs: CommandSpec[] = [...COMMAND_SPECS];
  readonly pubsub = new PubSub(this);
  readonly blocking = new BlockingManager(this);
  readonly cursors = new ScanCursors();
  readonly startedAt = Date.now();
  /** The incremental memory figure missed string overwrites; `usedMemory()` recomputes it. */
  memoryStale = false;
  /** Eviction candidates kept between evictions (Redis's eviction pool). */
  readonly evictionPool: Candidate[] = [];
  /** LRU bookkeeping is only paid for while an LRU policy can act. */
  trackLru = false;
  /** Watched keys per database; `watchedKeyCount` lets the hot path skip the lookup. */
  readonly watched = new Map<Database, Map<string, WatchEntry[]>>();
  watchedKeyCount = 0;
  /** Told of keys the server removes by itself (eviction, expiry); null costs one check per removal. */
  onKeyRemoved: KeyRemovedObserver | null = null;
  private nextClientId = 1;
  private expireTimer: NodeJS.Timeout | null = null;
  closed = false;

  /** This engine's own random choices, seeded from the run (`random.ts`). */
  readonly random: EngineRandom;

  constructor(config: Partial<RedisStyleConfig> = {}, seed?: number) {
    this.random = new EngineRandom(seed);
    this.config = { ...DEFAULT_CONFIG, ...config };
    this.dbs = [];
    for (let i = 0; i < this.config.databases; i++) this.dbs.push(new Database(i, this));
    for (const spec of COMMAND_SPECS) {
      const bound: BoundCommand = { spec, calls: 0, failedCalls: 0, rejectedCalls: 0 };
      this.commands.set(spec.name, bound);
      this.commands.set(spec.name.toUpperCase(), bound);
    }
    this.configChanged();
    this.startExpiryTimer();
  }

  /** Commands executed so far (INFO total_commands_processed): the sum of per-command calls. */
  totalCommands(): number {
    let n = 0;
    for (const spec of this.specs) n += this.commands.get(spec.name)!.calls;
    return n;
  }

  /**
   * Add commands to this engine's table, or replace same-named ones (a protocol server adds
   * HELLO, AUTH, CLIENT… and wraps INFO/CONFIG with its own fields). Dispatch, arity, MULTI
   * queueing and INFO commandstats then treat them like every other command.
   */
  addCommands(specs: readonly CommandSpec[]): void {
    for (const spec of specs) {
      const bound: BoundCommand = { spec, calls: 0, failedCalls: 0, rejectedCalls: 0 };
      const at = this.specs.findIndex((s) => s.name === spec.name);
      if (at >= 0) this.specs[at] = spec;
      else this.specs.push(spec);
      this.commands.set(spec.name, bound);
      this.commands.set(spec.name.toUpperCase(), bound);
    }
  }

  lookupCommand(name: string): BoundCommand | undefined {
    return this.commands.get(name) ?? this.commands.get(name.toLowerCase());
  }

  newClientId(): number {
    this.stats.totalConnections++;
    return this.nextClientId++;
  }

  /** Re-derive cached switches after CONFIG SET. */
  configChanged(): void {
    // A limit needs an exact running figure from now on.
    if (this.config.maxmemory !== 0) this.usedMemory();
    const policy = this.config['maxmemory-policy'];
    const lru = this.config.maxmemory > 0 && (policy === 'allkeys-lru' || policy === 'volatile-lru');
    if (lru && !this.trackLru) {
      // Start every existing key at "now": nothing is known about its past use.
      const now = Date.now();
      for (const db of this.dbs) for (const key of db.dict.keys()) db.lru.set(key, now);
    }
    if (!lru) for (const db of this.dbs) db.lru.clear();
    this.trackLru = lru;
    if (this.expireTimer) {
      this.stopExpiryTimer();
      this.startExpiryTimer();
    }
  }

  private startExpiryTimer(): void {
    const intervalMs = Math.max(1, Math.round(1000 / this.config.hz));
    this.expireTimer = setInterval(() => activeExpireCycle(this, intervalMs / 4), intervalMs);
    this.expireTimer.unref();
  }

  private stopExpiryTimer(): void {
    if (this.expireTimer) clearInterval(this.expireTimer);
    this.expireTimer = null;
  }

  /**
   * The memory estimate (INFO used_memory). Exact and incremental while a maxmemory limit is
   * set; without one, string overwrites skip the bookkeeping (one Map operation per SET) and the
   * figure is recomputed here from every key when it is stale.
   */
  usedMemory(): number {
    if (this.memoryStale) {
      let total = 0;
      for (const db of this.dbs) total += db.measureMemory();
      this.memory.used = total;
      this.memoryStale = false;
    }
    return this.memory.used;
  }

  /** Evict until under maxmemory; false when the policy cannot free enough. */
  makeRoom(): boolean {
    if (this.config.maxmemory === 0 || this.memory.used <= this.config.maxmemory) return true;
    return performEvictions(this);
  }

  // -- WATCH -----------------------------------------------------------------------------------

  watch(client: Client, db: Database, key: string): void {
    let keys = this.watched.get(db);
    if (!keys) {
      keys = new Map();
      this.watched.set(db, keys);
    }
    let list = keys.get(key);
    if (!list) {
      list = [];
      keys.set(key, list);
    }
    if (list.some((w) => w.client === client)) return;
    list.push({ client, expiredAtWatch: db.dict.has(key) && db.isExpired(key) });
    client.watchedKeys.push({ db, key });
    this.watchedKeyCount++;
  }

  unwatchAll(client: Client): void {
    for (const { db, key } of client.watchedKeys) {
      const keys = this.watched.get(db);
      const list = keys?.get(key);
      if (!keys || !list) continue;
      const i = list.findIndex((w) => w.client === client);
      if (i >= 0) {
        list.splice(i, 1);
        this.watchedKeyCount--;
      }
      if (list.length === 0) keys.delete(key);
    }
    client.watchedKeys.length = 0;
  }

  /** A key changed: every client watching it will fail its EXEC. */
  touchWatched(db: Database, key: string): void {
    if (this.watchedKeyCount === 0) return;
    const list = this.watched.get(db)?.get(key);
    if (!list) return;
    for (const w of [...list]) {
      if (w.expiredAtWatch) {
        // Already expired when watched: its deletion is not a logical change.
        if (!db.dict.has(key)) {
          w.expiredAtWatch = false;
          continue;
        }
      }
      w.client.dirtyCas = true;
      this.unwatchAll(w.client);
    }
  }

  /** EXEC refuses when a watched key (alive when watched) has expired since. */
  watchedKeyExpired(client: Client): boolean {
    for (const { db, key } of client.watchedKeys) {
      const entry = this.watched.get(db)?.get(key)?.find((w) => w.client === client);
      if (entry && !entry.expiredAtWatch && db.dict.has(key) && db.isExpired(key)) return true;
    }
    return false;
  }

  flushAll(): void {
    for (const db of this.dbs) db.flush();
  }

  close(): void {
    this.closed = true;
    this.stopExpiryTimer();
    this.blocking.closeAll();
  }
}
