/**
 * Messages between a database client and the PGlite thread (`pglite-thread.ts`). One request
 * per query; the reply carries the same id. Rows cross as structured clones.
 */

export type DbRequest =
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params: readonly unknown[] | undefined }
  | { readonly id: number; readonly op: 'exec'; readonly sql: string };

export type DbReply =
  | { readonly id: number; readonly rows: unknown[] }
  | { readonly id: number; readonly error: string; readonly code?: string };

/** Sent once by the thread when PGlite has started (or failed to). */
export type DbReady = { readonly ready: true } | { readonly ready: false; readonly error: string };
