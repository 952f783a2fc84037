/**
 * The sorted-set type: a Map member → score for O(1) ZSCORE plus a skiplist ordered by
 * (score, member) for ranks and ranges, kept in step by every mutation here. Keeps its memory
 * estimate current.
 */
import { type LexRange, type ScoreRange, type SkipNode, SkipList, lexLteMax, scoreLteMax } from '../structures/skiplist.js';
import { KeyMap } from '../structures/key-map.js';
import { CONTAINER_OVERHEAD, ELEMENT_OVERHEAD, type MemoryCounter } from './kinds.js';

/** Skiplist nodes carry more pointers than a hash field. */
const ZSET_ELEMENT_OVERHEAD = ELEMENT_OVERHEAD + 40;

/** Redis's zset-max-listpack-entries / zset-max-listpack-value defaults. */
const LISTPACK_MAX_ENTRIES = 128;
const LISTPACK_MAX_VALUE = 64;

export class RedisZset {
  readonly kind = 'zset' as const;
  readonly dict = new KeyMap<number>();
  readonly zsl: SkipList;
  bytes = CONTAINER_OVERHEAD;
  /**
   * Whether Redis would hold this set in its compact listpack encoding. It is observable in one
   * place: a listpack stores an integral score as an integer, so -0 reads back as 0 there, while
   * the skiplist encoding keeps -0. Like Redis, a set leaves listpack when it grows past 128
   * members or gets a member longer than 64 bytes, and never goes back (stores excepted).
   */
  listpack = true;

  /** @param random the owning engine's random source (`RedisServer.random.next`) */
  constructor(
    private readonly mem: MemoryCounter,
    random: () => number,
  ) {
    this.zsl = new SkipList(random);
    mem.used += CONTAINER_OVERHEAD;
  }

  get size(): number {
    return this.dict.size;
  }

  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  /** Insert or move a member; true when it was new. */
  set(member: string, score: number): boolean {
    const cur = this.dict.get(member);
    if (this.listpack) {
      if (member.length > LISTPACK_MAX_VALUE || (cur === undefined && this.dict.size >= LISTPACK_MAX_ENTRIES)) {
        this.listpack = false;
      } else if (score === 0) {
        score = 0; // -0 is stored as the integer 0
      }
    }
    if (cur === undefined) {
      this.zsl.insert(score, member);
      this.dict.set(member, score);
      const d = ZSET_ELEMENT_OVERHEAD + member.length;
      this.bytes += d;
      this.mem.used += d;
      return true;
    }
    if (cur !== score) {
      this.zsl.updateScore(cur, member, score);
      this.dict.set(member, score);
    }
    return false;
  }

  /** After a store built this set as a skiplist: convert to listpack if Redis would. */
  convertToListpackIfSmall(): void {
    if (this.dict.size > LISTPACK_MAX_ENTRIES) return;
    for (const m of this.dict.keys()) if (m.length > LISTPACK_MAX_VALUE) return;
    this.listpack = true;
    for (const [m, s] of this.dict) {
      if (s === 0 && 1 / s < 0) {
        this.zsl.updateScore(s, m, 0); // same position: -0 and 0 compare equal
        this.dict.set(m, 0);
      }
    }
  }

  delete(member: string): boolean {
    const cur = this.dict.get(member);
    if (cur === undefined) return false;
    this.zsl.delete(cur, member);
    this.dict.delete(member);
    const d = ZSET_ELEMENT_OVERHEAD + member.length;
    this.bytes -= d;
    this.mem.used -= d;
    return true;
  }

  /** 0-based rank (ascending, or descending when `rev`), undefined when absent. */
  rank(member: string, rev: boolean): number | undefined {
    const s = this.dict.get(member);
    if (s === undefined) return undefined;
    const r = this.zsl.getRank(s, member);
    return rev ? this.zsl.length - r : r - 1;
  }

  /** Nodes for 0-based ranks [start, stop] already clamped, in ascending or descending order. */
  byRankRange(start: number, stop: number, rev: boolean): SkipNode[] {
    const out: SkipNode[] = [];
    const n = this.zsl.length;
    let node = rev ? this.zsl.byRank(n - start) : this.zsl.byRank(start + 1);
    for (let i = start; i <= stop && node; i++) {
      out.push(node);
      node = rev ? node.backward : node.forward[0]!;
    }
    return out;
  }

  /** Nodes within a score range, honouring offset/count (count < 0 means all). */
  byScore(r: ScoreRange, rev: boolean, offset: number, count: number): SkipNode[] {
    const out: SkipNode[] = [];
    let node = rev ? this.zsl.lastInRange(r) : this.zsl.firstInRange(r);
    while (node && offset > 0) {
      node = rev ? node.backward : node.forward[0]!;
      offset--;
    }
    while (node && count !== 0) {
      if (rev ? !(r.minEx ? node.score > r.min : node.score >= r.min) : !scoreLteMax(node.score, r)) break;
      out.push(node);
      node = rev ? node.backward : node.forward[0]!;
      count--;
    }
    return out;
  }

  byLex(r: LexRange, rev: boolean, offset: number, count: number): SkipNode[] {
    const out: SkipNode[] = [];
    let node = rev ? this.zsl.lastInLexRange(r) : this.zsl.firstInLexRange(r);
    while (node && offset > 0) {
      node = rev ? node.backward : node.forward[0]!;
      offset--;
    }
    while (node && count !== 0) {
      if (rev) {
        if (r.minInf !== -1 && (r.minInf === 1 || (r.minEx ? node.member <= r.min : node.member < r.min))) break;
      } else if (!lexLteMax(node.member, r)) break;
      out.push(node);
      node = rev ? node.backward : node.forward[0]!;
      count--;
    }
    return out;
  }
}
