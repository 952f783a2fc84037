/**
 * The real database behind cache-aside (the scenario and the HTTP API's `/users`): embedded
 * PGlite (Postgres compiled to WebAssembly, no server needed) by default, or a Postgres server
 * given by a `postgres://` URL through `pg`. Both answer the same SQL with the same row shapes.
 *
 * PGlite runs in its own worker thread (`pglite-thread.ts`): a query executes synchronously
 * inside WebAssembly, and on the load generator's thread it held up every cache hit queued
 * behind it, so the measured DB ÷ cache ratio shrank towards 1 at concurrency > 1. Now the
 * caller's thread only pays a message each way (~tens of µs, counted in the DB read, as a
 * network round trip to a server would be).
 *
 * One PGlite thread per calling thread is shared by every instance in that thread (each instance
 * uses its own table): starting PGlite costs ~3 s of WebAssembly compilation on this machine, far
 * more than a short run. The worker is unref'd while no query is outstanding, so it never keeps
 * a process alive.
 */
import { Worker } from 'node:worker_threads';
import { distUrl } from '../../shared/dist-url.js';
import type { DbReady, DbReply, DbRequest } from './protocol.js';

export interface Database {
  /** `embedded` (PGlite in its own thread, one per calling thread) or `server` (shared by every thread). */
  readonly kind: 'embedded' | 'server';
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** An error reply from PGlite, with Postgres's SQLSTATE when it gave one. */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

interface Pending {
  resolve(rows: unknown[]): void;
  reject(err: Error): void;
}

/** The calling thread's side of the PGlite thread. */
class PgliteThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: DbReply) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in msg) p.reject(new DatabaseError(msg.error, msg.code));
      else p.resolve(msg.rows);
    });
    const fail = (err: Error) => {
      this.dead = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`PGlite thread exited (code ${code})`)));
  }

  static start(): Promise<PgliteThread> {
    const worker = new Worker(distUrl('workloads/database/pglite-thread.js'));
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      worker.once('error', onError);
      worker.once('message', (msg: DbReady) => {
        worker.off('error', onError);
        if (!msg.ready) {
          void worker.terminate();
          reject(new Error(`PGlite did not start: ${msg.error}`));
          return;
        }
        worker.unref();
        resolve(new PgliteThread(worker));
      });
    });
  }

  send(request: (id: number) => DbRequest): Promise<unknown[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request(id));
    });
  }
}

let embeddedThread: Promise<PgliteThread> | undefined;

function pgliteThread(): Promise<PgliteThread> {
  if (!embeddedThread) {
    embeddedThread = PgliteThread.start();
    // A failed start is not cached: the next caller tries again and sees its own error.
    embeddedThread.catch(() => {
      embeddedThread = undefined;
    });
  }
  return embeddedThread;
}

class EmbeddedDatabase implements Database {
  readonly kind = 'embedded' as const;
  constructor(private readonly thread: PgliteThread) {}
  async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return (await this.thread.send((id) => ({ id, op: 'query', sql, params }))) as Row[];
  }
  async exec(sql: string): Promise<void> {
    await this.thread.send((id) => ({ id, op: 'exec', sql }));
  }
  /** The shared PGlite thread stays for the thread's next instance; see the file comment. */
  async close(): Promise<void> {}
}

class ServerDatabase implements Database {
  readonly kind = 'server' as const;
  constructor(private readonly pool: import('pg').Pool) {}
  async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.pool.query(sql, params as unknown[] | undefined);
    return result.rows as Row[];
  }
  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Open the database: `''` for embedded PGlite, or a `postgres://` / `postgresql://` URL. */
export async function openDatabase(url: string, maxConnections: number): Promise<Database> {
  if (url === '') return new EmbeddedDatabase(await pgliteThread());
  const pg = await import('pg');
  const pool = new pg.default.Pool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 10_000 });
  // An idle client's error (server restarted) must not crash the process; the next query fails instead.
  pool.on('error', () => {});
  return new ServerDatabase(pool);
}
