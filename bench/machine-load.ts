/**
 * A second process that loads the machine on purpose, for benchmarks that must hold on a busy
 * machine as well as on a quiet one: `threads` busy loops (the process's main thread and
 * threads − 1 worker threads). Bounded twice: the benchmark stops it when its loaded phase
 * ends, and the process ends itself after `maxMs` even if nobody does (a killed benchmark leaves
 * nothing spinning). The child is plain `node -e`, independent of the project's code.
 */
import { type ChildProcess, spawn } from 'node:child_process';

const BURNER = `
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const spin = (until) => { let x = 0; while (Date.now() < until) for (let i = 0; i < 1e5; i++) x += i; return x; };
const until = Date.now() + Number(process.argv[1]);
for (let t = 1; t < Number(process.argv[2]); t++) new Worker('(' + spin.toString() + ')(' + until + ')', { eval: true });
spin(until);
process.exit(0);
`;

export interface MachineLoad {
  readonly threads: number;
  stop(): Promise<void>;
}

/** Starts the load process; resolves once it runs. */
export async function startMachineLoad(threads: number, maxMs: number): Promise<MachineLoad> {
  const child: ChildProcess = spawn(process.execPath, ['-e', BURNER, String(maxMs), String(threads)], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', kill);
  // Give its threads a moment to start spinning before anything is measured.
  await new Promise((r) => setTimeout(r, 200));
  return {
    threads,
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
