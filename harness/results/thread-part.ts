/**
 * What one load-generating thread hands back to the main thread: the engine's self-description
 * after preload and the measured part after the measured phase. Both are structured-cloneable
 * (they cross from worker threads as messages). They live here, below the runner and the thread
 * handles, because `build-result` merges them and the thread driver produces them — neither of
 * those should import the other.
 */
import type { DomainFigures } from '../../shared/result-types.js';
import type { RecorderSnapshot } from '../recorder/recorder.js';

/** The engine's self-description, structured-cloneable. */
export interface EngineInfoRecord {
  readonly name: string;
  readonly family: 'redis' | 'memcached' | 'null';
  readonly location: 'in-process' | 'managed' | 'remote';
  readonly version: string;
  readonly capabilities: string[];
}

/** One thread's measured phase: its recorder snapshot, workload figures and operation counts. */
export interface MeasuredPart {
  readonly snapshot: RecorderSnapshot;
  readonly domain: DomainFigures | null;
  readonly attempted: number;
  readonly abandoned: number;
  /** Open loop: operations due in the measured phase that could not be sent in it. */
  readonly missed: number;
  /** Open loop: the misses happened while every in-flight slot waited on the server. */
  readonly missedWaitingOnServer?: boolean;
  /** The engine client's counters (`Engine.clientCounters`) over the measured phase. */
  readonly client?: Record<string, number>;
}
