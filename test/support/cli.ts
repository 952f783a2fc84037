/** Runs the compiled `cachebench` CLI in a child process, as a user would; tests read its exit code and output. */
import { spawn, spawnSync } from 'node:child_process';
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

/** Runs the CLI as a child process that keeps running while the test waits (shards started together); resolves with its exit code and stderr. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** A real redis-server's own command counts (`INFO commandstats` through redis-cli): command → calls. */
export function commandCalls(port: number): Map<string, number> {
  const r = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'commandstats'], { encoding: 'utf8' });
  const calls = new Map<string, number>();
  for (const m of r.stdout.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) calls.set(m[1]!, Number(m[2]));
  return calls;
}
