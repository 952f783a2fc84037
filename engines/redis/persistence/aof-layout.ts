/**
 * Where the append-only file lives in a data directory, and how a rewrite replaces it:
 *
 * - **single file** (`<dir>/appendonly.aof`): ours, and Redis ≤ 6's layout. A rewrite replaces
 *   the file (temp + fsync + rename). redis-server 7 upgrades such a directory to the multi-part
 *   layout when it starts on it.
 * - **multi-part** (Redis 7, `<dir>/appendonlydir/appendonly.aof.manifest`): the manifest names
 *   one base file (an RDB, `….base.rdb`, or an AOF, `….base.aof`), the incremental files
 *   (`….<seq>.incr.aof`, replayed in sequence order) and history files (left over from a
 *   rewrite, not read). Opening such a directory loads base + incr files in order and appends
 *   to the last incr file — as redis-server 7 does at start, creating a new incr file (and
 *   writing the manifest) when there is none — so redis-server 7 can start on the directory
 *   again and read what we appended. A rewrite writes a new AOF base and an empty incr file,
 *   then the manifest naming only them (atomically; that rename is the commit point), then
 *   removes the old parts (Redis marks them history and deletes them in the background).
 *
 * Decisions: a directory holding both a single file and a manifest is refused (redis-server 7
 * reads only the manifest, so which one is the data is not ours to guess); a manifest that names
 * a missing file, more than one base, or a line we cannot read is refused naming it. An
 * unsupported part (an RDB base with a stream, a module type) is refused by the RDB reader,
 * naming the type. The directory name is Redis's default `appenddirname`, `appendonlydir`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from './io.js';
import type { SyncCall } from './keyspace-walk.js';
import { loadAof, parseAofManifest, type AofLoadResult, type ManifestEntry } from './aof.js';

/**
 * Load Redis 7's multi-part AOF from `dir` (its `appenddirname`, e.g. `appendonlydir`): the
 * manifest `<filename>.manifest`, then the base file, then the incr files in sequence order.
 * Only the last file may end in a torn command.
 */
export function loadAofDirectory(dir: string, call: SyncCall, options: { filename?: string } = {}): AofLoadResult {
  const filename = options.filename ?? 'appendonly.aof';
  if (!fs.existsSync(path.join(dir, `${filename}.manifest`))) throw new Error(`AOF directory ${dir}: no manifest ${filename}.manifest`);
  return new MultiPartAof(dir, filename).load(call);
}

/** Redis 7's default `appenddirname`. */
export const AOF_DIR_NAME = 'appendonlydir';

export interface AofLayout {
  readonly kind: 'single-file' | 'multi-part';
  /** Replay what exists into an engine; null when there is no AOF yet. */
  load(call: SyncCall): AofLoadResult | null;
  /** The file appends go to (for multi-part: the last incr file, created when there is none). */
  appendFile(): string;
  /** Make `rewritten` (the rewrite's commands) the whole log; returns the file appends go to next. */
  install(rewritten: Uint8Array): string;
}

/** The AOF layout of `dir` for `filename` (Redis `appendfilename`), refusing ambiguous directories. */
export function openAofLayout(dir: string, filename = 'appendonly.aof'): AofLayout {
  const single = path.join(dir, filename);
  const partsDir = path.join(dir, AOF_DIR_NAME);
  const manifest = path.join(partsDir, `${filename}.manifest`);
  if (!fs.existsSync(manifest)) return new SingleFileAof(single);
  if (fs.existsSync(single)) {
    throw new Error(
      `AOF: ${dir} holds both a single-file AOF (${filename}) and Redis 7's multi-part AOF (${AOF_DIR_NAME}/${filename}.manifest); ` +
        'redis-server 7 reads only the manifest. Move one of them away.',
    );
  }
  return new MultiPartAof(partsDir, filename);
}

class SingleFileAof implements AofLayout {
  readonly kind = 'single-file';
  constructor(private readonly file: string) {}

  load(call: SyncCall): AofLoadResult | null {
    return fs.existsSync(this.file) ? loadAof(this.file, call) : null;
  }

  appendFile(): string {
    return this.file;
  }

  install(rewritten: Uint8Array): string {
    writeFileDurably(this.file, rewritten);
    return this.file;
  }
}

class MultiPartAof implements AofLayout {
  readonly kind = 'multi-part';
  private entries: ManifestEntry[];
  private readonly manifestFile: string;

  constructor(
    private readonly dir: string,
    private readonly filename: string,
  ) {
    this.manifestFile = path.join(dir, `${filename}.manifest`);
    this.entries = parseAofManifest(fs.readFileSync(this.manifestFile, 'latin1'));
    const bases = this.entries.filter((e) => e.type === 'b');
    if (bases.length > 1) throw new Error(`AOF manifest ${this.manifestFile}: ${bases.length} base files, expected at most 1`);
    for (const e of this.live()) {
      if (!fs.existsSync(path.join(dir, e.file))) throw new Error(`AOF manifest ${this.manifestFile} names ${e.file}, which is missing from ${dir}`);
    }
  }

  /** Base first, then the incr files by sequence number; history files are not data. */
  private live(): ManifestEntry[] {
    const base = this.entries.filter((e) => e.type === 'b');
    return [...base, ...this.entries.filter((e) => e.type === 'i').sort((a, b) => a.seq - b.seq)];
  }

  load(call: SyncCall): AofLoadResult {
    const files = this.live();
    let commands = 0;
    let preambleKeys = 0;
    let truncatedBytes = 0;
    // Only the last file may end in a torn command (a crash mid-append); earlier ones were closed.
    files.forEach((e, i) => {
      const r = loadAof(path.join(this.dir, e.file), call, { truncated: i === files.length - 1 ? 'load' : 'fail' });
      commands += r.commands;
      preambleKeys += r.preambleKeys;
      truncatedBytes += r.truncatedBytes;
    });
    return { commands, preambleKeys, truncatedBytes };
  }

  appendFile(): string {
    const incr = this.entries.filter((e) => e.type === 'i').sort((a, b) => a.seq - b.seq).at(-1);
    if (incr !== undefined) return path.join(this.dir, incr.file);
    const seq = this.nextSeq('i');
    const entry: ManifestEntry = { file: `${this.filename}.${seq}.incr.aof`, seq, type: 'i' };
    fs.writeFileSync(path.join(this.dir, entry.file), '');
    this.writeManifest([...this.entries, entry]);
    return path.join(this.dir, entry.file);
  }

  install(rewritten: Uint8Array): string {
    const old = this.entries;
    const base: ManifestEntry = { file: `${this.filename}.${this.nextSeq('b')}.base.aof`, seq: this.nextSeq('b'), type: 'b' };
    const incr: ManifestEntry = { file: `${this.filename}.${this.nextSeq('i')}.incr.aof`, seq: this.nextSeq('i'), type: 'i' };
    writeFileDurably(path.join(this.dir, base.file), rewritten);
    writeFileDurably(path.join(this.dir, incr.file), new Uint8Array(0));
    this.writeManifest([base, incr]);
    for (const e of old) fs.rmSync(path.join(this.dir, e.file), { force: true });
    return path.join(this.dir, incr.file);
  }

  /** Redis numbers base and incr files separately; a history file keeps its number and its kind in its name. */
  private nextSeq(kind: 'b' | 'i'): number {
    let max = 0;
    for (const e of this.entries) {
      const k = e.type !== 'h' ? e.type : e.file.includes('.base.') ? 'b' : 'i';
      if (k === kind && e.seq > max) max = e.seq;
    }
    return max + 1;
  }

  private writeManifest(entries: ManifestEntry[]): void {
    const lines = entries.map((e) => `file ${manifestName(e.file)} seq ${e.seq} type ${e.type}\n`).join('');
    writeFileDurably(this.manifestFile, Buffer.from(lines, 'latin1'));
    this.entries = entries;
  }
}

/** A file name as the manifest holds it: plain, or quoted when it has spaces or quotes (as Redis's sdscatrepr). */
function manifestName(file: string): string {
  return /^[^\s"\\]+$/.test(file) ? file : JSON.stringify(file);
}
