/**
 * A leaderboard on either family (the leaderboard scenario's and the HTTP API's `/scores`,
 * `/top`). Redis family: one sorted set, ZINCRBY and ZREVRANGE … WITHSCORES. Memcached family
 * (the emulation): the whole board serialised as JSON in one item, updated by a CAS
 * read-modify-write loop (gets → parse → add → cas, again on EXISTS / NOT_STORED) and sorted
 * client-side for reads.
 */
import type { Engine, McValue, MemcachedCommands, Reply } from '../../../engines/types.js';
import { replyArray } from './replies.js';

/** A board as the emulation stores it: `[["p3",120],["p7",95],…]`. */
export function serializeBoard(board: Map<string, number>): string {
  return JSON.stringify([...board]);
}

export function parseBoard(text: string): Map<string, number> {
  return new Map(JSON.parse(text) as [string, number][]);
}

/** Highest score first; ties by name descending, as Redis orders ZREVRANGE. */
export function byScoreDesc(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0);
}

/** RESP2's flat `[member, score, member, score…]` (or RESP3-style `[[member, score]…]`) → pairs. */
export function pairsFromReply(reply: Reply, command: string): [string, number][] {
  const items = replyArray(reply, command);
  const pairs: [string, number][] = [];
  if (items.length > 0 && Array.isArray(items[0])) {
    for (const item of items) pairs.push([String((item as Reply[])[0]), Number((item as Reply[])[1])]);
  } else {
    for (let i = 0; i + 1 < items.length; i += 2) pairs.push([String(items[i]), Number(items[i + 1])]);
  }
  return pairs;
}

/** What one emulated increment cost: CAS retries, and the board's size after it. */
export interface CasIncrOutcome {
  retries: number;
  boardBytes: number;
}

/** Add `delta` to `name` on the JSON board at `key`, retrying until a CAS (or the first add) lands. */
export function* casBoardIncr(mc: MemcachedCommands, key: string, name: string, delta: number): Generator<unknown, CasIncrOutcome, unknown> {
  let boardBytes = 0;
  for (let attempt = 0; ; attempt++) {
    const item = (yield mc.get(key)) as McValue | null;
    let stored: unknown;
    if (item === null) {
      stored = yield mc.add(key, serializeBoard(new Map([[name, delta]])));
    } else {
      const board = parseBoard(item.value);
      board.set(name, (board.get(name) ?? 0) + delta);
      const text = serializeBoard(board);
      boardBytes = text.length;
      stored = yield mc.cas(key, text, item.cas);
    }
    // EXISTS (someone else's cas won), NOT_STORED (someone else's add won) or NOT_FOUND: go again.
    if (stored === 'STORED') return { retries: attempt, boardBytes };
  }
}

/** The first `count` places (every place with `count` < 0), highest first. */
export function* readBoard(engine: Engine, native: boolean, key: string, count: number): Generator<unknown, [string, number][], unknown> {
  if (native) {
    return pairsFromReply((yield engine.redis!.call(['ZREVRANGE', key, '0', String(count < 0 ? -1 : count - 1), 'WITHSCORES'])) as Reply, 'ZREVRANGE');
  }
  const item = (yield engine.memcached!.get(key)) as McValue | null;
  const sorted = item === null ? [] : [...parseBoard(item.value)].sort(byScoreDesc);
  return count < 0 ? sorted : sorted.slice(0, count);
}
