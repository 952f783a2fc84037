/**
 * The durability result: what each persistence mode cost in write latency and throughput, and
 * how many acknowledged writes it lost when redis-server was SIGKILLed mid-stream. Written as
 * `<out>/durability-<timestamp>.json`; `kind` and `schemaVersion` identify it to readers.
 */
import type { Environment, LatencySummary, ToolInfo } from '../../shared/result-types.js';
import type { DurabilityMode } from './modes.js';
import type { DurabilityEngine } from './targets.js';

export const DURABILITY_KIND = 'cachebench.durability';
export const DURABILITY_SCHEMA_VERSION = 1;

export interface DurabilityConfig {
  readonly modes: readonly DurabilityMode[];
  /** Which servers to kill, each in every mode. @default ['redis-server'] */
  readonly engines?: readonly DurabilityEngine[];
  /** Stop issuing writes after this many (null: until the kill or the duration ends). */
  readonly writes: number | null;
  /** Longest write stream in ms (null: bounded by `writes` and the kill only). */
  readonly durationMs: number | null;
  /** SIGKILL the server this long after the first write was sent. */
  readonly killAfterMs: number;
  /** Writes kept outstanding at once (one pipelined connection). */
  readonly inFlight: number;
  /** Bytes per value: the write id, a colon, and seeded filler. */
  readonly valueBytes: number;
  readonly keyPrefix: string;
  readonly seed: number;
  /** Per-request timeout of the RESP driver. */
  readonly timeoutMs: number;
}

/** Where the lost acknowledged writes lie in time, relative to the kill (ms before it; ≥ 0 normally). */
export interface LostWindow {
  /** The earliest lost write was acknowledged this long before the kill. */
  readonly firstAckBeforeKillMs: number;
  /** The latest lost write was acknowledged this long before the kill. */
  readonly lastAckBeforeKillMs: number;
  /** Time between the first and the last lost acknowledgement. */
  readonly spanMs: number;
}

export interface ModeResult {
  /** Which server was killed (absent in results written before the served engine existed: redis-server). */
  readonly engine?: DurabilityEngine;
  readonly mode: DurabilityMode;
  /** The arguments the server ran with, beyond port/dir/log (persistence flags, runtime CONFIG SETs). */
  readonly serverConfig: {
    readonly persistence: string;
    readonly appendfsync: string | null;
    readonly save: string;
    readonly runtimeConfig: Record<string, string>;
  };
  /** Writes sent (acknowledged, failed by the kill, or never answered). */
  readonly sent: number;
  readonly acked: number;
  /** Acknowledged writes found with their value after the restart. */
  readonly survived: number;
  /** Acknowledged writes missing (or with another value) after the restart: acked − survived. */
  readonly lost: number;
  /** lost / acked (0 when nothing was acknowledged). */
  readonly lostFraction: number;
  readonly lostWindow: LostWindow | null;
  /** Sent but not acknowledged before the kill. */
  readonly unacked: number;
  /** Of those, how many were applied and survived anyway. */
  readonly unackedSurvived: number;
  /** ms from the first write to the kill (when the stream ran into it) or to the last ack. */
  readonly streamMs: number;
  /** Whether writes were still in flight when the kill came (false: the stream ended first). */
  readonly killedMidStream: boolean;
  /** Planned vs actual kill time after the first write (timer lateness shows here). */
  readonly killPlannedMs: number;
  readonly killActualMs: number;
  /** Acknowledged writes per second over `streamMs`. */
  readonly writesPerSec: number;
  /** Acknowledgement latency of every acked write (ns, HDR, encoded to merge). */
  readonly latency: LatencySummary;
  /** From starting the new server on the killed one's data until it answers PING with PONG (not LOADING). */
  readonly restartMs: number;
  /** Keys in the restarted database (DBSIZE). */
  readonly keysAfterRestart: number;
}

export interface DurabilityResult {
  readonly kind: typeof DURABILITY_KIND;
  readonly schemaVersion: typeof DURABILITY_SCHEMA_VERSION;
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly environment: Environment;
  readonly tool: ToolInfo;
  /** The redis-server version ('' when only the served engine ran). */
  readonly redisServerVersion: string;
  /** Version per engine that ran. */
  readonly engineVersions?: Record<string, string>;
  readonly config: DurabilityConfig;
  readonly modes: readonly ModeResult[];
}
