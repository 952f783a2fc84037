/**
 * Value bytes without per-operation random generation: one pool string of random printable
 * bytes per workload instance, built once from the thread's Rng, and values are windows into it
 * at random offsets. `substring` of a long string is a V8 sliced string — a small header
 * pointing into the pool, no copy — so a 100 KB value costs the same as a 10-byte one to make.
 *
 * The alphabet is letters and digits: printable, the same in latin1 and UTF-8, and free of the
 * quote and backslash that serialised records (JSON) would have to escape.
 */
import type { Rng } from '../../shared/rng.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Windows start anywhere in at least this many bytes, so small values vary. */
const MIN_SPREAD = 64 * 1024;

export class ValuePool {
  private readonly pool: string;
  private readonly spread: number;

  /**
   * @param maxLength the largest value that will be asked for
   * @param rng       the stream the pool's bytes and the window offsets come from
   */
  constructor(
    readonly maxLength: number,
    private readonly rng: Rng,
  ) {
    this.spread = Math.max(MIN_SPREAD, maxLength);
    const length = this.spread + maxLength;
    const codes = new Uint8Array(length);
    for (let i = 0; i < length; i++) codes[i] = ALPHABET.charCodeAt(rng.nextU32() % ALPHABET.length);
    this.pool = Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('latin1');
  }

  /**
   * A value of exactly `length` bytes (≤ maxLength) at a random place in the pool. `offsets`
   * picks the place (default: the pool's own stream), so preload can draw from a stream of its
   * own and leave the measured stream untouched.
   */
  value(length: number, offsets: Rng = this.rng): string {
    const offset = Math.floor(offsets.nextFast() * this.spread);
    return this.pool.substring(offset, offset + length);
  }
}
