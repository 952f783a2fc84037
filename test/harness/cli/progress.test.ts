import { describe, expect, it } from 'vitest';
import { runCell, type LiveInterval } from '../../../harness/cell/run-cell.js';
import { Progress } from '../../../harness/cli/progress.js';

describe('live progress', () => {
  it('hears one event per closed interval from every thread, summed, and never more ops than measured', async () => {
    for (const threads of [1, 2]) {
      const seen: LiveInterval[] = [];
      const r = await runCell(
        { engine: { name: 'memcached-style' }, workload: { name: 'kv', params: { keys: 1000 } }, config: { durationMs: 2500, warmupMs: 0, seed: 2, threads, concurrency: 2 } },
        { onInterval: (f) => seen.push(f) },
      );
      // Two whole intervals closed inside the 2.5 s phase; the partial third ends with the run.
      expect(seen.map((f) => f.index).slice(0, 2), `threads=${threads}`).toEqual([0, 1]);
      const heard = seen.reduce((n, f) => n + f.ops, 0);
      expect(heard).toBeGreaterThan(0);
      expect(heard).toBeLessThanOrEqual(r.summary.ops);
      expect(seen[0]!.ops).toBe(r.timeSeries.points[0]!.ops);
      expect(seen[0]!.p99Ns).toBeGreaterThan(0);
    }
  }, 60_000);

  it('shows live ops/s, p99 and errors on the progress line during the measured phase', () => {
    let out = '';
    const stream = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
    const p = new Progress('redis-style kv', stream);
    p.onPhase('measure', { atEpochMs: Date.now(), untilEpochMs: Date.now() + 10_000 });
    p.onInterval({ index: 0, seconds: 1, ops: 123_400, errors: 2, p99Ns: 1_200_000 });
    expect(p.liveText()).toBe('  123k ops/s  p99 1.2 ms  2 errors');
    p.onPhase('measure', { atEpochMs: Date.now() });
    expect(out).toContain('123k ops/s  p99 1.2 ms  2 errors');
    p.end();
  });
});
