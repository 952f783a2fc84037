/**
 * Turns the shared load flags into a `ConfigInput`: it only parses (text → number, duration),
 * with a message naming the flag. Every range and combination check is `resolveConfig`'s, the
 * one place for them, so flags and suite files get the same rules.
 */
import type { ConfigInput } from '../runner/config.js';
import type { LoadArgs } from './options.js';
import { parseCount, parseDurationMs } from './parse-values.js';

export function loadConfigFromArgs(a: LoadArgs): ConfigInput {
  const c: ConfigInput = {};
  if (a.concurrency !== undefined) c.concurrency = parseCount('concurrency', a.concurrency, { integer: true });
  if (a.requests !== undefined) c.requests = parseCount('requests', a.requests, { integer: true });
  if (a.duration !== undefined) c.durationMs = parseDurationMs('duration', a.duration);
  if (a.warmup !== undefined) c.warmupMs = parseDurationMs('warmup', a.warmup);
  if (a.rate !== undefined) c.rate = parseCount('rate', a.rate, { positive: true });
  if (a.arrival !== undefined) c.arrival = a.arrival as ConfigInput['arrival'];
  if (a.threads !== undefined) c.threads = parseCount('threads', a.threads, { integer: true });
  if (a.clients !== undefined) c.clients = parseCount('clients', a.clients, { integer: true });
  if (a.pipeline !== undefined) c.pipeline = parseCount('pipeline', a.pipeline, { integer: true });
  if (a.seed !== undefined) c.seed = parseCount('seed', a.seed, { integer: true, min: 0 });
  if (a.timeout !== undefined) c.timeoutMs = parseDurationMs('timeout', a.timeout);
  return c;
}
