/**
 * `cachebench durability` handler: validate flags (bad ones exit 2 naming the flag and what is
 * allowed), check redis-server is installed, run the experiment, write the result file and
 * print the table / Markdown / JSON on stdout (progress on stderr when it is a terminal).
 */
import { findBinary, missingBinaryMessage } from '../../../engines/real/managed/index.js';
import { randomSeed } from '../../../shared/rng.js';
import { runDurability } from '../../durability/experiment.js';
import { DURABILITY_MODES, isDurabilityMode, type DurabilityMode } from '../../durability/modes.js';
import { DURABILITY_ENGINES, type DurabilityEngine } from '../../durability/targets.js';
import { durabilityToMarkdown, durabilityToTable } from '../../../reports/durability.js';
import { writeDurabilityResult } from '../../durability/result-file.js';
import type { DurabilityConfig } from '../../durability/types.js';
import { parseCount, parseDurationMs, UsageError } from '../parse-values.js';
import type { DurabilityArgs } from './command.js';

const FORMATS = ['table', 'markdown', 'json'] as const;
const MAX_IN_FLIGHT = 1024;
const MAX_VALUE_BYTES = 1 << 20;
// Every sent write keeps an 8-byte ack stamp until the read-back: these bounds keep that under
// ~0.5 GB even at 200k writes/s.
const MAX_KILL_AFTER_MS = 120_000;
const MAX_WRITES = 50_000_000;

export function parseModes(raw: string | undefined): DurabilityMode[] {
  if (raw === undefined) return [...DURABILITY_MODES];
  const names = raw.split(',').map((s) => s.trim());
  const modes: DurabilityMode[] = [];
  for (const name of names) {
    if (!isDurabilityMode(name)) {
      throw new UsageError(`invalid --persistence: got '${name}'; expected a comma-separated list of ${DURABILITY_MODES.join(', ')}`);
    }
    if (modes.includes(name)) throw new UsageError(`invalid --persistence: '${name}' is listed twice`);
    modes.push(name);
  }
  return modes;
}

export function parseEngines(raw: string | string[] | undefined): DurabilityEngine[] {
  if (raw === undefined) return ['redis-server'];
  const names = (Array.isArray(raw) ? raw : [raw]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const out: DurabilityEngine[] = [];
  for (const name of names) {
    if (!(DURABILITY_ENGINES as readonly string[]).includes(name)) {
      throw new UsageError(`invalid --engine: got '${name}'; expected ${DURABILITY_ENGINES.join(' and/or ')}`);
    }
    if (!out.includes(name as DurabilityEngine)) out.push(name as DurabilityEngine);
  }
  if (out.length === 0) throw new UsageError(`invalid --engine: expected ${DURABILITY_ENGINES.join(' and/or ')}`);
  return out;
}

/** Flags → experiment configuration; every check names its flag. */
export function durabilityConfigFrom(args: DurabilityArgs): DurabilityConfig {
  const engines = parseEngines(args.engine);
  const modes = parseModes(args.persistence);
  const writes = args.writes === undefined ? null : parseCount('writes', args.writes, { integer: true, min: 1 });
  if (writes !== null && writes > MAX_WRITES) throw new UsageError(`invalid --writes: got '${args.writes}'; expected an integer from 1 to ${MAX_WRITES}`);
  const durationMs = args.duration === undefined ? null : parseDurationMs('duration', args.duration);
  if (durationMs !== null && !(durationMs > 0)) throw new UsageError(`invalid --duration: got '${args.duration}'; expected a duration > 0 like 5s`);
  const killAfterMs = args.killAfter === undefined ? 2000 : parseDurationMs('kill-after', args.killAfter);
  if (!(killAfterMs > 0 && killAfterMs <= MAX_KILL_AFTER_MS)) {
    throw new UsageError(`invalid --kill-after: got '${args.killAfter}'; expected a duration > 0 and ≤ 2m like 2s`);
  }
  const inFlight = args.inFlight === undefined ? 8 : parseCount('in-flight', args.inFlight, { integer: true, min: 1 });
  if (inFlight > MAX_IN_FLIGHT) throw new UsageError(`invalid --in-flight: got '${args.inFlight}'; expected an integer from 1 to ${MAX_IN_FLIGHT}`);
  const valueBytes = args.valueSize === undefined ? 32 : parseCount('value-size', args.valueSize, { integer: true, min: 1 });
  if (valueBytes > MAX_VALUE_BYTES) throw new UsageError(`invalid --value-size: got '${args.valueSize}'; expected an integer from 1 to ${MAX_VALUE_BYTES}`);
  let seed: number;
  if (args.seed === undefined) seed = randomSeed();
  else {
    seed = Number(args.seed);
    if (!/^\d+$/.test(String(args.seed).trim()) || seed > 0xffffffff) {
      throw new UsageError(`invalid --seed: got '${args.seed}'; expected an integer from 0 to 4294967295`);
    }
  }
  const timeoutMs = args.timeout === undefined ? 5000 : parseDurationMs('timeout', args.timeout);
  if (!(timeoutMs > 0)) throw new UsageError(`invalid --timeout: got '${args.timeout}'; expected a duration > 0 like 5s`);
  return { modes, ...(args.engine !== undefined ? { engines } : {}), writes, durationMs, killAfterMs, inFlight, valueBytes, keyPrefix: 'durability:', seed, timeoutMs };
}

export async function durabilityHandler(args: DurabilityArgs): Promise<void> {
  const format = args.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`invalid --format: got '${format}'; expected ${FORMATS.join(', ')}`);
  const config = durabilityConfigFrom(args);
  if ((config.engines ?? ['redis-server']).includes('redis-server') && findBinary('redis-server') === null) {
    throw new Error(missingBinaryMessage('redis-server'));
  }
  const showProgress = process.stderr.isTTY === true;
  const result = await runDurability(config, {
    onMode: (mode, index, total, done, engine) => {
      if (!showProgress) return;
      const what = `${engine ?? 'redis-server'} ${mode}`;
      if (done === null) process.stderr.write(`[${index + 1}/${total}] ${what}: writing, SIGKILL, restart, read back…\n`);
      else process.stderr.write(`[${index + 1}/${total}] ${what}: ${done.acked} acknowledged, ${done.lost} lost\n`);
    },
  });
  const file = await writeDurabilityResult(args.out ?? 'out/results', result);
  if (format === 'json') process.stdout.write(JSON.stringify(result, null, 1) + '\n');
  else if (format === 'markdown') process.stdout.write(durabilityToMarkdown(result) + '\n');
  else process.stdout.write(durabilityToTable(result) + '\n');
  process.stderr.write(`result: ${file}\n`);
}
