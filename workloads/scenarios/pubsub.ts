/**
 * Pub/sub chat: each thread runs `channels` chat rooms with `subscribers` listeners each (one
 * subscriber connection per listener, subscribed to every room of the thread); each step
 * PUBLISHes one message to a random room. Rooms are per thread, so one thread knows everything
 * published to the rooms it listens to; the server still carries every thread's traffic.
 * Redis family only: memcached has no pub/sub and no emulation, so the pairing is refused.
 *
 * On a Redis Cluster, classic PUBLISH goes to any node and reaches subscribers of other nodes
 * over the cluster bus — out of order, and its reply counts only that node's subscribers — so
 * there the rooms use sharded pub/sub (SSUBSCRIBE/SPUBLISH, Redis 7): each room lives on the
 * master of its channel's slot and every check holds as on one server.
 *
 * Figures: end-to-end delivery latency (publish → a listener's callback, HDR histogram from the
 * time stamped into the message), deliveries and fan-out throughput. Checks: PUBLISH reached
 * every live subscriber (its reply), and after the run every listener received every message
 * of its rooms exactly once and in order (waiting for the last ones while they keep arriving,
 * 3 s at most).
 */
import { performance } from 'node:perf_hooks';
import type { Bytes, Engine, Reply, Subscriber } from '../../engines/types.js';
import type { DomainFigures } from '../../shared/result-types.js';
import type { CheckResult, WorkloadContext, WorkloadFactory, WorkloadInstance, WorkloadParams } from '../types.js';
import { drive, type ScenarioOp } from './support/drive.js';
import { LatencyTracker } from './support/latency.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { replyNumber } from './support/replies.js';

const OP_PUBLISH = 0;
const OP_KINDS = ['publish'] as const;

/** How long the check waits for messages still on their way: at most this long in all… */
const DRAIN_WAIT_MS = 3000;
/** …and no longer than this after the last delivery (lost messages will not come). */
const DRAIN_QUIET_MS = 500;
const DRAIN_QUIET_TURNS = 20;

interface PubsubParams {
  channels: number;
  subscribers: number;
  payloadBytes: number;
}

const PARAM_TABLE: ParamTable = [
  { name: 'channels', kind: 'int', default: 8, min: 1, max: 10_000, doc: 'chat rooms per thread' },
  { name: 'subscribers', kind: 'int', default: 4, min: 1, max: 256, doc: 'listeners per room, each on its own subscriber connection' },
  { name: 'payloadBytes', kind: 'int', default: 64, min: 0, max: 1_000_000, unit: 'bytes', doc: 'chat text per message besides its header' },
];

function resolve(params: WorkloadParams): PubsubParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as PubsubParams;
}

/** One listener: what it has received, per room, checked as messages arrive. */
class Listener {
  /** Next sequence number expected per room. */
  readonly next: Int32Array;
  duplicates = 0;
  gaps = 0;
  received = 0;
  constructor(
    readonly connection: Subscriber,
    rooms: number,
  ) {
    this.next = new Int32Array(rooms);
  }
}

class PubsubInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_PUBLISH;
  private readonly channelNames: Bytes[];
  private readonly roomByName = new Map<Bytes, number>();
  private readonly published: Int32Array;
  private readonly listeners: Listener[] = [];
  private readonly padding: string;
  /** Sharded pub/sub (a cluster): SSUBSCRIBE/SPUBLISH instead of SUBSCRIBE/PUBLISH. */
  private readonly sharded: boolean;
  private readonly publishCommand: 'PUBLISH' | 'SPUBLISH';

  private publishes = 0;
  private deliveries = 0;
  private shortPublishes = 0;
  private readonly delivery = new LatencyTracker();
  private measureStartMs = performance.now();
  private lastDeliveryMs = 0;

  constructor(
    private readonly params: PubsubParams,
    private readonly ctx: WorkloadContext,
  ) {
    this.channelNames = Array.from({ length: params.channels }, (_, c) => `chat:${ctx.seed}:${ctx.threadIndex}:${c}`);
    this.channelNames.forEach((name, c) => this.roomByName.set(name, c));
    this.published = new Int32Array(params.channels);
    this.padding = 'm'.repeat(params.payloadBytes);
    this.sharded = ctx.cluster === true;
    this.publishCommand = this.sharded ? 'SPUBLISH' : 'PUBLISH';
  }

  /** Every thread opens its own listeners and subscribes them before anything is published. */
  async preload(engine: Engine): Promise<void> {
    const redis = engine.redis!;
    if (!redis.subscriber) throw new Error(`pubsub: engine '${engine.info.name}' offers no subscriber connections`);
    for (let s = 0; s < this.params.subscribers; s++) {
      const connection = await redis.subscriber();
      const listener = new Listener(connection, this.params.channels);
      connection.onMessage((channel, message) => this.onMessage(listener, channel, message));
      if (this.sharded) {
        if (!connection.ssubscribe) throw new Error(`pubsub: engine '${engine.info.name}' is a cluster without sharded pub/sub (SSUBSCRIBE)`);
        await connection.ssubscribe(this.channelNames);
      } else await connection.subscribe(this.channelNames);
      this.listeners.push(listener);
    }
  }

  /** Runs for every delivery: parse `seq|sentMs|text`, judge order, record latency. */
  private onMessage(listener: Listener, channel: Bytes, message: Bytes): void {
    const now = performance.now();
    const room = this.roomByName.get(channel);
    if (room === undefined) return;
    const bar = message.indexOf('|');
    const bar2 = message.indexOf('|', bar + 1);
    const seq = Number(message.slice(0, bar));
    this.delivery.recordSinceMs(Number(message.slice(bar + 1, bar2)), now);
    const expected = listener.next[room]!;
    if (seq === expected) listener.next[room] = expected + 1;
    else if (seq < expected) listener.duplicates++;
    else {
      listener.gaps += seq - expected;
      listener.next[room] = seq + 1;
    }
    listener.received++;
    this.deliveries++;
    this.lastDeliveryMs = now;
  }

  onMeasureStart(): void {
    this.publishes = this.deliveries = this.shortPublishes = 0;
    this.delivery.reset();
    this.measureStartMs = performance.now();
  }

  step(engine: Engine): number | Promise<number> {
    this.lastKind = OP_PUBLISH;
    const room = this.ctx.rng.int(this.params.channels);
    const seq = this.published[room]!;
    this.published[room] = seq + 1;
    const message = `${seq}|${performance.now()}|${this.padding}`;
    return drive(this.publish(engine, room, message));
  }

  private *publish(engine: Engine, room: number, message: string): ScenarioOp {
    const receivers = replyNumber((yield engine.redis!.call([this.publishCommand, this.channelNames[room]!, message])) as Reply, this.publishCommand);
    this.publishes++;
    if (receivers < this.params.subscribers) this.shortPublishes++;
    return OP_PUBLISH;
  }

  domain(): DomainFigures {
    const seconds = Math.max(1e-9, (this.lastDeliveryMs - this.measureStartMs) / 1000);
    return {
      figures: threadFigures(FIGURES, {
        publishes: this.publishes,
        deliveries: this.deliveries,
        deliveriesPerSecond: this.deliveries / seconds,
        publishesShortOfSubscribers: this.shortPublishes,
      }),
      latencies: { delivery: this.delivery.summary() },
      notes: [
        `${this.params.channels} rooms × ${this.params.subscribers} listeners per thread; one subscriber connection per listener`,
        ...(this.sharded ? ['cluster: sharded pub/sub (SSUBSCRIBE/SPUBLISH), each room on the master of its slot'] : []),
      ],
    };
  }

  private expectedTotal(): number {
    let total = 0;
    for (const count of this.published) total += count;
    return total * this.listeners.length;
  }

  async check(): Promise<CheckResult[]> {
    // Messages may still be on their way (sockets, the engine thread): wait for them, boundedly.
    const deadline = performance.now() + DRAIN_WAIT_MS;
    const expected = this.expectedTotal();
    const received = () => this.listeners.reduce((n, l) => n + l.received, 0);
    // "Quiet" means both time and event-loop turns without a delivery: after the process was
    // descheduled, the first timer fires before the sockets are read, so time alone would lie.
    let lastCount = received();
    let lastChangeMs = performance.now();
    let quietTurns = 0;
    while (lastCount < expected && performance.now() < deadline && (performance.now() - lastChangeMs < DRAIN_QUIET_MS || quietTurns < DRAIN_QUIET_TURNS)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const count = received();
      if (count !== lastCount) {
        lastCount = count;
        lastChangeMs = performance.now();
        quietTurns = 0;
      } else {
        quietTurns++;
      }
    }

    let missing = 0;
    let duplicates = 0;
    const examples: string[] = [];
    this.listeners.forEach((listener, s) => {
      duplicates += listener.duplicates;
      missing += listener.gaps;
      for (let room = 0; room < this.params.channels; room++) {
        const short = this.published[room]! - listener.next[room]!;
        if (short > 0) {
          missing += short;
          if (examples.length < 3) examples.push(`listener ${s} missed the last ${short} of ${this.published[room]} messages in room ${room}`);
        }
      }
      if (listener.gaps > 0 && examples.length < 3) examples.push(`listener ${s} found ${listener.gaps} messages missing mid-stream`);
      if (listener.duplicates > 0 && examples.length < 3) examples.push(`listener ${s} got ${listener.duplicates} duplicates`);
    });
    const total = received();
    return [
      {
        name: 'every message delivered exactly once to every subscriber',
        passed: missing === 0 && duplicates === 0,
        detail:
          missing === 0 && duplicates === 0
            ? `${expected} deliveries expected, ${total} received, in order`
            : `${expected} expected, ${total} received: ${missing} missing, ${duplicates} duplicated; ${examples.join('; ')}`,
      },
      {
        name: 'PUBLISH reached every live subscriber',
        passed: this.shortPublishes === 0,
        detail: this.shortPublishes === 0 ? `${this.publishes} publishes` : `${this.shortPublishes} publishes reached fewer than ${this.params.subscribers} subscribers`,
      },
    ];
  }

  async close(): Promise<void> {
    for (const listener of this.listeners) await listener.connection.close();
    this.listeners.length = 0;
  }
}

/** pubsub's figures (`figure-table.ts`). */
export const FIGURES = defineFigures([
  { name: 'publishes', unit: 'count', merge: 'sum', doc: 'messages published' },
  { name: 'deliveries', unit: 'count', merge: 'sum', doc: 'messages received by a listener' },
  { name: 'fanOut', unit: 'number', merge: { ratio: ['deliveries', 'publishes'] }, doc: 'deliveries per publish' },
  { name: 'deliveriesPerSecond', unit: 'per-second', merge: 'sum', doc: 'deliveries per second of the measured phase, over every thread' },
  { name: 'deliveryP50Ns', unit: 'ns', merge: { latency: 'delivery', stat: 'p50' }, doc: 'median time from publish to delivery' },
  { name: 'deliveryP99Ns', unit: 'ns', merge: { latency: 'delivery', stat: 'p99' }, doc: 'p99 time from publish to delivery' },
  { name: 'publishesShortOfSubscribers', unit: 'count', merge: 'sum', doc: 'publishes that reached fewer listeners than the room has' },
]);

export const pubsubWorkload: WorkloadFactory = {
  name: 'pubsub',
  description: 'chat rooms: PUBLISH to M subscribers per channel; delivery latency, fan-out throughput, exactly-once delivery',
  onCluster: 'sharded pub/sub: SSUBSCRIBE/SPUBLISH (Redis 7), each room on the master of its slot',
  needs: ['pubsub'],
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new PubsubInstance(resolve(params), ctx),
};
