/**
 * Chat over pub/sub as server-sent events. `GET /events/:room` holds the response open as a
 * `text/event-stream` and writes every message published to the room; `POST /events/:room`
 * (body: the message) stamps it with the publish time (epoch ms, sub-millisecond) and PUBLISHes
 * it, so a listener measures publish → delivery latency from the stamp. One subscriber
 * connection per API carries every room; a room is subscribed while it has a listener.
 * Needs the `pubsub` capability: on the memcached family and `none` both routes answer 501.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Bytes, Reply, Subscriber } from '../../../engines/types.js';
import { replyNumber } from '../../scenarios/support/replies.js';
import { json, type ApiContext, type ApiReply, type RouteHandler } from '../context.js';

const ROOM = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_MESSAGE = 4096;

export const NO_PUBSUB: ApiReply = json(501, { error: 'this cache has no pub/sub' });

/** The epoch-ms stamp and message as they travel: `<stamp> <message>`. */
export function stampMessage(message: string): string {
  return `${(performance.timeOrigin + performance.now()).toFixed(3)} ${message}`;
}

export class EventHub {
  private subscriber: Promise<Subscriber> | null = null;
  private readonly listeners = new Map<Bytes, Set<ServerResponse>>();

  constructor(private readonly ctx: ApiContext) {}

  get supported(): boolean {
    return this.ctx.engine?.redis?.subscriber !== undefined && this.ctx.engine.info.capabilities.has('pubsub');
  }

  channel(room: string): Bytes {
    return `${this.ctx.keyPrefix}room:${room}`;
  }

  /** Start streaming `room` to `res`; false when the room name is bad (the caller replies 400). */
  async listen(room: string, res: ServerResponse): Promise<boolean> {
    if (!ROOM.test(room)) return false;
    const channel = this.channel(room);
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(res);
    res.on('close', () => this.leave(channel, res));
    if (first) await (await this.connection()).subscribe([channel]);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // A comment line, so the client knows it is subscribed before anything is published.
    res.write(': subscribed\n\n');
    return true;
  }

  private leave(channel: Bytes, res: ServerResponse): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    set.delete(res);
    if (set.size > 0) return;
    this.listeners.delete(channel);
    void this.subscriber?.then((s) => s.unsubscribe([channel])).catch(() => {});
  }

  private connection(): Promise<Subscriber> {
    if (!this.subscriber) {
      this.subscriber = Promise.resolve(this.ctx.engine!.redis!.subscriber!()).then((s) => {
        s.onMessage((channel, message) => {
          const set = this.listeners.get(channel);
          if (!set) return;
          const frame = `data: ${message}\n\n`;
          for (const res of set) res.write(frame);
        });
        return s;
      });
    }
    return this.subscriber;
  }

  /** End every stream and close the subscriber connection. */
  async close(): Promise<void> {
    for (const set of this.listeners.values()) for (const res of set) res.end();
    this.listeners.clear();
    const s = this.subscriber;
    this.subscriber = null;
    if (s) await (await s).close();
  }

  readonly publish: RouteHandler = async (ctx, req, m) => {
    if (!this.supported) return NO_PUBSUB;
    if (!ROOM.test(req.arg)) return json(400, { error: 'room must be 1-64 of A-Z a-z 0-9 . _ -' });
    if (req.body.length > MAX_MESSAGE || req.body.includes('\n')) return json(400, { error: `message must be one line of at most ${MAX_MESSAGE} bytes` });
    const redis = ctx.engine!.redis!;
    const reply = (await m.cache(() => redis.call(['PUBLISH', this.channel(req.arg), stampMessage(req.body)]))) as Reply;
    return json(200, { receivers: replyNumber(reply, 'PUBLISH') });
  };
}
