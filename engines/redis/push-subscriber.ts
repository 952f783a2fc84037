/**
 * What every redis-style subscriber shares, wherever its session lives (in this thread, or
 * behind the engine-thread channel): the message handlers, the decoding of `message` /
 * `pmessage` pushes into handler calls, and the four (un)subscribe commands. A subclass says
 * only how one command reaches the engine (`run`) and how the session ends (`close`).
 */
import type { Reply, Subscriber } from '../types.js';

type MessageHandler = (channel: string, message: string, pattern?: string) => void;

export abstract class PushSubscriber implements Subscriber {
  private readonly handlers: MessageHandler[] = [];

  /** Runs one command on the subscriber's session; throws an EngineError on an error reply. */
  protected abstract run(argv: string[]): void;
  abstract close(): void;

  /** Hands each `message` / `pmessage` push to every handler (other pushes are confirmations). */
  protected deliver(pushes: readonly Reply[][]): void {
    for (const p of pushes) {
      const pattern = p[0] === 'pmessage';
      const channel = (pattern ? p[2] : p[1]) as string;
      const message = (pattern ? p[3] : p[2]) as string;
      for (const h of this.handlers) {
        if (pattern) h(channel, message, p[1] as string);
        else h(channel, message);
      }
    }
  }

  subscribe(channels: readonly string[]): void {
    if (channels.length) this.run(['SUBSCRIBE', ...channels]);
  }
  unsubscribe(channels: readonly string[]): void {
    this.run(['UNSUBSCRIBE', ...channels]);
  }
  psubscribe(patterns: readonly string[]): void {
    if (patterns.length) this.run(['PSUBSCRIBE', ...patterns]);
  }
  punsubscribe(patterns: readonly string[]): void {
    this.run(['PUNSUBSCRIBE', ...patterns]);
  }
  onMessage(handler: MessageHandler): void {
    this.handlers.push(handler);
  }
}
