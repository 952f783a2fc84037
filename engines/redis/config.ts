/**
 * The settings the redis-style engine has, as data: name, default, how to parse and print a
 * value, and whether CONFIG SET may change it. Engine options, CONFIG GET/SET and the
 * validation messages all come from this one table.
 */
import { CHANNEL_OPTION_NAMES } from './threaded/channel-options.js';

export type EvictionPolicy = 'noeviction' | 'allkeys-lru' | 'volatile-lru' | 'allkeys-random' | 'volatile-ttl';
export const EVICTION_POLICIES: readonly EvictionPolicy[] = [
  'noeviction',
  'allkeys-lru',
  'volatile-lru',
  'allkeys-random',
  'volatile-ttl',
];

export interface RedisStyleConfig {
  /** Memory limit in bytes for the engine's estimate; 0 = unlimited. @default 0 */
  maxmemory: number;
  /** @default 'noeviction' */
  'maxmemory-policy': EvictionPolicy;
  /** Keys sampled per eviction (Redis's approximate LRU). @default 5 */
  'maxmemory-samples': number;
  /** Active expiry cycles per second. @default 10 */
  hz: number;
  /** Number of databases for SELECT. @default 16 */
  databases: number;
}

export const DEFAULT_CONFIG: RedisStyleConfig = {
  maxmemory: 0,
  'maxmemory-policy': 'noeviction',
  'maxmemory-samples': 5,
  hz: 10,
  databases: 16,
};

interface Setting {
  readonly name: keyof RedisStyleConfig;
  readonly mutable: boolean;
  /** Allowed values and meaning, for the engine's option table (`cachebench list`). */
  readonly values: string;
  readonly doc: string;
  readonly example: string;
  /** Parse a CONFIG SET / option value; a string return is the error reason. */
  parse(v: string): number | EvictionPolicy | string;
  print(v: RedisStyleConfig[keyof RedisStyleConfig]): string;
}

const MEMORY_UNITS = new Map<string, number>([
  ['', 1],
  ['b', 1],
  ['k', 1000],
  ['kb', 1024],
  ['m', 1000 * 1000],
  ['mb', 1024 * 1024],
  ['g', 1000 * 1000 * 1000],
  ['gb', 1024 * 1024 * 1024],
]);

function parseMemory(v: string): number | string {
  const m = /^(\d+)([a-z]*)$/i.exec(v);
  const unit = m ? MEMORY_UNITS.get(m[2]!.toLowerCase()) : undefined;
  if (!m || unit === undefined) return 'argument must be a memory value';
  return Number(m[1]) * unit;
}

function intIn(min: number, max: number): (v: string) => number | string {
  return (v) => {
    if (!/^-?\d+$/.test(v)) return 'argument couldn\'t be parsed into an integer';
    const n = Number(v);
    if (n < min || n > max) return `argument must be between ${min} and ${max} inclusive`;
    return n;
  };
}

/** An integer setting: its parse and its table row from one pair of bounds. */
function intSetting(name: keyof RedisStyleConfig, mutable: boolean, min: number, max: number, doc: string, example: string): Setting {
  return { name, mutable, values: `${min}..${max}`, doc, example, parse: intIn(min, max), print: String };
}

export const SETTINGS: ReadonlyMap<string, Setting> = new Map<string, Setting>(
  (
    [
      { name: 'maxmemory', mutable: true, values: 'bytes, or with a unit: 100mb, 1gb (0: unlimited)', doc: 'memory limit for the engine\'s estimate', example: '100mb', parse: parseMemory, print: String },
      {
        name: 'maxmemory-policy',
        mutable: true,
        values: EVICTION_POLICIES.join(' | '),
        doc: 'what to evict at maxmemory',
        example: 'allkeys-lru',
        parse: (v: string) =>
          (EVICTION_POLICIES as readonly string[]).includes(v.toLowerCase())
            ? (v.toLowerCase() as EvictionPolicy)
            : 'argument(s) must be one of the following: ' + EVICTION_POLICIES.join(', '),
        print: String,
      },
      intSetting('maxmemory-samples', true, 1, 64, 'keys sampled per eviction (approximate LRU)', '10'),
      intSetting('hz', true, 1, 500, 'active expiry cycles per second', '10'),
      intSetting('databases', false, 1, 1024, 'databases for SELECT', '16'),
    ] as Setting[]
  ).map((s) => [s.name, s]),
);

/** Validate engine options (from flags or a suite) into a full config; throws naming the field. */
export function resolveConfig(options: Record<string, unknown> | undefined): RedisStyleConfig {
  const config: RedisStyleConfig = { ...DEFAULT_CONFIG };
  if (!options) return config;
  for (const [key, raw] of Object.entries(options)) {
    if (CHANNEL_OPTION_NAMES.includes(key)) continue; // handled by the factory
    const setting = SETTINGS.get(key);
    if (!setting) {
      throw new Error(
        `redis-style option '${key}' is unknown; allowed: ${[...SETTINGS.keys(), ...CHANNEL_OPTION_NAMES].join(', ')}`,
      );
    }
    const parsed = setting.parse(String(raw));
    if (typeof parsed === 'string' && !(EVICTION_POLICIES as readonly string[]).includes(parsed)) {
      throw new Error(`redis-style option '${key}': ${parsed} (got '${String(raw)}')`);
    }
    (config as unknown as Record<string, unknown>)[key] = parsed;
  }
  return config;
}
