/**
 * `--route`: a comma-separated list of route names from the API's route table, each optionally
 * `:weight` (a positive integer); bad input names the flag and the allowed values.
 */
import { ROUTE_NAMES, routeByName } from '../../../workloads/http/routes/index.js';
import type { RouteWeight } from '../../http/route-mix.js';
import { UsageError } from '../parse-values.js';

/** `users`, `users:9,user-update:1`: names from the route table, weights positive integers. */
export function parseRouteMix(raw: string): RouteWeight[] {
  const out: RouteWeight[] = [];
  for (const part of raw.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [name, weightText, extra] = part.split(':');
    const route = routeByName(name!);
    if (!route) throw new UsageError(`invalid --route: got '${name}'; expected a comma-separated list of ${ROUTE_NAMES.join(', ')} (each optionally :weight)`);
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (extra !== undefined || !Number.isInteger(weight) || weight < 1 || weight > 1000) {
      throw new UsageError(`invalid --route: weight of '${name}' must be an integer from 1 to 1000, got '${weightText}'`);
    }
    if (out.some((r) => r.route.name === route.name)) throw new UsageError(`invalid --route: '${name}' is listed twice`);
    out.push({ route, weight });
  }
  if (out.length === 0) throw new UsageError(`invalid --route: give at least one of ${ROUTE_NAMES.join(', ')}`);
  return out;
}

