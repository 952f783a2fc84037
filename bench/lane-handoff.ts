/**
 * The work of the redis-style engine thread's lane hand-off itself, with no waiting: one thread
 * plays both sides over a real channel — a client (`ChannelLanes`) encodes a batch of kv
 * requests into its lane ring, the engine side (`LaneServer` over a real `RedisStyleEngine`)
 * serves them and writes the replies, the client settles them — against the same operations
 * as direct calls on the engine. ns per operation, best of `--rounds`. The difference is what
 * crossing threads costs per operation before any thread waits for another (bench/scaling's
 * fair section measures the threads; engines/redis/README.md "Through the engine thread").
 *
 *   npm run build && node dist/bench/lane-handoff.js [--ops 2000000] [--rounds 3] [--keys 10000]
 *       [--batch 100] [--value-bytes 100] [--set-ratio 0.1] [--keys-as string|at]
 */
import { performance } from 'node:perf_hooks';
import { RedisKv, RedisStyleEngine } from '../engines/redis/engine.js';
import { KeyCache } from '../engines/redis/threaded/key-cache.js';
import { LaneServer } from '../engines/redis/threaded/lane-server.js';
import { ChannelLanes } from '../engines/redis/threaded/lanes.js';
import { channelBytes } from '../engines/redis/threaded/layout.js';
import { Rng } from '../shared/rng.js';
import { integerIn } from './args.js';

interface Args {
  ops: number;
  rounds: number;
  keys: number;
  batch: number;
  valueBytes: number;
  setRatio: number;
  keysAs: 'string' | 'at';
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { ops: 2_000_000, rounds: 3, keys: 10_000, batch: 100, valueBytes: 100, setRatio: 0.1, keysAs: 'at' };
  for (let i = 0; i < argv.length; i += 2) {
    const a = argv[i]!;
    const v = argv[i + 1];
    if (a === '--ops') args.ops = integerIn(a, v, 1000, 100_000_000);
    else if (a === '--rounds') args.rounds = integerIn(a, v, 1, 20);
    else if (a === '--keys') args.keys = integerIn(a, v, 1, 1_000_000);
    else if (a === '--batch') args.batch = integerIn(a, v, 1, 10_000);
    else if (a === '--value-bytes') args.valueBytes = integerIn(a, v, 0, 100_000);
    else if (a === '--set-ratio') {
      const r = Number(v);
      if (!(r >= 0 && r <= 1)) throw new Error(`--set-ratio: must be a number from 0 to 1 (got ${v})`);
      args.setRatio = r;
    } else if (a === '--keys-as') {
      if (v !== 'string' && v !== 'at') throw new Error(`--keys-as: must be string or at (got ${v})`);
      args.keysAs = v;
    } else throw new Error(`unknown argument ${a}; allowed: --ops --rounds --keys --batch --value-bytes --set-ratio --keys-as`);
  }
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const sab = new SharedArrayBuffer(channelBytes());
  const i32 = new Int32Array(sab);
  const buf = Buffer.from(sab);
  const engine = new RedisStyleEngine(undefined, 1);
  const client = engine.redis.session();
  const kv = new RedisKv(engine.server, client);
  const keys = new KeyCache();
  const value = Buffer.alloc(args.valueBytes, 'v').toString('latin1');
  const names = Array.from({ length: args.keys }, (_, i) => `key:${i}`);
  // Preloaded as the slot path stores keys (interned), so the lanes' cached keys are the Map's.
  for (const name of names) kv.set(keys.intern(name), value);
  const server = new LaneServer(i32, buf, 0, {
    open: () => ({ get: (k) => kv.get(k), set: (k, v, ttl) => kv.set(k, v, ttl), call: (argv) => client.call(argv), close: () => {} }),
    waiting: () => {},
    keys,
  });
  const lanes = ChannelLanes.claim(i32, buf);
  if (lanes === null) throw new Error('no lane ring');
  // Pre-drawn operations, the same for both sides.
  const rng = new Rng(42);
  const picks = new Int32Array(1 << 16);
  const sets = new Uint8Array(1 << 16);
  for (let i = 0; i < picks.length; i++) {
    picks[i] = rng.int(args.keys);
    sets[i] = rng.next() < args.setRatio ? 1 : 0;
  }
  const mask = picks.length - 1;
  let hits = 0;
  const onLength = (n: unknown): void => {
    if ((n as number) >= 0) hits++;
  };
  const onError = (e: unknown): void => {
    throw e;
  };
  const at = args.keysAs === 'at';
  const handoff = (): number => {
    const start = performance.now();
    for (let done = 0; done < args.ops; done += args.batch) {
      for (let j = 0; j < args.batch; j++) {
        const i = (done + j) & mask;
        if (sets[i] === 1) {
          if (at) lanes.setAt(0, 'key:', picks[i]!, value, 0, onLength, onError);
          else lanes.set(0, names[picks[i]!]!, value, 0, onLength, onError);
        } else if (at) lanes.getLengthAt(0, 'key:', picks[i]!, onLength, onError);
        else lanes.getLength(0, names[picks[i]!]!, onLength, onError);
      }
      lanes.flush();
      server.serve(args.batch);
      if (lanes.flush() !== args.batch) throw new Error('a batch did not settle in one pass');
    }
    return ((performance.now() - start) * 1e6) / args.ops;
  };
  const direct = (): number => {
    const start = performance.now();
    for (let done = 0; done < args.ops; done++) {
      const i = done & mask;
      if (sets[i] === 1) kv.set(names[picks[i]!]!, value, 0);
      else if (kv.get(names[picks[i]!]!) !== null) hits++;
    }
    return ((performance.now() - start) * 1e6) / args.ops;
  };
  let bestHandoff = Infinity;
  let bestDirect = Infinity;
  for (let r = 0; r < args.rounds; r++) {
    bestHandoff = Math.min(bestHandoff, handoff());
    bestDirect = Math.min(bestDirect, direct());
  }
  lanes.close();
  engine.close();
  console.log(`lane hand-off, one thread playing both sides (keys as ${at ? 'prefix + index' : 'strings'}, batches of ${args.batch}, ${args.keys} keys, ${args.valueBytes}-byte values, ${args.setRatio * 100}% SET), best of ${args.rounds}:`);
  console.log(`  through the lane ring  ${bestHandoff.toFixed(1).padStart(7)} ns/op`);
  console.log(`  direct calls           ${bestDirect.toFixed(1).padStart(7)} ns/op`);
  console.log(`  hand-off's own work    ${(bestHandoff - bestDirect).toFixed(1).padStart(7)} ns/op (hits ${hits})`);
}

main();
