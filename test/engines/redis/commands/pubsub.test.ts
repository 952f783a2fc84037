/** The PUBSUB introspection command and PUBLISH counts (delivery is in ../pubsub.test.ts). */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';

describe('pub/sub commands', () => {
  it('SUBSCRIBE through call answers one confirmation per channel and enters subscribed mode', () => {
    const e = new RedisStyleEngine();
    const c = e.redis.session();
    expect(c.call(['SUBSCRIBE', 'a', 'b'])).toEqual([
      ['subscribe', 'a', 1],
      ['subscribe', 'b', 2],
    ]);
    expect(String(c.call(['SET', 'k', 'v']))).toContain("Can't execute 'set'");
    expect(e.redis.call(['PUBSUB', 'CHANNELS', 'a*'])).toEqual(['a']);
    expect(c.call(['UNSUBSCRIBE'])).toEqual([
      ['unsubscribe', 'a', 1],
      ['unsubscribe', 'b', 0],
    ]);
    expect(String(c.call(['SET', 'k', 'v']))).toBe('OK');
    e.close();
  });
});
