import { describe, expect, it } from 'vitest';
import { MEASURED, PERFECT, scalingChart } from '../../../reports/charts/scaling.js';
import { renderSvg } from '../support.js';

const report = {
  schemaVersion: 1,
  kind: 'cachebench.scaling',
  points: [
    { engine: 'memcached-style', threads: 1, opsPerSec: 1_000_000 },
    { engine: 'memcached-style', threads: 2, opsPerSec: 1_900_000 },
    { engine: 'redis-style', threads: 1, opsPerSec: 800_000 },
    { engine: 'redis-style', threads: 2, opsPerSec: 400_000 },
    { engine: 'map-ceiling', threads: 1, opsPerSec: 40_000_000 },
    { engine: 'map-ceiling', threads: 2, opsPerSec: 79_000_000 },
  ],
} as const;

type Row = { engine: string; threads: number; opsPerSec: number; speedup: number | null; line: string };

describe('scalingChart', () => {
  it('draws ops/s and the speed-up over 1 thread per engine, beside perfect scaling', async () => {
    const spec = scalingChart(report)!;
    const values = (spec as { data: { values: Row[] } }).data.values;
    expect(values.filter((v) => v.line === MEASURED)).toHaveLength(6);
    expect(values.find((v) => v.engine === 'redis-style' && v.threads === 2)!.speedup).toBe(0.5);
    expect(values.find((v) => v.engine === 'memcached-style' && v.threads === 2)!.speedup).toBe(1.9);
    expect(values.filter((v) => v.line === PERFECT).map((v) => [v.threads, v.speedup])).toEqual([[1, 1], [2, 2]]);
    // A 100× spread between engines goes on a log axis.
    expect(JSON.stringify(spec)).toContain('ops/s (log scale)');
    const svg = await renderSvg(spec);
    for (const text of ['threads', 'redis-style', 'memcached-style', 'map-ceiling', 'speed-up over 1 thread (×)']) expect(svg).toContain(`>${text}<`);
  });
  it('draws nothing for an empty document', () => {
    expect(scalingChart({ schemaVersion: 1, kind: 'cachebench.scaling', points: [] })).toBeNull();
  });
});
