/**
 * The order of a base-vs-head run, pure: every cell's repeat r runs on both sides back to
 * back, the side that goes first alternating (base·head, head·base, …) across cells and
 * repeats, so drift and warm-up order hit both sides alike. Each step carries the one-cell
 * suite both sides run, with the same per-repeat seed on both sides.
 */
import { repeatSeed } from '../suite/repeats.js';
import type { SuiteCellSource } from '../suite/suite.js';
import type { Suite } from '../suite/suite-types.js';

export type Side = 'base' | 'head';

export interface CiStep {
  readonly side: Side;
  /** 0-based cell index in suite order. */
  readonly cell: number;
  /** 1-based repeat. */
  readonly repeat: number;
  readonly label: string;
  readonly seed: number;
  /** The one-cell suite to run (the cell's seed set to this repeat's). */
  readonly suite: Suite;
}

/** `seed` is used for cells that set none, so both sides draw the same seeds. */
export function planCiSteps(sources: readonly SuiteCellSource[], repeat: number, seed: number): CiStep[] {
  const steps: CiStep[] = [];
  for (let r = 0; r < repeat; r++) {
    sources.forEach((src, i) => {
      const cellSeed = repeatSeed(src.cell.config?.seed ?? seed, r);
      const group = src.suite.cells[0]!;
      const suite: Suite = { ...src.suite, cells: [{ ...group, config: { ...group.config, seed: cellSeed } }] };
      const label = src.cell.label ?? `${src.cell.engine.name} ${src.cell.workload.name}`;
      const order: Side[] = (r + i) % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
      for (const side of order) steps.push({ side, cell: i, repeat: r + 1, label, seed: cellSeed, suite });
    });
  }
  return steps;
}
