/**
 * Expands result paths (files, or folders searched recursively for `*.json`) and reads them,
 * naming the bad file on error. `loadRunResults` also skips documents of another cachebench
 * kind (durability, scaling) with a note instead of failing, for commands that read run results
 * out of mixed output folders.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { asRunResult, readResult, ResultFileError } from '../results/files.js';
import type { RunResult } from '../../shared/result-types.js';
import { UsageError } from './parse-values.js';
import { SEARCH_FILE_SUFFIX } from '../slo/record-file.js';

export async function expandResultPaths(paths: readonly string[], flag: string): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new UsageError(`invalid ${flag}: '${p}' does not exist; expected result JSON files or folders of them`);
    }
    if (s.isDirectory()) {
      // Search records (`*.search.json`, written by slo/sweep beside their steps) are not results.
      const names = (await readdir(p, { recursive: true })).filter((n) => n.endsWith('.json') && !n.endsWith(SEARCH_FILE_SUFFIX)).sort();
      files.push(...names.map((n) => path.join(p, n)));
    } else if (!p.endsWith(SEARCH_FILE_SUFFIX)) files.push(p);
  }
  if (files.length === 0) throw new UsageError(`invalid ${flag}: no result files found in ${paths.join(', ')}`);
  return files;
}

export async function loadResults(paths: readonly string[], flag: string): Promise<RunResult[]> {
  const files = await expandResultPaths(paths, flag);
  return Promise.all(files.map((f) => readResult(f)));
}

export interface LoadedRuns {
  readonly results: readonly RunResult[];
  readonly files: readonly string[];
  /** One line per kind skipped: "skipped 2 cachebench.durability files in out/ (not run results)". */
  readonly notes: readonly string[];
}

/** Run results of `paths`; other `cachebench.*` kinds are skipped with a note, anything else is an error naming the file. */
export async function loadRunResults(paths: readonly string[], flag: string): Promise<LoadedRuns> {
  const all = await expandResultPaths(paths, flag);
  const results: RunResult[] = [];
  const files: string[] = [];
  const skipped = new Map<string, number>();
  for (const file of all) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new ResultFileError(file, `not readable JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const kind = typeof parsed === 'object' && parsed !== null ? (parsed as { kind?: unknown }).kind : undefined;
    if (typeof kind === 'string' && kind.startsWith('cachebench.') && kind !== 'cachebench.run') {
      skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
      continue;
    }
    results.push(asRunResult(file, parsed));
    files.push(file);
  }
  const notes = [...skipped].map(([kind, n]) => `skipped ${n} ${kind} file${n === 1 ? '' : 's'} in ${paths.join(', ')} (not run results)`);
  if (results.length === 0) throw new UsageError(`invalid ${flag}: no run results in ${paths.join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  return { results, files, notes };
}
