/**
 * The durability experiment, end to end, one persistence mode after another (and per mode each
 * engine asked for: redis-server, and/or cachebench's redis-style served by `cachebench serve`,
 * see targets.ts): start the server in that mode (data directory kept), stream acknowledged writes, SIGKILL it (and
 * any child it forked) at the planned moment, restart a server on the same directory, wait until it has loaded, read
 * back what survived, stop it and remove the directory. Returns the typed result; printing and
 * files are elsewhere (print.ts, result-file.ts).
 */
import { rmSync } from 'node:fs';
import { startTarget, type DurabilityEngine, type DurabilityTarget } from './targets.js';
import { RespClient } from '../../engines/real/resp/index.js';
import { ErrorReply, type Reply } from '../../engines/types.js';
import { Rng } from '../../shared/rng.js';
import { collectEnvironment, collectToolInfo } from '../env.js';
import { initHistograms } from '../../shared/histogram.js';
import { runtimeConfigFor, serverOptionsFor, type DurabilityMode } from './modes.js';
import { readBack } from './read-back.js';
import { DURABILITY_KIND, DURABILITY_SCHEMA_VERSION, type DurabilityConfig, type DurabilityResult, type ModeResult } from './types.js';
import { streamWritesUntilKill } from './write-stream.js';
import { SEED_STREAM } from '../../shared/stream-ids.js';

/** How long the restarted server may spend loading its data before we give up. */
const LOAD_DEADLINE_MS = 60_000;
const LOAD_POLL_MS = 5;
const GROUP_EXIT_DEADLINE_MS = 10_000;

export interface DurabilityProgress {
  /** Called before each mode starts and after it finished (with its figures). */
  onMode?(mode: DurabilityMode, index: number, total: number, result: ModeResult | null, engine?: DurabilityEngine): void;
}

/**
 * Printable filler for values, drawn from the seed: the seed decides the bytes written, so two
 * runs with one seed write the same data.
 */
export function valueFiller(seed: number, bytes: number): string {
  const rng = new Rng(seed, SEED_STREAM.durabilityValues);
  let filler = '';
  for (let i = 0; i < bytes; i++) filler += String.fromCharCode(0x21 + rng.int(94));
  return filler;
}

function valueMaker(seed: number, valueBytes: number): (id: number) => string {
  const filler = valueFiller(seed, valueBytes);
  return (id) => {
    const head = `${id}:`;
    return head.length >= valueBytes ? head : head + filler.slice(0, valueBytes - head.length);
  };
}

async function callOk(client: RespClient, args: string[]): Promise<Reply> {
  const reply = await client.call(args);
  if (reply instanceof ErrorReply) throw new Error(`redis-server refused ${args.join(' ')}: ${reply.message}`);
  return reply;
}

async function configValue(client: RespClient, name: string): Promise<string> {
  const reply = await callOk(client, ['CONFIG', 'GET', name]);
  return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : '';
}

/** PING until the answer is PONG rather than `-LOADING …` (the dataset is in memory). */
async function waitUntilLoaded(client: RespClient): Promise<void> {
  const giveUpAt = performance.now() + LOAD_DEADLINE_MS;
  for (;;) {
    const reply = await client.call(['PING']);
    if (!(reply instanceof ErrorReply)) return;
    if (reply.code !== 'LOADING' || performance.now() > giveUpAt) throw new Error(`restarted redis-server answers PING with: ${reply.message}`);
    await new Promise((r) => setTimeout(r, LOAD_POLL_MS));
  }
}

/**
 * SIGKILL the server and every process it forked (a BGSAVE or AOF-rewrite child): managed
 * servers run in their own process group. A surviving snapshot child would otherwise finish
 * and rename its RDB after the kill and race the restart; killing the group is what a machine
 * or container going down does, and it makes runs repeatable.
 */
function killServerGroup(server: DurabilityTarget): void {
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    server.kill('SIGKILL');
  }
}

/** Resolves once no process of the server's group is left (forked children included). */
async function waitForGroupGone(server: DurabilityTarget): Promise<void> {
  const giveUpAt = performance.now() + GROUP_EXIT_DEADLINE_MS;
  for (;;) {
    try {
      process.kill(-server.pid, 0);
    } catch {
      return;
    }
    if (performance.now() > giveUpAt) throw new Error(`processes of redis-server ${server.pid}'s group still run ${GROUP_EXIT_DEADLINE_MS} ms after SIGKILL`);
    await new Promise((r) => setTimeout(r, LOAD_POLL_MS));
  }
}

function clientFor(server: DurabilityTarget, config: DurabilityConfig): RespClient {
  // No reconnect storm after the kill: the client is closed right after the stream ends.
  return new RespClient({ host: server.host, port: server.port, connections: 1, timeoutMs: config.timeoutMs });
}

export async function runMode(
  mode: DurabilityMode,
  config: DurabilityConfig,
  engine: DurabilityEngine = 'redis-server',
): Promise<{ result: ModeResult; version: string }> {
  await initHistograms();
  const valueFor = valueMaker(config.seed, config.valueBytes);
  const options = serverOptionsFor(mode);
  // The killed server stays the directory's owner until the end: stopping it last removes the
  // directory, and so does the exit hook of engines/real/managed if cachebench dies meanwhile.
  // The restarted server runs in that directory with keepDir, so its stop leaves it to `first`.
  const first = await startTarget(engine, mode);
  const dir = first.dir;
  let second: DurabilityTarget | null = null;
  const clients: RespClient[] = [];
  try {
    const writer = clientFor(first, config);
    clients.push(writer);
    await writer.whenReady();
    // The served engine takes its snapshot schedule as an engine option (targets.ts), not CONFIG SET.
    const runtimeConfig = engine === 'redis-server' ? runtimeConfigFor(mode) : new Map<string, string>();
    for (const [name, value] of runtimeConfig) await callOk(writer, ['CONFIG', 'SET', name, value]);
    const serverConfig = {
      persistence: options.persistence ?? 'none',
      appendfsync: options.persistence?.includes('aof') ? await configValue(writer, 'appendfsync') : null,
      save: await configValue(writer, 'save'),
      runtimeConfig: Object.fromEntries(runtimeConfig),
    };

    const stream = await streamWritesUntilKill(writer, {
      inFlight: config.inFlight,
      writes: config.writes,
      durationMs: config.durationMs,
      killAfterMs: config.killAfterMs,
      keyPrefix: config.keyPrefix,
      valueFor,
      kill: () => killServerGroup(first),
    });
    await writer.close();
    await waitForGroupGone(first);

    const restartStart = performance.now();
    second = await startTarget(engine, mode, dir);
    const reader = clientFor(second, config);
    clients.push(reader);
    await waitUntilLoaded(reader);
    const restartMs = performance.now() - restartStart;
    const back = await readBack(reader, stream.sent, stream.ackAtMs, stream.killAtMs, config.keyPrefix, valueFor);
    const dbsize = await callOk(reader, ['DBSIZE']);
    await reader.close();

    const result: ModeResult = {
      engine,
      mode,
      serverConfig,
      sent: stream.sent,
      acked: stream.acked,
      survived: back.survived,
      lost: back.lost,
      lostFraction: stream.acked === 0 ? 0 : back.lost / stream.acked,
      lostWindow: back.lostWindow,
      unacked: stream.sent - stream.acked,
      unackedSurvived: back.unackedSurvived,
      streamMs: stream.streamMs,
      killedMidStream: stream.killedMidStream,
      killPlannedMs: config.killAfterMs,
      killActualMs: stream.killAtMs,
      writesPerSec: stream.streamMs > 0 ? (stream.acked * 1000) / stream.streamMs : 0,
      latency: stream.latency,
      restartMs,
      keysAfterRestart: Number(dbsize),
    };
    return { result, version: first.version };
  } finally {
    for (const c of clients) await c.close().catch(() => {});
    if (second !== null) {
      // Its data is read already; SIGKILL spares the shutdown save into a directory about to go.
      second.kill('SIGKILL');
      await second.stop();
    }
    // SIGTERM if the kill never came (an error earlier); redis-server stops its own children.
    await first.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runDurability(config: DurabilityConfig, progress: DurabilityProgress = {}): Promise<DurabilityResult> {
  const startedAt = new Date();
  const modes: ModeResult[] = [];
  let version = '';
  const versions: Record<string, string> = {};
  const engines = config.engines ?? ['redis-server'];
  const total = engines.length * config.modes.length;
  let index = 0;
  // Mode by mode, each engine in turn, so the two engines of one mode run back to back.
  for (const mode of config.modes) {
    for (const engine of engines) {
      progress.onMode?.(mode, index, total, null, engine);
      const done = await runMode(mode, config, engine);
      versions[engine] = done.version;
      if (engine === 'redis-server') version = done.version;
      modes.push(done.result);
      progress.onMode?.(mode, index, total, done.result, engine);
      index++;
    }
  }
  const finishedAt = new Date();
  return {
    kind: DURABILITY_KIND,
    schemaVersion: DURABILITY_SCHEMA_VERSION,
    id: `durability-${startedAt.toISOString().replace(/[:.]/g, '-')}`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    environment: collectEnvironment(),
    tool: collectToolInfo(),
    redisServerVersion: version,
    engineVersions: versions,
    config,
    modes,
  };
}
