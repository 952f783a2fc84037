/**
 * The pipelined hand-off to the redis-style engine thread (engines/redis/threaded/lanes.ts):
 * several client threads keep many requests in flight on their lane rings at once, and every
 * reply must reach the caller that asked, in the order asked. A differential run: each thread
 * replays its own seeded command stream (the differential generator's commands, in a database
 * of its own so the threads' streams are independent, mixed with the kv lane operations) and
 * every reply is compared with the same stream replayed on an in-process engine. The kv lane
 * operations come in both forms: the key as a string (`getLength`/`set`, decoded on the engine
 * thread) and as prefix + index (`getLengthAt`/`setAt`, the engine thread's key cache), on the
 * same keys as the generator's commands, so the two paths meet on every key — including the
 * forms that fall back to the string path (a prefix over 255 bytes, an index past 2³²).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RedisKv, RedisStyleEngine } from '../../../../engines/redis/engine.js';
import { redisStyleFactory } from '../../../../engines/redis/factory.js';
import { connectChannelEngine, type ChannelPayload } from '../../../../engines/redis/threaded/host.js';
import type { ChannelLanes } from '../../../../engines/redis/threaded/lanes.js';
import { EngineError, ErrorReply, type Reply, StatusReply } from '../../../../engines/types.js';
import { distUrl } from '../../../../shared/dist-url.js';
import { Rng } from '../../../../shared/rng.js';
import { CommandGenerator, type Compare } from '../support/command-generator.js';
import { agree, canonical } from '../support/differential.js';

const THREADS = 4;
const OPS_PER_THREAD = 2500;
/** Requests each client thread keeps in flight. */
const WINDOW = 50;

type Op =
  | { readonly kind: 'call'; readonly argv: string[]; readonly compare: Compare }
  | { readonly kind: 'getLength'; readonly key: string }
  | { readonly kind: 'set'; readonly key: string; readonly value: string }
  | { readonly kind: 'getLengthAt'; readonly prefix: string; readonly index: number }
  | { readonly kind: 'setAt'; readonly prefix: string; readonly index: number; readonly value: string };

/**
 * Prefixes of the `*At` operations: the generator's key families (so `s` + 2 is its key `s2`),
 * a prefix long enough that prefix + index is a rope until the cache flattens it, one with
 * bytes above 127, and one longer than the 255 bytes the ring's form carries (sent as a string
 * key instead).
 */
const AT_PREFIXES = ['s', 's', 'l', 't', 'z', 'h', 'cachebench:lane:key:', 'cl\xe9:', 'p'.repeat(300)];

function keyOf(op: Op): string {
  return op.kind === 'getLengthAt' || op.kind === 'setAt' ? op.prefix + op.index : op.kind === 'call' ? '' : op.key;
}

/** What crosses back from a worker: plain data (replies re-built into Reply objects here). */
type Wire = null | string | number | bigint | { status: string } | { error: string } | { thrown: string } | Wire[];

/** Commands whose reply depends on other threads or on random draws, or that leave the thread's database. */
const GLOBAL = new Set(['SELECT', 'FLUSHALL']);

/** Thread `t`'s stream: generator commands (seeded per thread) with kv lane operations mixed in. */
function opStream(seed: number, t: number): Op[] {
  const gen = new CommandGenerator(seed + t);
  const rng = new Rng(seed).fork(100 + t);
  const ops: Op[] = [{ kind: 'call', argv: ['SELECT', String(10 + t)], compare: 'exact' }];
  while (ops.length < OPS_PER_THREAD) {
    const r = rng.next();
    const key = `s${rng.int(4)}`;
    if (r < 0.1) ops.push({ kind: 'getLength', key });
    else if (r < 0.2) ops.push({ kind: 'set', key, value: 'x'.repeat(rng.int(300)) });
    else if (r < 0.35) {
      const prefix = AT_PREFIXES[rng.int(AT_PREFIXES.length)]!;
      // Mostly the generator's indexes 0–3; sometimes one past a u32 (the string form).
      const index = rng.next() < 0.03 ? 2 ** 32 + rng.int(4) : rng.int(4);
      if (rng.next() < 0.6) ops.push({ kind: 'getLengthAt', prefix, index });
      else ops.push({ kind: 'setAt', prefix, index, value: String.fromCharCode(97 + rng.int(26)).repeat(rng.int(300)) });
    }
    else {
      const c = gen.next();
      if (GLOBAL.has(c.argv[0]!.toUpperCase()) || c.compare === 'shape' || c.compare.startsWith('sweep')) continue;
      ops.push({ kind: 'call', argv: c.argv, compare: c.compare });
    }
  }
  return ops;
}

function fromWire(w: Wire): Reply | { thrown: string } {
  if (w === null || typeof w !== 'object') return w;
  if (Array.isArray(w)) return w.map((x) => fromWire(x) as Reply);
  if ('status' in w) return new StatusReply(w.status);
  if ('error' in w) return new ErrorReply(w.error);
  return w;
}

/**
 * The client thread: replays its ops through `engine.lanes` with WINDOW in flight, each
 * callback recording its reply and issuing the next op, and counts callbacks that arrive out
 * of issue order. Plain JS (it runs from a string) over the compiled engine in dist/.
 */
const CLIENT_THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const toWire = (r) => {
  if (r === null || typeof r !== 'object') return r;
  if (Array.isArray(r)) return r.map(toWire);
  if (r.constructor.name === 'StatusReply') return { status: r.status };
  if (r.constructor.name === 'ErrorReply') return { error: r.message };
  return { error: 'unexpected reply object ' + r.constructor.name };
};
(async () => {
  const { connectChannelEngine } = await import(workerData.hostUrl);
  const engine = await connectChannelEngine(workerData.payload);
  const lanes = engine.lanes;
  if (!lanes) throw new Error('no lanes on the channel engine');
  const ops = workerData.ops;
  const replies = new Array(ops.length);
  let next = 0, settled = 0, outOfOrder = 0;
  await new Promise((resolve) => {
    const issue = () => {
      if (next >= ops.length) return;
      const i = next++;
      const op = ops[i];
      const settle = (wire) => {
        if (i !== settled) outOfOrder++;
        settled++;
        replies[i] = wire;
        issue();
        if (settled === ops.length) resolve();
      };
      const ok = (v) => settle(toWire(v === undefined ? null : v));
      const fail = (e) => settle({ thrown: (e && e.kind) + ': ' + (e && e.message) });
      if (op.kind === 'getLength') lanes.getLength(0, op.key, ok, fail);
      else if (op.kind === 'set') lanes.set(0, op.key, op.value, 0, ok, fail);
      else if (op.kind === 'getLengthAt') lanes.getLengthAt(0, op.prefix, op.index, ok, fail);
      else if (op.kind === 'setAt') lanes.setAt(0, op.prefix, op.index, op.value, 0, ok, fail);
      else lanes.call(op.argv, ok, fail);
    };
    for (let k = 0; k < workerData.window; k++) issue();
  });
  await engine.close();
  parentPort.postMessage({ replies, outOfOrder });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

function runClientThread(payload: unknown, ops: Op[]): Promise<{ replies: Wire[]; outOfOrder: number }> {
  const hostUrl = distUrl('engines/redis/threaded/host.js').href;
  const worker = new Worker(CLIENT_THREAD, { eval: true, workerData: { payload, ops, window: WINDOW, hostUrl } });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { replies: Wire[]; outOfOrder: number; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
  });
}

/** The same stream, one op at a time, on a session of an in-process engine. */
async function reference(engine: RedisStyleEngine, ops: Op[]): Promise<(Reply | { thrown: string })[]> {
  const client = engine.redis.session();
  const kv = new RedisKv(engine.server, client);
  const out: (Reply | { thrown: string })[] = [];
  for (const op of ops) {
    try {
      if (op.kind === 'getLength' || op.kind === 'getLengthAt') out.push(kv.get(keyOf(op))?.length ?? -1);
      else if (op.kind === 'set' || op.kind === 'setAt') out.push((kv.set(keyOf(op), op.value, 0), null));
      else out.push(await client.call(op.argv));
    } catch (e) {
      out.push({ thrown: `${(e as EngineError).kind}: ${(e as Error).message}` });
    }
  }
  client.close();
  return out;
}

/** TTL/PTTL replies that agree up to `skewMs` (both non-negative numbers). */
function ttlWithin(compare: Compare, a: Reply, b: Reply, skewMs: number): boolean {
  if ((compare !== 'ttl' && compare !== 'pttl') || typeof a !== 'number' || typeof b !== 'number' || a < 0 || b < 0) return false;
  return Math.abs(a - b) <= (compare === 'ttl' ? Math.ceil(skewMs / 1000) + 1 : skewMs + 1500);
}

function describeOp(op: Op): string {
  return op.kind === 'call' ? op.argv.map((a) => JSON.stringify(a)).join(' ') : `${op.kind} ${keyOf(op)}`;
}

describe('redis-style lanes: the pipelined hand-off to the engine thread', () => {
  it(`returns every reply to its caller, in order, under ${THREADS} client threads × ${WINDOW} in flight (differential against in-process)`, async () => {
    const seed = 20261202;
    const streams = Array.from({ length: THREADS }, (_, t) => opStream(seed, t));
    const shared = await redisStyleFactory.prepareShared!({ threaded: true }, { seed: 5, workerUrl: distUrl });
    const ref = new RedisStyleEngine(undefined, 5);
    const started = Date.now();
    let results: { replies: Wire[]; outOfOrder: number }[];
    let expectations: (Reply | { thrown: string })[][];
    try {
      // The reference replays alongside the client threads, so both sides see nearly the same clock.
      const lanesDone = Promise.all(streams.map((ops) => runClientThread(shared.payload, ops)));
      expectations = await Promise.all(streams.map((ops) => reference(ref, ops)));
      results = await lanesDone;
    } finally {
      await shared.release?.();
    }
    // A TTL read on the two sides can differ by at most the time between their runs.
    const skewMs = Date.now() - started;
    for (let t = 0; t < THREADS; t++) {
      const ops = streams[t]!;
      const expected = expectations[t]!;
      const { replies, outOfOrder } = results[t]!;
      expect(outOfOrder, `thread ${t}: callbacks out of issue order`).toBe(0);
      expect(replies).toHaveLength(ops.length);
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i]!;
        const ours = fromWire(replies[i]!);
        const theirs = expected[i]!;
        const same =
          op.kind === 'call' && !('thrown' in (Object(ours) as object)) && !('thrown' in (Object(theirs) as object))
            ? agree({ argv: op.argv, compare: op.compare }, ours as Reply, theirs as Reply) || ttlWithin(op.compare, ours as Reply, theirs as Reply, skewMs)
            : JSON.stringify(ours, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(theirs, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
        if (!same) {
          const show = (r: unknown): string => (r !== null && typeof r === 'object' && 'thrown' in r ? `thrown ${(r as { thrown: string }).thrown}` : canonical(r as Reply));
          expect.fail(`thread ${t}, op ${i} (${describeOp(op)}): through the lanes ${show(ours)}, in-process ${show(theirs)}`);
        }
      }
    }
    ref.close();
  }, 60_000);

  it('keeps order when more is in flight than the ring holds, and across its wrap-around', async () => {
    const shared = await redisStyleFactory.prepareShared!({ threaded: true }, { seed: 1, workerUrl: distUrl });
    const engine = await connectChannelEngine(shared.payload as ChannelPayload);
    try {
      const lanes = engine.lanes as ChannelLanes;
      // 64 SETs of 100–260 KB (about 11 MB) are issued at once: most wait behind the 2 MiB
      // request ring; then GETs read back each key's length; three laps round the ring.
      const rng = new Rng(3);
      const sizes = Array.from({ length: 64 }, () => 100_000 + rng.int(160_000));
      const order: string[] = [];
      const lengths: number[] = [];
      await new Promise<void>((resolve, reject) => {
        let left = sizes.length * 2;
        const done = (): void => {
          if (--left === 0) resolve();
        };
        sizes.forEach((n, i) =>
          lanes.set(0, `big${i}`, String.fromCharCode(97 + (i % 26)).repeat(n), 0, () => (order.push(`set${i}`), done()), reject),
        );
        sizes.forEach((_, i) =>
          lanes.getLength(0, `big${i}`, (len) => (order.push(`get${i}`), lengths.push(len as number), done()), reject),
        );
      });
      expect(order).toEqual([...sizes.map((_, i) => `set${i}`), ...sizes.map((_, i) => `get${i}`)]);
      expect(lengths).toEqual(sizes);
      expect(await engine.redis.call(['STRLEN', 'big7'])).toBe(sizes[7]);
    } finally {
      await engine.close();
      await shared.release?.();
    }
  }, 30_000);

  it('a blocking command holds its lane until served; closing frees the ring for the next client', async () => {
    const shared = await redisStyleFactory.prepareShared!({ threaded: true }, { seed: 1, workerUrl: distUrl });
    try {
      const a = await connectChannelEngine(shared.payload as ChannelPayload);
      const lanes = a.lanes as ChannelLanes;
      const seen: string[] = [];
      const served = new Promise<void>((resolve, reject) => {
        lanes.call(['BLPOP', 'q', '5'], (r) => seen.push(`blpop ${canonical(r)}`), reject);
        lanes.call(['PING'], (r) => (seen.push(`ping ${canonical(r)}`), resolve()), reject);
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual([]); // PING waits behind the blocked BLPOP, as on a Redis connection
      expect(await a.redis!.call(['RPUSH', 'q', 'job'])).toBe(1);
      await served;
      expect(seen).toEqual(['blpop ["q", "job"]', 'ping +PONG']);

      // A lane closed while its BLPOP waits: the engine thread ends it, and the ring is reused.
      const failed = new Promise<unknown>((resolve) => lanes.call(['BLPOP', 'never', '0'], () => resolve('answered'), resolve));
      a.close();
      expect(await failed).toBeInstanceOf(EngineError);
      const engines = [];
      for (let i = 0; i < 16; i++) engines.push(await connectChannelEngine(shared.payload as ChannelPayload));
      // Every ring (16) is claimed again once the engine thread has freed a's.
      const deadline = Date.now() + 5000;
      while (engines.some((e) => e.lanes === undefined) && Date.now() < deadline) {
        const i = engines.findIndex((e) => e.lanes === undefined);
        engines[i]!.close();
        await new Promise((r) => setTimeout(r, 10));
        engines[i] = await connectChannelEngine(shared.payload as ChannelPayload);
      }
      expect(engines.every((e) => e.lanes !== undefined)).toBe(true);
      const last = engines[15]!.lanes as ChannelLanes;
      expect(await new Promise((resolve, reject) => last.call(['LLEN', 'never'], resolve, reject))).toBe(0);
      for (const e of engines) e.close();
    } finally {
      await shared.release?.();
    }
  }, 30_000);
});
