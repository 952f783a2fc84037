/**
 * The end-of-turn flush (`TurnFlush`): a writer queued any number of times in one event-loop
 * turn is flushed once, after the turn's synchronous work (not inside the read that queued it),
 * writers in the order they were queued; a writer that queues itself while flushing waits for
 * the next turn, as do the writers after one that throws; `flushNow` (before a shutdown) flushes
 * at once and leaves nothing for later.
 */
import { describe, expect, it } from 'vitest';
import { TurnFlush, type PendingWriter } from '../../../engines/protocol/turn-flush.js';

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

function writer(name: string, log: string[], onFlush?: () => void): PendingWriter {
  return {
    flushQueued: false,
    flush() {
      log.push(name);
      onFlush?.();
    },
  };
}

describe('TurnFlush', () => {
  it('flushes each queued writer once, after the turn, in queue order', async () => {
    const log: string[] = [];
    const q = new TurnFlush();
    const a = writer('a', log);
    const b = writer('b', log);
    q.add(a);
    q.add(b);
    q.add(a);
    expect(log).toEqual([]);
    expect(a.flushQueued).toBe(true);
    await nextTurn();
    expect(log).toEqual(['a', 'b']);
    expect(a.flushQueued).toBe(false);
    q.add(b);
    await nextTurn();
    expect(log).toEqual(['a', 'b', 'b']);
  });

  it('a writer queued during the flush is flushed in the next turn', async () => {
    const log: string[] = [];
    const q = new TurnFlush();
    let again = true;
    const a: PendingWriter = writer('a', log, () => {
      if (again) {
        again = false;
        q.add(a);
      }
    });
    q.add(a);
    await nextTurn();
    expect(log).toEqual(['a']);
    await nextTurn();
    expect(log).toEqual(['a', 'a']);
  });

  it('a writer that throws does not strand the writers queued after it', async () => {
    const log: string[] = [];
    const q = new TurnFlush();
    const bad: PendingWriter = {
      flushQueued: false,
      flush: () => {
        throw new Error('boom');
      },
    };
    q.add(writer('a', log));
    q.add(bad);
    q.add(writer('b', log));
    expect(() => q.flushNow()).toThrow('boom');
    expect(log).toEqual(['a']);
    await nextTurn();
    expect(log).toEqual(['a', 'b']);
  });

  it('flushNow writes everything queued at once, and the turn then has nothing left', async () => {
    const log: string[] = [];
    const q = new TurnFlush();
    q.add(writer('a', log));
    q.add(writer('b', log));
    q.flushNow();
    expect(log).toEqual(['a', 'b']);
    await nextTurn();
    expect(log).toEqual(['a', 'b']);
  });
});
