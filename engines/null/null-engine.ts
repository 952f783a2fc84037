/**
 * The null engine: answers every operation at once without storing anything. Runs measure the
 * harness's own cost per operation with it (calibration), so engine figures can be read
 * against what the load generator itself adds.
 *
 * Option `serviceUs` (µs, default 0) turns it into a synthetic server with a known capacity:
 * one worker serving operations first come, first served, `serviceUs` each, so it completes at
 * most 1e6 / serviceUs ops/s and its latency rises at exactly that rate (a D/D/1 queue). Its
 * service does not use the load thread's CPU — completions are due times honoured by a timer,
 * as a remote server's replies would be — so a busy machine delays when a completion is seen,
 * not the capacity. The rate search (`cachebench slo`) is tested against it.
 */
import {
  OK,
  type Capability,
  type Engine,
  type EngineFactory,
  type EngineInfo,
  type KvOps,
  type RedisCommands,
  type Reply,
} from '../types.js';

const CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['strings']);

/** Upper bound of `serviceUs`: one second per operation is already absurd for a cache. */
const MAX_SERVICE_US = 1_000_000;

const now: () => number = performance.now.bind(performance);

/** Every method returns a constant; nothing is allocated per call. */
class NullKv implements KvOps {
  get(_key: string): string | null {
    return null;
  }
  set(_key: string, _value: string, _ttlMs?: number): void {}
  add(_key: string, _value: string, _ttlMs?: number): boolean {
    return true;
  }
  del(_key: string): boolean {
    return false;
  }
  mget(keys: readonly string[]): (string | null)[] {
    return new Array<string | null>(keys.length).fill(null);
  }
  incr(_key: string, _delta: number): number {
    return 0;
  }
  expire(_key: string, _ttlMs: number): boolean {
    return false;
  }
}

class NullRedis implements RedisCommands {
  call(_args: readonly string[]): Reply {
    return OK;
  }
}

/**
 * One worker, FIFO, a fixed service time: an operation arriving at `t` completes at
 * max(t, previous completion) + service. Due completions are kept in order and one timer
 * resolves every one that is due when it fires.
 */
class QueueServer {
  private busyUntil = 0;
  private readonly due: { at: number; resolve: () => void }[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly serviceMs: number) {}

  serve<T>(value: T): Promise<T> {
    const at = Math.max(now(), this.busyUntil) + this.serviceMs;
    this.busyUntil = at;
    return new Promise<T>((resolve) => {
      this.due.push({ at, resolve: () => resolve(value) });
      if (this.timer === null) this.arm();
    });
  }

  private arm(): void {
    const next = this.due[this.head];
    if (next === undefined) {
      this.timer = null;
      return;
    }
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.at - now()));
  }

  private fire(): void {
    const t = now();
    while (this.head < this.due.length && this.due[this.head]!.at <= t) this.due[this.head++]!.resolve();
    if (this.head > 4096 && this.head * 2 > this.due.length) {
      this.due.splice(0, this.head);
      this.head = 0;
    }
    this.arm();
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    // Anything still queued completes now rather than never.
    while (this.head < this.due.length) this.due[this.head++]!.resolve();
  }
}

class QueuedKv implements KvOps {
  constructor(private readonly q: QueueServer) {}
  get(_key: string): Promise<string | null> {
    return this.q.serve(null);
  }
  set(_key: string, _value: string, _ttlMs?: number): Promise<void> {
    return this.q.serve(undefined);
  }
  add(_key: string, _value: string, _ttlMs?: number): Promise<boolean> {
    return this.q.serve(true);
  }
  del(_key: string): Promise<boolean> {
    return this.q.serve(false);
  }
  mget(keys: readonly string[]): Promise<(string | null)[]> {
    return this.q.serve(new Array<string | null>(keys.length).fill(null));
  }
  incr(_key: string, _delta: number): Promise<number> {
    return this.q.serve(0);
  }
  expire(_key: string, _ttlMs: number): Promise<boolean> {
    return this.q.serve(false);
  }
}

class QueuedRedis implements RedisCommands {
  constructor(private readonly q: QueueServer) {}
  call(_args: readonly string[]): Promise<Reply> {
    return this.q.serve<Reply>(OK);
  }
}

export class NullEngine implements Engine {
  readonly info: EngineInfo;
  readonly sync: boolean;
  readonly kv: KvOps;
  readonly redis: RedisCommands;
  private readonly queue: QueueServer | null;

  constructor(version: string, serviceUs = 0) {
    this.info = { name: 'null', family: 'null', location: 'in-process', version, capabilities: CAPABILITIES };
    this.queue = serviceUs > 0 ? new QueueServer(serviceUs / 1000) : null;
    this.sync = this.queue === null;
    this.kv = this.queue === null ? new NullKv() : new QueuedKv(this.queue);
    this.redis = this.queue === null ? new NullRedis() : new QueuedRedis(this.queue);
  }
  stats(): Record<string, number> {
    return {};
  }
  flush(): void {}
  close(): void {
    this.queue?.close();
  }
}

/** `serviceUs` from engine options: a number of µs from 0 to MAX_SERVICE_US. */
export function nullServiceUs(options: Record<string, unknown>): number {
  for (const k of Object.keys(options)) {
    if (k !== 'serviceUs') throw new Error(`null option '${k}': unknown; the null engine takes serviceUs (µs of service per operation)`);
  }
  const raw = options['serviceUs'];
  if (raw === undefined) return 0;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > MAX_SERVICE_US) {
    throw new Error(`null option 'serviceUs': must be a number of µs from 0 to ${MAX_SERVICE_US} (got '${String(raw)}')`);
  }
  return v;
}

export const nullEngineFactory: EngineFactory = {
  name: 'null',
  family: 'null',
  location: 'in-process',
  description: 'does nothing; measures the harness itself (calibration); serviceUs=N makes it a one-worker server taking N µs per operation',
  capabilities: CAPABILITIES,
  validateOptions(options) {
    nullServiceUs(options);
  },
  async create(options) {
    return new NullEngine('built-in', nullServiceUs(options));
  },
};
