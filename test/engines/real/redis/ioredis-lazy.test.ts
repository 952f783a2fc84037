/**
 * ioredis is loaded only when an ioredis client is made. Loading it slows every `s.charCodeAt`
 * in the process (its String subclass), so `cachebench serve` and runs of the in-process engines
 * must not load it just by importing the engine registry. Checked in a fresh process: the module
 * cache says what was loaded.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { distUrl } from '../../../../shared/dist-url.js';

function ioredisLoadedAfter(script: string): boolean {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
  const answer = /ioredis loaded: (true|false)/.exec(r.stdout);
  expect(answer, r.stdout).not.toBeNull();
  return answer![1] === 'true';
}

const PROBE = `const { createRequire } = await import('node:module');
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => /node_modules[\\\\/]ioredis[\\\\/]/.test(k));`;

describe('ioredis is loaded on first use', () => {
  it('importing the CLI and the engine registry does not load it', () => {
    const script = `${PROBE}
await import(${JSON.stringify(distUrl('engines/registry.js').href)});
await import(${JSON.stringify(distUrl('harness/cli/serve/command.js').href)});
console.log('ioredis loaded: ' + loaded());`;
    expect(ioredisLoadedAfter(script)).toBe(false);
  });

  it('making an ioredis client loads it (so the probe can see a load)', () => {
    const script = `${PROBE}
const { newIoredis } = await import(${JSON.stringify(distUrl('engines/real/redis/ioredis-client.js').href)});
const { parseRedisUrl } = await import(${JSON.stringify(distUrl('engines/real/redis/url.js').href)});
const { resolveAdapterOptions } = await import(${JSON.stringify(distUrl('engines/real/redis/options.js').href)});
const before = loaded();
const client = newIoredis(parseRedisUrl('redis://127.0.0.1:1'), resolveAdapterOptions({ client: 'ioredis' }, false), () => {});
client.disconnect();
console.log('ioredis loaded: ' + (!before && loaded()));`;
    expect(ioredisLoadedAfter(script)).toBe(true);
  });
});
