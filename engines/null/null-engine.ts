/**
 * The null engine: answers every operation at once without storing anything. Runs measure the
 * harness's own cost per operation with it (calibration), so engine figures can be read
 * against what the load generator itself adds.
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

export class NullEngine implements Engine {
  readonly info: EngineInfo;
  readonly sync = true;
  readonly kv: KvOps = new NullKv();
  readonly redis: RedisCommands = new NullRedis();

  constructor(version: string) {
    this.info = { name: 'null', family: 'null', location: 'in-process', version, capabilities: CAPABILITIES };
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
  async create() {
    return new NullEngine('built-in');
  },
};
