/**
 * How far this machine's wall clock is from a reference every shard can reach: the target
 * server. All shards of a run drive the same server, so the differences between their offsets
 * are the differences between their clocks — what `merge` needs to say how well their windows
 * really lined up, without NTP access or a coordinator.
 *
 * Cristian's method: read local time t0, ask the server its time T, read t1; the server read
 * its clock somewhere in [t0, t1], so offset = T − (t0 + t1) / 2 within ± (t1 − t0) / 2. The
 * fastest of several round trips gives the tightest bound.
 *   - redis: `TIME` (µs resolution).
 *   - memcached: `stats` `time` has 1 s resolution, so the probe polls until that second ticks
 *     over and takes the tick as the reference instant (bounded by the two polls around it).
 */
import type { Engine } from '../../engines/types.js';
import type { ClockOffset } from '../../shared/result-types.js';
import { epochNowMs } from '../../shared/clock.js';

const REDIS_SAMPLES = 9;
/** A memcached second tick is at most this far away. */
const MEMCACHED_MAX_WAIT_MS = 1200;

export async function probeClockOffset(engine: Engine): Promise<ClockOffset> {
  if (engine.redis) return probeRedis(engine);
  if (engine.memcached) return probeMemcached(engine);
  return { reference: engine.info.name, error: 'the engine has no clock to compare with' };
}

async function probeRedis(engine: Engine): Promise<ClockOffset> {
  const reference = 'redis TIME';
  let best: { offsetMs: number; halfRttMs: number } | null = null;
  try {
    for (let i = 0; i < REDIS_SAMPLES; i++) {
      const t0 = epochNowMs();
      const reply = await engine.redis!.call(['TIME']);
      const t1 = epochNowMs();
      if (!Array.isArray(reply) || reply.length !== 2) return { reference, error: `unexpected TIME reply ${JSON.stringify(reply)}` };
      const serverMs = Number(reply[0]) * 1000 + Number(reply[1]) / 1000;
      if (!Number.isFinite(serverMs)) return { reference, error: `unexpected TIME reply ${JSON.stringify(reply)}` };
      const sample = { offsetMs: serverMs - (t0 + t1) / 2, halfRttMs: (t1 - t0) / 2 };
      if (best === null || sample.halfRttMs < best.halfRttMs) best = sample;
    }
  } catch (err) {
    return { reference, error: err instanceof Error ? err.message : String(err) };
  }
  return { reference, offsetMs: round3(best!.offsetMs), uncertaintyMs: round3(best!.halfRttMs + 0.001), samples: REDIS_SAMPLES };
}

async function probeMemcached(engine: Engine): Promise<ClockOffset> {
  const reference = 'memcached stats time';
  try {
    const first = await serverSecond(engine);
    let previous = { second: first.second, t0: first.t0 };
    let samples = 1;
    const deadline = first.t0 + MEMCACHED_MAX_WAIT_MS;
    while (epochNowMs() < deadline) {
      const s = await serverSecond(engine);
      samples++;
      if (s.second !== previous.second) {
        // The tick to `s.second` happened after the previous poll started and before this one ended.
        const mid = (previous.t0 + s.t1) / 2;
        return { reference, offsetMs: round3(s.second * 1000 - mid), uncertaintyMs: round3((s.t1 - previous.t0) / 2), samples };
      }
      previous = { second: s.second, t0: s.t0 };
    }
    return { reference, error: `the server's second did not tick within ${MEMCACHED_MAX_WAIT_MS} ms` };
  } catch (err) {
    return { reference, error: err instanceof Error ? err.message : String(err) };
  }
}

async function serverSecond(engine: Engine): Promise<{ second: number; t0: number; t1: number }> {
  const t0 = epochNowMs();
  const stats = await engine.stats();
  const t1 = epochNowMs();
  // A pool prefixes every name with `host:port/`; any server's clock will do, take the first.
  const key = Object.keys(stats).find((k) => k === 'time' || k.endsWith('/time'));
  const second = key === undefined ? NaN : Number(stats[key]);
  if (!Number.isFinite(second)) throw new Error('stats has no time field');
  return { second, t0, t1 };
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
