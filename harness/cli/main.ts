#!/usr/bin/env node
/**
 * The `cachebench` command line. Commands live one per folder (typed args + builder here,
 * handler imported lazily). Bad input exits 2 with a message naming the flag and the allowed
 * values — never a stack trace; a failed run exits 1.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { redactText } from '../../engines/secrets.js';
import { CapabilityError } from '../../engines/types.js';
import { WorkloadParamError } from '../../workloads/types.js';
import { MergeError } from '../merge/merge-error.js';
import { ResultFileError } from '../results/files.js';
import { SearchFileError } from '../slo/record.js';
import { ConfigError } from '../runner/config.js';
import { SuiteError } from '../suite/suite.js';
import { ciCommand } from './ci/command.js';
import { compareCommand } from './compare/command.js';
import { durabilityCommand } from './durability/command.js';
import { httpCommand } from './http/command.js';
import { microCommand } from './micro/command.js';
import { listCommand } from './list/command.js';
import { mergeCommand } from './merge/command.js';
import { flagName, UsageError } from './parse-values.js';
import { reportCommand } from './report/command.js';
import { PARAM_FLAGS, runCommand } from './run/command.js';
import { serveCommand } from './serve/command.js';
import { sloCommand } from './slo/command.js';
import { sweepCommand } from './sweep/command.js';
import { suiteCommand } from './suite/command.js';
import { EngineOptionError } from '../cell/resolve-cell.js';

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
    .command(ciCommand)
    .command(listCommand)
    .command(durabilityCommand)
    .command(mergeCommand)
    .command(serveCommand)
    .command(sloCommand)
    .command(sweepCommand)
    .command(httpCommand)
    .command(microCommand)
    .demandCommand(1, 'give a command: run, report, suite, compare, ci, list, durability, merge, serve, slo, sweep, http or micro')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(120, process.stdout.columns || 100));
}

/** A message for the user when `err` is bad input, or null when it is a real failure. */
export function usageMessage(err: unknown): string | null {
  if (err instanceof UsageError || err instanceof SuiteError || err instanceof ResultFileError || err instanceof SearchFileError || err instanceof CapabilityError || err instanceof MergeError) return err.message;
  if (err instanceof EngineOptionError) return `invalid engine option for ${err.engine} (--url, --client, --connections, --engine-opt): ${err.reason}`;
  if (err instanceof ConfigError) return `invalid ${flagName(err.field)}: ${err.message.replace(/^invalid \S+: /, '')}`;
  if (err instanceof WorkloadParamError) {
    // A parameter with its own flag is named by it; any other came in as -p/--param name=value.
    const flag = PARAM_FLAGS[err.field] ?? `-p/--param ${err.field}`;
    return `invalid ${flag} (workload parameter ${err.field}): ${err.message.replace(/^\S+: /, '')}`;
  }
  return null;
}

/**
 * `--duration -3s` (or `-d -1s`) would otherwise reach yargs as short flags (-3, -s) and the error
 * would not name --duration; join such values to their flag so validation can name it.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const flag = (a.startsWith('--') && !a.includes('=')) || /^-[A-Za-z]$/.test(a);
    if (flag && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * What the user sees when a command throws: one line, secrets redacted, and the exit code —
 * 2 for bad input (the message names the flag or suite path), 1 for a real failure.
 */
export function errorReport(err: unknown): { readonly line: string; readonly exitCode: number; readonly stack?: string } {
  const usage = usageMessage(err);
  if (usage !== null) return { line: `cachebench: ${redactText(usage)}`, exitCode: EXIT_USAGE };
  // A library may quote a URL or password it was given: every line leaves through redactText.
  const line = `cachebench: ${redactText(err instanceof Error ? err.message : String(err))}`;
  return { line, exitCode: 1, ...(err instanceof Error && err.stack ? { stack: redactText(err.stack) } : {}) };
}

export async function main(rawArgv: readonly string[]): Promise<void> {
  const cli = buildCli(rawArgv).fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`cachebench: ${redactText(msg)}\nRun with --help for usage.\n`);
    process.exit(EXIT_USAGE);
  });
  try {
    await cli.parseAsync();
  } catch (err) {
    const report = errorReport(err);
    process.stderr.write(`${report.line}\n`);
    if (report.exitCode !== EXIT_USAGE && process.env.CACHEBENCH_DEBUG) process.stderr.write(`${report.stack ?? ''}\n`);
    process.exitCode = report.exitCode;
  }
}

// Run only as the program (also through npm's bin symlink), so tests can import the parser.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main(hideBin(process.argv));
