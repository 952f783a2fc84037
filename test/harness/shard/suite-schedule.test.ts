/**
 * Shared starts of a sharded suite: cell k of every shard measures the same window, computed by
 * every shard alone from the suite and the flags (so it must be pure and exact).
 */
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, ConfigError } from '../../../harness/runner/config.js';
import { DEFAULT_CELL_GAP_MS, suiteStarts } from '../../../harness/shard/suite-schedule.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');

describe('suiteStarts', () => {
  it('starts cell 1 at --start-at and each next cell a gap after the previous planned end', () => {
    const cells = [{ config: { durationMs: 1000 } }, { config: { durationMs: 60_000, warmupMs: 500 } }, {}];
    expect(suiteStarts(cells, T0, 2000)).toEqual([
      '2026-12-01T12:00:00.000Z',
      '2026-12-01T12:00:03.000Z', // 1 s cell + 2 s gap
      '2026-12-01T12:01:05.000Z', // + 60 s + 2 s
    ]);
    // A cell without a duration runs the default one: the next start leaves room for it.
    const two = suiteStarts([{}, {}], T0, DEFAULT_CELL_GAP_MS);
    expect(Date.parse(two[1]!) - T0).toBe(CONFIG_DEFAULTS.durationMs + DEFAULT_CELL_GAP_MS);
  });

  it('refuses an operation budget (no planned end) and a gap that cannot hold the next warm-up, naming the flag', () => {
    expect(() => suiteStarts([{ config: { requests: 1000 } }], T0, 2000)).toThrow(ConfigError);
    expect(() => suiteStarts([{ config: { requests: 1000 } }], T0, 2000)).toThrow(/start-at.*cell 1 has an operation budget/);
    expect(() => suiteStarts([{}, { config: { warmupMs: 3000 } }], T0, 2000)).toThrow(/cell-gap.*longer than cell 2's warm-up \(3000 ms\)/);
  });
});
