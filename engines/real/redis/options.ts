/**
 * Options of the `redis` and `redis-server` engines, validated once with messages that name
 * the field and the allowed values. Values may arrive as strings from the command line.
 */
import { readFileSync } from 'node:fs';
import type tls from 'node:tls';
import { BOOLEAN_VALUES, oneOf, range } from '../../engine-options.js';
import type { EngineOption } from '../../types.js';

export type RedisClientKind = 'ioredis' | 'resp';
export const REDIS_CLIENT_KINDS: readonly RedisClientKind[] = ['ioredis', 'resp'];

/** The client options every remote Redis engine takes, as rows of its option table. */
export const REDIS_ADAPTER_OPTIONS: Readonly<Record<'connections' | 'pipeline' | 'autoPipelining' | 'client' | 'timeoutMs' | 'tls', EngineOption>> = {
  connections: { name: 'connections', values: range(1), default: '1', doc: 'sockets per load thread (--clients)', example: '4' },
  pipeline: { name: 'pipeline', values: range(1), default: '1', doc: 'ioredis only: commands per explicit pipeline', example: '1' },
  autoPipelining: { name: 'autoPipelining', values: BOOLEAN_VALUES, default: 'false', doc: "ioredis only: its auto-pipelining", example: 'false' },
  client: { name: 'client', values: oneOf(REDIS_CLIENT_KINDS), default: 'resp', doc: 'resp: the lean driver; ioredis: the library (cluster client on a cluster)', example: 'ioredis' },
  timeoutMs: { name: 'timeoutMs', values: range(1), default: '5000', doc: 'per-request timeout in ms', example: '1000' },
  tls: { name: 'tls', values: 'object in a suite file: ca, cert, key, caFile, certFile, keyFile, servername, rejectUnauthorized (or the --tls-* flags)', default: 'none (rediss:// uses the system CAs)', doc: 'TLS client options for rediss://' },
};

export interface RedisAdapterOptions {
  /** Sockets per load thread. @default 1 */
  readonly connections: number;
  /** ioredis only: commands per explicit pipeline (1 = no explicit pipelining). @default 1 */
  readonly pipeline: number;
  /** ioredis only: its auto-pipelining (commands of one event-loop turn in one write). @default false */
  readonly autoPipelining: boolean;
  /** @default 'resp' (on a cluster through its slot router, resp/cluster-client.ts) */
  readonly client: RedisClientKind;
  /** Per-request timeout. @default 5000 */
  readonly timeoutMs: number;
  /** TLS client options for rediss:// (CA, certificates); cloneable. */
  readonly tls?: tls.ConnectionOptions;
}

function positiveInt(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new Error(`${field}: must be a positive integer (got '${String(value)}')`);
  }
  return n;
}

function bool(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  throw new Error(`${field}: must be true or false (got '${String(value)}')`);
}

export function resolveAdapterOptions(options: Record<string, unknown>, cluster: boolean): RedisAdapterOptions {
  const clientRaw = options['client'];
  const client = clientRaw === undefined ? 'resp' : clientRaw;
  if (client !== 'ioredis' && client !== 'resp') {
    throw new Error(`client: '${String(client)}' is not one of ${REDIS_CLIENT_KINDS.join(', ')}`);
  }
  const pipeline = positiveInt('pipeline', options['pipeline'], 1);
  const autoPipelining = bool('autoPipelining', options['autoPipelining'], false);
  if (client === 'resp' && (pipeline > 1 || autoPipelining)) {
    throw new Error(
      "pipeline/autoPipelining: apply to client 'ioredis' only; client 'resp' always pipelines, " +
        'its depth per connection is the concurrency ÷ connections',
    );
  }
  if (cluster && pipeline > 1) {
    throw new Error('pipeline: explicit pipelines need every key in one slot, so not with redis+cluster://; use autoPipelining');
  }
  const timeoutMs = positiveInt('timeoutMs', options['timeoutMs'], 5000);
  const tlsRaw = options['tls'];
  if (tlsRaw !== undefined && (typeof tlsRaw !== 'object' || tlsRaw === null || Array.isArray(tlsRaw))) {
    throw new Error('tls: must be an object of TLS client options ({ ca, cert, key, caFile, certFile, keyFile, servername, rejectUnauthorized })');
  }
  const tlsOptions = tlsRaw === undefined ? undefined : withTlsFiles(tlsRaw as Record<string, unknown>);
  return {
    connections: positiveInt('connections', options['connections'], 1),
    pipeline,
    autoPipelining,
    client,
    timeoutMs,
    ...(tlsOptions !== undefined ? { tls: tlsOptions as tls.ConnectionOptions } : {}),
  };
}

/** File options (`caFile`, `certFile`, `keyFile`: what --tls-ca/--tls-cert/--tls-key set) read into `ca`, `cert`, `key`. */
const TLS_FILES: readonly (readonly [string, 'ca' | 'cert' | 'key'])[] = [
  ['caFile', 'ca'],
  ['certFile', 'cert'],
  ['keyFile', 'key'],
];

/**
 * TLS client options with the named files read. The result records the paths (engines/secrets.ts
 * keeps `…File` keys and redacts the PEM contents); each load thread reads the files itself.
 */
function withTlsFiles(raw: Record<string, unknown>): tls.ConnectionOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const file = TLS_FILES.find(([f]) => f === k);
    if (!file) {
      out[k] = v;
      continue;
    }
    if (typeof v !== 'string' || v.length === 0) throw new Error(`tls.${k}: must be a file path (got ${JSON.stringify(v)})`);
    try {
      out[file[1]] = readFileSync(v, 'latin1');
    } catch (err) {
      throw new Error(`tls.${k}: cannot read '${v}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  if (out['rejectUnauthorized'] !== undefined && typeof out['rejectUnauthorized'] !== 'boolean') {
    throw new Error(`tls.rejectUnauthorized: must be true or false (got ${JSON.stringify(out['rejectUnauthorized'])})`);
  }
  return out as tls.ConnectionOptions;
}
