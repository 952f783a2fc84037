/**
 * A headline per workload, as sentences derived from the results: who served it fastest, by how
 * much, at what p99, and the caveats that apply (a degraded or failed run, an emulated pairing,
 * a disturbed machine, a saturated load generator). Pure: results in, sentences out, so the
 * HTML overview, the Markdown summary and the terminal can say the same thing.
 *
 * Per engine the best (highest-throughput) ok-or-degraded run of the workload stands for it;
 * failed runs never win. Throughputs within `TIE_SHARE` of each other are a tie: a single run per
 * side cannot tell them apart (use `cachebench compare` with repeats for a verdict).
 */
import type { RunResult } from '../../shared/result-types.js';
import { nsToHuman, opsPerSecToHuman } from '../format.js';

export const TIE_SHARE = 0.05;

export interface Headline {
  readonly workload: string;
  readonly sentence: string;
  readonly caveats: readonly string[];
  /** True when every run behind the sentence was ok, native and on an undisturbed machine. */
  readonly clean: boolean;
}

function ratioText(x: number): string {
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
}

export function headlines(results: readonly RunResult[]): Headline[] {
  const byWorkload = new Map<string, RunResult[]>();
  for (const r of results) {
    const list = byWorkload.get(r.workload.name);
    if (list) list.push(r);
    else byWorkload.set(r.workload.name, [r]);
  }
  return [...byWorkload].map(([workload, runs]) => headline(workload, runs));
}

function headline(workload: string, runs: readonly RunResult[]): Headline {
  const best = new Map<string, RunResult>();
  for (const r of runs) {
    if (r.status === 'failed') continue;
    const b = best.get(r.engine.name);
    if (!b || r.summary.opsPerSec > b.summary.opsPerSec) best.set(r.engine.name, r);
  }
  const ranked = [...best.values()].sort((a, b) => b.summary.opsPerSec - a.summary.opsPerSec);
  const caveats = caveatsOf(runs);
  const clean = caveats.length === 0;
  if (ranked.length === 0) {
    return { workload, sentence: `${workload}: every run failed (${runs.map((r) => r.engine.name).join(', ')}); no figure to report.`, caveats, clean };
  }
  const p99 = (r: RunResult): string => nsToHuman(r.summary.latency.percentiles.p99);
  const [top, second] = ranked;
  let sentence: string;
  if (second === undefined) {
    sentence = `${top!.engine.name} served ${workload} at ${opsPerSecToHuman(top!.summary.opsPerSec)} with a p99 of ${p99(top!)}.`;
  } else {
    const ratio = second.summary.opsPerSec > 0 ? top!.summary.opsPerSec / second.summary.opsPerSec : Infinity;
    if (ratio <= 1 + TIE_SHARE) {
      sentence =
        `${top!.engine.name} and ${second.engine.name} served ${workload} at the same throughput within ${TIE_SHARE * 100}% ` +
        `(${opsPerSecToHuman(top!.summary.opsPerSec)} vs ${opsPerSecToHuman(second.summary.opsPerSec)}), with a p99 of ${p99(top!)} vs ${p99(second)}.`;
    } else {
      sentence =
        `${top!.engine.name} served ${workload} at ${Number.isFinite(ratio) ? ratioText(ratio) : 'many times'} ${second.engine.name}'s throughput ` +
        `(${opsPerSecToHuman(top!.summary.opsPerSec)} vs ${opsPerSecToHuman(second.summary.opsPerSec)}) with a p99 of ${p99(top!)} vs ${p99(second)}.`;
    }
    for (const other of ranked.slice(2)) {
      sentence += ` ${other.engine.name}: ${opsPerSecToHuman(other.summary.opsPerSec)}, p99 ${p99(other)}.`;
    }
  }
  return { workload, sentence, caveats, clean };
}

function caveatsOf(runs: readonly RunResult[]): string[] {
  const out: string[] = [];
  for (const r of runs) {
    if (r.status === 'failed') out.push(`${r.engine.name}'s run failed: ${r.statusReasons[0] ?? 'see its reasons'}`);
    else if (r.status === 'degraded') out.push(`${r.engine.name}'s run was degraded: ${r.statusReasons[0] ?? 'see its reasons'}`);
    if (r.workload.mode !== 'native') out.push(`${r.engine.name} ran it emulated (${r.workload.mode.replace(/^emulated:?\s*/i, '')})`);
    if (r.machine?.disturbed) out.push(`${r.engine.name}'s run shared a busy machine (${r.machine.reasons.join(', ')})`);
  }
  return [...new Set(out)];
}
