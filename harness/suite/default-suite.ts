/**
 * The built-in quick suite behind `npm run bench`: the embedded engines (null for the harness's
 * own cost, redis-style, memcached-style) on kv in closed and open loop, one and two threads,
 * then a short pass of every scenario workload. About a minute on 2 cores. A fixed seed keeps
 * runs comparable; pass --seed to vary it.
 */
import type { Suite } from './suite-types.js';

const EMBEDDED = ['redis-style', 'memcached-style'] as const;
const SCENARIOS_QUICK = { durationMs: 1000, warmupMs: 300 };

export const DEFAULT_SUITE: Suite = {
  name: 'quick',
  description: 'embedded engines: kv closed/open loop, 1–2 threads, and a short pass of every scenario',
  defaults: { durationMs: 2000, warmupMs: 500, seed: 20261122, concurrency: 1 },
  cells: [
    { engines: ['null'], workload: 'kv', params: { keys: 100_000, ratio: '1:10' } },
    // One and two threads with identical settings: the report draws them as a scaling chart.
    { engines: [...EMBEDDED], workload: 'kv', params: { keys: 100_000, ratio: '1:10' }, matrix: { threads: [1, 2] } },
    { engines: [...EMBEDDED], workload: 'kv', params: { keys: 100_000, keyPattern: 'zipfian' }, label: 'kv zipfian' },
    { engines: [...EMBEDDED], workload: 'kv', params: { keys: 100_000 }, config: { rate: 50_000, arrival: 'poisson' } },
    ...['cache-aside', 'session', 'leaderboard', 'rate-limiter', 'timeline', 'social-graph', 'hash-objects', 'ycsb-a', 'ycsb-b'].map(
      (workload) => ({ engines: [...EMBEDDED], workload, config: SCENARIOS_QUICK }),
    ),
    // Pub/sub and blocking queues need capabilities the memcached family does not have
    // (`cachebench list` shows them as refused), so they run on the redis-style engine only.
    ...['pubsub', 'queue'].map((workload) => ({ engines: ['redis-style'], workload, config: SCENARIOS_QUICK })),
  ],
};
