/**
 * Ketama placement against the reference: libmemcached's own test vectors (its
 * tests/ketama_test_cases.h, kept verbatim under test/fixtures/ketama/), the MD5 under it
 * against Node's crypto, and the property that makes it consistent hashing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KetamaContinuum } from '../../../../engines/real/memcached/ketama.js';
import { parseMemcachedUrl } from '../../../../engines/real/memcached/url.js';
import { md5Words } from '../../../../engines/real/memcached/md5.js';
import { PROJECT_ROOT } from '../../../../shared/dist-url.js';

/** `{ "key", hash1UL, hash2UL, "server" }` rows of the C header, C string escapes undone. */
function vectors(): { key: string; hash: number; point: number; server: string }[] {
  const text = readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/ketama/libmemcached-ketama-test-cases.h'), 'latin1');
  return [...text.matchAll(/\{ "((?:[^"\\]|\\.)*)", (\d+)UL, (\d+)UL, "([^"]+)" \}/g)].map((m) => ({
    key: m[1]!.replace(/\\(.)/g, '$1'),
    hash: Number(m[2]),
    point: Number(m[3]),
    server: m[4]!,
  }));
}

// libmemcached's test pool: "10.0.1.1:11211 600,10.0.1.2:11211 300,…,10.0.1.8:11211 100".
const WEIGHTS = [600, 300, 200, 350, 1000, 800, 950, 100];
const POOL = WEIGHTS.map((weight, i) => ({ host: `10.0.1.${i + 1}`, port: 11211, weight }));

describe('ketama (libmemcached weighted)', () => {
  const ring = new KetamaContinuum(POOL);
  const cases = vectors();

  it('places all 99 of libmemcached’s test keys on the server libmemcached picks, with its hashes', () => {
    expect(cases).toHaveLength(99);
    for (const c of cases) {
      expect(ring.hash(c.key), c.key).toBe(c.hash);
      expect(POOL[ring.serverFor(c.key)]!.host, c.key).toBe(c.server);
    }
  });

  it('a pool URL with weights (host:port:weight) places the 99 keys as libmemcached does with those weights', () => {
    const url = `memcached://${POOL.map((s) => `${s.host}:${s.port}:${s.weight}`).join(',')}`;
    const servers = parseMemcachedUrl(url).servers;
    const fromUrl = new KetamaContinuum(servers);
    expect(fromUrl.size).toBe(ring.size);
    for (const c of cases) expect(servers[fromUrl.serverFor(c.key)]!.host, c.key).toBe(c.server);
    // Without the weights the same pool puts keys elsewhere: the weights are what the vectors check.
    const unweighted = new KetamaContinuum(parseMemcachedUrl(url.replace(/:\d+(?=,|$)/g, '')).servers);
    expect(cases.filter((c) => POOL[unweighted.serverFor(c.key)]!.host !== c.server).length).toBeGreaterThan(30);
  });

  it('wraps past the last point to the first (VDEAAAAA hashes to 0xfffcd1b5)', () => {
    expect(ring.hash('VDEAAAAA')).toBe(0xfffcd1b5);
    // The continuum's smallest and largest points, from Node's MD5 of every `host-i` string
    // (40 · 8 · weight/total strings per server, as libmemcached counts them).
    const total = WEIGHTS.reduce((a, b) => a + b, 0);
    let min = { value: Infinity, server: -1 };
    let max = 0;
    POOL.forEach((s, server) => {
      const strings = Math.floor(Math.fround(Math.fround(Math.fround(Math.fround(s.weight / total) * 160) / 4) * 8) + 1e-10);
      for (let i = 0; i < strings; i++) {
        const d = createHash('md5').update(`${s.host}-${i}`).digest();
        for (let w = 0; w < 4; w++) {
          const v = d.readUInt32LE(w * 4);
          if (v < min.value) min = { value: v, server };
          max = Math.max(max, v);
        }
      }
    });
    expect(max).toBeLessThan(0xfffcd1b5);
    // libmemcached's test: the key maps to continuum[0]'s server.
    expect(ring.serverFor('VDEAAAAA')).toBe(min.server);
  });

  it('gives equal servers 160 points each (libketama’s count) and spreads keys evenly', () => {
    const even = new KetamaContinuum([1, 2, 3].map((i) => ({ host: '127.0.0.1', port: 11210 + i })));
    expect(even.size).toBe(480);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[even.serverFor(`user:${i}`)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(1500);
  });

  it('is consistent: removing a server moves only the keys it held', () => {
    const three = [1, 2, 3].map((i) => ({ host: `10.0.0.${i}`, port: 11211 }));
    const full = new KetamaContinuum(three);
    const less = new KetamaContinuum([three[0]!, three[2]!]);
    for (let i = 0; i < 5000; i++) {
      const key = `k${i}`;
      const before = full.serverFor(key);
      const after = less.serverFor(key);
      if (before !== 1) expect(three[before]!.host).toBe([three[0]!, three[2]!][after]!.host);
    }
  });

  it('a one-server pool sends everything to it', () => {
    expect(new KetamaContinuum([{ host: 'h', port: 1 }]).serverFor('anything')).toBe(0);
  });
});

describe('md5Words', () => {
  it('agrees with Node’s MD5 on RFC 1321’s vectors, block boundaries, long keys and high bytes', () => {
    const out = new Uint32Array(4);
    const inputs = ['', 'a', 'abc', 'message digest', 'abcdefghijklmnopqrstuvwxyz', '1234567890'.repeat(8)];
    for (const n of [54, 55, 56, 57, 63, 64, 65, 119, 120, 250, 400]) inputs.push('k'.repeat(n));
    inputs.push('\xff\x00\xe9key', 'k\xe9', 'k\xea');
    for (const s of inputs) {
      md5Words(s, out);
      expect(Buffer.from(out.buffer).toString('hex'), `length ${s.length}`).toBe(createHash('md5').update(Buffer.from(s, 'latin1')).digest('hex'));
    }
    md5Words('', out);
    expect(Buffer.from(out.buffer).toString('hex')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});
