/**
 * The real database behind the cache-aside scenario: embedded PGlite (Postgres compiled to
 * WebAssembly, no server needed) by default, or a Postgres server given by a `postgres://` URL
 * through `pg`. Both answer the same SQL with the same row shapes.
 *
 * One embedded PGlite per thread is shared by every instance in that thread (each instance uses
 * its own table): starting PGlite costs ~3 s of WebAssembly compilation on this machine, far more
 * than a short run. It holds no sockets or timers, so it never keeps a process alive.
 */
import type { PGlite } from '@electric-sql/pglite';

export interface Database {
  /** `embedded` (PGlite, one per thread) or `server` (shared by every thread). */
  readonly kind: 'embedded' | 'server';
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

let embeddedInstance: Promise<PGlite> | undefined;

async function embeddedPglite(): Promise<PGlite> {
  embeddedInstance ??= import('@electric-sql/pglite').then((m) => m.PGlite.create());
  return embeddedInstance;
}

class EmbeddedDatabase implements Database {
  readonly kind = 'embedded' as const;
  constructor(private readonly db: PGlite) {}
  async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params as unknown[] | undefined);
    return result.rows;
  }
  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }
  /** The shared PGlite stays for the thread's next instance; see the file comment. */
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
  if (url === '') return new EmbeddedDatabase(await embeddedPglite());
  const pg = await import('pg');
  const pool = new pg.default.Pool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 10_000 });
  // An idle client's error (server restarted) must not crash the process; the next query fails instead.
  pool.on('error', () => {});
  return new ServerDatabase(pool);
}
