/**
 * The run's workload figures from its threads' parts (`domain()` of every thread, of one process
 * or of every shard): the figure table merges the figures, HDR latency distributions merge
 * exactly, notes are kept once each, and the workload's `summarize` adds only what the table
 * cannot derive (curves, derived figures, checks that need every thread's view). `runCell` and
 * `merge` both call this, so a sharded run's figures are those of the same run unsplit.
 */
import type { DomainFigures } from '../shared/result-types.js';
import { figureUnits, mergeFigures } from './figure-table.js';
import { mergeLatencies } from './scenarios/support/latency.js';
import { mergeNotes } from './scenarios/support/merge.js';
import type { CheckResult, WorkloadFactory, WorkloadParams } from './types.js';

export function summarizeDomain(
  wf: WorkloadFactory,
  parts: readonly DomainFigures[],
  params: WorkloadParams,
): { domain: DomainFigures | undefined; checks: CheckResult[] } {
  if (parts.length === 0) return { domain: undefined, checks: [] };
  const latencies = mergeLatencies(parts);
  const extras = wf.summarize?.(parts, params) ?? {};
  const figures = mergeFigures(wf.figureTable, parts, latencies, extras.figures);
  const notes = mergeNotes(parts);
  const domain: DomainFigures = {
    figures,
    ...(extras.series && Object.keys(extras.series).length > 0 ? { series: extras.series } : {}),
    ...(Object.keys(latencies).length > 0 ? { latencies } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    units: figureUnits(wf.figureTable, figures),
  };
  return { domain, checks: [...(extras.checks ?? [])] };
}
