/**
 * Worker-thread entry for concurrency checks of the shared store (test/engines/memcached/
 * concurrency.test.ts loads it through `testWorkerUrl`: worker threads run compiled JavaScript,
 * so `npm run build` also compiles test workers, `test/tsconfig.workers.json` → `dist-test/`,
 * which is never shipped). It attaches to the store, waits at a start
 * barrier so every thread begins together, runs one scenario, and posts its findings back.
 * The scenarios only drive the public engine facets; the judging happens in the test.
 *
 *   incr       M increments spread over a few hot keys
 *   selfcheck  sets and gets of self-describing values (key, length, checksum inside), counting
 *              any value that is torn (length/checksum wrong) or foreign (another key's)
 *   churn      mixed sets of many sizes, gets, deletes, appends and incrs under memory pressure
 *   addrace    `add` on the same keys in the same order as every other thread; reports wins
 *   casloop    read-modify-write increments with gets + cas, retried on EXISTS (counts retries)
 *   grow       inserts of keys of its own (the table doubling meanwhile), each followed by a read
 *              of one of its earlier keys (must hit, intact) and of another thread's (intact if present)
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Rng } from '../../../../shared/rng.js';
import { attachMemcachedStyle, type MemcachedSharedPayload } from '../../../../engines/memcached/engine.js';

export type StressScenario = 'incr' | 'selfcheck' | 'churn' | 'addrace' | 'casloop' | 'grow';

export interface StressWorkerData {
  readonly payload: MemcachedSharedPayload;
  readonly scenario: StressScenario;
  readonly threadIndex: number;
  readonly threads: number;
  /** Operations (incr, selfcheck, churn) or keys (addrace). */
  readonly count: number;
  readonly keys: number;
  readonly seed: number;
  /** Int32Array over a SharedArrayBuffer: [ready count, go flag]. */
  readonly barrier: SharedArrayBuffer;
}

export interface StressReport {
  readonly threadIndex: number;
  readonly ops: number;
  readonly hits: number;
  readonly misses: number;
  readonly torn: number;
  readonly foreign: number;
  readonly failures: number;
  readonly wins: number[];
  readonly firstProblem: string | null;
}

/** FNV-1a over a string's code units: the checksum inside self-checking values. */
export function checksum(s: string, from: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Random letters to cut payloads from (building each payload byte by byte would dominate). */
const RANDOM_TEXT: string = (() => {
  const rng = new Rng(0x5eed);
  const codes = new Uint8Array(70_000);
  for (let i = 0; i < codes.length; i++) codes[i] = 97 + rng.int(26);
  return Buffer.from(codes).toString('latin1');
})();

/** `key|payloadLength|checksum|payload` */
export function selfCheckingValue(key: string, rng: Rng, maxPayload: number): string {
  const len = rng.int(maxPayload);
  const from = rng.int(RANDOM_TEXT.length - len);
  const payload = RANDOM_TEXT.slice(from, from + len);
  const head = `${key}|${len}|`;
  const sum = checksum(payload, 0);
  return `${head}${sum}|${payload}`;
}

/** null when the value is intact for `key`; else 'torn' or 'foreign'. */
export function checkValue(key: string, value: string): 'torn' | 'foreign' | null {
  const a = value.indexOf('|');
  const b = value.indexOf('|', a + 1);
  const c = value.indexOf('|', b + 1);
  if (a < 0 || b < 0 || c < 0) return 'torn';
  if (value.slice(0, a) !== key) return 'foreign';
  const len = Number(value.slice(a + 1, b));
  const sum = Number(value.slice(b + 1, c));
  if (value.length - c - 1 !== len || checksum(value, c + 1) !== sum) return 'torn';
  return null;
}

function waitForStart(barrier: SharedArrayBuffer, threads: number): void {
  const w = new Int32Array(barrier);
  Atomics.add(w, 0, 1);
  Atomics.notify(w, 0);
  while (Atomics.load(w, 1) === 0) Atomics.wait(w, 1, 0, 1000);
  void threads;
}

function run(data: StressWorkerData): StressReport {
  const engine = attachMemcachedStyle(data.payload);
  const kv = engine.kv;
  const rng = new Rng(data.seed).fork(data.threadIndex);
  let ops = 0;
  let hits = 0;
  let misses = 0;
  let torn = 0;
  let foreign = 0;
  let failures = 0;
  let firstProblem: string | null = null;
  const wins: number[] = [];
  const note = (msg: string): void => {
    firstProblem ??= msg;
  };
  waitForStart(data.barrier, data.threads);

  switch (data.scenario) {
    case 'incr':
      for (let i = 0; i < data.count; i++) {
        const r = kv.incr(`hot${i % data.keys}`, 1);
        if (r === null) {
          failures++;
          note(`incr hot${i % data.keys} missed`);
        }
        ops++;
      }
      break;
    case 'selfcheck':
      for (let i = 0; i < data.count; i++) {
        const key = `sc${rng.int(data.keys)}`;
        if (rng.nextFast() < 0.3) {
          kv.set(key, selfCheckingValue(key, rng, 2000));
        } else {
          const v = kv.get(key) as string | null;
          if (v === null) misses++;
          else {
            hits++;
            const verdict = checkValue(key, v);
            if (verdict === 'torn') {
              torn++;
              note(`torn value for ${key}: ${JSON.stringify(v.slice(0, 60))}`);
            } else if (verdict === 'foreign') {
              foreign++;
              note(`foreign value for ${key}: ${JSON.stringify(v.slice(0, 60))}`);
            }
          }
        }
        ops++;
      }
      break;
    case 'churn':
      for (let i = 0; i < data.count; i++) {
        const key = `ch${rng.int(data.keys)}`;
        const r = rng.nextFast();
        try {
          if (r < 0.45) kv.set(key, selfCheckingValue(key, rng, rng.nextFast() < 0.05 ? 60_000 : 3000));
          else if (r < 0.8) {
            const v = kv.get(key) as string | null;
            if (v !== null && checkValue(key, v) !== null) {
              torn++;
              note(`damaged value for ${key}`);
            }
          } else if (r < 0.88) kv.del(key);
          else if (r < 0.94) engine.memcached!.append(key, '');
          else {
            const counter = `cnt${rng.int(8)}`;
            if (kv.incr(counter, 1) === null) kv.add(counter, '0');
          }
        } catch (err) {
          // Out of memory under pressure is an allowed answer; anything else is a failure.
          if (!(err instanceof Error) || !err.message.includes('out of memory')) {
            failures++;
            note(String(err));
          }
        }
        ops++;
      }
      break;
    case 'casloop': {
      const mc = engine.memcached!;
      for (let i = 0; i < data.count; i++) {
        const key = `casctr${i % data.keys}`;
        for (;;) {
          const current = mc.get(key) as { value: string; cas: string } | null;
          if (current === null) {
            failures++;
            note(`${key} vanished`);
            break;
          }
          if (mc.cas(key, String(Number(current.value) + 1), current.cas) === 'STORED') break;
          misses++; // lost the race: another thread stored in between; retry
        }
        ops++;
      }
      break;
    }
    case 'grow':
      for (let i = 0; i < data.count; i++) {
        const key = `g${data.threadIndex}:${i}`;
        kv.set(key, selfCheckingValue(key, rng, 40));
        const mine = `g${data.threadIndex}:${rng.int(i + 1)}`;
        const v = kv.get(mine) as string | null;
        if (v === null) {
          failures++;
          note(`own key ${mine} missing after insert ${i}`);
        } else if (checkValue(mine, v) !== null) {
          torn++;
          note(`damaged value for ${mine}`);
        } else hits++;
        const theirs = `g${rng.int(data.threads)}:${rng.int(i + 1)}`;
        const t = kv.get(theirs) as string | null;
        if (t === null) misses++;
        else if (checkValue(theirs, t) !== null) {
          torn++;
          note(`damaged value for ${theirs}`);
        }
        ops++;
      }
      break;
    case 'addrace':
      for (let k = 0; k < data.count; k++) {
        if (kv.add(`race${k}`, `t${data.threadIndex}`)) wins.push(k);
        ops++;
      }
      break;
  }
  engine.close();
  return { threadIndex: data.threadIndex, ops, hits, misses, torn, foreign, failures, wins, firstProblem };
}

if (parentPort && workerData) {
  parentPort.postMessage(run(workerData as StressWorkerData));
}
