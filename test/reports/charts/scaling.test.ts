import { describe, expect, it } from 'vitest';
import { LINEAR, MEASURED, scalingChart } from '../../../reports/charts/scaling.js';
import { renderSvg } from '../support.js';

describe('scalingChart', () => {
  it('draws ops/s against threads per engine with a perfect-scaling reference', async () => {
    const spec = scalingChart({
      schemaVersion: 1,
      kind: 'cachebench.scaling',
      points: [
        { engine: 'memcached-style', threads: 1, opsPerSec: 1_000_000 },
        { engine: 'memcached-style', threads: 2, opsPerSec: 1_900_000 },
        { engine: 'redis-style', threads: 1, opsPerSec: 800_000 },
        { engine: 'redis-style', threads: 2, opsPerSec: 820_000 },
      ],
    })!;
    const values = (spec as { data: { values: { engine: string; threads: number; opsPerSec: number; line: string }[] } }).data.values;
    expect(values.filter((v) => v.line === MEASURED)).toHaveLength(4);
    expect(values.find((v) => v.line === LINEAR && v.engine === 'redis-style' && v.threads === 2)!.opsPerSec).toBe(1_600_000);
    const svg = await renderSvg(spec);
    expect(svg).toContain('>threads<');
    expect(svg).toContain('>redis-style<');
  });
  it('draws nothing for an empty document', () => {
    expect(scalingChart({ schemaVersion: 1, kind: 'cachebench.scaling', points: [] })).toBeNull();
  });
});
