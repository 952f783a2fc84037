/** `run --shard` / `--start-at` from the command line: bad input exits 2 naming the flag and what is allowed. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distUrl } from '../../../shared/dist-url.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  return { code: r.status, stderr: r.stderr };
}

describe('cachebench run --shard / --start-at: bad input exits 2', () => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['run', '--shard', '4/4', '--seed', '1'], {}, /invalid --shard: got "4\/4"; expected I\/N with 0 ≤ I < N/],
    [['run', '--seed', '1'], { CACHEBENCH_SHARDS: '4' }, /invalid --shard: .*JOB_COMPLETION_INDEX is not/],
    [['run', '--shard', '0/2', '--seed', '1', '-e', 'redis-style'], {}, /invalid --shard: .*a server every shard reaches .*redis-style would give each shard its own/],
    [['run', '--shard', '0/2', '-e', 'redis', '--url', 'redis://127.0.0.1:1'], {}, /invalid --seed: .*shared by every shard/],
    [['run', '--start-at', '2026-12-01 12:00', '--shard', '0/2', '-e', 'redis', '--url', 'redis://127.0.0.1:1'], {}, /invalid --start-at: .*ISO 8601 time with a zone/],
  ];
  for (const [args, env, message] of cases) {
    it(`${args.join(' ')} ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}`, () => {
      const r = cli(args, env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }
});
