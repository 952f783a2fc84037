/**
 * A headline per workload, as sentences derived from the results: who served it fastest, by how
 * much, at what p99, and the caveats that apply (a degraded or failed run, an emulated pairing,
 * a disturbed machine, a saturated load generator). Pure: results in, sentences out, so the
 * HTML overview, the Markdown summary and the terminal can say the same thing.
 *
 * Engines are compared at the same settings: of the workload's settings (loop, rate,
 * concurrency, threads) the one most engines ran is the headline's, and it is named; per engine
 * its best (highest-throughput) ok-or-degraded run there stands for it; failed runs never win.
 * Throughputs within `TIE_SHARE` of each other are a tie: a single run per side cannot tell them
 * apart (use `cachebench compare` with repeats for a verdict).
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

function settingKey(r: RunResult): string {
  const c = r.config;
  return c.loop === 'open' ? `open ${c.rate} ops/s${c.threads > 1 ? ` t=${c.threads}` : ''}` : `closed c=${c.concurrency}${c.threads > 1 ? ` t=${c.threads}` : ''}`;
}

/** The runs of the setting most engines ran (ties: fewest threads, closed loop, first seen). */
function headlineSetting(runs: readonly RunResult[]): { setting: string; runs: RunResult[]; settings: number } {
  const bySetting = new Map<string, RunResult[]>();
  for (const r of runs) {
    const k = settingKey(r);
    const list = bySetting.get(k);
    if (list) list.push(r);
    else bySetting.set(k, [r]);
  }
  // Most engines first; then the plainest setting (one thread, closed loop), then first seen.
  const rank = (runsOf: RunResult[]): number[] => [-new Set(runsOf.map((r) => r.engine.name)).size, runsOf[0]!.config.threads, runsOf[0]!.config.loop === 'closed' ? 0 : 1];
  let best: [string, RunResult[]] | null = null;
  for (const entry of bySetting) {
    if (best === null) {
      best = entry;
      continue;
    }
    const a = rank(entry[1]);
    const b = rank(best[1]);
    const i = a.findIndex((x, j) => x !== b[j]);
    if (i >= 0 && a[i]! < b[i]!) best = entry;
  }
  return { setting: best![0], runs: best![1], settings: bySetting.size };
}

function headline(workload: string, allRuns: readonly RunResult[]): Headline {
  const { setting, runs, settings } = headlineSetting(allRuns);
  const best = new Map<string, RunResult>();
  for (const r of runs) {
    if (r.status === 'failed') continue;
    const b = best.get(r.engine.name);
    if (!b || r.summary.opsPerSec > b.summary.opsPerSec) best.set(r.engine.name, r);
  }
  const ranked = [...best.values()].sort((a, b) => b.summary.opsPerSec - a.summary.opsPerSec);
  const caveats = caveatsOf(runs);
  if (settings > 1) caveats.push(`compared at ${setting}; ${settings - 1} other setting${settings === 2 ? '' : 's'} in the summary`);
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
  const disturbed = runs.filter((r) => r.machine?.disturbed === true);
  for (const r of runs) {
    if (r.status === 'failed') out.push(`${r.engine.name}'s run failed: ${r.statusReasons[0] ?? 'see its reasons'}`);
    else if (r.status === 'degraded') out.push(`${r.engine.name}'s run was degraded: ${r.statusReasons[0] ?? 'see its reasons'}`);
    if (r.workload.mode !== 'native') out.push(`${r.engine.name} ran it emulated (${r.workload.mode.replace(/^emulated:?\s*/i, '')})`);
  }
  if (disturbed.length > 0) {
    const worst = Math.max(...disturbed.map((r) => r.machine!.otherCpuCores ?? 0));
    const cpus = disturbed[0]!.machine!.cpuCount;
    out.push(`${disturbed.length} of ${runs.length} runs shared a busy machine (other processes used up to ${worst.toFixed(2)} of ${cpus} cores)`);
  }
  return [...new Set(out)];
}
