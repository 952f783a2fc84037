/**
 * `--start-at`: the wall-clock instant the measured phase begins on every shard, so all shards
 * measure one window. Warm-up runs just before it; preload before that.
 */
import { ConfigError } from '../runner/config.js';

/** Starts further ahead than this are taken for typos. */
const MAX_AHEAD_MS = 7 * 24 * 3600 * 1000;

const ALLOWED = 'an ISO 8601 time with a zone, e.g. 2026-12-01T12:00:00Z or 2026-12-01T13:00:00+01:00';

/** Epoch ms of an ISO time with an explicit zone (a zone-less time means different instants on different machines). */
export function parseStartAt(raw: string, nowEpochMs: number = Date.now()): { iso: string; epochMs: number } {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) throw new ConfigError('start-at', ALLOWED, raw);
  const epochMs = Date.parse(raw);
  if (!Number.isFinite(epochMs)) throw new ConfigError('start-at', ALLOWED, raw);
  if (epochMs - nowEpochMs > MAX_AHEAD_MS) throw new ConfigError('start-at', 'a time within 7 days from now', raw);
  return { iso: new Date(epochMs).toISOString(), epochMs };
}
