/**
 * Command semantics (memcached 1.6's do_store_item, do_add_delta, item_get/touch, flush_all)
 * over the shared store, for one attached thread. Each operation hashes the key outside any
 * lock, takes the key's item stripe, works on the chain, and copies anything it returns out of
 * shared memory before unlocking. A store over an item of the same slab class rewrites it in
 * place under the stripe (readers copy under the same stripe, so none sees half a value);
 * other stores allocate while holding the stripe, which the lock order allows. Plain reads
 * (get, gets) first try without the lock: they read the stripe's sequence word, look up and
 * copy, and keep the result only if the sequence was even and did not move (see locks.ts);
 * hits that must mark the item, dead items and busy stripes take the lock.
 *
 * Keys are latin1 byte strings (≤ 250 bytes; callers validate); values are latin1 strings or
 * Uint8Arrays. Counting goes to this thread's statistics slot.
 */
import { assocExpandStep, assocFindLocked, assocFindOptimistic, assocMaybeStartExpand, hashKey } from './assoc.js';
import { CasSource, nextCas } from './cas.js';
import { EXPIRED, LIVE, currentTime, itemLivenessLocked, realtime, scheduleFlush } from './expiry.js';
import {
  I,
  IT_ACTIVE,
  IT_CLASS_MASK,
  IT_FETCHED,
  IT_LINKED,
  IT_SEG_MASK,
  ITEM_HEADER_BYTES,
  KEY_MAX_BYTES,
  itemTotalBytes,
  itemCas,
  readValueBytes,
  readValueString,
  readValueStringAt,
  setItemCas,
  valueOffset,
  writeValue,
} from './item-header.js';
import { ALLOC_NO_MEMORY, itemAlloc, itemInit, linkItemLocked, replaceItemLocked, unlinkItemLocked } from './items.js';
import { STRIPE_SEQUENCE, lockStripe, unlockStripe } from './locks.js';
import type { StoreMemory } from './memory.js';
import { NOT_A_NUMBER, parseU64Bytes } from './numbers.js';
import { buildClassLookup } from './slabs.js';
import { H, MAX_STAT_SLOTS } from './layout.js';
import { S } from './stats.js';

/** Held once: see assoc.ts (a String subclass anywhere in the thread stops V8 inlining `s.charCodeAt`). */
const charCodeAt = String.prototype.charCodeAt;

/** New links between looks at whether the hash table should double (a sum over every thread's slot). */
const EXPAND_CHECK_EVERY = 64;

/** Optimistic read attempts before a lookup takes the stripe lock. */
const OPTIMISTIC_TRIES = 3;
/** `optimisticFind` outcomes besides a miss (0) and an item (> 0). */
const OPT_RETRY = -1;
const OPT_LOCK = -2;
const FETCHED_AND_ACTIVE = IT_FETCHED | IT_ACTIVE;

/** How a store command treats an existing or missing item. */
export const StoreMode = {
  Set: 0,
  Add: 1,
  Replace: 2,
  Append: 3,
  Prepend: 4,
  Cas: 5,
} as const;
export type StoreMode = (typeof StoreMode)[keyof typeof StoreMode];

/** Outcome of a store command; the first four are memcached's replies. */
export const StoreOutcome = {
  Stored: 0,
  NotStored: 1,
  Exists: 2,
  NotFound: 3,
  TooLarge: 4,
  NoMemory: 5,
} as const;
export type StoreOutcome = (typeof StoreOutcome)[keyof typeof StoreOutcome];

export const STORE_REPLIES = ['STORED', 'NOT_STORED', 'EXISTS', 'NOT_FOUND'] as const;

/** Outcome of incr/decr besides the new value. */
export const DeltaOutcome = {
  Ok: 0,
  NotFound: 1,
  NonNumeric: 2,
  NoMemory: 3,
} as const;
export type DeltaOutcome = (typeof DeltaOutcome)[keyof typeof DeltaOutcome];

const U64_MASK = (1n << 64n) - 1n;
const TWO_POW_53 = 9007199254740992;

/** What a fetch saw, reused by the caller to avoid an object per hit. */
export class FetchedItem {
  value: string | Uint8Array = '';
  flags = 0;
  cas = 0;
  /** Relative expiry time (0 = never); `ttlSeconds` turns it into what meta `t` reports. */
  exptime = 0;
}

export class Store {
  readonly w: Int32Array;
  /** This thread's statistics slot (Float64 counters indexed by S). */
  readonly counters: Float64Array;
  private readonly classLookup: Uint8Array;
  /** Set by incr/decr: why the value is absent. */
  deltaOutcome: DeltaOutcome = DeltaOutcome.Ok as DeltaOutcome;
  /** Set by incr/decr: CAS of the updated item. */
  deltaCas = 0;
  /** This thread's block of CAS uniques. */
  private readonly casSource = new CasSource();
  /** Links left before the next look at whether the hash table should double. */
  private linksUntilCheck = EXPAND_CHECK_EVERY;
  /** The stripe sequence and value start of `optimisticFind`'s last item (fields, not a returned object: no allocation per read). */
  private optSeq = 0;
  private optStart = 0;

  constructor(
    readonly mem: StoreMemory,
    slot: number,
  ) {
    this.w = mem.i32;
    this.counters = mem.statSlots.subarray(slot * mem.statSlotWords, (slot + 1) * mem.statSlotWords);
    this.classLookup = buildClassLookup(mem.chunkSizes, mem.classCount, mem.itemSizeMax);
  }

  /**
   * Item lock for `hv` held: the live item for `key`, or 0. A dead (expired or flushed) item
   * found on the way is unlinked and freed, as memcached's do_item_get does.
   */
  private findLiveLocked(key: string, hv: number): number {
    const it = assocFindLocked(this.mem, key, hv);
    if (it === 0) return 0;
    const w = this.w;
    // Only items with an exptime, or once flush_all was used, need the liveness check.
    if (w[(it >> 2) + I.exptime] === 0 && w[H.flushGeneration] === 0) return it;
    const liveness = itemLivenessLocked(w, it, currentTime(w));
    if (liveness === LIVE) return it;
    this.counters[liveness === EXPIRED ? S.get_expired : S.get_flushed]!++;
    unlinkItemLocked(this.mem, it, hv, this.counters);
    return 0;
  }

  /** Item lock held: record a hit as memcached's bump does (FETCHED once, then ACTIVE). */
  private markFetchedLocked(it: number): void {
    const w = this.w;
    const bitsWord = (it >> 2) + I.bits;
    const bits = w[bitsWord]!;
    if ((bits & IT_FETCHED) === 0) w[bitsWord] = bits | IT_FETCHED;
    else if ((bits & IT_ACTIVE) === 0) w[bitsWord] = bits | IT_ACTIVE;
  }

  /**
   * Unlocked, to be validated by the stripe sequence: true when a hit on `it` needs no write —
   * the item is live and already marked FETCHED and ACTIVE. (The liveness check only reads.)
   */
  private readableUnlocked(it: number): boolean {
    const w = this.w;
    const base = it >> 2;
    if ((w[base + I.bits]! & FETCHED_AND_ACTIVE) !== FETCHED_AND_ACTIVE) return false;
    if (w[base + I.exptime] === 0 && w[H.flushGeneration] === 0) return true;
    return itemLivenessLocked(w, it, currentTime(w)) === LIVE;
  }

  /** Unlocked: the value's byte range if the header's lengths are plausible, else -1. */
  private valueStartUnlocked(it: number): number {
    const w = this.w;
    const nkey = w[(it >> 2) + I.nkey]!;
    const n = w[(it >> 2) + I.nbytes]!;
    const start = it + ITEM_HEADER_BYTES + nkey;
    return nkey > 0 && nkey <= KEY_MAX_BYTES && n >= 0 && start + n <= this.mem.u8.length ? start : -1;
  }

  /**
   * One optimistic attempt at a read, without the lock (no write to the stripe's cache line, so
   * readers on other cores do not take it from each other): `OPT_RETRY` when a writer was under
   * the stripe, `OPT_LOCK` when the hit needs a write (take the lock), 0 for a miss validated by
   * the stripe sequence, else the item, with `optSeq` (validate after reading its fields) and
   * `optStart` (its value's first byte). get() and fetch() read their fields between the two.
   */
  private optimisticFind(key: string, hv: number, seqWord: number): number {
    const w = this.w;
    const seq = Atomics.load(w, seqWord);
    if ((seq & 1) !== 0) return OPT_RETRY;
    const it = assocFindOptimistic(this.mem, key, hv);
    if (it < 0) return OPT_RETRY;
    if (it === 0) return Atomics.load(w, seqWord) === seq ? 0 : OPT_RETRY;
    if (!this.readableUnlocked(it)) return OPT_LOCK;
    const start = this.valueStartUnlocked(it);
    if (start < 0) return OPT_RETRY;
    this.optSeq = seq;
    this.optStart = start;
    return it;
  }

  /** get: the value as a latin1 string, or null. */
  get(key: string): string | null {
    const hv = hashKey(key);
    const lockWord = this.mem.lockWordFor(hv);
    const c = this.counters;
    const w = this.w;
    c[S.cmd_get]!++;
    // Optimistic first (`optimisticFind`); any change under the stripe meanwhile sends us to the lock.
    const seqWord = lockWord + STRIPE_SEQUENCE;
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      const it = this.optimisticFind(key, hv, seqWord);
      if (it === OPT_RETRY) continue;
      if (it === OPT_LOCK) break;
      if (it === 0) {
        c[S.get_misses]!++;
        return null;
      }
      const value = readValueStringAt(this.mem, this.optStart, w[(it >> 2) + I.nbytes]!);
      if (Atomics.load(w, seqWord) !== this.optSeq) continue;
      c[S.get_hits]!++;
      return value;
    }
    lockStripe(this.w, lockWord);
    const it = this.findLiveLocked(key, hv);
    let value: string | null = null;
    if (it !== 0) {
      value = readValueString(this.mem, it);
      this.markFetchedLocked(it);
    }
    unlockStripe(this.w, lockWord);
    c[value === null ? S.get_misses : S.get_hits]!++;
    return value;
  }

  /**
   * get/gets/gat/gats with flags and CAS into `out`; true on a hit. With `touchExptime`
   * defined this is get-and-touch (counted as a touch, as memcached does).
   */
  fetch(key: string, out: FetchedItem, asBytes: boolean, touchExptime?: number): boolean {
    const hv = hashKey(key);
    const lockWord = this.mem.lockWordFor(hv);
    const w = this.w;
    const c = this.counters;
    const touching = touchExptime !== undefined;
    c[touching ? S.cmd_touch : S.cmd_get]!++;
    if (!touching) {
      // Optimistic read first, as in get().
      const seqWord = lockWord + STRIPE_SEQUENCE;
      for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
        const it = this.optimisticFind(key, hv, seqWord);
        if (it === OPT_RETRY) continue;
        if (it === OPT_LOCK) break;
        if (it === 0) {
          c[S.get_misses]!++;
          return false;
        }
        const start = this.optStart;
        const n = w[(it >> 2) + I.nbytes]!;
        const value = asBytes ? this.mem.u8.slice(start, start + n) : readValueStringAt(this.mem, start, n);
        const flags = w[(it >> 2) + I.flags]! >>> 0;
        const cas = itemCas(w, it);
        const exptime = w[(it >> 2) + I.exptime]!;
        if (Atomics.load(w, seqWord) !== this.optSeq) continue;
        out.value = value;
        out.flags = flags;
        out.cas = cas;
        out.exptime = exptime;
        c[S.get_hits]!++;
        return true;
      }
    }
    lockStripe(w, lockWord);
    const it = this.findLiveLocked(key, hv);
    if (it !== 0) {
      if (touching) w[(it >> 2) + I.exptime] = realtime(w, touchExptime, currentTime(w));
      out.value = asBytes ? readValueBytes(this.mem, it) : readValueString(this.mem, it);
      out.flags = w[(it >> 2) + I.flags]! >>> 0;
      out.cas = itemCas(w, it);
      out.exptime = w[(it >> 2) + I.exptime]!;
      this.markFetchedLocked(it);
    }
    unlockStripe(w, lockWord);
    if (touching) c[it !== 0 ? S.touch_hits : S.touch_misses]!++;
    else c[it !== 0 ? S.get_hits : S.get_misses]!++;
    return it !== 0;
  }

  /** set/add/replace/append/prepend/cas. `casIn` matters only for StoreMode.Cas. */
  store(mode: StoreMode, key: string, value: string | Uint8Array, flags: number, exptime: number, casIn: number): StoreOutcome {
    const mem = this.mem;
    const w = this.w;
    const c = this.counters;
    c[S.cmd_set]!++;
    checkKeyBytes(key);
    const hv = hashKey(key);
    const lockWord = mem.lockWordFor(hv);
    const now = currentTime(w);
    if (mode === StoreMode.Append || mode === StoreMode.Prepend) {
      return this.concat(mode, key, hv, lockWord, value, now);
    }
    const nbytes = value.length;
    const total = itemTotalBytes(key.length, nbytes);
    if (total > mem.itemSizeMax) {
      c[S.store_too_large]!++;
      // memcached: a failed set must not leave the stale value behind.
      if (mode === StoreMode.Set) {
        lockStripe(w, lockWord);
        const old = this.findLiveLocked(key, hv);
        if (old !== 0) unlinkItemLocked(mem, old, hv, c);
        unlockStripe(w, lockWord);
      }
      return StoreOutcome.TooLarge;
    }
    const expires = realtime(w, exptime, now);

    let outcome: StoreOutcome;
    let linkedNew = false;
    lockStripe(w, lockWord);
    const old = this.findLiveLocked(key, hv);
    if (old !== 0) {
      if (mode === StoreMode.Add) {
        outcome = StoreOutcome.NotStored;
      } else if (mode === StoreMode.Cas) {
        if (casIn !== 0 && casIn === itemCas(w, old)) {
          c[S.cas_hits]!++;
          outcome = StoreOutcome.Stored;
        } else {
          c[S.cas_badval]!++;
          outcome = StoreOutcome.Exists;
        }
      } else {
        outcome = StoreOutcome.Stored;
      }
    } else if (mode === StoreMode.Set || mode === StoreMode.Add) {
      outcome = StoreOutcome.Stored;
    } else if (mode === StoreMode.Cas) {
      c[S.cas_misses]!++;
      outcome = StoreOutcome.NotFound;
    } else {
      outcome = StoreOutcome.NotStored;
    }
    if (outcome === StoreOutcome.Stored) {
      if (old !== 0 && (w[(old >> 2) + I.bits]! & IT_CLASS_MASK) === this.classLookup[(total + 7) >> 3]) {
        this.overwriteLocked(old, nbytes, value, flags, expires, now);
      } else {
        // Allocating under the item lock keeps to the lock order (item → lru → slabs); an
        // eviction walk that meets our own stripe fails its tryLock and moves on.
        const it = itemAlloc(mem, this.classLookup, key.length, nbytes, now, c);
        if (it === ALLOC_NO_MEMORY) {
          c[S.store_no_memory]!++;
          if (mode === StoreMode.Set && old !== 0) unlinkItemLocked(mem, old, hv, c);
          outcome = StoreOutcome.NoMemory;
        } else {
          itemInit(mem, it, key, hv, nbytes, flags, expires, now);
          writeValue(mem, valueOffset(w, it), value);
          setItemCas(w, it, nextCas(w, this.casSource));
          if (old !== 0) replaceItemLocked(mem, old, it, hv, c);
          else {
            linkItemLocked(mem, it, hv, c);
            linkedNew = true;
          }
        }
      }
    }
    unlockStripe(w, lockWord);
    if (linkedNew) this.afterLink();
    return outcome;
  }

  /**
   * No stripe held, after a new item went in: every EXPAND_CHECK_EVERY links see whether the
   * table should double (items summed over every thread's slot), and while it doubles do one
   * expansion step — the inserting threads do memcached's assoc maintenance (see assoc.ts).
   */
  private afterLink(): void {
    if (--this.linksUntilCheck <= 0) {
      this.linksUntilCheck = EXPAND_CHECK_EVERY;
      const mem = this.mem;
      let items = 0;
      for (let slot = 0; slot < MAX_STAT_SLOTS; slot++) items += mem.statSlots[slot * mem.statSlotWords + S.curr_items]!;
      assocMaybeStartExpand(mem, items);
    }
    if (this.w[H.expanding] !== 0) assocExpandStep(this.mem);
  }

  /**
   * Item lock held: store a new value into the chunk `it` already occupies (same slab class).
   * Readers copy values out under this same lock, so nobody can see a half-written value; the
   * item keeps its place in the LRU and is marked active instead of being moved (the tail walk
   * gives it its second chance), which saves the LRU and slabs locks on every overwrite.
   */
  private overwriteLocked(it: number, nbytes: number, value: string | Uint8Array, flags: number, expires: number, now: number): void {
    const w = this.w;
    const base = it >> 2;
    const c = this.counters;
    c[S.bytes]! += nbytes - w[base + I.nbytes]!;
    c[S.total_items]!++;
    w[base + I.nbytes] = nbytes;
    w[base + I.flags] = flags;
    w[base + I.exptime] = expires;
    w[base + I.time] = now;
    // FETCHED is kept: readers then find nothing to mark, so a hot key's line is not written
    // by every reader after each overwrite (`evicted_unfetched` counts keys never read).
    w[base + I.bits] = (w[base + I.bits]! & (IT_CLASS_MASK | IT_LINKED | IT_FETCHED | IT_SEG_MASK)) | IT_ACTIVE; // stays in its LRU segment
    writeValue(this.mem, valueOffset(w, it), value);
    setItemCas(w, it, nextCas(w, this.casSource));
  }

  /** append/prepend: a new item holding old + new bytes, keeping the old flags and exptime. */
  private concat(mode: StoreMode, key: string, hv: number, lockWord: number, value: string | Uint8Array, now: number): StoreOutcome {
    const mem = this.mem;
    const w = this.w;
    const c = this.counters;
    if (itemAllocTooLarge(mem, key.length, value.length)) {
      c[S.store_too_large]!++;
      return StoreOutcome.TooLarge;
    }
    let outcome: StoreOutcome = StoreOutcome.NotStored;
    lockStripe(w, lockWord);
    const old = this.findLiveLocked(key, hv);
    if (old !== 0) {
      const oldBase = old >> 2;
      const oldBytes = w[oldBase + I.nbytes]!;
      const total = oldBytes + value.length;
      // Allocating under the item lock is in lock order (item → lru → slabs); eviction skips our stripe.
      const it = itemAlloc(mem, this.classLookup, key.length, total, now, c);
      if (it > 0) {
        itemInit(mem, it, key, hv, total, w[oldBase + I.flags]!, w[oldBase + I.exptime]!, now);
        const dst = valueOffset(w, it);
        const src = valueOffset(w, old);
        if (mode === StoreMode.Append) {
          mem.u8.copyWithin(dst, src, src + oldBytes);
          writeValue(mem, dst + oldBytes, value);
        } else {
          writeValue(mem, dst, value);
          mem.u8.copyWithin(dst + value.length, src, src + oldBytes);
        }
        setItemCas(w, it, nextCas(w, this.casSource));
        replaceItemLocked(mem, old, it, hv, c);
        outcome = StoreOutcome.Stored;
      }
    }
    unlockStripe(w, lockWord);
    return outcome;
  }

  /** delete: true when a live item was removed. */
  delete(key: string): boolean {
    const hv = hashKey(key);
    const lockWord = this.mem.lockWordFor(hv);
    lockStripe(this.w, lockWord);
    const it = this.findLiveLocked(key, hv);
    if (it !== 0) unlinkItemLocked(this.mem, it, hv, this.counters);
    unlockStripe(this.w, lockWord);
    this.counters[it !== 0 ? S.delete_hits : S.delete_misses]!++;
    return it !== 0;
  }

  /**
   * incr/decr by `delta` (a safe non-negative integer or a bigint in 0..2^64-1). Returns the new
   * value (a number below 2^53, else a bigint) or null, with `deltaOutcome` saying why.
   */
  delta(key: string, incr: boolean, delta: number | bigint): number | bigint | null {
    const mem = this.mem;
    const w = this.w;
    const c = this.counters;
    const hv = hashKey(key);
    const lockWord = mem.lockWordFor(hv);
    let result: number | bigint | null = null;
    lockStripe(w, lockWord);
    const it = this.findLiveLocked(key, hv);
    if (it === 0) {
      this.deltaOutcome = DeltaOutcome.NotFound;
    } else {
      const base = it >> 2;
      const start = valueOffset(w, it);
      const nbytes = w[base + I.nbytes]!;
      const current = nbytes === 0 ? NOT_A_NUMBER : parseU64Bytes(mem.u8, start, start + nbytes);
      if (current === NOT_A_NUMBER) {
        this.deltaOutcome = DeltaOutcome.NonNumeric;
      } else {
        const next = applyDelta(current, incr, delta);
        const digits = typeof next === 'number' ? decimalLength(next) : next.toString().length;
        if (digits <= nbytes) {
          // In place, padded with spaces, new CAS (memcached's refcount == 2 path).
          writeDecimal(mem.u8, start, next, digits);
          mem.u8.fill(32, start + digits, start + nbytes);
          const cas = nextCas(w, this.casSource);
          setItemCas(w, it, cas);
          this.deltaCas = cas;
          this.deltaOutcome = DeltaOutcome.Ok;
          result = next;
        } else {
          const now = currentTime(w);
          const fresh = itemAlloc(mem, this.classLookup, key.length, digits, now, c);
          if (fresh <= 0) {
            this.deltaOutcome = DeltaOutcome.NoMemory;
          } else {
            itemInit(mem, fresh, key, hv, digits, w[base + I.flags]!, w[base + I.exptime]!, now);
            writeDecimal(mem.u8, valueOffset(w, fresh), next, digits);
            const cas = nextCas(w, this.casSource);
            setItemCas(w, fresh, cas);
            replaceItemLocked(mem, it, fresh, hv, c);
            this.deltaCas = cas;
            this.deltaOutcome = DeltaOutcome.Ok;
            result = next;
          }
        }
      }
    }
    unlockStripe(w, lockWord);
    if (this.deltaOutcome === DeltaOutcome.NotFound) c[incr ? S.incr_misses : S.decr_misses]!++;
    else if (this.deltaOutcome === DeltaOutcome.Ok) c[incr ? S.incr_hits : S.decr_hits]!++;
    return result;
  }

  /** touch: set a new exptime on a live item; true when found. */
  touch(key: string, exptime: number): boolean {
    const hv = hashKey(key);
    const lockWord = this.mem.lockWordFor(hv);
    const w = this.w;
    this.counters[S.cmd_touch]!++;
    lockStripe(w, lockWord);
    const it = this.findLiveLocked(key, hv);
    if (it !== 0) w[(it >> 2) + I.exptime] = realtime(w, exptime, currentTime(w));
    unlockStripe(w, lockWord);
    this.counters[it !== 0 ? S.touch_hits : S.touch_misses]!++;
    return it !== 0;
  }

  /** Seconds until a fetched item expires, -1 for never (meta `t`). */
  ttlSeconds(exptime: number): number {
    return exptime === 0 ? -1 : Math.max(0, exptime - currentTime(this.w));
  }

  /** flush_all [delay]. */
  flushAll(delaySeconds: number): void {
    this.counters[S.cmd_flush]!++;
    scheduleFlush(this.w, delaySeconds);
  }
}

/** Keys are byte strings: a code unit above 255 could not be stored faithfully. */
function checkKeyBytes(key: string): void {
  for (let i = 0; i < key.length; i++) {
    if (charCodeAt.call(key, i) > 255) throw new RangeError(`key: must be a byte string (code units 0..255); found U+${charCodeAt.call(key, i).toString(16).padStart(4, '0')}`);
  }
}

/** True when an item of these lengths can never fit (the data alone, for append/prepend). */
function itemAllocTooLarge(mem: StoreMemory, nkey: number, nbytes: number): boolean {
  return ITEM_HEADER_BYTES + nkey + nbytes > mem.itemSizeMax;
}


/** Unsigned 64-bit incr (wrapping) or decr (flooring at 0). */
function applyDelta(current: number | bigint, incr: boolean, delta: number | bigint): number | bigint {
  if (typeof current === 'number' && typeof delta === 'number') {
    if (incr) {
      const sum = current + delta;
      if (sum < TWO_POW_53) return sum;
    } else {
      return delta > current ? 0 : current - delta;
    }
  }
  const a = BigInt(current);
  const d = BigInt(delta);
  const r = incr ? (a + d) & U64_MASK : d > a ? 0n : a - d;
  return r < BigInt(TWO_POW_53) ? Number(r) : r;
}

function decimalLength(n: number): number {
  let len = 1;
  let v = n;
  while (v >= 10) {
    v = Math.floor(v / 10);
    len++;
  }
  return len;
}

/** The byte of the digit '0'. */
const ASCII_ZERO = 0x30;

/** Write `n` as `digits` ASCII decimal digits at `at`. */
function writeDecimal(u8: Uint8Array, at: number, n: number | bigint, digits: number): void {
  if (typeof n === 'number') {
    let v = n;
    for (let i = digits - 1; i >= 0; i--) {
      u8[at + i] = ASCII_ZERO + (v % 10);
      v = Math.floor(v / 10);
    }
  } else {
    const s = n.toString();
    for (let i = 0; i < digits; i++) u8[at + i] = charCodeAt.call(s, i);
  }
}
