/**
 * Search records on disk: `<dir>/<record.id>.search.json`, written atomically beside the step
 * results; folders are read for both, told apart by the suffix and checked by kind.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../results/files.js';
import { asSearchRecord, SearchFileError, type SearchRecord } from './record.js';

export const SEARCH_FILE_SUFFIX = '.search.json';

export async function writeSearchRecord(dir: string, record: SearchRecord): Promise<string> {
  const file = path.join(dir, `${record.id}${SEARCH_FILE_SUFFIX}`);
  await writeFileAtomic(file, JSON.stringify(record, null, 1) + '\n');
  return file;
}

export async function readSearchRecord(file: string): Promise<SearchRecord> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SearchFileError(file, `not readable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return asSearchRecord(file, parsed);
}

/** Every `*.search.json` in the given folders, plus files given by name with that suffix. */
export async function loadSearchRecords(paths: readonly string[]): Promise<SearchRecord[]> {
  const files: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith(SEARCH_FILE_SUFFIX)).sort();
      files.push(...names.map((n) => path.join(p, n)));
    } else if (s && p.endsWith(SEARCH_FILE_SUFFIX)) files.push(p);
  }
  return Promise.all(files.map((f) => readSearchRecord(f)));
}
