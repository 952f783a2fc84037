import { describe, expect, it } from 'vitest';
import { fnvHash64, fnvHash64Decimal, fnvHash64Mod } from '../../../workloads/distributions/fnv.js';
import { Rng } from '../../../shared/rng.js';

/** FNV-1a 64 over a byte array (XOR the byte, then multiply): the textbook definition, to pin `fnvHash64` to the standard. */
function fnv1aBytes(bytes: readonly number[]): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) {
    hash ^= BigInt(b);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

describe('fnvHash64 (YCSB Utils.fnvhash64)', () => {
  it('is FNV-1a over the eight little-endian bytes of the value, made non-negative', () => {
    for (const value of [0, 1, 255, 256, 1_000_000, 12_345_678_901, 2 ** 53 - 1]) {
      const bytes = Array.from({ length: 8 }, (_, i) => Number((BigInt(value) >> BigInt(8 * i)) & 0xffn));
      const raw = fnv1aBytes(bytes);
      const signedAbs = raw >= 1n << 63n ? (1n << 64n) - raw : raw;
      expect(fnvHash64(value)).toBe(signedAbs);
    }
  });

  it('matches the published FNV-1a 64 vector for "a"', () => {
    expect(fnv1aBytes([0x61])).toBe(0xaf63dc4c8601ec8cn);
  });

  it('fnvHash64Mod agrees with the BigInt hash for random values and moduli', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 5000; i++) {
      const value = i < 2500 ? rng.int(10_000_000_001) : rng.int(2 ** 53);
      const modulus = 1 + rng.int(i % 2 === 0 ? 1000 : 2 ** 36);
      expect(fnvHash64Mod(value, modulus)).toBe(Number(fnvHash64(value) % BigInt(modulus)));
    }
  });

  it('fnvHash64Decimal spells the BigInt hash in decimal', () => {
    const rng = new Rng(6);
    for (let i = 0; i < 5000; i++) {
      const value = i < 100 ? i : i < 2500 ? rng.int(10_000_000_001) : rng.int(2 ** 53);
      expect(fnvHash64Decimal(value)).toBe(fnvHash64(value).toString());
    }
  });
});
