import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION } from '../../shared/result-types.js';
import { runCell } from '../../harness/cell/run-cell.js';
import { PROJECT_ROOT } from '../../shared/dist-url.js';

const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'shared/run-result.schema.json'), 'utf8'));
const validate = new Ajv({
  allErrors: true,
  strict: false,
  formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ },
}).compile(schema);

describe('RunResult JSON Schema', () => {
  it('accepts closed- and open-loop results from real runs, with every recorded fact present', async () => {
    const closed = await runCell({
      engine: { name: 'null' },
      workload: { name: 'kv', params: { keys: 1000 } },
      config: { durationMs: 400, warmupMs: 100, seed: 99, concurrency: 1 },
    });
    const open = await runCell({
      engine: { name: 'null' },
      workload: { name: 'kv', params: { keys: 1000 } },
      config: { durationMs: 400, warmupMs: 100, seed: 99, rate: 2000, arrival: 'poisson' },
    });
    for (const r of [closed, open]) {
      const ok = validate(JSON.parse(JSON.stringify(r)));
      expect(ok, JSON.stringify(validate.errors, null, 1)).toBe(true);
      expect(r.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
      expect(r.config.seed).toBe(99);
      expect(r.env.cpu.count).toBeGreaterThan(0);
      expect(r.env.node).toBe(process.version);
      expect(r.tool.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.calibration.harnessOverheadNsPerOp).toBeGreaterThan(0);
      expect(r.timing.warmupMs).toBe(100);
      expect(r.timing.measuredMs).toBeGreaterThanOrEqual(390);
    }
    expect(open.openLoop?.targetRate).toBe(2000);
    expect(open.summary.uncorrectedLatency).toBeDefined();
  });

  it('rejects a result with a wrong schema version or a missing histogram', async () => {
    const r = await runCell({ engine: { name: 'null' }, workload: { name: 'kv', params: { keys: 100 } }, config: { requests: 1000, warmupMs: 0, seed: 1 } });
    const bad = JSON.parse(JSON.stringify(r));
    bad.schemaVersion = RESULT_SCHEMA_VERSION + 1;
    expect(validate(bad)).toBe(false);
    const bad2 = JSON.parse(JSON.stringify(r));
    delete bad2.summary.latency.histogram;
    expect(validate(bad2)).toBe(false);
  });
});
