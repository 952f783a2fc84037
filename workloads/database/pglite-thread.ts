/**
 * Entry point of the PGlite thread (loaded through distUrl): one embedded Postgres (PGlite,
 * WebAssembly) answering queries from the thread that started it. PGlite executes a query
 * synchronously inside its WebAssembly instance; here that blocks this thread, not the load
 * generator's or the HTTP API's, so cache hits never queue behind database reads.
 */
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { DbReady, DbReply, DbRequest } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('pglite-thread must run in a worker thread');

try {
  const db = await PGlite.create();
  port.on('message', (msg: DbRequest) => {
    const done =
      msg.op === 'query' ? db.query(msg.sql, msg.params as unknown[] | undefined).then((r) => r.rows) : db.exec(msg.sql).then(() => []);
    done.then(
      (rows) => port.postMessage({ id: msg.id, rows } satisfies DbReply),
      (err: unknown) => {
        const code = (err as { code?: unknown }).code;
        port.postMessage({
          id: msg.id,
          error: err instanceof Error ? err.message : String(err),
          ...(typeof code === 'string' ? { code } : {}),
        } satisfies DbReply);
      },
    );
  });
  port.postMessage({ ready: true } satisfies DbReady);
} catch (err) {
  port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies DbReady);
}
