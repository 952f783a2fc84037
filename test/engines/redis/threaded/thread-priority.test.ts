/**
 * The engine thread runs at a server's priority (engine option engine-nice, default -10): the
 * nice value is the engine thread's own, not the process's; asked without the privilege it is
 * kept, said in a warning, and the stats say what it got.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redisStyleFactory } from '../../../../engines/redis/factory.js';
import { DEFAULT_ENGINE_NICE } from '../../../../engines/redis/threaded/channel-options.js';
import type { Engine } from '../../../../engines/types.js';
import { distUrl } from '../../../../shared/dist-url.js';

const ROOT = process.getuid?.() === 0;

/** A threaded engine's own report of its thread's nice, and the process's nice beside it. */
async function engineThreadNice(options: Record<string, unknown>): Promise<{ engine: unknown; process: number }> {
  const shared = await redisStyleFactory.prepareShared!(options, { seed: 1, workerUrl: distUrl });
  let engine: Engine | null = null;
  try {
    engine = await redisStyleFactory.create(options, shared, { index: 0, count: 2, isWorker: false, seed: 1 });
    const stats = await engine.stats();
    return { engine: stats['engine_thread_nice'], process: getPriority() };
  } finally {
    await engine?.close();
    await shared.release?.();
  }
}

describe('the engine thread priority', () => {
  it('runs the engine thread at nice -10 by default (with the privilege) and leaves the load threads at the process nice', async () => {
    expect(DEFAULT_ENGINE_NICE).toBe(-10);
    const before = getPriority();
    const got = await engineThreadNice({ threaded: true });
    // Root (as CI) may lower nice; anyone else keeps the process's (the next test checks the warning).
    expect(got.engine).toBe(ROOT ? -10 : before);
    expect(got.process).toBe(before);
  }, 30_000);

  it('engine-nice=0 leaves it at the process nice; a nice above it is always granted', async () => {
    expect((await engineThreadNice({ threaded: true, 'engine-nice': 0 })).engine).toBe(getPriority());
    expect((await engineThreadNice({ threaded: true, 'engine-nice': 5 })).engine).toBe(5);
  }, 30_000);

  it('without the privilege the thread keeps its nice and a warning says so', () => {
    // A child process without CAP_SYS_NICE (root gives it up first): asking for -10 is refused by the kernel.
    const script = `if (process.getuid() === 0) { process.setgid('nogroup'); process.setuid('nobody'); }
const { redisStyleFactory } = await import(${JSON.stringify(distUrl('engines/redis/factory.js').href)});
const { distUrl } = await import(${JSON.stringify(distUrl('shared/dist-url.js').href)});
const shared = await redisStyleFactory.prepareShared({ threaded: true }, { seed: 1, workerUrl: distUrl });
const engine = await redisStyleFactory.create({ threaded: true }, shared, { index: 0, count: 2, isWorker: false, seed: 1 });
console.log('nice ' + (await engine.stats()).engine_thread_nice);
await engine.close(); await shared.release();`;
    // A file, not --input-type=module -e: the engine's worker thread would inherit that flag.
    const file = join(mkdtempSync(join(tmpdir(), 'cachebench-nice-')), 'refused.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
    rmSync(dirname(file), { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    const kept = getPriority();
    expect(r.stdout).toMatch(new RegExp(`^nice ${kept}$`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`engine thread runs at nice ${kept}, not the asked -10 \\(EACCES.*CAP_SYS_NICE.*engine-nice=${kept}`));
  }, 30_000);

  it('refuses a nice outside -20..19, naming the option', () => {
    expect(() => redisStyleFactory.validateOptions!({ 'engine-nice': -21 })).toThrow(/'engine-nice'.*-20 to 19/);
    expect(() => redisStyleFactory.validateOptions!({ 'engine-nice': 'high' })).toThrow(/'engine-nice'/);
  });
});
