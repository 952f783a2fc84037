/**
 * Runs a command sequence against the redis-style engine and a real redis-server side by side
 * and compares every reply (as sets where Redis's order is unspecified, within a tolerance for
 * TTLs, by shape for random picks). On a mismatch it shrinks the sequence (delta debugging on
 * fresh state) so the failure report is short enough to read.
 */
import { ErrorReply, type Reply, StatusReply } from '../../../../engines/types.js';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import { ALL_KEYS, type GeneratedCommand } from './command-generator.js';
import { RespClient } from './resp-client.js';


/** A canonical, printable form of a reply for comparisons and messages. */
export function canonical(r: Reply): string {
  if (r === null) return 'nil';
  if (typeof r === 'string') return JSON.stringify(r);
  if (typeof r === 'number') return Number.isInteger(r) ? `(int) ${r}` : `(float?!) ${r}`;
  if (typeof r === 'bigint') return `(int) ${r}`;
  if (r instanceof StatusReply) return `+${r.status}`;
  if (r instanceof ErrorReply) return `-${r.message}`;
  return '[' + r.map(canonical).join(', ') + ']';
}

function sortedItems(r: Reply): string {
  if (!Array.isArray(r)) return canonical(r);
  return '{' + r.map(canonical).sort().join(', ') + '}';
}

function sortedPairs(r: Reply): string {
  if (!Array.isArray(r)) return canonical(r);
  const pairs: string[] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push(canonical(r[i]!) + ' => ' + canonical(r[i + 1] ?? null));
  return '{' + pairs.sort().join(', ') + '}';
}

function kind(r: Reply): string {
  if (r === null) return 'nil';
  if (Array.isArray(r)) return `array(${r.length})`;
  if (r instanceof ErrorReply) return `error ${r.message}`;
  if (r instanceof StatusReply) return `status ${r.status}`;
  return typeof r === 'bigint' ? 'number' : typeof r;
}

/** True when the two replies agree under the command's comparison rule. */
export function agree(cmd: GeneratedCommand, ours: Reply, theirs: Reply): boolean {
  switch (cmd.compare) {
    case 'exact':
      return canonical(ours) === canonical(theirs);
    case 'set':
    case 'sweep':
      return sortedItems(ours) === sortedItems(theirs);
    case 'pairs':
    case 'sweep-pairs':
      return sortedPairs(ours) === sortedPairs(theirs);
    case 'ttl':
    case 'pttl': {
      const numeric = (r: Reply): r is number | bigint => typeof r === 'number' || typeof r === 'bigint';
      if (!numeric(ours) || !numeric(theirs)) return canonical(ours) === canonical(theirs);
      const a = Number(ours);
      const b = Number(theirs);
      if (a < 0 || b < 0) return a === b;
      return Math.abs(a - b) <= (cmd.compare === 'ttl' ? 1 : 1500);
    }
    case 'shape':
      return kind(ours) === kind(theirs);
  }
}

/** The side under test: the in-process engine, or anything with its `redis.call` (a served engine's client). */
export interface OurSide {
  readonly redis: { call(argv: readonly string[]): Reply | Promise<Reply> };
}

export interface Sides {
  engine: OurSide;
  real: RespClient;
}

async function ourCall(engine: OurSide, argv: readonly string[]): Promise<Reply> {
  return await engine.redis.call(argv);
}

/** A SCAN-family sweep: loop the cursor to 0, gather every item (errors end the sweep). */
async function sweep(call: (argv: string[]) => Promise<Reply>, argv: readonly string[]): Promise<Reply> {
  const cursorAt = argv[0]!.toUpperCase() === 'SCAN' ? 1 : 2;
  const items: Reply[] = [];
  let cursor = '0';
  for (let rounds = 0; rounds < 10_000; rounds++) {
    const a = [...argv];
    a[cursorAt] = cursor;
    const r = await call(a);
    if (!Array.isArray(r)) return r;
    items.push(...(r[1] as Reply[]));
    cursor = r[0] as string;
    if (cursor === '0') return items;
  }
  throw new Error(`sweep ${argv.join(' ')} did not finish`);
}

export interface Mismatch {
  index: number;
  command: GeneratedCommand;
  ours: string;
  theirs: string;
}

/** Execute one generated command on both sides; the mismatch or null. */
export async function step(s: Sides, cmd: GeneratedCommand, index: number): Promise<Mismatch | null> {
  const name = cmd.argv[0]!.toUpperCase();
  if (name === 'DBSIZE') {
    // Expired-but-unvisited keys count in DBSIZE until active expiry finds them, at a time that
    // differs between the two servers; touch every key first so lazy expiry settles it.
    await step(s, { argv: ['EXISTS', ...ALL_KEYS], compare: 'exact' }, index);
  }
  let ours: Reply;
  let theirs: Reply;
  if (cmd.compare === 'sweep' || cmd.compare === 'sweep-pairs') {
    ours = await sweep((a) => ourCall(s.engine, a), cmd.argv);
    theirs = await sweep((a) => s.real.command(a), cmd.argv);
  } else {
    ours = await ourCall(s.engine, cmd.argv);
    theirs = await s.real.command(cmd.argv);
  }
  if (!agree(cmd, ours, theirs)) return { index, command: cmd, ours: canonical(ours), theirs: canonical(theirs) };
  if (cmd.resyncKey && Array.isArray(theirs) === false && theirs !== null && !(theirs instanceof ErrorReply)) {
    // A random pop removed possibly different members: copy the real set over ours.
    const key = cmd.resyncKey;
    const members = (await s.real.command(['SMEMBERS', key])) as string[];
    const pttl = (await s.real.command(['PTTL', key])) as number;
    await ourCall(s.engine, ['DEL', key]);
    if (members.length) await ourCall(s.engine, ['SADD', key, ...members]);
    if (pttl > 0) await ourCall(s.engine, ['PEXPIRE', key, String(pttl)]);
  }
  return null;
}

/** Run a whole sequence on fresh state; the first mismatch or null. */
export async function runSequence(port: number, commands: readonly GeneratedCommand[]): Promise<Mismatch | null> {
  const real = await RespClient.connect(port);
  const engine = new RedisStyleEngine();
  try {
    await real.command(['FLUSHALL']);
    const s: Sides = { engine, real };
    for (let i = 0; i < commands.length; i++) {
      const m = await step(s, commands[i]!, i);
      if (m) return m;
    }
    return null;
  } finally {
    real.close();
    engine.close();
  }
}

/**
 * Delta-debugging shrink: drop chunks of the failing prefix while some mismatch remains,
 * within a time budget. Returns the smallest failing sequence found.
 */
export async function shrink(port: number, failing: readonly GeneratedCommand[], budgetMs: number): Promise<GeneratedCommand[]> {
  let current = [...failing];
  const deadline = Date.now() + budgetMs;
  let chunk = Math.max(1, Math.floor(current.length / 2));
  while (chunk >= 1 && Date.now() < deadline) {
    let removedAny = false;
    for (let start = 0; start < current.length && Date.now() < deadline; ) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      const m = candidate.length ? await runSequence(port, candidate) : null;
      if (m) {
        current = candidate.slice(0, m.index + 1);
        removedAny = true;
      } else {
        start += chunk;
      }
    }
    if (!removedAny) chunk = Math.floor(chunk / 2);
  }
  return current;
}

export function describe(seq: readonly GeneratedCommand[]): string {
  return seq.map((c) => '  ' + c.argv.map((a) => JSON.stringify(a)).join(' ') + (c.compare !== 'exact' ? `   (${c.compare})` : '')).join('\n');
}
