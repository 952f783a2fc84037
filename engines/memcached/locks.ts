/**
 * Mutual exclusion in shared memory: a 3-state futex mutex on one Int32 word (Drepper,
 * "Futexes Are Tricky", mutex 2) built on Atomics.compareExchange / exchange / wait / notify.
 *
 * States: 0 = unlocked, 1 = locked with no waiters, 2 = locked and someone may be waiting.
 * An uncontended lock and unlock are one atomic each and never touch the kernel; a contended
 * locker spins a bounded number of times (a lock is held for well under a microsecond) and
 * then sleeps in Atomics.wait until the holder's unlock notifies it — never busy-spinning
 * forever.
 *
 * Lock order, for the whole store, written here once:
 *
 *     hash expansion lock  →  item stripe  →  LRU lock of a slab class  →  slabs lock
 *
 * (The expansion lock is taken only with tryLock, by a thread holding no other lock.)
 * A thread holding a lock to the right never blocks on a lock to its left. Where the LRU walk
 * (holding an LRU lock) needs an item stripe, it uses `tryLock` and skips the item on failure,
 * as memcached's lru_pull_tail does. Functions that expect a lock held end in `Locked`
 * (`unlinkLocked`), naming which one in their comment.
 */

const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

/** Spins before sleeping: enough to ride out a short critical section on another core. */
const SPINS_BEFORE_WAIT = 64;

/** Acquire the mutex at word `index` of `words`. */
export function lock(words: Int32Array, index: number): void {
  let c = Atomics.compareExchange(words, index, UNLOCKED, LOCKED);
  if (c === UNLOCKED) return;
  lockSlow(words, index, c);
}

function lockSlow(words: Int32Array, index: number, seen: number): void {
  let c = seen;
  for (let spin = 0; spin < SPINS_BEFORE_WAIT; spin++) {
    if (c === UNLOCKED) {
      c = Atomics.compareExchange(words, index, UNLOCKED, LOCKED);
      if (c === UNLOCKED) return;
    } else {
      c = Atomics.load(words, index);
    }
  }
  // Announce a waiter, then sleep until the word changes from CONTENDED.
  if (c !== CONTENDED) c = Atomics.exchange(words, index, CONTENDED);
  while (c !== UNLOCKED) {
    Atomics.wait(words, index, CONTENDED);
    c = Atomics.exchange(words, index, CONTENDED);
  }
}

/** Acquire only if free at once; true when acquired. Used against the lock order. */
export function tryLock(words: Int32Array, index: number): boolean {
  return Atomics.compareExchange(words, index, UNLOCKED, LOCKED) === UNLOCKED;
}

/** Release the mutex; wakes one sleeper when there may be one. */
export function unlock(words: Int32Array, index: number): void {
  if (Atomics.sub(words, index, 1) !== LOCKED) {
    Atomics.store(words, index, UNLOCKED);
    Atomics.notify(words, index, 1);
  }
}

/** True when the mutex is held by someone (for verify and tests; racy by nature). */
export function isLocked(words: Int32Array, index: number): boolean {
  return Atomics.load(words, index) !== UNLOCKED;
}

/**
 * Item lock stripes carry a sequence word beside the mutex (`lockWord + 1`): every holder that
 * may change an item or a chain under the stripe makes it odd on entry and even on exit. Reads
 * can then run without writing the stripe's cache line at all (which two cores would otherwise
 * pass back and forth on every lookup): read the sequence, look up and copy, read it again,
 * and keep the result only if it was even and unchanged — otherwise retry or take the lock.
 */
export const STRIPE_SEQUENCE = 1;

/** Acquire an item stripe for changes. */
export function lockStripe(words: Int32Array, lockWord: number): void {
  lock(words, lockWord);
  Atomics.add(words, lockWord + STRIPE_SEQUENCE, 1);
}

/** tryLock for an item stripe (the LRU walk, against the lock order). */
export function tryLockStripe(words: Int32Array, lockWord: number): boolean {
  if (!tryLock(words, lockWord)) return false;
  Atomics.add(words, lockWord + STRIPE_SEQUENCE, 1);
  return true;
}

/** Release an item stripe taken with lockStripe / tryLockStripe. */
export function unlockStripe(words: Int32Array, lockWord: number): void {
  Atomics.add(words, lockWord + STRIPE_SEQUENCE, 1);
  unlock(words, lockWord);
}
