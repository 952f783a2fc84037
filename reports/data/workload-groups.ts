/** Results grouped by workload: one report section each, one small-multiples panel each. */
import type { RunResult } from '../../shared/result-types.js';

export interface WorkloadGroup {
  readonly workload: string;
  readonly results: readonly RunResult[];
  readonly names: readonly string[];
}

/** Results grouped by workload name, groups in first-seen order. */
export function groupByWorkload(results: readonly RunResult[], names: readonly string[]): WorkloadGroup[] {
  const groups = new Map<string, { results: RunResult[]; names: string[] }>();
  results.forEach((r, i) => {
    let group = groups.get(r.workload.name);
    if (group === undefined) groups.set(r.workload.name, (group = { results: [], names: [] }));
    group.results.push(r);
    group.names.push(names[i]!);
  });
  return [...groups].map(([workload, g]) => ({ workload, results: g.results, names: g.names }));
}
