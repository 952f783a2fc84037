/** Runs the compiled `cachebench` CLI in a child process, as a user would; tests read its exit code and output. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { distUrl } from '../../shared/dist-url.js';

export const CLI_MAIN = fileURLToPath(distUrl('harness/cli/main.js'));

export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliOutcome {
  const r = spawnSync(process.execPath, [CLI_MAIN, ...args], { encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
