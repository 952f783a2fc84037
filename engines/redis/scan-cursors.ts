/**
 * SCAN-family cursors. Redis walks its hash table with a reverse-binary cursor; a JS Map has
 * no buckets, but its iterators already give SCAN's guarantee (every element present for the
 * whole scan is returned; deletions are skipped; additions may or may not appear). So a cursor
 * number names a live iterator kept here, bounded in count; an unknown cursor starts over.
 */

interface OpenCursor {
  readonly owner: object;
  readonly iter: Iterator<string>;
}

const MAX_OPEN = 4096;

export class ScanCursors {
  private readonly open = new Map<number, OpenCursor>();
  private next = 1;

  /** The iterator for `cursor` over `owner`, or a fresh one from `start()`. */
  resume(cursor: number, owner: object, start: () => Iterator<string>): Iterator<string> {
    const found = cursor !== 0 ? this.open.get(cursor) : undefined;
    if (found && found.owner === owner) {
      this.open.delete(cursor);
      return found.iter;
    }
    return start();
  }

  /** Park an unfinished iterator; returns its cursor number. */
  park(owner: object, iter: Iterator<string>): number {
    if (this.open.size >= MAX_OPEN) {
      const oldest = this.open.keys().next().value as number;
      this.open.delete(oldest);
    }
    const id = this.next++;
    if (this.next > 0x7fffffff) this.next = 1;
    this.open.set(id, { owner, iter });
    return id;
  }
}
