/**
 * Calibration of the gate on this machine's own noise. test/fixtures/repeats/calibration.json
 * holds 30 interleaved repeats of three cells recorded on the 2-core development machine while
 * other work ran on it (see its `machine` and `command`): the null engine with a 4 µs and a
 * 5 µs service time (`serviceNs`, 25% longer), and the redis-style engine. Each trial draws 7
 * repeats per side (with replacement, seeded) and runs the real comparison at the default 5%
 * minimum effect:
 *
 * - two samples of one cell must be called `regressed` in at most 5% of trials;
 * - the 25% longer service time must be called `regressed` in at least 95% of trials.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareRuns, type Verdict } from '../../../harness/compare/compare.js';
import type { RunResult } from '../../../shared/result-types.js';
import { Rng } from '../../../shared/rng.js';
import { repeats } from './fixture-repeats.js';

interface RecordedRepeat {
  readonly repeat: number;
  readonly seed: number;
  readonly status: RunResult['status'];
  readonly opsPerSec: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
}

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'repeats', 'calibration.json');
const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cells: Record<string, RecordedRepeat[]> };

/** The recorded repeats of a cell as results (all under one label, so both sides match). */
function pool(cell: string): RunResult[] {
  const rs = recorded.cells[cell];
  if (!rs) throw new Error(`calibration fixture has no cell '${cell}' (has: ${Object.keys(recorded.cells).join(', ')})`);
  return repeats({ label: 'calibration', ops: rs.map((r) => r.opsPerSec), p50: rs.map((r) => r.p50Ns), p99: rs.map((r) => r.p99Ns), status: (i) => rs[i]!.status });
}

const TRIALS = 1000;
const REPEATS = 7;

function draw(rng: Rng, from: readonly RunResult[]): RunResult[] {
  return Array.from({ length: REPEATS }, () => from[rng.nextU32() % from.length]!);
}

/** How often each verdict comes out over seeded trials of base drawn from `a`, head from `b`. */
function verdictRates(a: readonly RunResult[], b: readonly RunResult[], seed: number): Record<Verdict, number> {
  const rng = new Rng(seed);
  const counts: Record<Verdict, number> = { regressed: 0, improved: 0, 'no change': 0, inconclusive: 0, missing: 0 };
  for (let t = 0; t < TRIALS; t++) counts[compareRuns(draw(rng, a), draw(rng, b)).cells[0]!.verdict]++;
  for (const k of Object.keys(counts) as Verdict[]) counts[k] /= TRIALS;
  return counts;
}

const SERVICE_4 = pool('service 4us null');
const SERVICE_5 = pool('service 5us null');
const REDIS_STYLE = pool('redis-style kv redis-style');

describe('gate calibration on recorded repeat distributions (7 repeats per side, 5% minimum effect)', () => {
  it('the fixture is what the tests claim: 30 repeats per cell, all ok, recorded with the command it names', () => {
    for (const p of [SERVICE_4, SERVICE_5, REDIS_STYLE]) expect(p).toHaveLength(30);
    expect(Object.values(recorded.cells).flat().every((r) => r.status === 'ok')).toBe(true);
  });

  it('two samples of the same cell are called regressed in at most 5% of trials', () => {
    for (const [name, p] of [
      ['service 4 µs', SERVICE_4],
      ['service 5 µs', SERVICE_5],
      ['redis-style kv', REDIS_STYLE],
    ] as const) {
      const rates = verdictRates(p, p, 11);
      expect(rates.regressed, `${name}: ${JSON.stringify(rates)}`).toBeLessThanOrEqual(0.05);
      expect(rates.improved, `${name}: ${JSON.stringify(rates)}`).toBeLessThanOrEqual(0.05);
    }
  });

  it('a 25% longer service time is called regressed in at least 95% of trials (and the reverse improved)', () => {
    const slower = verdictRates(SERVICE_4, SERVICE_5, 12);
    expect(slower.regressed, JSON.stringify(slower)).toBeGreaterThanOrEqual(0.95);
    const faster = verdictRates(SERVICE_5, SERVICE_4, 13);
    expect(faster.improved + faster.regressed, JSON.stringify(faster)).toBeGreaterThan(0);
    expect(faster.regressed, JSON.stringify(faster)).toBeLessThanOrEqual(0.05);
  });
});
