#!/usr/bin/env node
/**
 * The `cachebench` command line. Commands live one per folder (typed args + builder here,
 * handler imported lazily). Bad input exits 2 with a message naming the flag and the allowed
 * values — never a stack trace; a failed run exits 1.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CapabilityError } from '../../engines/types.js';
import { WorkloadParamError } from '../../workloads/types.js';
import { ResultFileError } from '../results/files.js';
import { ConfigError } from '../runner/config.js';
import { SuiteError } from '../suite/suite.js';
import { compareCommand } from './compare/command.js';
import { durabilityCommand } from './durability/command.js';
import { httpCommand } from './http/command.js';
import { listCommand } from './list/command.js';
import { flagName, UsageError } from './parse-values.js';
import { reportCommand } from './report/command.js';
import { runCommand } from './run/command.js';
import { suiteCommand } from './suite/command.js';

export const EXIT_USAGE = 2;

/** Builds the parser; exported so tests can inspect `--help` and parse without exiting. */
export function buildCli(argv: readonly string[]): Argv {
  return yargs(joinNegativeValues(argv))
    .scriptName('cachebench')
    .usage('$0 <command> [options]\n\nBenchmark Memcached-style and Redis-style key-value stores side by side.')
    .command(runCommand)
    .command(reportCommand)
    .command(suiteCommand)
    .command(compareCommand)
    .command(listCommand)
    .command(durabilityCommand)
    .command(httpCommand)
    .demandCommand(1, 'give a command: run, report, suite, compare, list, durability or http')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(120, process.stdout.columns || 100));
}

/** A message for the user when `err` is bad input, or null when it is a real failure. */
export function usageMessage(err: unknown): string | null {
  if (err instanceof UsageError || err instanceof SuiteError || err instanceof ResultFileError || err instanceof CapabilityError) return err.message;
  if (err instanceof ConfigError) return `invalid ${flagName(err.field)}: ${err.message.replace(/^invalid \S+: /, '')}`;
  if (err instanceof WorkloadParamError) return `invalid ${flagName(err.field)} (workload parameter ${err.field}): ${err.message.replace(/^\S+: /, '')}`;
  return null;
}

/**
 * `--duration -3s` would otherwise reach yargs as short flags (-3, -s) and the error would not
 * name --duration; join such values to their flag so validation can name it.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a.startsWith('--') && !a.includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export async function main(rawArgv: readonly string[]): Promise<void> {
  const cli = buildCli(rawArgv).fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`cachebench: ${msg}\nRun with --help for usage.\n`);
    process.exit(EXIT_USAGE);
  });
  try {
    await cli.parseAsync();
  } catch (err) {
    const usage = usageMessage(err);
    if (usage !== null) {
      process.stderr.write(`cachebench: ${usage}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`cachebench: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.CACHEBENCH_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 1;
  }
}

await main(hideBin(process.argv));
