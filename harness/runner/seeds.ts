/**
 * The seeds and streams one run derives from its recorded seed, in one place (the stream ids are
 * `shared/stream-ids.ts`): what each thread's workload, arrivals and engine draw from, and the
 * seed of engine state all threads share. The same seed gives every thread the same streams,
 * whatever the timing or the number of processes (a shard's threads keep their run-wide index).
 */
import { Rng } from '../../shared/rng.js';
import { RUN_STREAM } from '../../shared/stream-ids.js';

/** A thread's workload stream. */
export function workloadRng(runSeed: number, threadIndex: number): Rng {
  return new Rng(runSeed).fork(RUN_STREAM.workload).fork(threadIndex);
}

/** A thread's open-loop arrival stream. */
export function arrivalRng(runSeed: number, threadIndex: number): Rng {
  return new Rng(runSeed).fork(RUN_STREAM.arrivals).fork(threadIndex);
}

/** The seed of a thread's own engine instance (`ThreadContext.seed`). */
export function engineSeed(runSeed: number, threadIndex: number): number {
  return new Rng(runSeed).fork(RUN_STREAM.engine).fork(threadIndex).nextU32();
}

/** The seed of engine state shared by every thread (`SharedContext.seed`: the redis-style engine thread). */
export function sharedEngineSeed(runSeed: number): number {
  return new Rng(runSeed).fork(RUN_STREAM.sharedEngine).nextU32();
}
