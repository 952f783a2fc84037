/**
 * A seeded generator of random Redis commands over every family the redis-style engine
 * implements: valid and invalid arguments, wrong types (keys are shared across families),
 * expiry edge cases (past timestamps, zero, negative, overflowing), huge and negative integers,
 * floats in every spelling strtod accepts or rejects, empty and binary values, MULTI/EXEC
 * blocks with WATCH. Commands whose reply order Redis leaves unspecified are marked so the
 * comparison treats them as sets; random commands are marked so only their shape is compared.
 */
import { Rng } from '../../../../shared/rng.js';

/** How to compare a reply. */
export type Compare =
  | 'exact'
  /** An array whose order is unspecified. */
  | 'set'
  /** A flat array of pairs (field, value) whose pair order is unspecified. */
  | 'pairs'
  /** TTL-like integers: equal sign class, within a tolerance. */
  | 'ttl'
  | 'pttl'
  /** Random choice: same type and length only; the runner then resyncs the key. */
  | 'shape'
  /** A full SCAN-family sweep: the runner loops the cursor; items compared as a set. */
  | 'sweep'
  | 'sweep-pairs';

export interface GeneratedCommand {
  readonly argv: string[];
  readonly compare: Compare;
  /** After a 'shape' command that may have changed this key differently on each side. */
  readonly resyncKey?: string;
}

/** Each family mostly uses its own keys (so most commands do real work) and sometimes any key (WRONGTYPE). */
const FAMILY_KEYS = new Map<string, readonly string[]>([
  ['string', ['s0', 's1', 's2', 's3']],
  ['list', ['l0', 'l1', 'l2']],
  ['set', ['t0', 't1', 't2']],
  ['zset', ['z0', 'z1', 'z2']],
  ['hash', ['h0', 'h1', 'h2']],
]);
const KEYS = [...FAMILY_KEYS.values()].flat();
/**
 * Lexicographic ranges are only defined when every score is equal (Redis's own results on
 * mixed scores depend on its random skiplist levels), so they get keys only ever scored 0.
 */
const LEX_KEYS = ['zlex0', 'zlex1'];

/** Every key the generator may touch. */
export const ALL_KEYS: readonly string[] = [...KEYS, ...LEX_KEYS];
const CHANNEL_NAMES = ['news', 'news.tech', 'chat'];

export const HUGE_INTS = [
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775806',
  '9223372036854775808',
  '-9223372036854775809',
  '4611686018427387904',
  '99999999999999999999',
  '9007199254740993',
];
export const ODD_NUMBERS = ['', ' 1', '1 ', '+1', '01', '-0', '0x10', '1e3', '1.0', '-', '1a', '\x00', '18446744073709551616'];
export const FLOATS = [
  '0', '1', '-1', '1.5', '-0.1', '0.1', '1.1', '3.0e-5', '1e10', '1e300', '-1e300', '1e400', '1e-400', '1e-310',
  'inf', '-inf', '+inf', 'infinity', 'nan', '.5', '5.', '0x1p3', ' 1.5', '1.5 ', '', 'abc', '1e', '2.5e+3',
  '123456789.123456789', '0.30000000000000004', '5e-324', '1.7976931348623157e308', '1e4000', '-2.5e-4000',
];

export class CommandGenerator {
  private readonly rng: Rng;
  /** Pending commands of a MULTI block being emitted. */
  private queue: GeneratedCommand[] = [];

  constructor(readonly seed: number) {
    this.rng = new Rng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)]!;
  }

  private chance(p: number): boolean {
    return this.rng.next() < p;
  }

  /** A key of the family's own pool (85%) or any key. */
  key(family?: string): string {
    const own = family === undefined ? undefined : FAMILY_KEYS.get(family);
    return own && this.chance(0.85) ? this.pick(own) : this.pick(KEYS);
  }

  /** Small ints mostly, sometimes huge, negative, malformed. */
  int(): string {
    const r = this.rng.next();
    if (r < 0.6) return String(this.rng.range(-5, 20));
    if (r < 0.75) return String(this.rng.range(-1000000, 1000000));
    if (r < 0.9) return this.pick(HUGE_INTS);
    return this.pick(ODD_NUMBERS);
  }

  float(): string {
    return this.chance(0.5) ? String(this.rng.range(-10, 10)) : this.pick(FLOATS);
  }

  value(): string {
    const r = this.rng.next();
    if (r < 0.35) return this.pick(['a', 'b', 'c', 'd', 'e']);
    if (r < 0.55) return String(this.rng.range(-3, 30));
    if (r < 0.65) return '';
    if (r < 0.8) {
      // Binary: any bytes, including CR LF and NUL.
      let s = '';
      const n = this.rng.range(1, 6);
      for (let i = 0; i < n; i++) s += String.fromCharCode(this.rng.int(256));
      return s;
    }
    if (r < 0.9) return this.pick(FLOATS);
    return 'v'.repeat(this.rng.range(1, 40));
  }

  /** Members: short ones, and rarely a 70-byte one (it moves a Redis zset out of listpack). */
  member(): string {
    if (this.rng.int(40) === 0) return 'L'.repeat(70);
    return this.pick(['a', 'b', 'c', 'd', 'e', 'f', '1', '2', '10', '', '\xff', 'A']);
  }

  private index(): string {
    return this.chance(0.85) ? String(this.rng.range(-6, 6)) : this.int();
  }

  /** A Unix time in ms or s in the past (expires at once) or far future. */
  private when(seconds: boolean): string {
    const now = Date.now();
    const r = this.rng.next();
    let ms: number;
    if (r < 0.4) ms = now - this.rng.range(1000, 100000);
    else if (r < 0.8) ms = now + this.rng.range(100000, 10000000);
    else return this.pick(['0', '-1', '1', ...HUGE_INTS, 'x']);
    return String(seconds ? Math.floor(ms / 1000) : ms);
  }

  /** A relative TTL: long (no timing races), or an edge case. */
  private ttl(): string {
    const r = this.rng.next();
    if (r < 0.7) return String(this.rng.range(1000, 100000));
    return this.pick(['0', '-1', '-100', '9223372036854775807', '9223372036854775', '1.5', 'x', '']);
  }

  private scoreBound(): string {
    const r = this.rng.next();
    if (r < 0.4) return String(this.rng.range(-3, 12));
    if (r < 0.6) return '(' + String(this.rng.range(-3, 12));
    if (r < 0.8) return this.pick(['-inf', '+inf', 'inf', '(-inf', '(+inf']);
    return this.pick(['', '(', 'x', '1.5', '(1.5', ' 2', 'nan', '1e400']);
  }

  private lexBound(): string {
    const r = this.rng.next();
    if (r < 0.3) return this.pick(['-', '+']);
    if (r < 0.8) return (this.chance(0.5) ? '[' : '(') + this.member();
    return this.pick(['a', '', '[', '(']);
  }

  /** The next command (or the next one of a MULTI block). */
  next(): GeneratedCommand {
    const queued = this.queue.shift();
    if (queued) return queued;
    const r = this.rng.next();
    if (r < 0.03) {
      this.emitTransaction();
      return this.queue.shift()!;
    }
    const family = this.rng.int(100);
    if (family < 16) return this.keysCommand();
    if (family < 36) return this.stringCommand();
    if (family < 52) return this.listCommand();
    if (family < 66) return this.setCommand();
    if (family < 84) return this.zsetCommand();
    if (family < 96) return this.hashCommand();
    return this.serverCommand();
  }

  private emitTransaction(): void {
    const watch = this.chance(0.5);
    if (watch) this.queue.push(this.exact(['WATCH', this.key(), this.key()]));
    if (watch && this.chance(0.5)) this.queue.push(this.stringCommand());
    this.queue.push(this.exact(['MULTI']));
    const n = this.rng.range(0, 4);
    const families = [
      (): GeneratedCommand => this.stringCommand(),
      (): GeneratedCommand => this.listCommand(),
      (): GeneratedCommand => this.setCommand(),
      (): GeneratedCommand => this.zsetCommand(),
      (): GeneratedCommand => this.hashCommand(),
      (): GeneratedCommand => this.keysCommand(),
    ];
    for (let i = 0; i < n; i++) {
      const c = this.pick(families)();
      // Inside MULTI every reply is compared exactly (EXEC returns them as one array).
      if (c.compare === 'exact' && !['MULTI', 'WATCH', 'FLUSHDB', 'FLUSHALL'].includes(c.argv[0]!.toUpperCase())) this.queue.push(c);
    }
    if (this.chance(0.1)) this.queue.push(this.exact(['NOSUCHCOMMAND', 'x']));
    if (this.chance(0.1)) this.queue.push(this.exact(['GET']));
    this.queue.push(this.exact([this.chance(0.9) ? 'EXEC' : 'DISCARD']));
  }

  private exact(argv: string[]): GeneratedCommand {
    return { argv, compare: 'exact' };
  }

  private keysCommand(): GeneratedCommand {
    const k = this.key();
    switch (this.rng.int(19)) {
      case 0:
        return this.exact(['DEL', k, this.key()]);
      case 1:
        return this.exact(['EXISTS', k, this.key(), k]);
      case 2:
        return this.exact(['TYPE', k]);
      case 3: {
        const opts = this.chance(0.4) ? [this.pick(['NX', 'XX', 'GT', 'LT', 'nx', 'BAD'])] : [];
        if (this.chance(0.1)) opts.push(this.pick(['NX', 'XX', 'GT', 'LT']));
        return this.exact([this.pick(['EXPIRE', 'PEXPIRE']), k, this.ttl(), ...opts]);
      }
      case 4: {
        const opts = this.chance(0.3) ? [this.pick(['NX', 'XX', 'GT', 'LT'])] : [];
        const seconds = this.chance(0.5);
        return this.exact([seconds ? 'EXPIREAT' : 'PEXPIREAT', k, this.when(seconds), ...opts]);
      }
      case 5:
        return { argv: ['TTL', k], compare: 'ttl' };
      case 6:
        return { argv: ['PTTL', k], compare: 'pttl' };
      case 7:
        return this.exact(['PERSIST', k]);
      case 8:
        return this.exact([this.pick(['RENAME', 'RENAMENX']), k, this.key()]);
      case 9:
        return { argv: ['KEYS', this.pick(['*', '[sl][0-1]', 's?', '*1', 'x*', 'z[^1]', '\\z*', 'zlex*'])], compare: 'set' };
      case 10: {
        const argv = ['SCAN', '0'];
        if (this.chance(0.5)) argv.push('MATCH', this.pick(['z*', '[a-t][1-2]', '*']));
        if (this.chance(0.5)) argv.push('COUNT', String(this.rng.range(1, 5)));
        if (this.chance(0.3)) argv.push('TYPE', this.pick(['string', 'list', 'set', 'zset', 'hash', 'none']));
        return { argv, compare: 'sweep' };
      }
      case 11:
        return this.exact(['DBSIZE']);
      case 12:
        return this.exact(['UNLINK', k]);
      case 13:
        return this.exact(['SELECT', this.pick(['0', '0', '0', '1', '2', '16', '-1', 'x'])]);
      case 14:
        return this.chance(0.2) ? this.exact([this.pick(['FLUSHDB', 'FLUSHALL'])]) : this.exact(['EXISTS', k]);
      case 15:
        // Invalid SCAN input: a bad cursor, or a bad COUNT.
        return this.chance(0.5)
          ? this.exact(['SCAN', this.pick(['x', '1.5', ' 5', '+', '18446744073709551616'])])
          : this.exact(['SCAN', '0', 'COUNT', this.pick(['0', '-1', 'x'])]);
      case 16:
        return { argv: ['RANDOMKEY'], compare: 'shape' };
      case 17:
        return this.exact(['SELECT', this.pick(['2147483648', '-2147483649', '99999999999999999999', '1.5', ''])]);
      default:
        return this.exact(['EXPIRE', k]);
    }
  }

  private stringCommand(): GeneratedCommand {
    const k = this.key('string');
    switch (this.rng.int(22)) {
      case 0:
      case 1:
        return this.exact(['GET', k]);
      case 2:
      case 3: {
        const argv = ['SET', k, this.value()];
        const r = this.rng.next();
        if (r < 0.15) argv.push(this.pick(['NX', 'XX']));
        else if (r < 0.3) argv.push('EX', this.ttl());
        else if (r < 0.4) argv.push('PX', this.ttl());
        else if (r < 0.5) argv.push('EXAT', this.when(true));
        else if (r < 0.6) argv.push('PXAT', this.when(false));
        else if (r < 0.65) argv.push('KEEPTTL');
        else if (r < 0.75) argv.push('GET');
        else if (r < 0.8) argv.push(this.pick(['NX', 'XX', 'EX', 'GET', 'KEEPTTL']), this.pick(['XX', 'NX', 'PX', 'KEEPTTL', 'GET', '10']));
        if (this.chance(0.1)) argv.push('GET');
        return this.exact(argv);
      }
      case 4:
        return this.exact(['SETNX', k, this.value()]);
      case 5:
        return this.exact([this.pick(['SETEX', 'PSETEX']), k, this.ttl(), this.value()]);
      case 6:
        return this.exact(['MGET', k, this.key('string'), 'missing']);
      case 7:
        return this.exact([this.pick(['MSET', 'MSETNX']), k, this.value(), this.key('string'), this.value(), ...(this.chance(0.1) ? ['odd'] : [])]);
      case 8:
        return this.exact(['GETSET', k, this.value()]);
      case 9:
        return this.exact(['GETDEL', k]);
      case 10: {
        const argv = ['GETEX', k];
        const r = this.rng.next();
        if (r < 0.2) argv.push('EX', this.ttl());
        else if (r < 0.3) argv.push('PXAT', this.when(false));
        else if (r < 0.4) argv.push('PERSIST');
        else if (r < 0.45) argv.push('PERSIST', 'EX', '10');
        return this.exact(argv);
      }
      case 11:
        return this.exact(['APPEND', k, this.value()]);
      case 12:
        return this.exact(['STRLEN', k]);
      case 13:
      case 14:
        return this.exact([this.pick(['INCR', 'DECR']), k]);
      case 15:
      case 16:
        return this.exact([this.pick(['INCRBY', 'DECRBY']), k, this.int()]);
      case 17:
        return this.exact(['INCRBYFLOAT', k, this.float()]);
      case 18:
        return this.exact(['GETRANGE', k, this.index(), this.index()]);
      case 19:
        return this.exact(['SETRANGE', k, this.pick(['0', '1', '3', '10', '-1', 'x']), this.value()]);
      case 20:
        return this.exact(['SET', k, this.int()]);
      default:
        return this.exact(['SET', k]);
    }
  }

  private listCommand(): GeneratedCommand {
    const k = this.key('list');
    switch (this.rng.int(20)) {
      case 0:
      case 1:
      case 2: {
        const n = this.rng.range(1, 4);
        const vals = Array.from({ length: n }, () => this.member());
        return this.exact([this.pick(['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']), k, ...vals]);
      }
      case 3:
      case 4: {
        const argv = [this.pick(['LPOP', 'RPOP']), k];
        if (this.chance(0.4)) argv.push(this.pick(['0', '1', '2', '5', '-1', 'x']));
        return this.exact(argv);
      }
      case 5:
        return this.exact(['LLEN', k]);
      case 6:
      case 7:
        return this.exact(['LRANGE', k, this.index(), this.index()]);
      case 8:
        return this.exact(['LINDEX', k, this.index()]);
      case 9:
        return this.exact(['LSET', k, this.index(), this.member()]);
      case 10:
        return this.exact(['LREM', k, this.pick(['0', '1', '-1', '2', '-2', 'x']), this.member()]);
      case 11:
        return this.exact(['LTRIM', k, this.index(), this.index()]);
      case 12:
        return this.exact(['LINSERT', k, this.pick(['BEFORE', 'AFTER', 'after', 'middle']), this.member(), this.member()]);
      case 13: {
        const argv = ['LPOS', k, this.member()];
        if (this.chance(0.4)) argv.push('RANK', this.pick(['1', '2', '-1', '-2', '0', 'x']));
        if (this.chance(0.4)) argv.push('COUNT', this.pick(['0', '1', '2', '-1']));
        if (this.chance(0.3)) argv.push('MAXLEN', this.pick(['0', '1', '3', '-1']));
        return this.exact(argv);
      }
      case 14:
      case 15:
        return this.exact(['LMOVE', k, this.key('list'), this.pick(['LEFT', 'RIGHT', 'left']), this.pick(['LEFT', 'RIGHT', 'UP'])]);
      case 16:
        return this.exact(['RPOPLPUSH', k, this.key('list')]);
      case 17:
        // Non-empty or wrong-type lists answer at once; an empty list answers nil after the timeout.
        return this.exact([this.pick(['BLPOP', 'BRPOP']), k, this.key('list'), this.pick(['0.01', '0.01', 'x', '-1'])]);
      case 18:
        return this.exact(['BLMOVE', k, this.key('list'), 'LEFT', 'RIGHT', this.pick(['0.01', 'x', '-1'])]);
      default:
        return this.exact(['LPUSH', k]);
    }
  }

  private setCommand(): GeneratedCommand {
    const k = this.key('set');
    switch (this.rng.int(18)) {
      case 0:
      case 1:
      case 2: {
        const n = this.rng.range(1, 4);
        return this.exact(['SADD', k, ...Array.from({ length: n }, () => this.member())]);
      }
      case 3:
        return this.exact(['SREM', k, this.member(), this.member()]);
      case 4:
        return { argv: ['SMEMBERS', k], compare: 'set' };
      case 5:
        return this.exact(['SISMEMBER', k, this.member()]);
      case 6:
        return this.exact(['SMISMEMBER', k, this.member(), this.member()]);
      case 7:
        return this.exact(['SCARD', k]);
      case 8:
        return { argv: [this.pick(['SINTER', 'SUNION', 'SDIFF']), k, this.key('set'), ...(this.chance(0.3) ? [this.key('set')] : [])], compare: 'set' };
      case 9:
        return this.exact([this.pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), this.key('set'), k, this.key('set')]);
      case 10: {
        const argv = ['SINTERCARD', this.pick(['1', '2', '2', '0', '3', 'x']), k, this.key('set')];
        if (this.chance(0.4)) argv.push('LIMIT', this.pick(['0', '1', '-1', 'x']));
        return this.exact(argv);
      }
      case 11:
        // Pop everything (deterministic as a set) or one at random (shape only, then resync).
        if (this.chance(0.5)) return { argv: ['SPOP', k, this.pick(['13', '100'])], compare: 'set' };
        return { argv: ['SPOP', k], compare: 'shape', resyncKey: k };
      case 12:
        if (this.chance(0.5)) return { argv: ['SRANDMEMBER', k, this.pick(['20', '50'])], compare: 'set' };
        return { argv: ['SRANDMEMBER', k, ...(this.chance(0.5) ? [] : [this.pick(['-3', '2', '0', 'x'])])], compare: 'shape' };
      case 13:
        return this.exact(['SMOVE', k, this.key('set'), this.member()]);
      case 14: {
        const argv = ['SSCAN', k, '0'];
        if (this.chance(0.4)) argv.push('MATCH', this.pick(['*', '[a-c]', '1*']));
        if (this.chance(0.4)) argv.push('COUNT', String(this.rng.range(1, 4)));
        return { argv, compare: 'sweep' };
      }
      case 15:
        return this.exact(['SPOP', k, this.pick(['0', '-1', 'x'])]);
      default:
        return this.exact(['SADD', k]);
    }
  }

  private zsetCommand(): GeneratedCommand {
    const k = this.key('zset');
    switch (this.rng.int(29)) {
      case 0:
      case 1:
      case 2:
      case 3: {
        const opts: string[] = [];
        if (this.chance(0.3)) opts.push(this.pick(['NX', 'XX', 'GT', 'LT', 'CH', 'INCR']));
        if (this.chance(0.1)) opts.push(this.pick(['NX', 'XX', 'GT', 'LT', 'CH']));
        const n = opts.includes('INCR') && this.chance(0.8) ? 1 : this.rng.range(1, 3);
        const pairs: string[] = [];
        for (let i = 0; i < n; i++) pairs.push(this.chance(0.8) ? String(this.rng.range(-3, 12)) : this.float(), this.member());
        if (this.chance(0.05)) pairs.pop();
        return this.exact(['ZADD', k, ...opts, ...pairs]);
      }
      case 4:
      case 5:
        return this.exact(['ZINCRBY', k, this.chance(0.7) ? this.pick(['1', '-1', '0.1', '0.2', '2.5']) : this.float(), this.member()]);
      case 6:
        return this.exact(['ZSCORE', k, this.member()]);
      case 7:
        return this.exact(['ZMSCORE', k, this.member(), this.member()]);
      case 8:
        return this.exact(['ZREM', k, this.member(), this.member()]);
      case 9:
        return this.exact(['ZCARD', k]);
      case 10:
        return this.exact(['ZCOUNT', k, this.scoreBound(), this.scoreBound()]);
      case 11:
        return this.exact([this.pick(['ZRANK', 'ZREVRANK']), k, this.member()]);
      case 12:
      case 13: {
        const argv = ['ZRANGE', k];
        const type = this.rng.int(3);
        if (type === 0) argv.push(this.index(), this.index());
        else if (type === 1) argv.push(this.scoreBound(), this.scoreBound(), 'BYSCORE');
        else {
          argv[1] = this.pick(LEX_KEYS);
          argv.push(this.lexBound(), this.lexBound(), 'BYLEX');
        }
        if (this.chance(0.4)) argv.push('REV');
        if (this.chance(0.3)) argv.push('LIMIT', this.pick(['0', '1', '-1', '2']), this.pick(['1', '2', '-1', '0']));
        if (this.chance(0.4)) argv.push('WITHSCORES');
        if (this.chance(0.05)) argv.push(this.pick(['BYSCORE', 'REV', 'BAD']));
        return this.exact(argv);
      }
      case 14:
        return this.exact(['ZREVRANGE', k, this.index(), this.index(), ...(this.chance(0.5) ? ['WITHSCORES'] : [])]);
      case 15: {
        const argv = [this.pick(['ZRANGEBYSCORE', 'ZREVRANGEBYSCORE']), k, this.scoreBound(), this.scoreBound()];
        if (this.chance(0.4)) argv.push('WITHSCORES');
        if (this.chance(0.3)) argv.push('LIMIT', this.pick(['0', '1', '-1']), this.pick(['1', '3', '-1']));
        return this.exact(argv);
      }
      case 16:
        return this.exact(['ZREMRANGEBYSCORE', k, this.scoreBound(), this.scoreBound()]);
      case 17:
        return this.exact(['ZREMRANGEBYRANK', k, this.index(), this.index()]);
      case 18:
      case 19:
        return this.exact([this.pick(['ZPOPMIN', 'ZPOPMAX']), k, ...(this.chance(0.5) ? [this.pick(['1', '2', '0', '-1', 'x'])] : [])]);
      case 20:
      case 21: {
        const numkeys = this.pick(['1', '2', '2', '3', '0', 'x']);
        const argv = [this.pick(['ZUNIONSTORE', 'ZINTERSTORE']), this.key('zset'), numkeys, k, this.key('zset')];
        if (this.chance(0.3)) argv.push('WEIGHTS', this.pick(['2', '0.5', 'x', 'inf']), this.pick(['1', '-1', '3']));
        if (this.chance(0.3)) argv.push('AGGREGATE', this.pick(['SUM', 'MIN', 'MAX', 'AVG']));
        return this.exact(argv);
      }
      case 22: {
        const argv = ['ZSCAN', k, '0'];
        if (this.chance(0.4)) argv.push('COUNT', String(this.rng.range(1, 4)));
        return { argv, compare: 'sweep-pairs' };
      }
      case 23:
        return this.exact(['ZLEXCOUNT', this.pick(LEX_KEYS), this.lexBound(), this.lexBound()]);
      case 24:
        return this.exact([this.pick(['ZRANGEBYLEX', 'ZREVRANGEBYLEX']), this.pick(LEX_KEYS), this.lexBound(), this.lexBound()]);
      case 25:
        return this.exact(['ZADD', this.pick(LEX_KEYS), '0', this.member(), '0', this.member()]);
      case 26:
        return this.exact(['ZREMRANGEBYLEX', this.pick(LEX_KEYS), this.lexBound(), this.lexBound()]);
      case 27:
        return this.exact(['ZREM', this.pick(LEX_KEYS), this.member()]);
      default:
        return this.exact(['ZADD', k, this.float(), this.member()]);
    }
  }

  private hashCommand(): GeneratedCommand {
    const k = this.key('hash');
    switch (this.rng.int(18)) {
      case 0:
      case 1:
      case 2: {
        const n = this.rng.range(1, 3);
        const args: string[] = [];
        for (let i = 0; i < n; i++) args.push(this.member(), this.value());
        if (this.chance(0.05)) args.pop();
        return this.exact([this.pick(['HSET', 'HSET', 'HMSET']), k, ...args]);
      }
      case 3:
        return this.exact(['HSETNX', k, this.member(), this.value()]);
      case 4:
        return this.exact(['HGET', k, this.member()]);
      case 5:
        return this.exact(['HMGET', k, this.member(), this.member()]);
      case 6:
        return { argv: ['HGETALL', k], compare: 'pairs' };
      case 7:
        return this.exact(['HDEL', k, this.member(), this.member()]);
      case 8:
        return this.exact(['HEXISTS', k, this.member()]);
      case 9:
        return this.exact(['HLEN', k]);
      case 10:
        return { argv: [this.pick(['HKEYS', 'HVALS']), k], compare: 'set' };
      case 11:
        return this.exact(['HINCRBY', k, this.member(), this.int()]);
      case 12:
        return this.exact(['HINCRBYFLOAT', k, this.member(), this.float()]);
      case 13:
        return this.exact(['HSTRLEN', k, this.member()]);
      case 14: {
        const argv = ['HSCAN', k, '0'];
        if (this.chance(0.4)) argv.push('MATCH', this.pick(['*', '[a-c]']));
        if (this.chance(0.4)) argv.push('COUNT', String(this.rng.range(1, 4)));
        return { argv, compare: 'sweep-pairs' };
      }
      case 15:
        if (this.chance(0.5)) return { argv: ['HRANDFIELD', k, '50'], compare: 'set' };
        return { argv: ['HRANDFIELD', k, ...(this.chance(0.5) ? [] : [this.pick(['-2', '1', '0', 'x'])])], compare: 'shape' };
      case 16:
        return { argv: ['HRANDFIELD', k, '50', 'WITHVALUES'], compare: 'pairs' };
      default:
        return this.exact(['HSET', k, 'f']);
    }
  }

  private serverCommand(): GeneratedCommand {
    switch (this.rng.int(8)) {
      case 0:
        return this.exact(['PING', ...(this.chance(0.5) ? [this.value()] : [])]);
      case 1:
        return this.exact(['ECHO', this.value()]);
      case 2:
        return this.exact(['PUBLISH', this.pick(CHANNEL_NAMES), this.value()]);
      case 3:
        return this.exact(['PUBSUB', this.pick(['NUMPAT', 'NUMSUB', 'CHANNELS', 'BAD'])]);
      case 4:
        return this.exact([this.pick(['NOSUCH', 'GETT', 'ping2']), this.value()]);
      case 5:
        return this.exact(['EXEC']);
      case 6:
        return this.exact(['DISCARD']);
      default:
        return this.exact(['WATCH', this.key()]);
    }
  }
}
