/**
 * The cursor loop shared by SSCAN, HSCAN and ZSCAN: resume (or start) an iterator over the
 * container, take up to COUNT elements, filter by MATCH, park the iterator unless it finished.
 */
import { ErrorReply, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { INVALID_CURSOR } from '../errors.js';
import { globMatch } from '../glob.js';
import { parseCursor, parseScanOptions } from './keys.js';

/**
 * `expand` turns one iterated element into the reply items (member, or field + value, or
 * member + score); MATCH applies to the element itself.
 */
export function scanContainer(
  c: Client,
  argv: readonly string[],
  owner: object | undefined,
  start: () => Iterator<string>,
  expand: (element: string, out: Reply[]) => void,
): Reply {
  const cursor = parseCursor(argv[2]!);
  if (cursor === undefined) return INVALID_CURSOR;
  const opts = parseScanOptions(argv, 3, false);
  if (opts instanceof ErrorReply) return opts;
  if (owner === undefined) return ['0', []];
  const iter = c.server.cursors.resume(cursor, owner, start);
  const out: Reply[] = [];
  let done = false;
  for (let visited = 0; visited < opts.count; visited++) {
    const next = iter.next();
    if (next.done) {
      done = true;
      break;
    }
    if (opts.match !== null && !globMatch(opts.match, next.value)) continue;
    expand(next.value, out);
  }
  if (!done) {
    // Look ahead one step so a scan that has just consumed the last element ends with 0.
    const peek = iter.next();
    if (peek.done) done = true;
    else {
      const rest = prepend(peek.value, iter);
      return [String(c.server.cursors.park(owner, rest)), out];
    }
  }
  return ['0', out];
}

function prepend(first: string, iter: Iterator<string>): Iterator<string> {
  let pending = true;
  return {
    next(): IteratorResult<string> {
      if (pending) {
        pending = false;
        return { done: false, value: first };
      }
      return iter.next();
    },
  };
}
