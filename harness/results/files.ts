/**
 * Result files on disk: atomic writes (temp file in the same folder + rename, so a reader or a
 * crash never sees half a file) and reads that check the kind and schema version before
 * anything trusts the contents.
 */
import { mkdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { READABLE_RESULT_SCHEMA_VERSIONS, type RunResult } from '../../shared/result-types.js';

/** Write `data` to `file` atomically; creates the folder. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
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
  return value as RunResult;
}
