import { describe, expect, it } from 'vitest';
import { compareRuns, gateExitCode, overallVerdict, type Comparison, type Verdict } from '../../../harness/compare/compare.js';
import type { RunResult } from '../../../shared/result-types.js';
import { sideText } from '../../../reports/compare.js';
import { around, repeats } from './fixture-repeats.js';

function verdictOf(c: Comparison, figure?: string): Verdict {
  const cell = c.cells[0]!;
  return figure === undefined ? cell.verdict : cell.figures.find((f) => f.figure === figure)!.verdict;
}

const base = repeats({ ops: around(1e6, 0.02) });

describe('compareRuns: every verdict, from fixture repeats', () => {
  it('no change: the whole interval within ±5% → exit 0', () => {
    const c = compareRuns(base, repeats({ ops: around(1.005e6, 0.02) }));
    expect(verdictOf(c)).toBe('no change');
    expect(c.cells[0]!.figures[0]!.reason).toMatch(/lies within ±5\.0%/);
    expect(gateExitCode(c)).toBe(0);
  });

  it('regressed: throughput −25% with its whole interval beyond −5% → exit 1', () => {
    const c = compareRuns(base, repeats({ ops: around(0.75e6, 0.02) }));
    expect(verdictOf(c, 'throughput')).toBe('regressed');
    expect(verdictOf(c, 'p99')).toBe('regressed'); // p99 follows 1/throughput in the fixture
    const shift = c.cells[0]!.figures[0]!.shift!;
    expect(shift.change).toBeCloseTo(-0.25, 2);
    expect(shift.low).toBeLessThan(-0.25);
    expect(shift.high).toBeGreaterThan(-0.25);
    expect(shift.p).toBeLessThan(0.001);
    expect(gateExitCode(c)).toBe(1);
  });

  it('regressed on p99 alone, throughput unchanged', () => {
    const c = compareRuns(repeats({ ops: around(1e6, 0.01), p99: around(1000, 0.01) }), repeats({ ops: around(1e6, 0.01), p99: around(1400, 0.01) }));
    expect(verdictOf(c, 'throughput')).toBe('no change');
    expect(verdictOf(c, 'p99')).toBe('regressed');
    expect(verdictOf(c)).toBe('regressed');
  });

  it('improved: +30% throughput → exit 0', () => {
    const c = compareRuns(base, repeats({ ops: around(1.3e6, 0.02) }));
    expect(verdictOf(c)).toBe('improved');
    expect(gateExitCode(c)).toBe(0);
  });

  it('inconclusive: the interval straddles the minimum effect (a −5% drop on ±10% noise)', () => {
    const c = compareRuns(repeats({ ops: around(1e6, 0.1) }), repeats({ ops: around(0.95e6, 0.1) }));
    expect(verdictOf(c, 'throughput')).toBe('inconclusive');
    expect(c.cells[0]!.figures[0]!.reason).toMatch(/straddles/);
    expect(gateExitCode(c)).toBe(0);
    expect(gateExitCode(c, { strict: true })).toBe(1);
  });

  it('noise widens the interval, never the threshold: a −30% drop on noisy repeats still regresses', () => {
    const c = compareRuns(repeats({ ops: around(1e6, 0.08) }), repeats({ ops: around(0.7e6, 0.08) }));
    expect(verdictOf(c, 'throughput')).toBe('regressed');
  });

  it('inconclusive: too few repeats for a 95% interval, even for a huge change', () => {
    const c = compareRuns(repeats({ ops: [1e6, 1.01e6, 0.99e6] }), repeats({ ops: [0.5e6, 0.51e6, 0.49e6] }));
    expect(verdictOf(c)).toBe('inconclusive');
    expect(c.cells[0]!.figures[0]!.reason).toMatch(/too few repeats \(base 3, head 3\): a 95% interval needs at least 4 per side/);
  });

  it('inconclusive: either side degraded', () => {
    const c = compareRuns(base, repeats({ ops: around(0.5e6, 0.02), status: (i) => (i === 2 ? 'degraded' : 'ok') }));
    expect(verdictOf(c)).toBe('inconclusive');
    expect(c.cells[0]!.reasons.join()).toMatch(/head degraded in 1 of 7 repeats: errors: timeout × 12/);
    expect(gateExitCode(c)).toBe(0);
    const b = compareRuns(repeats({ ops: around(1e6, 0.02), status: () => 'degraded' }), repeats({ ops: around(1e6, 0.02) }));
    expect(b.cells[0]!.reasons.join()).toMatch(/base degraded in 7 of 7/);
  });

  it('inconclusive: the load generator saturated on either side', () => {
    for (const side of ['base', 'head'] as const) {
      const sat = repeats({ ops: around(1e6, 0.02), saturated: (i) => i === 0 });
      const c = side === 'base' ? compareRuns(sat, base) : compareRuns(base, sat);
      expect(verdictOf(c)).toBe('inconclusive');
      expect(c.cells[0]!.reasons.join()).toMatch(new RegExp(`load generator saturated on ${side} in 1 of 7 repeats`));
      expect(c.cells[0]!.reasons.join()).not.toMatch(/degraded in/);
    }
  });

  it('inconclusive: different configurations share one cell name', () => {
    const mixed = [...repeats({ ops: around(1e6, 0.02, 4) }), ...repeats({ ops: around(1e6, 0.02, 4), params: { keys: 5 } })];
    const c = compareRuns(mixed, base);
    expect(verdictOf(c)).toBe('inconclusive');
    expect(c.cells[0]!.reasons.join()).toMatch(/2 different configurations share this cell's name on base/);
  });

  it('a failed head check is inconclusive for timing and fails the gate', () => {
    const c = compareRuns(base, repeats({ ops: around(1e6, 0.02), status: (i) => (i === 0 ? 'failed' : 'ok') }));
    expect(verdictOf(c)).toBe('inconclusive');
    expect(c.headFailures).toEqual(['null · kv · gate cell']);
    expect(gateExitCode(c)).toBe(1);
  });

  it('missing: a cell on one side only → exit 1 unless allowed; no cell in common is never "ok"', () => {
    const c = compareRuns(base, repeats({ label: 'other', ops: around(1e6, 0.02) }));
    expect(c.cells.map((x) => [x.label, x.verdict])).toEqual([
      ['gate cell', 'missing'],
      ['other', 'missing'],
    ]);
    expect(c.cells.map((x) => x.reasons[0])).toEqual(['no head results for this cell', 'no base results for this cell']);
    expect(overallVerdict(c)).toBe('missing');
    expect(gateExitCode(c)).toBe(1);
    expect(gateExitCode(c, { allowMissing: true })).toBe(0);
  });

  it('the minimum effect is the threshold: a −8% drop regresses at 5%, is no regression at 10%', () => {
    const head = repeats({ ops: around(0.92e6, 0.005) });
    const tight = repeats({ ops: around(1e6, 0.005) });
    expect(verdictOf(compareRuns(tight, head, { minEffect: 0.05 }), 'throughput')).toBe('regressed');
    expect(verdictOf(compareRuns(tight, head, { minEffect: 0.1 }), 'throughput')).toBe('no change');
  });

  it('a cell is as bad as its worst figure; the comparison as its worst cell', () => {
    const c = compareRuns(
      [...base, ...repeats({ label: 'b', ops: around(1e6, 0.02) })],
      [...repeats({ ops: around(1.3e6, 0.02) }), ...repeats({ label: 'b', ops: around(0.7e6, 0.02) })],
    );
    expect(c.counts).toMatchObject({ improved: 1, regressed: 1 });
    expect(overallVerdict(c)).toBe('regressed');
  });

  it('a figure the workload declares (cache-aside hitRatio) is gated too, in its direction', () => {
    const cacheAside = (hitRatios: readonly number[]): RunResult[] =>
      repeats({ ops: around(1e6, 0.02, hitRatios.length) }).map((r, i) => ({
        ...r,
        workload: { ...r.workload, name: 'cache-aside' },
        domain: { figures: { hitRatio: hitRatios[i]! } },
      }));
    const c = compareRuns(cacheAside(around(0.9, 0.01)), cacheAside(around(0.6, 0.01)));
    expect(c.cells[0]!.figures.map((f) => f.figure)).toEqual(['throughput', 'p50', 'p99', 'hitRatio']);
    expect(verdictOf(c, 'hitRatio')).toBe('regressed');
    // In the unit of cache-aside's figure table: a share, printed as a percentage.
    const hit = c.cells[0]!.figures[3]!;
    expect(hit.unit).toBe('fraction');
    expect(sideText(hit.unit, hit.base)).toMatch(/^\d+(\.\d+)?% ±/);
    expect(verdictOf(c, 'throughput')).toBe('no change');
    expect(verdictOf(c)).toBe('regressed');
    const absent = compareRuns(cacheAside(around(0.9, 0.01)), repeats({ ops: around(1e6, 0.02) }).map(({ domain: _none, ...r }) => ({ ...r, workload: { ...r.workload, name: 'cache-aside' } })));
    expect(absent.cells[0]!.figures[3]!.reason).toBe('hitRatio (domain.figures.hitRatio) is not a number in every repeat');
    expect(verdictOf(absent)).toBe('inconclusive');
  });
});
