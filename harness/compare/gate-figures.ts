/**
 * The figures a comparison gates on, as data: name, unit, which direction is better, the result
 * field it reads; a new gate figure is one more row.
 *
 * Throughput and p99 are what users gate on, but on a shared machine both mostly measure the
 * neighbours: throughput is the CPU share the run got, the tail is where preemptions land. The
 * median latency is where the code's own cost shows — on the 2-core development machine, shared
 * with other work, a 4 µs → 5 µs service time moved p50 by +24% with ±0.1% spread while
 * throughput varied 9× between repeats (test/fixtures/repeats/calibration.json). So p50 is a gate
 * figure too, and a regression in any of the three regresses the cell.
 */
import type { FigureUnit, RunResult } from '../../shared/result-types.js';
import { gateFiguresOf } from '../../workloads/figure-table.js';
import { workloadFactory } from '../../workloads/registry.js';

export interface GateFigure {
  readonly name: string;
  /** Unit of the value `read` returns (printers format by it); a workload's own figure has its figure table's. */
  readonly unit: 'ops/s' | FigureUnit;
  readonly better: 'higher' | 'lower';
  /** Where the value lives in a result, for messages about damaged files. */
  readonly field: string;
  read(r: RunResult): unknown;
}

export const GATE_FIGURES: readonly GateFigure[] = [
  { name: 'throughput', unit: 'ops/s', better: 'higher', field: 'summary.opsPerSec', read: (r) => r.summary?.opsPerSec },
  { name: 'p50', unit: 'ns', better: 'lower', field: 'summary.latency.percentiles.p50', read: (r) => r.summary?.latency?.percentiles?.p50 },
  { name: 'p99', unit: 'ns', better: 'lower', field: 'summary.latency.percentiles.p99', read: (r) => r.summary?.latency?.percentiles?.p99 },
];

/**
 * The gate figures of a workload's cells: the common ones, then the rows of its figure table
 * marked `better` (read from `domain.figures`, in the table's unit).
 */
export function gateFiguresFor(workload: string): readonly GateFigure[] {
  const wf = workloadFactory(workload);
  const declared = wf ? gateFiguresOf(wf.figureTable) : [];
  if (declared.length === 0) return GATE_FIGURES;
  return [
    ...GATE_FIGURES,
    ...declared.map((d): GateFigure => ({ name: d.name, unit: d.unit, better: d.better, field: `domain.figures.${d.name}`, read: (r) => r.domain?.figures?.[d.name] })),
  ];
}
