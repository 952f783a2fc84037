/**
 * One step of a rate search judged from its `RunResult`: did it meet every SLO at the rate it
 * was asked for, and if not, which side limited it — the server (engine), or the load
 * generator. Pure: everything comes from the result.
 *
 * A step meets its SLOs when every SLO holds on the (coordinated-omission corrected) latency
 * of the kinds that are served rather than waited for (`judgedLatency`), no operation failed, no check failed, and the generator achieved at least
 * `ACHIEVED_RATE_SHARE` of the target rate (a rate that was not offered was not served).
 *
 * Which side limited a failed step:
 * - when the open loop attributed its lag (`openLoop.generatorLag`, from the loop itself: lag
 *   spent waiting for the server is left out), its `saturated` says the generator fell behind;
 *   when it did not, an in-process engine is still the limit only if it held at least
 *   `ENGINE_SHARE_FOR_SERVER` of the load thread (below, the rule for in-process engines);
 * - otherwise (results from before that attribution):
 * - in-process engines run on the load thread (or answer it through a channel), so the thread's
 *   time splits into time inside the engine — achieved rate per thread × the uncorrected
 *   (service) latency — and everything else, the generator's own. When the engine held less
 *   than `ENGINE_SHARE_FOR_SERVER` of the thread, the generator was the limit;
 * - remote engines (real servers): the generator was the limit when this process used at least
 *   `GENERATOR_BUSY_CORES_SHARE` of a core per load thread over the measured phase (it had no
 *   time left to send on schedule), otherwise the server was.
 */
import { mergeEncoded } from '../../shared/histogram.js';
import type { LatencySummary, RunResult } from '../../shared/result-types.js';
import { nsToHuman } from '../../shared/units-text.js';
import { checkSlos, type Slo, type SloCheck } from './slo.js';

export const ACHIEVED_RATE_SHARE = 0.95;
export const ENGINE_SHARE_FOR_SERVER = 0.5;
export const GENERATOR_BUSY_CORES_SHARE = 0.9;

export type LimitSide = 'server' | 'generator';

export interface StepVerdict {
  readonly meets: boolean;
  readonly checks: readonly SloCheck[];
  /** Why the step did not meet its SLOs (empty when it did). */
  readonly reasons: readonly string[];
  /** Null when the step met every SLO. */
  readonly limit: LimitSide | null;
  readonly limitReason: string | null;
}

/**
 * The latency an SLO is judged on: every kind but the workload's wait kinds (`workload.waitKinds`,
 * blocking pops whose latency is an empty queue), merged exactly from their histograms; all kinds
 * when there are none.
 */
export function judgedLatency(result: RunResult): LatencySummary {
  const waits = result.workload.waitKinds ?? [];
  if (waits.length === 0) return result.summary.latency;
  const served = Object.entries(result.ops).filter(([kind, s]) => !waits.includes(kind) && s.latency.count > 0);
  return served.length === 0 ? result.summary.latency : mergeEncoded(served.map(([, s]) => s.latency.histogram));
}

export function judgeStep(result: RunResult, slos: readonly Slo[]): StepVerdict {
  const checks = checkSlos(slos, judgedLatency(result));
  const reasons: string[] = [];
  for (const c of checks) if (!c.met) reasons.push(`${c.slo.percentile} ${nsToHuman(c.valueNs)} ≥ ${nsToHuman(c.slo.thresholdNs)}`);
  if (result.summary.errors > 0) reasons.push(`${result.summary.errors} failed operations`);
  if (result.status === 'failed') reasons.push('a workload check failed');
  const offered = offeredShare(result);
  if (offered !== null && offered.share < ACHIEVED_RATE_SHARE) {
    reasons.push(`offered ${Math.round(offered.sent)} of ${Math.round(offered.planned)} operations (${(offered.share * 100).toFixed(0)}% of the rate)`);
  }
  if (reasons.length === 0) return { meets: true, checks, reasons, limit: null, limitReason: null };
  const { side, reason } = limitSide(result);
  // A busy machine starves the generator and the server alike: say so beside the verdict.
  const noise = result.machine?.disturbed === true ? `; the machine was disturbed (${result.machine.reasons.join(', ')})` : '';
  return { meets: false, checks, reasons, limit: side, limitReason: reason + noise };
}

/**
 * How much of the planned schedule was sent: operations sent ÷ rate × planned duration. Counted
 * in operations, not ops/s over the measured time, because the measured time includes the drain
 * of the last replies (a 20 ms operation at 20 ops/s would otherwise read as 19 ops/s). One
 * operation of slack for the schedule's rounding.
 */
export function offeredShare(result: RunResult): { sent: number; planned: number; share: number } | null {
  const target = result.openLoop?.targetRate ?? result.config.rate;
  if (target === null || target === undefined || result.config.durationMs === null) return null;
  const sent = ((result.openLoop?.achievedRate ?? result.summary.opsPerSec) * result.timing.measuredMs) / 1000;
  const planned = (target * result.config.durationMs) / 1000;
  return { sent, planned, share: planned <= 1 ? 1 : Math.min(1, (sent + 1) / planned) };
}

/** Which side limited a run that fell short (see the module comment for the rule). */
/** Seconds inside the engine per second of each load thread: achieved rate per thread × service (uncorrected) latency. */
function engineShare(result: RunResult, threads: number): number {
  const perThread = (result.openLoop?.achievedRate ?? result.summary.opsPerSec) / threads;
  const serviceNs = (result.summary.uncorrectedLatency ?? result.summary.latency).mean;
  return (perThread * serviceNs) / 1e9;
}

export function limitSide(result: RunResult): { side: LimitSide; reason: string } {
  const threads = result.config.threads;
  const o = result.openLoop;
  const inProcess = result.engine.location === 'in-process';
  if (o?.generatorLag !== undefined) {
    // The open loop attributes its own lag (waits for the server are left out of generatorLag).
    const lag = `its own send lag p90 ${nsToHuman(o.generatorLag.percentiles.p90)} (threshold ${nsToHuman(o.lateThresholdNs)})`;
    const missed = o.missed ? `, ${o.missed} operations missed` : '';
    if (o.saturated) return { side: 'generator', reason: `the load generator fell behind: ${lag}${missed}` };
    // An in-process engine shares the load thread: late sends below the threshold can still be
    // the thread's own (a busy machine descheduling it). When the engine held less than half the
    // thread and a typical operation waited longer to be sent than it took to serve, the lag is
    // what missed the SLO, and it is the thread's (the null engine at 2M ops/s holds 0.1 s of
    // each second); an engine whose service time itself misses stays the limit.
    const share = inProcess ? engineShare(result, threads) : null;
    const service = result.summary.uncorrectedLatency ?? result.summary.latency;
    if (share !== null && share < ENGINE_SHARE_FOR_SERVER && o.lag.percentiles.p50 > service.percentiles.p50) {
      return { side: 'generator', reason: `the engine held only ${share.toFixed(2)} s of each load-thread second (${lag}${missed}): the lag is the load thread's` };
    }
    return { side: 'server', reason: `the load generator kept its schedule (${lag}${missed}); the engine answered late` };
  }
  if (inProcess) {
    const share = engineShare(result, threads);
    const text = `time inside the engine per second of each load thread: ${share.toFixed(2)} s (≥ ${ENGINE_SHARE_FOR_SERVER} s: the engine is the limit)`;
    return share >= ENGINE_SHARE_FOR_SERVER ? { side: 'server', reason: text } : { side: 'generator', reason: text };
  }
  const cores = result.machine?.processCpuCores;
  if (cores === undefined) return { side: 'server', reason: 'no CPU figures for the load process; assumed the server' };
  const text = `the load process used ${cores.toFixed(2)} cores for ${threads} load thread${threads === 1 ? '' : 's'}`;
  return cores >= GENERATOR_BUSY_CORES_SHARE * threads ? { side: 'generator', reason: text } : { side: 'server', reason: text };
}
