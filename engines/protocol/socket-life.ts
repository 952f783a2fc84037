/**
 * The end of a served connection, the same for every protocol: close after the replies
 * already written (QUIT, a protocol error), or at once (a kill, a limit, shutdown), and tell
 * the owner exactly once, whichever way the socket went.
 */
import type net from 'node:net';

export abstract class SocketLife {
  protected closed = false;
  private released = false;

  constructor(protected readonly socket: net.Socket) {
    socket.on('error', () => {});
    socket.on('close', () => this.release());
  }

  /** Called once when the connection is gone. */
  protected abstract onRelease(): void;

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
