/**
 * One stats record for a memcached pool, whichever client read it: a single server's stats as
 * they are; with several servers, each name prefixed `host:port/` (per-server figures in the
 * result) plus how keys are placed (and each server's ketama weight, `host:port/ketama_weight`).
 */
import type { EngineStats } from '../../types.js';
import type { McServerAddress } from './url.js';

export function poolStats(perServer: readonly EngineStats[], servers: readonly McServerAddress[], ringPoints: number): EngineStats {
  if (perServer.length === 1) return perServer[0]!;
  const out: EngineStats = { pool_servers: perServer.length, pool_distribution: 'ketama (libmemcached weighted)', pool_points: ringPoints };
  perServer.forEach((stats, s) => {
    const a = servers[s]!;
    for (const [k, v] of Object.entries(stats)) out[`${a.host}:${a.port}/${k}`] = v;
    out[`${a.host}:${a.port}/ketama_weight`] = a.weight ?? 1;
  });
  return out;
}
