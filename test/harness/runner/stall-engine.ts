/**
 * A real, tiny in-process engine for runner tests: a Map-backed store whose `get` blocks the
 * thread once, for `stallMs`, on its `stallAt`-th call — the shape of a GC pause or a fork()
 * for a snapshot. Not a stand-in for a product engine: it exists to give the runner a stall at a
 * known time.
 */
import { NullEngine } from '../../../engines/null/null-engine.js';
import type { Engine, KvOps } from '../../../engines/types.js';
import type { WorkloadInstance } from '../../../workloads/types.js';

export class StallingEngine extends NullEngine {
  calls = 0;
  private readonly store = new Map<string, string>();
  override readonly kv: KvOps;

  constructor(
    readonly stallAt: number,
    readonly stallMs: number,
  ) {
    super('test');
    const base = this.kv0();
    this.kv = {
      ...base,
      get: (key: string) => {
        this.calls++;
        if (this.calls === this.stallAt) {
          const until = performance.now() + this.stallMs;
          while (performance.now() < until) {
            // Busy: the thread is stuck, as in a real stop-the-world pause.
          }
        }
        return this.store.get(key) ?? null;
      },
      set: (key: string, value: string) => {
        this.store.set(key, value);
      },
    };
  }

  private kv0(): KvOps {
    return new NullEngine('test').kv;
  }
}

export function stallingEngine(stallAt: number, stallMs: number): Engine {
  return new StallingEngine(stallAt, stallMs);
}

/** One GET per step, always kind 0. */
export class GetOnly implements WorkloadInstance {
  readonly opKinds = ['get'];
  lastKind = 0;
  step(engine: Engine): number {
    engine.kv.get('k');
    return 0;
  }
}
