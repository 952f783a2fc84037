/**
 * The skiplist under sorted sets: nodes ordered by (score, member) with spans on every level,
 * so rank lookups, rank ranges and score/lex ranges are O(log n). Members compare as bytes
 * (JS string comparison on latin1 strings is memcmp order). Scores may be ±Infinity.
 */

const MAX_LEVEL = 32;
const P = 0.25;

export class SkipNode {
  readonly forward: (SkipNode | null)[];
  readonly span: number[];
  backward: SkipNode | null = null;
  constructor(
    public score: number,
    readonly member: string,
    level: number,
  ) {
    this.forward = new Array<SkipNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
}

/** A score interval; `minEx`/`maxEx` exclude the bound. */
export interface ScoreRange {
  min: number;
  max: number;
  minEx: boolean;
  maxEx: boolean;
}

/**
 * A lexicographic interval; `min`/`max` of `null` with the flags below mean -/+ (unbounded).
 */
export interface LexRange {
  min: string;
  max: string;
  minEx: boolean;
  maxEx: boolean;
  minInf: -1 | 0 | 1; // -1: '-' (below everything), 1: '+' (above everything), 0: bounded
  maxInf: -1 | 0 | 1;
}

function randomLevel(random: () => number): number {
  let level = 1;
  while (level < MAX_LEVEL && random() < P) level++;
  return level;
}

function before(aScore: number, aMember: string, bScore: number, bMember: string): boolean {
  return aScore < bScore || (aScore === bScore && aMember < bMember);
}

export function scoreGteMin(score: number, r: ScoreRange): boolean {
  return r.minEx ? score > r.min : score >= r.min;
}
export function scoreLteMax(score: number, r: ScoreRange): boolean {
  return r.maxEx ? score < r.max : score <= r.max;
}
export function lexGteMin(member: string, r: LexRange): boolean {
  if (r.minInf === -1) return true;
  if (r.minInf === 1) return false;
  return r.minEx ? member > r.min : member >= r.min;
}
export function lexLteMax(member: string, r: LexRange): boolean {
  if (r.maxInf === 1) return true;
  if (r.maxInf === -1) return false;
  return r.maxEx ? member < r.max : member <= r.max;
}

/** Compare two lex bounds as Redis's sdscmplex does ('-' lowest, '+' highest). */
function cmpLexBound(a: string, aInf: -1 | 0 | 1, b: string, bInf: -1 | 0 | 1): number {
  if (aInf === bInf && aInf !== 0) return 0;
  if (aInf === -1 || bInf === 1) return -1;
  if (aInf === 1 || bInf === -1) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export class SkipList {
  readonly header = new SkipNode(0, '', MAX_LEVEL);
  tail: SkipNode | null = null;
  length = 0;
  private level = 1;
  private readonly update: SkipNode[] = new Array<SkipNode>(MAX_LEVEL);
  private readonly rank: number[] = new Array<number>(MAX_LEVEL).fill(0);

  /** @param random the owning engine's random source (`EngineRandom.next`), for node levels */
  constructor(private readonly random: () => number) {}

  insert(score: number, member: string): SkipNode {
    return this.link(new SkipNode(score, member, randomLevel(this.random)));
  }

  /** Link a detached node (new, or moved by updateScore) at its (score, member) position. */
  private link(node: SkipNode): SkipNode {
    const score = node.score;
    const member = node.member;
    const update = this.update;
    const rank = this.rank;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1]!;
      let next = x.forward[i];
      while (next && before(next.score, next.member, score, member)) {
        rank[i] += x.span[i]!;
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    const level = node.forward.length;
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.length;
      }
      this.level = level;
    }
    for (let i = 0; i < level; i++) {
      const u = update[i]!;
      node.forward[i] = u.forward[i]!;
      u.forward[i] = node;
      node.span[i] = u.span[i]! - (rank[0]! - rank[i]!);
      u.span[i] = rank[0]! - rank[i]! + 1;
    }
    for (let i = level; i < this.level; i++) update[i]!.span[i]!++;
    node.backward = update[0] === this.header ? null : update[0]!;
    if (node.forward[0]) node.forward[0].backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  private unlink(x: SkipNode, update: SkipNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i]!;
      if (u.forward[i] === x) {
        u.span[i]! += x.span[i]! - 1;
        u.forward[i] = x.forward[i]!;
      } else {
        u.span[i]!--;
      }
    }
    if (x.forward[0]) x.forward[0].backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.forward[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Remove the node with this exact score and member; false when absent. */
  delete(score: number, member: string): boolean {
    const update = this.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && before(next.score, next.member, score, member)) {
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    const target = x.forward[0];
    if (target && target.score === score && target.member === member) {
      this.unlink(target, update);
      return true;
    }
    return false;
  }

  /** Move a member to a new score (in place when the order does not change). */
  updateScore(curScore: number, member: string, newScore: number): SkipNode {
    const update = this.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && before(next.score, next.member, curScore, member)) {
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    const node = x.forward[0]!;
    const prev = node.backward;
    const next = node.forward[0];
    if ((prev === null || before(prev.score, prev.member, newScore, member)) &&
        (next === null || before(newScore, member, next.score, next.member))) {
      node.score = newScore;
      return node;
    }
    // Reuse the node (and its level): no allocation for a score change.
    this.unlink(node, update);
    node.score = newScore;
    return this.link(node);
  }

  /** 1-based rank of an element known to be present. */
  getRank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && (before(next.score, next.member, score, member) || (next.score === score && next.member === member))) {
        rank += x.span[i]!;
        x = next;
        next = x.forward[i];
      }
      if (x !== this.header && x.member === member) return rank;
    }
    return 0;
  }

  /** Node at a 1-based rank, or null. */
  byRank(rank: number): SkipNode | null {
    if (rank < 1 || rank > this.length) return null;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.forward[i] && traversed + x.span[i]! <= rank) {
        traversed += x.span[i]!;
        x = x.forward[i]!;
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  first(): SkipNode | null {
    return this.header.forward[0] ?? null;
  }

  /** First node whose score is within the range, or null. */
  firstInRange(r: ScoreRange): SkipNode | null {
    if (!this.inRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.forward[i] && !scoreGteMin(x.forward[i]!.score, r)) x = x.forward[i]!;
    }
    const n = x.forward[0];
    return n && scoreLteMax(n.score, r) ? n : null;
  }

  /** Last node whose score is within the range, or null. */
  lastInRange(r: ScoreRange): SkipNode | null {
    if (!this.inRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.forward[i] && scoreLteMax(x.forward[i]!.score, r)) x = x.forward[i]!;
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  /** Redis's zslIsInLexRange: false when the range is empty or misses the whole list. */
  private inLexRange(r: LexRange): boolean {
    const cmp = cmpLexBound(r.min, r.minInf, r.max, r.maxInf);
    if (cmp > 0 || (cmp === 0 && (r.minEx || r.maxEx))) return false;
    const tail = this.tail;
    if (tail === null || !lexGteMin(tail.member, r)) return false;
    const head = this.header.forward[0];
    if (!head || !lexLteMax(head.member, r)) return false;
    return true;
  }

  /** Redis's zslIsInRange: false when the range is empty or misses the whole list. */
  private inRange(r: ScoreRange): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minEx || r.maxEx))) return false;
    const tail = this.tail;
    if (tail === null || !scoreGteMin(tail.score, r)) return false;
    const head = this.header.forward[0];
    if (!head || !scoreLteMax(head.score, r)) return false;
    return true;
  }

  firstInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.forward[i] && !lexGteMin(x.forward[i]!.member, r)) x = x.forward[i]!;
    }
    const n = x.forward[0];
    return n && lexLteMax(n.member, r) ? n : null;
  }

  lastInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.forward[i] && lexLteMax(x.forward[i]!.member, r)) x = x.forward[i]!;
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }
}
