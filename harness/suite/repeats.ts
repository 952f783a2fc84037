/**
 * Suite repeats, pure: every cell run N times, interleaved — repeat 1 of every cell, then
 * repeat 2 of every cell… (ABAB, not AAA BBB) — so drift on the machine (a neighbour's job, a
 * warming CPU) hits every cell alike instead of all of one cell's repeats. A cell with a seed
 * gets a different, recorded seed per repeat (repeat 1 keeps the cell's own), so repeats also
 * sample the workload's random choices, and base and head of a comparison draw the same seeds.
 * Without a seed every repeat draws a random one, recorded in its result.
 */
import type { CellSpec } from '../cell/run-cell.js';

/** Largest `repeat` a suite or `--repeat` may ask for. */
export const MAX_REPEAT = 1000;

/** The seed of repeat `index` (0-based) of a cell seeded with `seed`: a golden-ratio step per repeat. */
export function repeatSeed(seed: number, index: number): number {
  return (seed + Math.imul(index, 0x9e3779b9)) >>> 0;
}

export function withRepeats(cells: readonly CellSpec[], repeat: number): CellSpec[] {
  if (repeat <= 1) return [...cells];
  const out: CellSpec[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const cell of cells) {
      const seed = cell.config?.seed;
      out.push({
        ...cell,
        config: { ...cell.config, ...(seed === undefined ? {} : { seed: repeatSeed(seed, r) }) },
        repeat: { index: r + 1, of: repeat },
      });
    }
  }
  return out;
}
