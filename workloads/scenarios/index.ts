/**
 * The scenario workloads (the jobs people use Redis and Memcached for), in the order the
 * registry lists them. Each lives in its own file beside this one; shared helpers in support/.
 */
import type { WorkloadFactory } from '../types.js';
import { cacheAsideWorkload } from './cache-aside.js';
import { hashObjectsWorkload } from './hash-objects.js';
import { leaderboardWorkload } from './leaderboard.js';
import { pubsubWorkload } from './pubsub.js';
import { queueWorkload } from './queue.js';
import { rateLimiterWorkload } from './rate-limiter.js';
import { sessionWorkload } from './session.js';
import { socialGraphWorkload } from './social-graph.js';
import { timelineWorkload } from './timeline.js';

export const SCENARIO_WORKLOADS: readonly WorkloadFactory[] = [cacheAsideWorkload, rateLimiterWorkload, leaderboardWorkload, sessionWorkload, hashObjectsWorkload, socialGraphWorkload, queueWorkload, timelineWorkload, pubsubWorkload];
