/**
 * The end of a served connection, the same for every protocol: close after the replies
 * already written (QUIT, a protocol error), or at once (a kill, a limit, shutdown), and tell
 * the owner exactly once, whichever way the socket went.
 */
import type net from 'node:net';
import { writeDirect } from '../real/socket/direct-write.js';

export abstract class SocketLife {
  protected closed = false;
  private released = false;

  constructor(protected readonly socket: net.Socket) {
    socket.on('error', () => {});
    socket.on('close', () => this.release());
  }

  /** Called once when the connection is gone. */
  protected abstract onRelease(): void;

  /**
   * Write one batch of replies. Straight to the TCP handle (`writeDirect`: no Writable
   * bookkeeping, one native call) while nothing is queued; once the kernel has left bytes
   * queued in libuv, through `socket.write`, so that the stream's `writableLength` and
   * 'drain' account for a slow reader again (the read pause on output backlog relies on them).
   * Either way the bytes leave in call order (one libuv queue per handle). The caller must not
   * overwrite `bytes` afterwards (OutBuffer never reuses bytes it handed out).
   */
  protected send(bytes: Buffer): void {
    const handle = (this.socket as unknown as { _handle?: { writeQueueSize?: number } | null })._handle;
    if (handle != null && handle.writeQueueSize === 0) writeDirect(this.socket, bytes, false);
    else this.socket.write(bytes);
  }

  /** Half-close after what was written, then forget the connection. */
  protected endAfterWrites(): void {
    this.closed = true;
    this.socket.end();
    this.release();
  }

  /** Close at once (CLIENT KILL, limits, server shutdown). */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.release();
  }

  private release(): void {
    this.closed = true;
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}
