/**
 * Replies written once per event-loop turn, for every connection that has some — the shape of
 * redis-server's `beforeSleep` → `handleClientsWithPendingWrites`: commands are executed as
 * each read is parsed, but the writes of all clients read in one epoll iteration leave
 * together after the last read, not one by one between them.
 *
 * Why it matters on a loopback benchmark: each write to a socket whose peer sleeps in
 * epoll_wait wakes the peer (the kernel's `sock_def_readable` → try_to_wake_up, paid by the
 * writer). Written between reads, 50 pipelined connections' replies wake redis-benchmark up to
 * 50 times a turn, each time to find one connection ready; written back to back, the load
 * generator wakes once and finds them all. In Node the reads of one epoll iteration run in the
 * poll phase and `setImmediate` callbacks right after it (the check phase), so one immediate
 * per turn flushes what the turn produced.
 */

export interface PendingWriter {
  /** Set and cleared by the queue only: whether this writer is waiting for the turn's flush. */
  flushQueued: boolean;
  /** Write what the writer has buffered (called once per turn while queued). */
  flush(): void;
}

export class TurnFlush {
  private queue: PendingWriter[] = [];
  private spare: PendingWriter[] = [];
  private scheduled = false;
  private readonly runQueued = (): void => {
    this.scheduled = false;
    this.flushNow();
  };

  /** Flush `w` at the end of this event-loop turn (once, however often it is added). */
  add(w: PendingWriter): void {
    if (w.flushQueued) return;
    w.flushQueued = true;
    this.queue.push(w);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.runQueued);
    }
  }

  /** Flush every queued writer now (also before a shutdown closes them). */
  flushNow(): void {
    // Writers queued while flushing (none today) wait for the next turn, not this loop.
    const batch = this.queue;
    this.queue = this.spare;
    let i = 0;
    try {
      for (; i < batch.length; i++) {
        const w = batch[i]!;
        w.flushQueued = false;
        w.flush();
      }
    } finally {
      // A writer that threw must not strand the ones after it: they go to the next turn.
      for (let j = i + 1; j < batch.length; j++) {
        batch[j]!.flushQueued = false;
        this.add(batch[j]!);
      }
      batch.length = 0;
      this.spare = batch;
    }
  }
}
