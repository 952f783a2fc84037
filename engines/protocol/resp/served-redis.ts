/**
 * The redis-style engine as a server holds it: one `RedisStyleEngine` (one keyspace, one
 * thread — the one running the event loop, as in Redis), optionally wrapped with persistence
 * (`withPersistence`: the AOF logged and, under `always`, fsynced before a reply leaves; RDB
 * snapshots), and a session per connection. A session is an engine `Client` (own SELECT, MULTI,
 * WATCH, subscriptions, blocking op); with persistence its commands run through the persistent
 * engine's recorder for that session, so each connection's writes reach the one AOF in the
 * order the engine executed them.
 */
import type { Reply } from '../../types.js';
import { Client } from '../../redis/client.js';
import { RedisKv, RedisStyleEngine } from '../../redis/engine.js';
import { resolveConfig } from '../../redis/config.js';
import { persistenceOptionsFor, splitPersistenceOptions, type PersistenceChoice } from '../../redis/persistence/engine-options.js';
import { withPersistence, type PersistentEngine } from '../../redis/persistence/persistent-engine.js';
import type { RedisServer } from '../../redis/server.js';
import type { EngineStats } from '../../types.js';

export interface Session {
  readonly client: Client;
  /**
   * Run one command as this session (a Promise only for a blocking command that waits);
   * afterwards `client.cmd` is that command's table entry.
   */
  call(argv: readonly string[]): Reply | Promise<Reply>;
}

export class ServedRedis {
  readonly engine: RedisStyleEngine;
  readonly persistent: PersistentEngine | null;
  readonly choice: PersistenceChoice | null;
  /** The data directory (with persistence), as CONFIG GET dir reports it. */
  readonly dir: string | null;
  private closed = false;

  /** Engine options as for `--engine-opt` (engine settings + persistence options); throws naming a bad one. */
  constructor(options: Record<string, unknown>) {
    const { engineOptions, persistence } = splitPersistenceOptions(options);
    if (engineOptions['threaded'] !== undefined) {
      throw new Error(`redis-style option 'threaded': not with serve (the server runs the engine on its own event loop, like redis-server)`);
    }
    this.engine = new RedisStyleEngine(resolveConfig(engineOptions));
    this.choice = persistence;
    if (persistence !== null) {
      const opts = persistenceOptionsFor(persistence);
      this.dir = opts.dir;
      this.persistent = withPersistence(this.engine, opts);
    } else {
      this.dir = null;
      this.persistent = null;
    }
  }

  get server(): RedisServer {
    return this.engine.server;
  }

  openSession(): Session {
    const client = new Client(this.engine.server);
    if (this.persistent === null) return { client, call: (argv) => client.call(argv) };
    const recorded = this.persistent.recordSession((argv) => client.call(argv), new RedisKv(this.engine.server, client));
    const server = this.engine.server;
    return {
      client,
      call: (argv) => {
        const r = recorded.call(argv);
        // The recorder may run commands of its own on this session after the client's (PTTL to
        // read a deadline back): `client.cmd` must name the client's command for its reply.
        client.cmd = server.lookupCommand(argv[0]!) ?? null;
        return r;
      },
    };
  }

  /** Engine statistics plus the persistence figures (aof_*, rdb_*). */
  stats(): EngineStats {
    return this.persistent !== null ? (this.persistent.stats() as EngineStats) : this.engine.stats();
  }

  /** Sync the AOF, save the RDB (when RDB is on and `save` is not false), stop the engine. */
  close(options?: { save?: boolean }): void {
    if (this.closed) return;
    this.closed = true;
    if (this.persistent !== null) this.persistent.close(options);
    else this.engine.close();
  }
}
