/**
 * The name each result goes by in chart legends and table headers. A result's `label` is meant
 * to be unique, but two runs of the same cell (before and after a change, or one suite run
 * twice) share it; a legend that merges them would silently draw two runs as one line, so
 * repeated labels get a ` #2`, ` #3`… suffix in input order.
 */
import type { RunResult } from '../../shared/result-types.js';

/** One name per result, same order as `results`, all distinct. */
export function seriesNames(results: readonly RunResult[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set<string>();
  const names: string[] = [];
  for (const result of results) {
    const base = result.label.trim() === '' ? result.id : result.label;
    let n = seen.get(base) ?? 0;
    let name = base;
    while (taken.has(name)) {
      n++;
      name = `${base} #${n + 1}`;
    }
    seen.set(base, n);
    taken.add(name);
    names.push(name);
  }
  return names;
}
