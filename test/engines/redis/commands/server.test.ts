/** Server commands: PING/ECHO/TIME, INFO sections and command stats, CONFIG GET/SET. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

describe('server commands', () => {
  it('PING, ECHO, TIME', () => {
    const e = new RedisStyleEngine();
    expect(canonical(e.redis.call(['PING']) as Reply)).toBe('+PONG');
    expect(e.redis.call(['PING', 'hi'])).toBe('hi');
    expect(e.redis.call(['ECHO', '\x00x'])).toBe('\x00x');
    const [s, us] = e.redis.call(['TIME']) as [string, string];
    expect(Math.abs(Number(s) - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(us)).toBeLessThan(1_000_000);
    e.close();
  });

  it('INFO reports keyspace, memory and per-command stats from the command table', () => {
    const e = new RedisStyleEngine();
    e.redis.call(['SET', 'a', '1', 'EX', '100']);
    e.redis.call(['SET', 'b', '1']);
    e.redis.call(['INCR', 'b']);
    e.redis.call(['INCR', 'a', 'x']);
    e.redis.call(['LPUSH', 'a', 'x']);
    const info = e.redis.call(['INFO', 'keyspace', 'commandstats', 'memory']) as string;
    expect(info).toContain('db0:keys=2,expires=1,avg_ttl=0');
    expect(info).toContain('cmdstat_set:calls=2,rejected_calls=0,failed_calls=0');
    expect(info).toContain('cmdstat_incr:calls=1,rejected_calls=1,failed_calls=0');
    expect(info).toContain('cmdstat_lpush:calls=1,rejected_calls=0,failed_calls=1');
    expect(info).toMatch(/used_memory:\d+/);
    expect((e.redis.call(['INFO']) as string).startsWith('# Server')).toBe(true);
    e.close();
  });

  it('CONFIG GET/SET for the settings the engine has, with Redis errors', () => {
    const e = new RedisStyleEngine();
    const r = (...a: string[]): string => canonical(e.redis.call(a) as Reply);
    expect(r('CONFIG', 'SET', 'maxmemory', '10mb')).toBe('+OK');
    expect(r('CONFIG', 'GET', 'maxmemory')).toBe('["maxmemory", "10485760"]');
    expect(r('CONFIG', 'GET', 'maxmemory*')).toContain('"maxmemory-policy", "noeviction"');
    expect(r('CONFIG', 'SET', 'maxmemory', 'lots')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
    );
    expect(r('CONFIG', 'SET', 'nosuch', '1')).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
    expect(r('CONFIG', 'SET', 'databases', '4')).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'databases'");
    expect(r('CONFIG', 'BOGUS')).toBe("-ERR unknown subcommand 'BOGUS'. Try CONFIG HELP.");
    e.close();
  });
});
