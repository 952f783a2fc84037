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
 *
 * Option `serviceModel` says where that service time is spent:
 *   spin    busy-wait on the calling (load) thread, as above              @default
 *   queue   a one-worker FIFO server beside the load thread: an operation arriving at t
 *           completes at max(t, previous completion) + serviceNs (a D/D/1 queue), honoured by a
 *           timer, so the engine is async and its capacity, 1e9 / serviceNs ops/s, does not
 *           depend on the CPU the load thread gets. On a shared machine a spinning engine's
 *           capacity falls with the CPU share (a descheduled spin serves nothing), which moves
 *           the boundary a rate search is meant to find; the queue model keeps it where the
 *           arithmetic puts it. Timers have ~1 ms granularity: use service times of a
 *           millisecond or more with it.
 */
import {
  OK,
  type Capability,
  type Engine,
  type EngineFactory,
  type EngineInfo,
  type EngineOption,
  type KvOps,
  type RedisCommands,
  type Reply,
} from '../types.js';
import { oneOf, optionNames, range } from '../engine-options.js';

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

/**
 * One worker, FIFO, a fixed service time. Due completions are kept in order; one timer resolves
 * every one that is due when it fires.
 */
class QueueServer {
  private busyUntil = 0;
  private readonly due: { at: number; resolve: () => void }[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly serviceMs: number) {}

  serve<T>(value: T): Promise<T> {
    const at = Math.max(performance.now(), this.busyUntil) + this.serviceMs;
    this.busyUntil = at;
    return new Promise<T>((resolve) => {
      this.due.push({ at, resolve: () => resolve(value) });
      if (this.timer === null) this.arm();
    });
  }

  private arm(): void {
    const next = this.due[this.head];
    this.timer = next === undefined ? null : setTimeout(() => this.fire(), Math.max(0, next.at - performance.now()));
  }

  private fire(): void {
    const t = performance.now();
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

/** The null answers, each after its turn in the queue server. */
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

/** Largest `serviceNs`: one second per operation. */
export const MAX_SERVICE_NS = 1_000_000_000;
export const SERVICE_MODELS = ['spin', 'queue'] as const;
export type ServiceModel = (typeof SERVICE_MODELS)[number];
/** The null engine's options (its `list` table; the unknown-option check reads the names from it). */
export const NULL_ENGINE_OPTIONS: readonly EngineOption[] = [
  { name: 'serviceNs', values: range(0, MAX_SERVICE_NS), default: '0', doc: 'simulated service time per operation, whole ns (0: return at once)', example: '1000' },
  { name: 'serviceModel', values: oneOf(SERVICE_MODELS), default: 'spin', doc: 'spin: the caller busy-waits the service time; queue: a one-worker FIFO server (capacity independent of CPU)', example: 'queue' },
];
const OPTION_NAMES = optionNames(NULL_ENGINE_OPTIONS);

/** `serviceModel` from engine options; `spin` when absent. */
export function serviceModelOption(options: Record<string, unknown>): ServiceModel {
  const raw = options['serviceModel'] ?? 'spin';
  if (!(SERVICE_MODELS as readonly unknown[]).includes(raw)) {
    throw new Error(`null option 'serviceModel': expected one of ${SERVICE_MODELS.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  return raw as ServiceModel;
}

/** `serviceNs` from engine options (a number, or a string from `--engine-opt`); 0 when absent. */
export function serviceNsOption(options: Record<string, unknown>): number {
  for (const k of Object.keys(options)) {
    if (!OPTION_NAMES.includes(k)) throw new Error(`null option '${k}': unknown; allowed: ${OPTION_NAMES.join(', ')}`);
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
  readonly sync: boolean;
  readonly kv: KvOps;
  readonly redis: RedisCommands;
  private readonly queue: QueueServer | null;

  /** `serviceNs`: service time per operation, spent as `model` says (see the top of this file). @default 0, 'spin' */
  constructor(version: string, serviceNs = 0, model: ServiceModel = 'spin') {
    this.info = { name: 'null', family: 'null', location: 'in-process', version, capabilities: CAPABILITIES };
    this.queue = serviceNs > 0 && model === 'queue' ? new QueueServer(serviceNs / 1e6) : null;
    this.sync = this.queue === null;
    if (this.queue !== null) {
      this.kv = new QueuedKv(this.queue);
      this.redis = new QueuedRedis(this.queue);
    } else {
      this.kv = serviceNs > 0 ? new ServiceTimeKv(serviceNs / 1e6) : new NullKv();
      this.redis = serviceNs > 0 ? new ServiceTimeRedis(serviceNs / 1e6) : new NullRedis();
    }
  }
  stats(): Record<string, number> {
    return {};
  }
  flush(): void {}
  close(): void {
    this.queue?.close();
  }
}

export const nullEngineFactory: EngineFactory = {
  name: 'null',
  family: 'null',
  location: 'in-process',
  description: 'does nothing; measures the harness itself (calibration)',
  capabilities: CAPABILITIES,
  options: NULL_ENGINE_OPTIONS,
  validateOptions(options: Record<string, unknown>): void {
    serviceNsOption(options);
    serviceModelOption(options);
  },
  async create(options: Record<string, unknown>) {
    return new NullEngine('built-in', serviceNsOption(options), serviceModelOption(options));
  },
};
