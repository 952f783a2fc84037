/**
 * Latency objectives (`p99<1ms`, `p99.9<5ms`): parsed from text, checked against a latency
 * summary. The percentile keys are the ones every result records (`PERCENTILES`), so an SLO
 * can only name a figure that exists; thresholds are nanoseconds like every latency.
 */
import { ConfigError } from '../runner/config.js';
import type { LatencySummary, PercentileKey } from '../../shared/result-types.js';

/** Percentiles an SLO may name, as written on the command line → the result's key. */
export const SLO_PERCENTILES: Readonly<Record<string, PercentileKey>> = {
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  'p99.9': 'p99_9',
  'p99.99': 'p99_99',
};

export interface Slo {
  /** As the user wrote it, normalised: `p99.9`. */
  readonly percentile: string;
  readonly key: PercentileKey;
  /** Strict upper bound in ns: the SLO is met when the percentile is below it. */
  readonly thresholdNs: number;
}

const NS_PER_UNIT: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9 };
const SLO_PATTERN = /^(p[0-9.]+)\s*<\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|μs|ms|s)$/;
const ALLOWED = `SLOs like 'p99<1ms' or 'p99<200us,p99.9<1ms': ${Object.keys(SLO_PERCENTILES).join('|')} < a duration in ns, us, ms or s`;

/** `p99<1ms,p99.9<5ms` → two SLOs; throws a `ConfigError` naming `--slo` on anything else. */
export function parseSlos(text: string): Slo[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw new ConfigError('slo', ALLOWED, text);
  const slos = parts.map((part) => {
    const m = SLO_PATTERN.exec(part);
    const key = m ? SLO_PERCENTILES[m[1]!] : undefined;
    if (!m || key === undefined) throw new ConfigError('slo', ALLOWED, part);
    const thresholdNs = Number(m[2]) * NS_PER_UNIT[m[3]!]!;
    if (!(thresholdNs > 0)) throw new ConfigError('slo', ALLOWED, part);
    return { percentile: m[1]!, key, thresholdNs };
  });
  const seen = new Set<string>();
  for (const s of slos) {
    if (seen.has(s.key)) throw new ConfigError('slo', `${ALLOWED}, each percentile once`, text);
    seen.add(s.key);
  }
  return slos;
}

/** `p99<1ms` back as text, with the threshold in the unit the user most likely wrote. */
export function sloText(slo: Slo): string {
  const ns = slo.thresholdNs;
  const [value, unit] = ns >= 1e9 && ns % 1e9 === 0 ? [ns / 1e9, 's'] : ns >= 1e6 && ns % 1e6 === 0 ? [ns / 1e6, 'ms'] : ns >= 1e3 && ns % 1e3 === 0 ? [ns / 1e3, 'us'] : [ns, 'ns'];
  return `${slo.percentile}<${value}${unit}`;
}

export interface SloCheck {
  readonly slo: Slo;
  readonly valueNs: number;
  readonly met: boolean;
}

export function checkSlos(slos: readonly Slo[], latency: LatencySummary): SloCheck[] {
  return slos.map((slo) => {
    const valueNs = latency.percentiles[slo.key];
    return { slo, valueNs, met: valueNs < slo.thresholdNs };
  });
}
