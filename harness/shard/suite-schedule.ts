/**
 * Shared starts for a suite run as shards: every shard runs the suite's cells in order, and
 * cell k of every shard measures the same window. Cell 0 starts at `--start-at`; each next cell
 * starts `gapMs` after the previous one's planned end — the gap holds its setup, preload and
 * warm-up. Pure, so every shard computes the same starts from the same suite and flags.
 */
import { CONFIG_DEFAULTS, ConfigError, type ConfigInput } from '../runner/config.js';

/** Default time between one cell's end and the next cell's start. */
export const DEFAULT_CELL_GAP_MS = 15_000;

export function suiteStarts(cells: readonly { readonly config?: ConfigInput }[], startAtEpochMs: number, gapMs: number): string[] {
  const starts: string[] = [];
  let at = startAtEpochMs;
  cells.forEach((cell, i) => {
    const c = cell.config ?? {};
    if (c.durationMs === undefined || c.durationMs === null) {
      if (c.requests !== undefined && c.requests !== null) {
        throw new ConfigError('start-at', `cells with a duration: cell ${i + 1} has an operation budget (requests), so its end cannot be planned`, c.requests);
      }
    }
    const warmup = c.warmupMs ?? CONFIG_DEFAULTS.warmupMs;
    if (i > 0 && warmup >= gapMs) throw new ConfigError('cell-gap', `longer than cell ${i + 1}'s warm-up (${warmup} ms)`, gapMs);
    starts.push(new Date(at).toISOString());
    at += (c.durationMs ?? CONFIG_DEFAULTS.durationMs) + gapMs;
  });
  return starts;
}
