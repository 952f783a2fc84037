/**
 * The durability result on disk: `<dir>/durability-<timestamp>.json`, written atomically (temp
 * file + rename), and read back with its kind and schema version checked.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ResultFileError, writeFileAtomic } from '../results/files.js';
import { DURABILITY_KIND, DURABILITY_SCHEMA_VERSION, type DurabilityResult } from './types.js';

/** Writes the result and returns the file's path. */
export async function writeDurabilityResult(dir: string, result: DurabilityResult): Promise<string> {
  const file = path.join(dir, `${result.id}.json`);
  await writeFileAtomic(file, JSON.stringify(result, null, 1) + '\n');
  return file;
}

export async function readDurabilityResult(file: string): Promise<DurabilityResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ResultFileError(file, `not readable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const v = parsed as { kind?: unknown; schemaVersion?: unknown; modes?: unknown } | null;
  if (!v || typeof v !== 'object') throw new ResultFileError(file, 'not a JSON object');
  if (v.kind !== DURABILITY_KIND) throw new ResultFileError(file, `kind is ${JSON.stringify(v.kind)}, expected "${DURABILITY_KIND}"`);
  if (v.schemaVersion !== DURABILITY_SCHEMA_VERSION) {
    throw new ResultFileError(file, `schemaVersion ${JSON.stringify(v.schemaVersion)} is not supported (this cachebench reads ${DURABILITY_SCHEMA_VERSION})`);
  }
  if (!Array.isArray(v.modes)) throw new ResultFileError(file, 'missing modes');
  return parsed as DurabilityResult;
}
