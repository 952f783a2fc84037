import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverAvailable } from './servers.js';

describe('serverAvailable', () => {
  const savedPath = process.env.PATH;
  const savedRequire = process.env.CACHEBENCH_REQUIRE_SERVERS;
  afterEach(() => {
    process.env.PATH = savedPath;
    if (savedRequire === undefined) delete process.env.CACHEBENCH_REQUIRE_SERVERS;
    else process.env.CACHEBENCH_REQUIRE_SERVERS = savedRequire;
    vi.restoreAllMocks();
  });

  it('warns loudly and says false when a binary is missing', () => {
    process.env.PATH = '/nonexistent';
    delete process.env.CACHEBENCH_REQUIRE_SERVERS;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(serverAvailable('redis-benchmark')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/SKIPPING tests that need redis-benchmark: .*apt-get install -y redis-tools/));
  });

  it('throws instead under CACHEBENCH_REQUIRE_SERVERS=1 (CI), so CI cannot pass by skipping', () => {
    process.env.PATH = '/nonexistent';
    process.env.CACHEBENCH_REQUIRE_SERVERS = '1';
    expect(() => serverAvailable('memcached')).toThrow(/CACHEBENCH_REQUIRE_SERVERS=1 but 'memcached' was not found on PATH.*apt-get install -y memcached/);
  });
});
