/**
 * The futex mutex: state transitions a caller relies on, and a waiter in another thread that
 * sleeps in Atomics.wait and is woken by unlock (not left spinning).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isLocked, lock, tryLock, unlock } from '../../../engines/memcached/locks.js';
import { distUrl } from '../../../shared/dist-url.js';

describe('futex mutex', () => {
  it('locks, refuses a second tryLock, and unlocks', () => {
    const w = new Int32Array(new SharedArrayBuffer(8));
    expect(tryLock(w, 0)).toBe(true);
    expect(isLocked(w, 0)).toBe(true);
    expect(tryLock(w, 0)).toBe(false);
    unlock(w, 0);
    expect(isLocked(w, 0)).toBe(false);
    lock(w, 0);
    expect(w[0]).toBe(1);
    unlock(w, 0);
    expect(w[0]).toBe(0);
  });

  it('a blocked thread sleeps (state 2) and wakes when the holder unlocks', async () => {
    const sab = new SharedArrayBuffer(8);
    const w = new Int32Array(sab);
    lock(w, 0);
    const url = distUrl('engines/memcached/locks.js').href;
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       import(workerData.url).then(({ lock, unlock }) => {
         const w = new Int32Array(workerData.sab);
         lock(w, 0); w[1] = 7; unlock(w, 0); parentPort.postMessage('done');
       });`,
      { eval: true, workerData: { sab, url } },
    );
    const deadline = Date.now() + 10_000;
    while (Atomics.load(w, 0) !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(Atomics.load(w, 0)).toBe(2); // the waiter announced itself and went to sleep
    expect(w[1]).toBe(0);
    const done = new Promise((r) => worker.once('message', r));
    unlock(w, 0);
    await done;
    expect(w[1]).toBe(7);
    expect(Atomics.load(w, 0)).toBe(0);
    await worker.terminate();
  });
});
