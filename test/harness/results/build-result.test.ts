import { describe, expect, it } from 'vitest';
import { collectEnvironment, collectToolInfo } from '../../../harness/env.js';
import { Recorder } from '../../../harness/recorder/recorder.js';
import { buildRunResult, type ResultInputs } from '../../../harness/results/build-result.js';
import { epochNowMs, nowMs } from '../../../shared/clock.js';
import { resolveConfig } from '../../../harness/runner/config.js';

function inputs(record: (r: Recorder) => void): ResultInputs {
  const recorder = new Recorder(['get', 'set'], false, epochNowMs());
  record(recorder);
  const snapshot = recorder.finish(nowMs());
  return {
    label: 'x',
    tool: collectToolInfo(),
    env: collectEnvironment(),
    engine: { name: 'redis', family: 'redis', location: 'remote', version: '7', capabilities: [], options: {} },
    workload: { name: 'kv', params: {}, mode: 'native' },
    config: resolveConfig({ requests: 10, seed: 1 }),
    startedAt: new Date(),
    endedAt: new Date(),
    preloadMs: 0,
    parts: [{ snapshot, domain: null, attempted: 10, abandoned: 0 }],
    domain: undefined,
    checks: [],
    calibration: { harnessOverheadNsPerOp: 1, bareLoopNsPerOp: 0.1, method: 'test' },
    extraReasons: [],
  };
}

describe('buildRunResult status', () => {
  it('a run in which no operation succeeded is failed, not degraded', () => {
    const r = buildRunResult(inputs((rec) => { for (let i = 0; i < 10; i++) rec.error(0, 'connection', nowMs()); }));
    expect(r.status).toBe('failed');
    expect(r.statusReasons).toContain('no operation succeeded (10 failed)');
  });
  it('one success among errors stays degraded', () => {
    const r = buildRunResult(inputs((rec) => { rec.record(0, 1000, nowMs()); rec.error(1, 'timeout', nowMs()); }));
    expect(r.status).toBe('degraded');
  });
});
