/** `cachebench sweep` handler: flags → cells and rates (validated first) → one sweep per engine. */
import { runSweep } from '../../slo/run-search.js';
import { parseSlos } from '../../slo/slo.js';
import { parseRates, runSearches, searchCellsFromArgs } from '../search-run.js';
import type { SweepArgs } from './command.js';

export async function sweepHandler(args: SweepArgs): Promise<void> {
  const rates = parseRates(args.rates);
  const slos = args.slo === undefined ? [] : parseSlos(args.slo);
  const cells = searchCellsFromArgs(args, 'sweep');
  await runSearches(cells, (cell, hooks) => runSweep(cell, rates, slos, hooks), args, 'sweep');
}
