/** `cachebench slo` handler: flags → cells, SLOs and search bounds (all validated first) → searches. */
import { ConfigError } from '../../runner/config.js';
import { runSloSearch } from '../../slo/run-search.js';
import { validateSearchOptions, type SearchOptions } from '../../slo/search.js';
import { parseSlos } from '../../slo/slo.js';
import { parseCount, UsageError } from '../parse-values.js';
import { runSearches, searchCellsFromArgs } from '../search-run.js';
import { DEFAULT_RATE_MAX, DEFAULT_RATE_MIN, type SloArgs } from './command.js';

export async function sloHandler(args: SloArgs): Promise<void> {
  if (args.slo === undefined) throw new UsageError("slo needs --slo, e.g. --slo 'p99<1ms' or --slo 'p99<200us,p99.9<1ms'");
  const slos = parseSlos(args.slo);
  const options = searchOptionsFromArgs(args);
  const cells = searchCellsFromArgs(args, 'slo');
  await runSearches(cells, (cell, hooks) => runSloSearch(cell, slos, options, hooks), args, 'slo');
}

export function searchOptionsFromArgs(args: SloArgs): SearchOptions {
  const rateMin = args.rateMin === undefined ? DEFAULT_RATE_MIN : parseCount('rate-min', args.rateMin, { positive: true });
  const rateMax = args.rateMax === undefined ? DEFAULT_RATE_MAX : parseCount('rate-max', args.rateMax, { positive: true });
  if (!(rateMax > rateMin)) throw new UsageError(`invalid --rate-max: got ${rateMax}; expected more than --rate-min (${rateMin})`);
  const options: SearchOptions = { rateMin, rateMax, ...(args.resolution !== undefined ? { resolution: parseResolution(args.resolution) } : {}) };
  try {
    validateSearchOptions(options);
  } catch (err) {
    throw new UsageError(`invalid search bounds: ${err instanceof Error ? err.message : String(err)}`);
  }
  return options;
}

/** `5%` or `0.05` → 0.05; between 0.1% and 50%. */
export function parseResolution(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(raw.trim());
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v >= 0.001 && v <= 0.5)) throw new ConfigError('resolution', 'a share from 0.1% to 50% (5% or 0.05)', raw);
  return v;
}
