/**
 * Acknowledged means written: a child process writes through `withPersistence` and reports
 * each acknowledged write; we SIGKILL it mid-stream and replay its AOF. Under every fsync
 * policy each acknowledged write must be there (write(2) happens before the call returns, so
 * the OS holds it; only a power loss separates `always` from `everysec` and `no`), in order.
 * The child runs the compiled engine from dist/: build first (`npx tsc -p .`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import { loadAof } from '../../../../engines/redis/persistence/aof.js';
import { syncCall } from '../../../../engines/redis/persistence/keyspace-walk.js';
import { distUrl } from '../../../../shared/dist-url.js';


const CHILD = `
import fs from 'node:fs';
const { RedisStyleEngine } = await import(process.env.ENGINE_URL);
const { withPersistence } = await import(process.env.PERSISTENCE_URL);
const engine = withPersistence(new RedisStyleEngine(), { dir: process.env.DATA_DIR, aof: { fsync: process.env.FSYNC } });
const deadline = Date.now() + 10000; // bounded even if nobody kills us
for (let i = 0; i < 200000 && Date.now() < deadline; i++) {
  if (i % 2 === 0) engine.kv.set('key:' + i, 'value:' + i);
  else engine.redis.call(['RPUSH', 'acked', String(i)]);
  fs.writeSync(1, i + '\\n');
}
`;

const dirs: string[] = [];

async function killMidStream(fsync: string, acksBeforeKill: number): Promise<{ dir: string; lastAck: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cachebench-kill-${fsync}-`));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: {
      ...process.env,
      // distUrl throws with a clear message when dist/ is not built (`npm test` builds first).
      ENGINE_URL: distUrl('engines/redis/engine.js').href,
      PERSISTENCE_URL: distUrl('engines/redis/persistence/index.js').href,
      DATA_DIR: dir,
      FSYNC: fsync,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lastAck = -1;
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) lastAck = Number(l);
      if (lastAck >= acksBeforeKill && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
  });
  return { dir, lastAck };
}

describe('durability of acknowledged writes (kill -9)', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it.each([
    ['always', 200],
    ['everysec', 3000],
    ['no', 3000],
  ])('fsync %s: every acknowledged write is replayed', async (fsync, acks) => {
    const { dir, lastAck } = await killMidStream(fsync as string, acks as number);
    expect(lastAck).toBeGreaterThanOrEqual(acks as number);
    const engine = new RedisStyleEngine();
    loadAof(path.join(dir, 'appendonly.aof'), syncCall((a) => engine.redis.call(a)));
    const list = (engine.redis.call(['LRANGE', 'acked', '0', '-1']) as string[]).map(Number);
    const strings = (engine.redis.call(['KEYS', 'key:*']) as string[]).length;
    const replayed = list.length + strings;
    // Everything we saw acknowledged (the child may have acknowledged more before the signal).
    expect(replayed).toBeGreaterThanOrEqual(lastAck + 1);
    for (let i = 1; i <= lastAck; i += 2) expect(list[(i - 1) / 2]).toBe(i);
    for (let i = 0; i <= lastAck; i += 200) expect(engine.kv.get('key:' + (i - (i % 2)))).toBe('value:' + (i - (i % 2)));
  });
});
