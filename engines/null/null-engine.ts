/**
 * The null engine: answers every operation at once without storing anything. Runs measure the
 * harness's own cost per operation with it (calibration), so engine figures can be read
 * against what the load generator itself adds.
 *
 * Option `serviceNs` (whole nanoseconds, default 0) makes every operation busy-wait that long
 * on the calling thread before answering: an engine with a known, adjustable service time, for
 * proving that a gate catches a slowdown (`serviceNs=4000` vs `5000` is a 25% longer service
 * time) or that a capacity search finds the rate the service time allows. It spins rather than
 * sleeps because timers cannot wait microseconds; with 0 the engine is the plain null engine
 * (no clock read), so calibration is unaffected.
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

/** Busy-waits `ms` on this thread: the service time of one operation. */
function spinMs(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: the wait is the point
  }
}

/** The null answers, each after `serviceNs` of busy work. */
class ServiceTimeKv extends NullKv {
  constructor(private readonly serviceMs: number) {
    super();
  }
  override get(key: string): string | null {
    spinMs(this.serviceMs);
    return super.get(key);
  }
  override set(key: string, value: string, ttlMs?: number): void {
    spinMs(this.serviceMs);
    super.set(key, value, ttlMs);
  }
  override add(key: string, value: string, ttlMs?: number): boolean {
    spinMs(this.serviceMs);
    return super.add(key, value, ttlMs);
  }
  override del(key: string): boolean {
    spinMs(this.serviceMs);
    return super.del(key);
  }
  override mget(keys: readonly string[]): (string | null)[] {
    spinMs(this.serviceMs);
    return super.mget(keys);
  }
  override incr(key: string, delta: number): number {
    spinMs(this.serviceMs);
    return super.incr(key, delta);
  }
  override expire(key: string, ttlMs: number): boolean {
    spinMs(this.serviceMs);
    return super.expire(key, ttlMs);
  }
}

class ServiceTimeRedis extends NullRedis {
  constructor(private readonly serviceMs: number) {
    super();
  }
  override call(args: readonly string[]): Reply {
    spinMs(this.serviceMs);
    return super.call(args);
  }
}

/** Largest `serviceNs`: one second per operation. */
export const MAX_SERVICE_NS = 1_000_000_000;
const OPTION_NAMES = ['serviceNs'] as const;

/** `serviceNs` from engine options (a number, or a string from `--engine-opt`); 0 when absent. */
export function serviceNsOption(options: Record<string, unknown>): number {
  for (const k of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(k)) throw new Error(`null option '${k}': unknown; allowed: ${OPTION_NAMES.join(', ')}`);
  }
  const raw = options['serviceNs'];
  if (raw === undefined) return 0;
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_SERVICE_NS) {
    throw new Error(`null option 'serviceNs': expected whole nanoseconds from 0 to ${MAX_SERVICE_NS} (got ${JSON.stringify(raw)})`);
  }
  return v;
}

export class NullEngine implements Engine {
  readonly info: EngineInfo;
  readonly sync = true;
  readonly kv: KvOps;
  readonly redis: RedisCommands;

  /** `serviceNs`: busy-wait per operation (see the top of this file). @default 0 */
  constructor(version: string, serviceNs = 0) {
    this.info = { name: 'null', family: 'null', location: 'in-process', version, capabilities: CAPABILITIES };
    this.kv = serviceNs > 0 ? new ServiceTimeKv(serviceNs / 1e6) : new NullKv();
    this.redis = serviceNs > 0 ? new ServiceTimeRedis(serviceNs / 1e6) : new NullRedis();
  }
  stats(): Record<string, number> {
    return {};
  }
  flush(): void {}
  close(): void {}
}

export const nullEngineFactory: EngineFactory = {
  name: 'null',
  family: 'null',
  location: 'in-process',
  description: 'does nothing; measures the harness itself (calibration)',
  capabilities: CAPABILITIES,
  validateOptions(options: Record<string, unknown>): void {
    serviceNsOption(options);
  },
  async create(options: Record<string, unknown>) {
    return new NullEngine('built-in', serviceNsOption(options));
  },
};
