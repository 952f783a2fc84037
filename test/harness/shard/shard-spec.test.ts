import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../harness/runner/config.js';
import { resolveShardSpec } from '../../../harness/shard/shard-spec.js';

describe('resolveShardSpec', () => {
  it('reads I/N from the flag, and index and count from an Indexed Job’s environment', () => {
    expect(resolveShardSpec('2/8', {})).toEqual({ index: 2, count: 8 });
    expect(resolveShardSpec(undefined, { JOB_COMPLETION_INDEX: '3', CACHEBENCH_SHARDS: '4' })).toEqual({ index: 3, count: 4 });
    expect(resolveShardSpec('1', { CACHEBENCH_SHARDS: '4' })).toEqual({ index: 1, count: 4 });
    // The flag wins over the environment.
    expect(resolveShardSpec('0/2', { JOB_COMPLETION_INDEX: '3', CACHEBENCH_SHARDS: '4' })).toEqual({ index: 0, count: 2 });
  });

  it('an Indexed Job index alone does not make a run a shard', () => {
    expect(resolveShardSpec(undefined, { JOB_COMPLETION_INDEX: '3' })).toBeNull();
    expect(resolveShardSpec(undefined, {})).toBeNull();
  });

  it('refuses what cannot be a shard, naming --shard and the allowed form', () => {
    for (const [raw, env] of [
      ['8/8', {}],
      ['x/2', {}],
      ['1/0', {}],
      ['1', {}],
      [undefined, { CACHEBENCH_SHARDS: '4' }],
      [undefined, { CACHEBENCH_SHARDS: 'four', JOB_COMPLETION_INDEX: '0' }],
    ] as const) {
      const attempt = (): unknown => resolveShardSpec(raw, env);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/invalid shard: .*I\/N with 0 ≤ I < N/);
    }
  });
});
