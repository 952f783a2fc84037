/**
 * The append-only file: an appender that logs writes as RESP commands under an fsync policy,
 * the rewrite that replaces the log with the shortest commands that rebuild the current
 * keyspace, and the loader that replays a file into an engine.
 *
 * - Appending: commands for one acknowledged write (one command, or MULTI … EXEC) are encoded
 *   into a pending buffer and handed to the OS in one write by `commit()`; under `always` that
 *   write is fdatasynced before `commit()` returns (see io.ts for the policies). A SELECT is
 *   written whenever the database differs from the file's current one, and once at the start.
 * - Rewrite (BGREWRITEAOF, but synchronous: the engine serves nothing meanwhile, so no writes
 *   can slip between the snapshot and the swap): per database SELECT, then per key SET … PXAT,
 *   RPUSH / SADD / HSET / ZADD in batches of 64 items (Redis's AOF_REWRITE_ITEMS_PER_CMD) and
 *   PEXPIREAT for collections with a deadline; written to a temp file, fsynced and renamed over.
 * - Loading: the single-file format (ours, or a plain appendonly.aof from Redis ≤ 6 / 7 with
 *   `#TS:` annotations). A file beginning with `REDIS` (Redis's RDB preamble) is read as an RDB
 *   up to its EOF and the commands after it replayed. A command cut short at the end (a crash
 *   mid-write) is dropped and the file truncated to the last whole command, as Redis does with
 *   `aof-load-truncated yes`; `truncated: 'fail'` refuses instead.
 * - Redis 7's multi-part layout (`appendonlydir/` with a manifest naming a base file — RDB or
 *   AOF — and incremental files) is `aof-layout.ts`'s: which file appends go to, what a
 *   rewrite replaces; this file parses the manifest.
 */
import fs from 'node:fs';
import { ErrorReply } from '../../types.js';
import { BufferSink, FileSink, type FsyncPolicy, writeFileDurably } from './io.js';
import { emitRebuildCommands, type StoredDb, type SyncCall, walkKeyspace, withSession } from './keyspace-walk.js';
import { encodeCommand, parseCommands } from './resp-commands.js';
import { readRdb, applyRdb } from './rdb-reader.js';
import type { RedisFacetLike } from './rdb-writer.js';

/** Items per command when the rewrite rebuilds a collection. */
const ITEMS_PER_COMMAND = 64;

export class AofWriter {
  private sink: FileSink;
  private currentFile: string;
  private readonly pending = new BufferSink(4096);
  /** The database the file's next command runs in; -1 = none selected yet. */
  private fileDb = -1;
  /** Commands committed since open or the last rewrite. */
  commandsLogged = 0;
  private batchDepth = 0;
  rewrites = 0;

  /**
   * Appends to `file`; `install` makes a rewrite the whole log and returns the file appends go
   * to next (see aof-layout.ts; default: replace `file` atomically).
   */
  constructor(
    file: string,
    readonly policy: FsyncPolicy,
    private readonly install: (rewritten: Uint8Array) => string = (bytes) => {
      writeFileDurably(file, bytes);
      return file;
    },
  ) {
    this.currentFile = file;
    this.sink = new FileSink(file, policy, 'append');
  }

  /** The file appends go to now (a multi-part rewrite moves it to a new incr file). */
  get file(): string {
    return this.currentFile;
  }

  /** Queue one command, run in database `db`, for the next `commit()`. */
  append(db: number, args: readonly string[]): void {
    if (db !== this.fileDb) {
      encodeCommand(this.pending, ['SELECT', String(db)]);
      this.fileDb = db;
    }
    encodeCommand(this.pending, args);
    this.commandsLogged++;
  }

  /**
   * Group commit, as redis-server writes (and under `always` fsyncs) its AOF buffer once per
   * event-loop turn: between `beginBatch` and `endBatch` commits only queue, and `endBatch`
   * hands the whole batch to the OS in one write (one fdatasync). The caller must not let any
   * reply of the batch out before `endBatch` returns — a server calls it per read, before its
   * one socket write.
   */
  beginBatch(): void {
    this.batchDepth++;
  }

  endBatch(): void {
    if (this.batchDepth > 0 && --this.batchDepth === 0) this.commit();
  }

  /** Hand the queued commands to the OS (and fsync them under `always`); queued only inside a batch. */
  commit(): void {
    if (this.batchDepth > 0 || this.pending.length === 0) return;
    this.sink.write(this.pending.bytes());
    this.pending.clear();
  }

  get sizeBytes(): number {
    return fs.fstatSync(this.sink.fd).size;
  }

  get fsyncs(): number {
    return this.sink.syncs;
  }

  /** Replace the file with a compact log of `redis`'s current keyspace; returns its size. */
  rewrite(redis: RedisFacetLike, selectedDb: number): number {
    this.batchDepth = 0;
    this.commit();
    const bytes = encodeAofRewrite(withSession(redis, selectedDb, walkKeyspace));
    this.sink.close();
    this.currentFile = this.install(bytes);
    this.sink = new FileSink(this.currentFile, this.policy, 'append');
    this.fileDb = -1;
    this.rewrites++;
    return bytes.length;
  }

  close(): void {
    this.batchDepth = 0;
    this.commit();
    this.sink.close();
  }
}

/** The rewrite's commands for `dbs` (see the top of this file). */
export function encodeAofRewrite(dbs: readonly StoredDb[]): Buffer {
  const out = new BufferSink();
  const emit = (args: readonly string[]): void => encodeCommand(out, args);
  for (const db of dbs) {
    encodeCommand(out, ['SELECT', String(db.index)]);
    for (const k of db.keys) emitRebuildCommands(k, ITEMS_PER_COMMAND, emit);
  }
  return Buffer.from(out.bytes());
}

export interface AofLoadResult {
  /** Commands replayed (SELECT included). */
  readonly commands: number;
  /** Keys loaded from an RDB preamble. */
  readonly preambleKeys: number;
  /** Bytes of an incomplete final command that were dropped (and cut from the file). */
  readonly truncatedBytes: number;
}

export interface AofLoadOptions {
  /** What to do with a command cut short at the end of the file. @default 'load' */
  truncated?: 'load' | 'fail';
}

/**
 * Replay `file` into an engine through `call` (its default client: SELECTs in the file carry
 * over between commands; database 0 is selected again at the end). Throws, naming the
 * command, when the engine rejects one.
 */
export function loadAof(file: string, call: SyncCall, options: AofLoadOptions = {}): AofLoadResult {
  const truncatedMode = options.truncated ?? 'load';
  if (truncatedMode !== 'load' && truncatedMode !== 'fail') {
    throw new Error(`truncated: '${String(truncatedMode)}' is not one of load, fail`);
  }
  const buf = fs.readFileSync(file);
  let start = 0;
  let preambleKeys = 0;
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === 'REDIS') {
    const rdb = readRdb(buf);
    preambleKeys = applyRdb(rdb.dbs, call);
    start = rdb.endOffset;
  }
  const parsed = parseCommands(buf, start);
  if (parsed.truncatedBytes > 0 && truncatedMode === 'fail') {
    throw new Error(`AOF ${file}: the last command is incomplete (${parsed.truncatedBytes} bytes after byte ${parsed.completeBytes})`);
  }
  let n = 0;
  for (const args of parsed.commands) {
    const r = call(args);
    if (r instanceof ErrorReply) {
      throw new Error(`AOF ${file}: command ${n + 1} (${args.slice(0, 3).join(' ')}${args.length > 3 ? ' …' : ''}) failed: ${r.message}`);
    }
    n++;
  }
  call(['SELECT', '0']);
  if (parsed.truncatedBytes > 0) fs.truncateSync(file, parsed.completeBytes);
  return { commands: n, preambleKeys, truncatedBytes: parsed.truncatedBytes };
}

export interface ManifestEntry {
  readonly file: string;
  readonly seq: number;
  readonly type: 'b' | 'h' | 'i';
}

/** Redis 7's AOF manifest: lines of `file <name> seq <n> type <b|h|i>` (names may be quoted). */
export function parseAofManifest(text: string): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = new Map<string, string>();
    const tokens = line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
    for (let i = 0; i + 1 < tokens.length; i += 2) {
      const v = tokens[i + 1]!;
      fields.set(tokens[i]!, v.startsWith('"') ? (JSON.parse(v) as string) : v);
    }
    const file = fields.get('file');
    const seq = Number(fields.get('seq'));
    const type = fields.get('type');
    if (file === undefined || !Number.isInteger(seq) || (type !== 'b' && type !== 'h' && type !== 'i')) {
      throw new Error(`AOF manifest: cannot read line ${JSON.stringify(line)} (expected: file <name> seq <n> type <b|h|i>)`);
    }
    out.push({ file, seq, type });
  }
  return out;
}
