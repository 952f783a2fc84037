/**
 * The HTTP API's parameters, as a table (name, default, bounds, doc) from which validation and
 * `cachebench http --help` derive. Every value arrives loose (flags, `-p k=v`) and is checked
 * here, naming the field and what is allowed.
 */
import { WorkloadParamError, type WorkloadParams } from '../types.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';

export interface ApiParams {
  /** Rows in the users table. */
  readonly rows: number;
  /** TTL of a cached user row (ms, 0 = none). */
  readonly userTtlMs: number;
  /** Life of a session after its last use (ms). */
  readonly sessionTtlMs: number;
  /** Requests allowed per client per window on `/limited`. */
  readonly limit: number;
  readonly windowMs: number;
  /** Players on the leaderboard. */
  readonly players: number;
  /** Accounts posting and following on `/tweets`, `/timeline`. */
  readonly accounts: number;
  /** Entries kept per timeline. */
  readonly maxLen: number;
  /** `''` for embedded PGlite (its own thread), or a postgres:// URL. */
  readonly db: string;
}

/** The API's parameter table (`workloads/param-table.ts`). */
export const API_PARAM_TABLE: ParamTable = [
  { name: 'rows', kind: 'int', default: 10_000, min: 10, max: 1_000_000, doc: 'rows in the users table' },
  { name: 'userTtlMs', kind: 'int', default: 60_000, min: 0, max: 30 * 24 * 3600 * 1000, doc: 'TTL of a cached user row in ms, 0 = none' },
  { name: 'sessionTtlMs', kind: 'int', default: 1_800_000, min: 1000, max: 30 * 24 * 3600 * 1000, doc: 'session life after its last use in ms (memcached rounds up to seconds)' },
  { name: 'limit', kind: 'int', default: 5, min: 1, max: 1_000_000, doc: 'requests per client per window on /limited' },
  { name: 'windowMs', kind: 'int', default: 60_000, min: 1000, max: 24 * 3600 * 1000, doc: 'rate-limit window in ms' },
  { name: 'players', kind: 'int', default: 1000, min: 10, max: 20_000, doc: 'leaderboard players (the memcached board is one item)' },
  { name: 'accounts', kind: 'int', default: 1000, min: 10, max: 100_000, doc: 'accounts that tweet and follow (power-law followers, account 0 a celebrity)' },
  { name: 'maxLen', kind: 'int', default: 100, min: 50, max: 10_000, doc: 'entries kept per timeline' },
  { name: 'db', kind: 'string', default: '', doc: "'' for embedded PGlite in its own thread, or a postgres://user:pass@127.0.0.1/db URL" },
];

/** name → doc with default and bounds, for --help. */
export const API_PARAMS: Readonly<Record<string, string>> = paramDocs(API_PARAM_TABLE);

export function resolveApiParams(params: WorkloadParams): ApiParams {
  const out = resolveParamTable(API_PARAM_TABLE, params) as unknown as ApiParams;
  if (out.db !== '' && !/^postgres(ql)?:\/\//.test(out.db)) throw new WorkloadParamError('db', `must be '' (embedded PGlite) or a postgres:// URL, got ${JSON.stringify(out.db)}`);
  return out;
}
