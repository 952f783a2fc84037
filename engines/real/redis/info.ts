/**
 * Redis `INFO` text → flat `name → value` stats (numbers as numbers). Only the sections the
 * results record: server, memory, stats, persistence, cpu (and keyspace, flattened as
 * `db0_keys`). Fields with sub-fields (`db0:keys=1,expires=0`) become `db0_keys`, `db0_expires`.
 */
import type { EngineStats } from '../../types.js';

export const INFO_SECTIONS = ['server', 'memory', 'stats', 'persistence', 'cpu', 'keyspace'] as const;

const NUMBER = /^-?\d+(\.\d+)?$/;

function value(text: string): string | number {
  return NUMBER.test(text) ? Number(text) : text;
}

export function parseInfo(text: string, prefix = ''): EngineStats {
  const stats: EngineStats = {};
  for (const line of text.split('\r\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon);
    const raw = line.slice(colon + 1);
    if (/^db\d+$/.test(name) && raw.includes('=')) {
      for (const part of raw.split(',')) {
        const eq = part.indexOf('=');
        if (eq > 0) stats[`${prefix}${name}_${part.slice(0, eq)}`] = value(part.slice(eq + 1));
      }
    } else {
      stats[`${prefix}${name}`] = value(raw);
    }
  }
  return stats;
}
