/** Per-client dispatch: context checks, MULTI queueing rules, OOM inside a transaction. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import type { Reply } from '../../../engines/types.js';
import { canonical } from './support/differential.js';

describe('client dispatch', () => {
  it('a command rejected while queueing for OOM aborts EXEC', () => {
    const e = new RedisStyleEngine({ maxmemory: 20_000 });
    const c = e.redis.session();
    const big = 'x'.repeat(5000);
    for (let i = 0; i < 10; i++) c.call(['SET', 'k' + i, big]);
    c.call(['MULTI']);
    expect(canonical(c.call(['SET', 'another', big]) as Reply)).toBe("-OOM command not allowed when used memory > 'maxmemory'.");
    expect(canonical(c.call(['GET', 'k0']) as Reply)).toBe('+QUEUED');
    expect(canonical(c.call(['EXEC']) as Reply)).toBe('-EXECABORT Transaction discarded because of previous errors.');
    e.close();
  });

  it('sessions keep their own database, transaction and watch state', () => {
    const e = new RedisStyleEngine();
    const a = e.redis.session();
    const b = e.redis.session();
    a.call(['MULTI']);
    expect(canonical(a.call(['SET', 'k', '1']) as Reply)).toBe('+QUEUED');
    expect(b.call(['GET', 'k'])).toBeNull();
    b.call(['SELECT', '5']);
    expect(canonical(a.call(['EXEC']) as Reply)).toBe('[+OK]');
    expect(b.call(['GET', 'k'])).toBeNull();
    expect(e.redis.call(['GET', 'k'])).toBe('1');
    e.close();
  });

  it('an unknown SCAN cursor starts a new scan instead of failing', () => {
    const e = new RedisStyleEngine();
    for (let i = 0; i < 30; i++) e.redis.call(['SET', 'k' + i, 'v']);
    const [, keys] = e.redis.call(['SCAN', '987654', 'COUNT', '100']) as [string, string[]];
    expect(keys.length).toBe(30);
    e.close();
  });
});
