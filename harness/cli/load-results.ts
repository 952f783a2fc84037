/** Expands result paths (files or folders of `*.json`) and reads them, naming the bad one on error. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readResult } from '../results/files.js';
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
      const names = (await readdir(p)).filter((n) => n.endsWith('.json') && !n.endsWith(SEARCH_FILE_SUFFIX)).sort();
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
