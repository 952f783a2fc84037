/**
 * What a pending text-protocol request expects back, and so how its reply settles. Stored as
 * a number per request in the connection's ring.
 */
export const Expect = {
  /** kv get: the value bytes or null. */
  Value: 0,
  /** get/gets/gat: `McValue` (with cas) or null. */
  McValue: 1,
  /** get k1 k2…: Map of hits. */
  Multi: 2,
  /** kv mget: values in the order of the keys given as context. */
  MultiKv: 3,
  /** set/add/replace/append/prepend/cas: `McStoreResult`. */
  Store: 4,
  /** kv set: void when STORED, otherwise a rejection. */
  Stored: 5,
  /** kv add: true when STORED. */
  Added: 6,
  /** delete: true when DELETED. */
  Deleted: 7,
  /** incr/decr: bigint, null for NOT_FOUND, ErrorReply for CLIENT_ERROR. */
  Arith: 8,
  /** kv incr: number|bigint or null; an error reply rejects. */
  ArithKv: 9,
  /** touch: true when TOUCHED. */
  Touched: 10,
  /** flush_all and friends: void on OK. */
  Ok: 11,
  /** stats: name → value. */
  Stats: 12,
  /** version: the version string. */
  Version: 13,
  /** kv get for hit/miss and length only: the value's byte length, -1 for a miss; nothing is built. */
  Length: 14,
} as const;
export type Expect = (typeof Expect)[keyof typeof Expect];

/** Expectations answered by VALUE … END blocks. */
export function expectsValues(e: Expect): boolean {
  return e <= Expect.MultiKv || e === Expect.Length;
}
