/**
 * The one source of randomness in cachebench: a seeded, splittable PRNG (xoshiro128**, 32-bit
 * arithmetic, no allocation per draw). Every random choice in a run derives from the run's
 * recorded seed; threads and sub-generators take `fork(n)` streams so that the same seed yields
 * the same operation stream per thread, regardless of timing.
 */

/** SplitMix32 step: expands a seed into well-mixed state words. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed   the run's seed (any 32-bit integer; larger values are reduced mod 2^32)
   * @param stream a sub-stream id; distinct streams of one seed are independent
   */
  constructor(
    readonly seed: number,
    readonly stream: number = 0,
  ) {
    let x = (seed >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2d);
    x = splitmix32(x);
    this.s0 = x;
    x = splitmix32(x);
    this.s1 = x;
    x = splitmix32(x);
    this.s2 = x;
    x = splitmix32(x);
    this.s3 = x;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A float in [0, 1) with 32 random bits: cheaper, enough for choosing among ≤ 2^20 items. */
  nextFast(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** An integer in [0, n). Uses 53-bit floats so n up to 2^53 is unbiased enough for benchmarks. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both inclusive. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** A standard normal deviate (Box–Muller). */
  gaussian(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An exponential deviate with the given mean (Poisson inter-arrival times). */
  exponential(mean: number): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return -Math.log(u) * mean;
  }

  /**
   * An independent stream derived from this one's seed and stream id. Deterministic:
   * `new Rng(s).fork(3)` is the same stream every time.
   */
  fork(id: number): Rng {
    return new Rng(splitmix32((this.seed ^ Math.imul(this.stream + 1, 0x165667b1)) >>> 0), id + 1 + this.stream * 65537);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fresh random seed for runs that were not given one (the result records it). */
export function randomSeed(): number {
  return (Math.random() * TWO_POW_32) >>> 0;
}
