/**
 * One step of `cachebench ci`: one repeat of one cell on one side, run by that side's own CLI
 * (`suite <one-cell suite> --out <scratch>`) in a child process, so each side measures with its
 * own code. The result files move into `<out>/<side>/results/`; the rest of the scratch output
 * (the per-step HTML report) is deleted.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../results/files.js';
import type { CiStep } from './plan.js';

export interface StepOutcome {
  /** Exit code of the side's `suite`: 0 ok, 1 a result failed (still written), 2 the side refused the cell. */
  readonly code: number | null;
  readonly results: number;
  /** The end of the side's stderr, for messages. */
  readonly stderrTail: string;
}

export async function runStep(step: CiStep, cli: string, outDir: string): Promise<StepOutcome> {
  const scratch = path.join(outDir, '.scratch', `${step.side}-c${step.cell + 1}-r${step.repeat}`);
  const suiteFile = path.join(outDir, '.scratch', `cell-${step.cell + 1}-r${step.repeat}.json`);
  await writeFileAtomic(suiteFile, JSON.stringify(step.suite, null, 1) + '\n');
  const { code, stderrTail } = await new Promise<{ code: number | null; stderrTail: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'suite', suiteFile, '--out', scratch, '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderrTail: tail }));
  });
  const target = path.join(outDir, step.side, 'results');
  await mkdir(target, { recursive: true });
  let moved = 0;
  const produced = path.join(scratch, 'results');
  for (const f of await readdir(produced).catch(() => [] as string[])) {
    if (!f.endsWith('.json')) continue;
    await rename(path.join(produced, f), path.join(target, f));
    moved++;
  }
  await rm(scratch, { recursive: true, force: true });
  return { code, results: moved, stderrTail };
}
