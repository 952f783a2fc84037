/**
 * A job queue on a Redis list: producers LPUSH jobs, consumers BRPOP them (on a separate blocking
 * connection, with a short timeout). The `reliable` variant moves each job atomically to a
 * processing list (BLMOVE/LMOVE) and acknowledges it with LREM once done, so a consumer that
 * dies leaves its job visible. Without the `blocking` capability consumers poll with RPOP/LMOVE.
 * Memcached has no lists and no emulation: the pairing is refused.
 *
 * Figures: enqueue → dequeue latency (an HDR histogram, from the time stamped into the job), queue
 * depth over time (LPUSH's reply), empty polls. Check, over every thread: every job produced was
 * processed exactly once or is still waiting in the queue, and nothing is left unacknowledged.
 * Threads' checks run separately, so each thread writes its ledger (jobs produced, and a tally of
 * jobs consumed at one byte per job) into the engine, and thread 0 waits for all of them and judges.
 */
import { performance } from 'node:perf_hooks';
import type { Bytes, Engine, RedisCommands, Reply } from '../../engines/types.js';
import type { DomainFigures } from '../../shared/result-types.js';
import type { CheckResult, WorkloadContext, WorkloadFactory, WorkloadInstance, WorkloadParams } from '../types.js';
import { IntervalBuckets, TIME_AXIS } from './support/buckets.js';
import { clip } from './support/detail.js';
import { deleteKeys } from './support/cleanup.js';
import { drive, type ScenarioOp } from './support/drive.js';
import { JobTally } from './support/job-tally.js';
import { LatencyTracker } from './support/latency.js';
import { maxSeries } from './support/merge.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { failOnError, replyArray, replyBulk, replyNumber } from './support/replies.js';

const OP_ENQUEUE = 0;
const OP_DEQUEUE = 1;
const OP_EMPTY = 2;
const OP_KINDS = ['enqueue', 'dequeue', 'dequeue-empty'] as const;

const VARIANTS = ['simple', 'reliable'] as const;
/** How long thread 0's check waits for the other threads' ledgers. */
const LEDGER_WAIT_MS = 5_000;

type BlockingClient = RedisCommands & { close(): unknown };

interface QueueParams {
  variant: (typeof VARIANTS)[number];
  produceRatio: number;
  blockMs: number;
  payloadBytes: number;
}

const PARAM_TABLE: ParamTable = [
  { name: 'variant', kind: 'enum', default: 'simple', values: VARIANTS, doc: 'BRPOP, or BLMOVE to a processing list + LREM to acknowledge' },
  { name: 'produceRatio', kind: 'number', default: 0.5, min: 0.01, max: 0.99, doc: 'fraction of operations that enqueue a job; the rest dequeue one' },
  { name: 'blockMs', kind: 'int', default: 100, min: 10, max: 10_000, unit: 'ms', doc: 'how long a consumer blocks on an empty queue' },
  { name: 'payloadBytes', kind: 'int', default: 64, min: 0, max: 1_000_000, unit: 'bytes', doc: 'payload per job besides its id and timestamp' },
];

function resolve(params: WorkloadParams): QueueParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as QueueParams;
}

/** High-resolution epoch ms, comparable across worker threads. */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

class QueueInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_ENQUEUE;
  private readonly queueKey: Bytes;
  private readonly processingKey: Bytes;
  private readonly padding: string;
  private readonly blockSeconds: string;
  private produced = 0;
  /** How often this thread consumed each job (producer thread, sequence number). */
  private readonly consumed = new JobTally();
  /** Blocking connections not in use; one per dequeue in flight, created on demand. */
  private readonly idleBlocking: BlockingClient[] = [];
  private readonly allBlocking: BlockingClient[] = [];

  private enqueues = 0;
  private dequeues = 0;
  private emptyPolls = 0;
  private readonly delivery = new LatencyTracker();
  private depth: IntervalBuckets;

  constructor(
    private readonly params: QueueParams,
    private readonly ctx: WorkloadContext,
  ) {
    // On a cluster the queue and its processing list share one slot (a hash tag), so the
    // reliable variant's BLMOVE/LMOVE between them stays one native command, not CROSSSLOT.
    const base = ctx.cluster === true ? `q:{${ctx.seed}}` : `q:${ctx.seed}`;
    this.queueKey = `${base}:jobs`;
    this.processingKey = `${base}:processing`;
    this.padding = 'x'.repeat(params.payloadBytes);
    this.blockSeconds = (params.blockMs / 1000).toFixed(3);
    this.depth = new IntervalBuckets(performance.now(), this.ctx.intervalMs);
  }

  /** Thread 0 empties the queue, the processing list and old ledgers (a server keeps them). */
  async preload(engine: Engine): Promise<void> {
    if (this.ctx.threadIndex !== 0) return;
    const keys = [this.queueKey, this.processingKey];
    for (let t = 0; t < this.ctx.threadCount; t++) keys.push(this.ledgerKey(t));
    await deleteKeys(engine, keys);
  }

  onMeasureStart(): void {
    this.enqueues = this.dequeues = this.emptyPolls = 0;
    this.delivery.reset();
    this.depth = new IntervalBuckets(performance.now(), this.ctx.intervalMs);
  }

  step(engine: Engine): number | Promise<number> {
    if (this.ctx.rng.nextFast() < this.params.produceRatio) {
      this.lastKind = OP_ENQUEUE;
      const job = `${this.ctx.threadIndex}:${this.produced++}:${epochMs().toFixed(3)}:${this.padding}`;
      return drive(this.enqueue(engine, job));
    }
    this.lastKind = OP_DEQUEUE;
    return drive(this.dequeue(engine));
  }

  private *enqueue(engine: Engine, job: string): ScenarioOp {
    const length = replyNumber((yield engine.redis!.call(['LPUSH', this.queueKey, job])) as Reply, 'LPUSH');
    this.enqueues++;
    this.depth.max(length);
    return OP_ENQUEUE;
  }

  private *dequeue(engine: Engine): ScenarioOp {
    const redis = engine.redis!;
    const reliable = this.params.variant === 'reliable';
    let job: string | null;
    if (redis.blockingClient && this.ctx.capabilities.has('blocking')) {
      const client = this.idleBlocking.pop() ?? ((yield this.openBlocking(redis)) as BlockingClient);
      try {
        const reply = (yield client.call(
          reliable ? ['BLMOVE', this.queueKey, this.processingKey, 'RIGHT', 'LEFT', this.blockSeconds] : ['BRPOP', this.queueKey, this.blockSeconds],
        )) as Reply;
        job = reliable ? replyBulk(reply, 'BLMOVE') : reply === null ? null : String(replyArray(reply, 'BRPOP')[1]);
      } finally {
        this.idleBlocking.push(client);
      }
    } else {
      const reply = (yield redis.call(reliable ? ['LMOVE', this.queueKey, this.processingKey, 'RIGHT', 'LEFT'] : ['RPOP', this.queueKey])) as Reply;
      job = replyBulk(reply, reliable ? 'LMOVE' : 'RPOP');
    }
    if (job === null) {
      this.emptyPolls++;
      this.lastKind = OP_EMPTY;
      return OP_EMPTY;
    }
    const now = epochMs();
    const first = job.indexOf(':');
    const second = job.indexOf(':', first + 1);
    const third = job.indexOf(':', second + 1);
    this.delivery.recordNs((now - Number(job.slice(second + 1, third))) * 1e6);
    this.consumed.count(Number(job.slice(0, first)), Number(job.slice(first + 1, second)));
    if (reliable) failOnError((yield redis.call(['LREM', this.processingKey, '1', job])) as Reply, 'LREM');
    this.dequeues++;
    return OP_DEQUEUE;
  }

  private async openBlocking(redis: RedisCommands): Promise<BlockingClient> {
    const client = await redis.blockingClient!();
    this.allBlocking.push(client);
    return client;
  }

  domain(): DomainFigures {
    return {
      figures: threadFigures(FIGURES, { enqueues: this.enqueues, dequeues: this.dequeues, emptyPolls: this.emptyPolls }),
      series: { 'queue depth': { xLabel: TIME_AXIS, yLabel: 'jobs waiting (max)', points: this.depth.points() } },
      latencies: { enqueueToDequeue: this.delivery.summary() },
      notes: [
        ...(this.ctx.cluster === true ? [`cluster: queue and processing list hash-tagged into one slot ({${this.ctx.seed}})`] : []),
        this.params.variant === 'reliable'
          ? 'reliable: BLMOVE (or LMOVE) to a processing list, LREM to acknowledge'
          : 'simple: LPUSH / BRPOP (or RPOP without the blocking capability)',
      ],
    };
  }

  private ledgerKey(thread: number): Bytes {
    return `q:${this.ctx.seed}:ledger:${thread}`;
  }

  async check(engine: Engine): Promise<CheckResult[]> {
    const redis = engine.redis!;
    const ledger = `${this.produced}|${this.consumed.encode()}`;
    if (this.ctx.threadIndex !== 0) {
      failOnError(await redis.call(['SET', this.ledgerKey(this.ctx.threadIndex), ledger]), 'SET');
      return [];
    }
    const produced: number[] = [this.produced];
    // Consumed by any thread, plus still waiting in the queue: each job must be there exactly once.
    const seen = new JobTally();
    seen.addAll(this.consumed);
    const missingLedgers: number[] = [];
    const deadline = performance.now() + LEDGER_WAIT_MS;
    for (let t = 1; t < this.ctx.threadCount; t++) {
      let text: string | null = null;
      for (;;) {
        text = replyBulk(await redis.call(['GET', this.ledgerKey(t)]), 'GET');
        if (text !== null || performance.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (text === null) {
        missingLedgers.push(t);
        produced[t] = 0;
        continue;
      }
      const bar = text.indexOf('|');
      produced[t] = Number(text.slice(0, bar));
      seen.addAll(JobTally.decode(text.slice(bar + 1)));
    }
    const consumedTotal = seen.total;
    const waitingJobs = replyArray(await redis.call(['LRANGE', this.queueKey, '0', '-1']), 'LRANGE');
    for (const job of waitingJobs) {
      const text = String(job);
      const first = text.indexOf(':');
      seen.count(Number(text.slice(0, first)), Number(text.slice(first + 1, text.indexOf(':', first + 1))));
    }
    const unacked = replyArray(await redis.call(['LRANGE', this.processingKey, '0', '-1']), 'LRANGE');

    let total = 0;
    let lost = 0;
    let duplicated = 0;
    let phantom = 0;
    const examples: string[] = [];
    for (let thread = 0; thread < Math.max(produced.length, seen.producers); thread++) {
      const count = produced[thread] ?? 0;
      total += count;
      for (let seq = 0; seq < Math.max(count, seen.extent(thread)); seq++) {
        const times = seen.get(thread, seq);
        if (seq >= count) {
          if (times > 0) phantom++;
        } else if (times === 0) {
          lost++;
          if (examples.length < 3) examples.push(`job ${thread}:${seq} never processed nor waiting`);
        } else if (times > 1) {
          duplicated++;
          if (examples.length < 3) examples.push(`job ${thread}:${seq} seen ${times} times`);
        }
      }
    }
    const passed = lost === 0 && duplicated === 0 && phantom === 0 && missingLedgers.length === 0;
    return [
      {
        name: 'every job processed exactly once',
        passed,
        detail: passed
          ? `${total} jobs produced: ${consumedTotal} processed once each, ${waitingJobs.length} still waiting`
          : clip(
              `${total} produced, ${consumedTotal} processed, ${waitingJobs.length} waiting: ${lost} lost, ${duplicated} duplicated, ${phantom} never produced` +
                `${missingLedgers.length ? `, no ledger from thread(s) ${missingLedgers.join(',')}` : ''}; ${examples.join('; ')}`,
              400,
            ),
      },
      {
        name: 'no job left unacknowledged',
        passed: unacked.length === 0,
        detail: unacked.length === 0 ? 'processing list empty' : `${unacked.length} jobs still in the processing list`,
      },
    ];
  }

  async close(): Promise<void> {
    for (const client of this.allBlocking) await client.close();
    this.allBlocking.length = 0;
    this.idleBlocking.length = 0;
  }
}

/** queue's figures (`figure-table.ts`); the `queue depth` curve (maximum per second) is merged in `summarize`. */
export const FIGURES = defineFigures([
  { name: 'enqueues', unit: 'count', merge: 'sum', doc: 'jobs pushed' },
  { name: 'dequeues', unit: 'count', merge: 'sum', doc: 'jobs taken (and acknowledged, reliable variant)' },
  { name: 'emptyPolls', unit: 'count', merge: 'sum', doc: 'polls that found the queue empty (or timed out blocking)' },
  { name: 'enqueueToDequeueP50Ns', unit: 'ns', merge: { latency: 'enqueueToDequeue', stat: 'p50' }, doc: 'median time a job waited in the queue' },
  { name: 'enqueueToDequeueP99Ns', unit: 'ns', merge: { latency: 'enqueueToDequeue', stat: 'p99' }, doc: 'p99 time a job waited in the queue' },
]);

export const queueWorkload: WorkloadFactory = {
  name: 'queue',
  description: 'job queue: LPUSH / BRPOP, or reliable BLMOVE to a processing list + LREM; every job exactly once',
  needs: ['lists'],
  // A blocking pop waits for a producer: its latency is the queue being empty, not service time
  // (the job's own wait is the enqueueToDequeue figure).
  waitKinds: (capabilities) => (capabilities.has('blocking') ? ['dequeue', 'dequeue-empty'] : []),
  onCluster: 'hash-tagged: the queue and its processing list in one slot, so BLMOVE/LMOVE stay native; blocking pops (lean driver) on a router of their own, one connection per node',
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new QueueInstance(resolve(params), ctx),
  summarize(parts) {
    const depth = maxSeries(parts, 'queue depth');
    return depth ? { series: { 'queue depth': depth } } : {};
  },
};
