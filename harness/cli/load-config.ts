/**
 * Turns the shared load flags into a `ConfigInput`, parsing each value with a message that
 * names the flag. Range checks happen in `resolveConfig`, the one place for them.
 */
import type { ConfigInput } from '../runner/config.js';
import type { LoadArgs } from './options.js';
import { parseCount, parseDurationMs, UsageError } from './parse-values.js';

export function loadConfigFromArgs(a: LoadArgs): ConfigInput {
  const c: ConfigInput = {};
  if (a.concurrency !== undefined) c.concurrency = parseCount('concurrency', a.concurrency, { integer: true });
  if (a.requests !== undefined) c.requests = parseCount('requests', a.requests, { integer: true });
  if (a.duration !== undefined) {
    c.durationMs = parseDurationMs('duration', a.duration);
    if (c.durationMs <= 0) throw new UsageError(`invalid --duration: got '${a.duration}'; expected a duration > 0 like 10s`);
  }
  if (a.warmup !== undefined) c.warmupMs = parseDurationMs('warmup', a.warmup);
  if (a.rate !== undefined) c.rate = parseCount('rate', a.rate, { positive: true });
  if (a.arrival !== undefined) {
    if (a.arrival !== 'constant' && a.arrival !== 'poisson') {
      throw new UsageError(`invalid --arrival: got '${a.arrival}'; expected constant | poisson`);
    }
    if (a.rate === undefined) throw new UsageError('--arrival needs --rate (arrivals only exist in an open loop)');
    c.arrival = a.arrival;
  }
  if (a.threads !== undefined) c.threads = parseCount('threads', a.threads, { integer: true });
  if (a.clients !== undefined) c.clients = parseCount('clients', a.clients, { integer: true });
  if (a.pipeline !== undefined) c.pipeline = parseCount('pipeline', a.pipeline, { integer: true });
  if (a.seed !== undefined) c.seed = parseCount('seed', a.seed, { integer: true, min: 0 });
  if (a.timeout !== undefined) c.timeoutMs = parseDurationMs('timeout', a.timeout);
  return c;
}
