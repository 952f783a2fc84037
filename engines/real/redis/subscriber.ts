/**
 * A pub/sub subscriber on its own ioredis connection (a subscribed connection can do nothing
 * else): channel and pattern messages arrive as latin1 byte strings through `onMessage`. On a
 * cluster it also offers sharded pub/sub: `ssubscribe` subscribes each channel on the master of
 * its slot (ioredis's sharded subscribers), and `smessage`s arrive through the same handler.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Bytes, Subscriber } from '../../types.js';
import { ioredisArg } from './ioredis-client.js';

export class IoredisSubscriber implements Subscriber {
  private handler: ((channel: Bytes, message: Bytes, pattern?: Bytes) => void) | null = null;

  readonly ssubscribe?: (channels: readonly Bytes[]) => Promise<void>;

  constructor(
    private readonly client: Redis | Cluster,
    sharded = false,
  ) {
    const events = client as unknown as NodeJS.EventEmitter;
    if (sharded) {
      events.on('smessageBuffer', (channel: Buffer, message: Buffer) => {
        this.handler?.(channel.toString('latin1'), message.toString('latin1'));
      });
      // SSUBSCRIBE is routed by ioredis's slot map: the first one waits until the cluster is ready.
      const status = client as unknown as { status: string };
      const ready = new Promise<void>((resolve) => (status.status === 'ready' ? resolve() : events.once('ready', () => resolve())));
      // One SSUBSCRIBE per channel: a single call may only name channels of one slot.
      this.ssubscribe = async (channels) => {
        await ready;
        const ssub = (this.client as unknown as { ssubscribe(...a: (string | Buffer)[]): Promise<unknown> }).ssubscribe.bind(this.client);
        for (const c of channels) await ssub(ioredisArg(c));
      };
    }
    events.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      this.handler?.(channel.toString('latin1'), message.toString('latin1'));
    });
    events.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, message: Buffer) => {
      this.handler?.(channel.toString('latin1'), message.toString('latin1'), pattern.toString('latin1'));
    });
  }
  async subscribe(channels: readonly Bytes[]): Promise<void> {
    await this.pubsub().subscribe(...channels.map(ioredisArg));
  }
  async unsubscribe(channels: readonly Bytes[]): Promise<void> {
    await this.pubsub().unsubscribe(...channels.map(ioredisArg));
  }
  async psubscribe(patterns: readonly Bytes[]): Promise<void> {
    await this.pubsub().psubscribe(...patterns.map(ioredisArg));
  }
  async punsubscribe(patterns: readonly Bytes[]): Promise<void> {
    await this.pubsub().punsubscribe(...patterns.map(ioredisArg));
  }
  /** ioredis types its (un)subscribe arguments as strings; it sends Buffers as they are. */
  private pubsub(): Record<'subscribe' | 'unsubscribe' | 'psubscribe' | 'punsubscribe', (...a: (string | Buffer)[]) => Promise<unknown>> {
    return this.client as never;
  }
  onMessage(handler: (channel: Bytes, message: Bytes, pattern?: Bytes) => void): void {
    this.handler = handler;
  }
  async close(): Promise<void> {
    this.client.disconnect();
  }
}
