/**
 * Result files on disk: atomic, fsync'd writes (temp file in the same folder + fsync + rename +
 * folder fsync, so a reader or a crash never sees half a file; temp files of killed writers are
 * removed by `removeStaleTempFiles`) and reads that check the kind and schema version before
 * anything trusts the contents.
 */
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { READABLE_RESULT_SCHEMA_VERSIONS, type RunResult } from '../../shared/result-types.js';

/** `<file>.<pid>.<ms>.tmp`: the writer's pid in the name tells a stale temp file from a live one. */
const TEMP_FILE = /\.(\d+)\.\d+\.tmp$/;

/**
 * Write `data` to `file` atomically and durably; creates the folder. The temp file is fsync'd
 * before the rename and the folder after it, so after a crash or power cut the file is either the
 * old one or the whole new one — never empty or half written.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(dir);
}

/** fsync a folder so a rename in it is on disk; not possible everywhere (Windows), then skipped. */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL where folders cannot be opened or synced: the rename is still atomic
  } finally {
    await handle?.close().catch(() => {});
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temp files a killed writer left in `dir` (its pid is gone); returns their names.
 * Live writers' temp files (another cachebench writing into the same folder) are left alone.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    await unlink(path.join(dir, name)).then(
      () => removed.push(name),
      () => {},
    );
  }
  return removed;
}

/** Writes `<dir>/<result.id>.json` and returns its path. */
export async function writeResult(dir: string, result: RunResult): Promise<string> {
  const file = path.join(dir, `${result.id}.json`);
  await writeFileAtomic(file, JSON.stringify(result, null, 1) + '\n');
  return file;
}

export class ResultFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ResultFileError';
  }
}

export async function readResult(file: string): Promise<RunResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ResultFileError(file, `not readable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return asRunResult(file, parsed);
}

/** Checks the identifying fields; the full JSON Schema check lives in the tests and `validate`. */
export function asRunResult(source: string, value: unknown): RunResult {
  if (!value || typeof value !== 'object') throw new ResultFileError(source, 'not a JSON object');
  const v = value as { kind?: unknown; schemaVersion?: unknown; ops?: unknown; summary?: unknown };
  if (v.kind !== 'cachebench.run') throw new ResultFileError(source, `kind is ${JSON.stringify(v.kind)}, expected "cachebench.run"`);
  if (typeof v.schemaVersion !== 'number' || !READABLE_RESULT_SCHEMA_VERSIONS.includes(v.schemaVersion)) {
    throw new ResultFileError(
      source,
      `schemaVersion ${JSON.stringify(v.schemaVersion)} is not supported (this cachebench reads ${READABLE_RESULT_SCHEMA_VERSIONS.join(', ')})`,
    );
  }
  if (!v.ops || typeof v.ops !== 'object' || !v.summary || typeof v.summary !== 'object') {
    throw new ResultFileError(source, 'missing ops or summary');
  }
  for (const [field, kind] of READ_FIELDS) {
    const got = field.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), value);
    if (!hasKind(got, kind)) throw new ResultFileError(source, `field ${field}: expected ${kind}, got ${describe(got)}`);
  }
  return value as RunResult;
}

type FieldKind = 'string' | 'number' | 'object' | 'array';

/**
 * The fields every reader (reports, compare, merge) dereferences: checked once here so a damaged
 * file is named with its field instead of failing deep inside a chart (`reading 'intervalMs'`).
 */
const READ_FIELDS: readonly (readonly [string, FieldKind])[] = [
  ['id', 'string'],
  ['label', 'string'],
  ['status', 'string'],
  ['statusReasons', 'array'],
  ['tool', 'object'],
  ['env', 'object'],
  ['engine', 'object'],
  ['engine.name', 'string'],
  ['engine.options', 'object'],
  ['workload', 'object'],
  ['workload.name', 'string'],
  ['workload.params', 'object'],
  ['config', 'object'],
  ['config.threads', 'number'],
  ['config.extra', 'object'],
  ['timing', 'object'],
  ['timing.measuredMs', 'number'],
  ['summary.ops', 'number'],
  ['summary.opsPerSec', 'number'],
  ['summary.latency', 'object'],
  ['summary.latency.percentiles', 'object'],
  ['timeSeries', 'object'],
  ['timeSeries.intervalMs', 'number'],
  ['timeSeries.points', 'array'],
  ['errors', 'object'],
  ['calibration', 'object'],
  ['checks', 'array'],
];

function hasKind(v: unknown, kind: FieldKind): boolean {
  if (kind === 'array') return Array.isArray(v);
  if (kind === 'object') return v !== null && typeof v === 'object' && !Array.isArray(v);
  if (kind === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeof v === kind;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}
