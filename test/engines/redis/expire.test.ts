/** Active expiry: keys nobody reads are still removed by the sampling cycle. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { activeExpireCycle } from '../../../engines/redis/expire.js';

describe('active expiry cycle', () => {
  it('removes every expired key without any access, and leaves live keys alone', () => {
    const e = new RedisStyleEngine();
    const past = String(Date.now() - 10);
    for (let i = 0; i < 1000; i++) e.redis.call(['SET', 'dead' + i, 'v', 'PXAT', past]);
    for (let i = 0; i < 100; i++) e.redis.call(['SET', 'live' + i, 'v', 'EX', '1000']);
    for (let i = 0; i < 100; i++) e.redis.call(['SET', 'forever' + i, 'v']);
    expect(e.redis.call(['DBSIZE'])).toBe(1200);
    let removed = 0;
    for (let i = 0; i < 50 && removed < 1000; i++) removed += activeExpireCycle(e.server, 1000);
    expect(removed).toBe(1000);
    expect(e.redis.call(['DBSIZE'])).toBe(200);
    expect(e.stats()['expired_keys']).toBe(1000);
    e.close();
  });

  it('runs by itself on the hz timer', async () => {
    const e = new RedisStyleEngine({ hz: 50 });
    e.redis.call(['SET', 'k', 'v', 'PX', '30']);
    await new Promise((r) => setTimeout(r, 300));
    expect(e.server.dbs[0]!.dict.size).toBe(0);
    e.close();
  });
});
