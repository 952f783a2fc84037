/** The command table is data that drives dispatch, stats and docs: check it is coherent. */
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, commandDocs, type CommandSpec } from '../../../engines/redis/command-table.js';

/** The keys a command touches, read from its key positions (first, last, step) as Redis's tooling does. */
function commandKeys(spec: CommandSpec, argv: readonly string[]): string[] {
  const [first, lastSpec, step] = spec.keys;
  if (first === 0) return [];
  const last = lastSpec < 0 ? argv.length + lastSpec : lastSpec;
  const out: string[] = [];
  for (let i = first; i <= last && i < argv.length; i += step) out.push(argv[i]!);
  return out;
}
import { RedisStyleEngine } from '../../../engines/redis/engine.js';

describe('command table', () => {
  it('has one entry per command with a lower-case name and a Redis arity', () => {
    const names = COMMAND_SPECS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of COMMAND_SPECS) {
      expect(s.name).toBe(s.name.toLowerCase());
      expect(s.arity === 0).toBe(false);
      expect(s.summary.length).toBeGreaterThan(0);
    }
  });

  it('covers every command the issue lists', () => {
    const required =
      'del unlink exists type expire pexpire expireat pexpireat ttl pttl persist rename renamenx keys scan randomkey dbsize flushdb flushall ' +
      'get set setnx setex psetex mget mset msetnx getset getdel getex append strlen incr incrby incrbyfloat decr decrby getrange setrange ' +
      'lpush rpush lpushx rpushx lpop rpop llen lrange lindex lset lrem ltrim linsert lpos lmove rpoplpush blpop brpop blmove ' +
      'sadd srem smembers sismember smismember scard sinter sintercard sunion sdiff sinterstore sunionstore sdiffstore spop srandmember smove sscan ' +
      'zadd zincrby zscore zmscore zrem zcard zcount zrank zrevrank zrange zrevrange zrangebyscore zrevrangebyscore zremrangebyscore zremrangebyrank zpopmin zpopmax zunionstore zinterstore ' +
      'hset hsetnx hget hmget hgetall hdel hexists hlen hkeys hvals hincrby hincrbyfloat hstrlen hscan hrandfield ' +
      'subscribe unsubscribe psubscribe punsubscribe publish pubsub multi exec discard watch unwatch ping echo time info config select';
    const have = new Set(COMMAND_SPECS.map((s) => s.name));
    expect(required.split(' ').filter((n) => !have.has(n))).toEqual([]);
  });

  it('every command answers through dispatch (no entry without a working handler)', async () => {
    const e = new RedisStyleEngine();
    for (const s of COMMAND_SPECS) {
      const argv = [s.name.toUpperCase(), ...Array.from({ length: Math.max(0, Math.abs(s.arity) - 1) }, () => 'x')];
      const r = e.redis.blockingClient().call(argv);
      // A reply of any kind (including an error reply) is fine; a thrown exception is not.
      expect(r === undefined, s.name).toBe(false);
      if (r instanceof Promise) await Promise.race([r, new Promise((res) => setTimeout(res, 5))]);
    }
    e.close();
  });

  it('derives key positions and a help listing from the table', () => {
    const mset = COMMAND_SPECS.find((s) => s.name === 'mset')!;
    expect(commandKeys(mset, ['MSET', 'a', '1', 'b', '2'])).toEqual(['a', 'b']);
    const blpop = COMMAND_SPECS.find((s) => s.name === 'blpop')!;
    expect(commandKeys(blpop, ['BLPOP', 'q1', 'q2', '0'])).toEqual(['q1', 'q2']);
    const docs = commandDocs();
    expect(docs.split('\n').length).toBe(COMMAND_SPECS.length);
    expect(docs).toMatch(/lists\s+BLPOP\s+Blocking LPOP over keys \[write blocking\]/);
  });
});
