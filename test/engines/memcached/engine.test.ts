/**
 * The memcached-style engine through its public facets: memcached 1.6 command semantics on
 * the `memcached` facet, the shared `kv` facet, input checks at the edge, options, the factory
 * sharing one store between attachments, and the stats a user reads.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, EngineError } from '../../../engines/types.js';
import { attachMemcachedStyle, memcachedStyleFactory, openMemcachedStyle } from '../../../engines/memcached/engine.js';
import { engineFactory } from '../../../engines/registry.js';
import { distUrl } from '../../../shared/dist-url.js';

describe('memcached facet', () => {
  it('stores, replaces, appends and prepends with memcached replies', () => {
    const m = openMemcachedStyle({ memoryMb: 4 }).memcached;
    expect(m.get('a')).toBeNull();
    expect(m.replace('a', 'x')).toBe('NOT_STORED');
    expect(m.append('a', 'x')).toBe('NOT_STORED');
    expect(m.add('a', 'one', 0, 7)).toBe('STORED');
    expect(m.add('a', 'two')).toBe('NOT_STORED');
    expect(m.get('a')).toMatchObject({ value: 'one', flags: 7 });
    expect(m.append('a', '>')).toBe('STORED');
    expect(m.prepend('a', '<')).toBe('STORED');
    // append/prepend keep the old flags
    expect(m.get('a')).toMatchObject({ value: '<one>', flags: 7 });
    expect(m.replace('a', 'three', 0, 9)).toBe('STORED');
    expect(m.get('a')).toMatchObject({ value: 'three', flags: 9 });
    expect(m.set('a', 'x'.repeat(5000))).toBe('STORED'); // grows into another slab class
    expect((m.get('a')!.value as string).length).toBe(5000);
    expect(m.delete('a')).toBe(true);
    expect(m.delete('a')).toBe(false);
  });

  it('cas succeeds only with the current unique, and every store changes it', () => {
    const m = openMemcachedStyle({ memoryMb: 4 }).memcached;
    expect(m.cas('k', 'v', '1')).toBe('NOT_FOUND');
    m.set('k', 'v1');
    const first = m.get('k')!.cas;
    expect(m.cas('k', 'v2', first)).toBe('STORED');
    expect(m.cas('k', 'v3', first)).toBe('EXISTS');
    const second = m.get('k')!.cas;
    expect(second).not.toBe(first);
    expect(m.cas('k', 'v3', '0')).toBe('EXISTS');
    m.append('k', '!');
    expect(m.get('k')!.cas).not.toBe(second);
    expect(() => m.cas('k', 'v', 'abc')).toThrow(/cas: must be a decimal unsigned 64-bit integer/);
  });

  it('incr/decr are unsigned 64-bit: incr wraps, decr floors at 0, errors as memcached', () => {
    const m = openMemcachedStyle({ memoryMb: 4 }).memcached;
    expect(m.incr('n', 1)).toBeNull();
    m.set('n', '18446744073709551614');
    expect(m.incr('n', 1)).toBe(18446744073709551615n);
    expect(m.incr('n', 2)).toBe(1n);
    expect(m.decr('n', 5)).toBe(0n);
    m.set('n', '100');
    expect(m.decr('n', 1)).toBe(99n);
    // memcached rewrites in place and pads with spaces
    expect(m.get('n')!.value).toBe('99 ');
    expect(m.incr('n', 1n << 40n)).toBe((1n << 40n) + 99n);
    m.set('s', 'abc');
    expect(m.incr('s', 1)).toEqual(new ErrorReply('CLIENT_ERROR cannot increment or decrement non-numeric value'));
    m.set('e', '');
    expect(m.incr('e', 1)).toEqual(new ErrorReply('CLIENT_ERROR cannot increment or decrement non-numeric value'));
    expect(m.incr('n', -1)).toEqual(new ErrorReply('CLIENT_ERROR invalid numeric delta argument'));
    expect(m.incr('n', 1n << 64n)).toEqual(new ErrorReply('CLIENT_ERROR invalid numeric delta argument'));
  });

  it('exptime: 0 never, negative at once, absolute past at once, touch and gat reset it', () => {
    const m = openMemcachedStyle({ memoryMb: 4 }).memcached;
    m.set('never', 'v', 0);
    m.set('neg', 'v', -1);
    m.set('past', 'v', 2592001); // absolute: 1970
    m.set('future', 'v', Math.floor(Date.now() / 1000) + 3600);
    m.set('rel', 'v', 2592000); // 30 days, relative
    expect(m.get('never')).not.toBeNull();
    expect(m.get('neg')).toBeNull();
    expect(m.get('past')).toBeNull();
    expect(m.get('future')).not.toBeNull();
    expect(m.get('rel')).not.toBeNull();
    expect(m.touch('never', -1)).toBe(true);
    expect(m.get('never')).toBeNull();
    expect(m.gat('rel', -1)).toMatchObject({ value: 'v' }); // returned, then expired
    expect(m.get('rel')).toBeNull();
    expect(m.touch('missing', 10)).toBe(false);
  });

  it('getMulti returns hits only; flushAll hides everything stored before it', () => {
    const m = openMemcachedStyle({ memoryMb: 4 }).memcached;
    m.set('a', '1');
    m.set('b', '2');
    const got = m.getMulti(['a', 'zz', 'b']);
    expect([...got.keys()]).toEqual(['a', 'b']);
    m.flushAll();
    expect(m.getMulti(['a', 'b']).size).toBe(0);
    m.set('c', '3'); // stored after the flush, in the same second
    expect(m.get('c')).toMatchObject({ value: '3' });
    m.flushAll(3600); // delayed: nothing disappears yet
    expect(m.get('c')).toMatchObject({ value: '3' });
  });

  it('values are binary-safe byte strings', () => {
    const e = openMemcachedStyle({ memoryMb: 4 });
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    e.kv.set('bin', all);
    expect(e.kv.get('bin')).toBe(all);
    e.kv.set('short', '\u0000\r\n\u00ff');
    expect(e.kv.get('short')).toBe('\u0000\r\n\u00ff');
    e.kv.set('\u00e9\u0000', 'k'); // keys are bytes too
    expect(e.kv.get('\u00e9\u0000')).toBe('k');
  });

  it('rejects keys over 250 bytes and items over 1 MB with clear errors', () => {
    const e = openMemcachedStyle({ memoryMb: 4 });
    expect(() => e.kv.get('k'.repeat(251))).toThrow(/key: must be 1 to 250 bytes \(got 251 bytes\)/);
    expect(() => e.kv.get('')).toThrow(EngineError);
    e.kv.set('k'.repeat(250), 'ok');
    expect(e.kv.get('k'.repeat(250))).toBe('ok');
    e.kv.set('big', 'x');
    expect(() => e.kv.set('big', 'x'.repeat(1024 * 1024))).toThrow(/larger than 1 MB/);
    expect(e.kv.get('big')).toBeNull(); // a failed set drops the old value, as memcached
    expect(() => e.memcached!.set('a', 'v', 1.5)).toThrow(/exptime: must be a 32-bit integer/);
    expect(() => e.memcached!.set('a', 'v', 0, -1)).toThrow(/flags: must be an integer from 0 to 4294967295/);
  });
});

describe('kv facet', () => {
  it('behaves as the shared contract says for the memcached family', () => {
    const kv = openMemcachedStyle({ memoryMb: 4 }).kv;
    expect(kv.add('a', '1')).toBe(true);
    expect(kv.add('a', '2')).toBe(false);
    expect(kv.incr('a', 5)).toBe(6);
    expect(kv.incr('a', -10)).toBe(0); // decr floors at 0
    expect(kv.incr('missing', 1)).toBeNull();
    expect(kv.mget(['a', 'missing'])).toEqual(['0', null]);
    expect(kv.expire('a', 60_000)).toBe(true);
    expect(kv.expire('missing', 1000)).toBe(false);
    expect(kv.del('a')).toBe(true);
    expect(kv.get('a')).toBeNull();
    kv.set('s', 'x');
    expect(() => kv.incr('s', 1)).toThrow(/non-numeric/);
  });
});

describe('options, factory and stats', () => {
  it('rejects bad options naming the field and the allowed values', () => {
    expect(() => openMemcachedStyle({ memoryMb: 0 })).toThrow(/memoryMb: must be an integer from 1 to 1024 \(got 0\)/);
    expect(() => openMemcachedStyle({ memoryMb: 'lots' })).toThrow(/memoryMb/);
    expect(() => openMemcachedStyle({ hashPower: 12, lockPower: 13 })).toThrow(/lockPower: must be at most hashPower \(12\)/);
    expect(() => openMemcachedStyle({ growthFactor: 1 })).toThrow(/growthFactor: must be a number from 1.05 to 4/);
    expect(() => openMemcachedStyle({ memory: 64 })).toThrow(/memory: unknown option; allowed: memoryMb, hashPower, lockPower, lru, growthFactor/);
  });

  it('is registered, and attachments made through the factory share one store', async () => {
    expect(engineFactory('memcached-style')).toBe(memcachedStyleFactory);
    const shared = await memcachedStyleFactory.prepareShared!({ memoryMb: 8 }, { seed: 1, workerUrl: distUrl });
    expect(shared.facts).toMatchObject({ memoryMb: 8 });
    const a = await memcachedStyleFactory.create({ memoryMb: 8 }, shared, { index: 0, count: 2, isWorker: false });
    const b = await memcachedStyleFactory.create({ memoryMb: 8 }, shared, { index: 1, count: 2, isWorker: false });
    expect(a.info).toMatchObject({ name: 'memcached-style', family: 'memcached', location: 'in-process' });
    expect(a.sync).toBe(true);
    a.kv.set('shared', 'yes');
    expect(b.kv.get('shared')).toBe('yes');
    expect((await b.stats())['threads']).toBe(2);
    await a.close();
    expect((await b.stats())['threads']).toBe(1);
    expect(() => attachMemcachedStyle({} as never)).toThrow(/no SharedArrayBuffer/);
  });

  it('reports memcached stats derived from what happened', () => {
    const e = openMemcachedStyle({ memoryMb: 2 });
    e.kv.set('a', '12345');
    e.kv.set('b', 'x');
    e.kv.get('a');
    e.kv.get('nope');
    const s = e.stats();
    expect(s).toMatchObject({ curr_items: 2, total_items: 2, get_hits: 1, get_misses: 1, cmd_get: 2, cmd_set: 2, limit_maxbytes: 2 * 1024 * 1024, threads: 1, evictions: 0 });
    expect(s['bytes']).toBe(2 * 48 + 1 + 5 + 1 + 1);
    const slabs = e.slabStats();
    expect(slabs.get('active_slabs')).toBe(1);
    expect(slabs.get('1:used_chunks')).toBe(2);
    expect(e.itemStats().get('items:1:number')).toBe(2);
  });
});

describe('byte path', () => {
  it('stores and returns Uint8Array values without string conversion, interchangeable with strings', () => {
    const e = openMemcachedStyle({ memoryMb: 4 });
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    expect(e.setBytes('b', bytes, 0, 3)).toBe('STORED');
    expect(e.getBytes('b')).toEqual(bytes);
    expect(e.memcached!.get('b')).toMatchObject({ flags: 3, value: Buffer.from(bytes).toString('latin1') });
    e.kv.set('s', 'h\u00e9llo');
    expect(e.getBytes('s')).toEqual(Uint8Array.from([0x68, 0xe9, 0x6c, 0x6c, 0x6f]));
    expect(e.getBytes('missing')).toBeNull();
  });
});

describe('attachments', () => {
  it('a store made after flush_all in another attachment stays visible (CAS blocks renew)', () => {
    const a = openMemcachedStyle({ memoryMb: 2 });
    const b = attachMemcachedStyle(a.payload);
    b.kv.set('before', '1'); // b now holds a block of CAS values older than the flush
    a.memcached!.flushAll();
    expect(b.kv.get('before')).toBeNull();
    b.kv.set('after', '2');
    expect(a.kv.get('after')).toBe('2');
    const casA = a.memcached!.get('after')!.cas;
    a.kv.set('other', '3');
    expect(a.memcached!.get('other')!.cas).not.toBe(casA); // unique across attachments
  });

  it('reuses statistics slots after close, keeping the counts', () => {
    const first = openMemcachedStyle({ memoryMb: 2 });
    for (let i = 0; i < 300; i++) {
      const e = attachMemcachedStyle(first.payload);
      e.kv.get('x');
      e.close();
    }
    expect(first.stats()['cmd_get']).toBe(300);
    const held = Array.from({ length: 127 }, () => attachMemcachedStyle(first.payload));
    expect(() => attachMemcachedStyle(first.payload)).toThrow(/at most 128 engine instances/);
    held.forEach((e) => e.close());
  });
});

describe('byte strings', () => {
  it('refuses keys that are not byte strings instead of storing them mangled', () => {
    const e = openMemcachedStyle({ memoryMb: 2 });
    expect(() => e.kv.set('snow\u2603', 'v')).toThrow(/key: must be a byte string.*U\+2603/);
    expect(() => e.kv.set('k', 42 as unknown as string)).toThrow(/value: must be a byte string .*got number/);
    expect(e.verify().problems).toEqual([]);
  });
});
