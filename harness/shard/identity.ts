/**
 * What makes results shards of one run: the same engine and options, workload and parameters,
 * whole-run settings, seed, shard count, shared start and tool version. Kept as a flat table
 * (name → JSON text) so `merge` can name the field that differs instead of saying "mismatch";
 * `runId` is a hash of the table.
 */
import { createHash } from 'node:crypto';
import type { RunConfig } from '../../shared/result-types.js';

export interface IdentityInput {
  readonly engine: string;
  readonly engineOptions: Record<string, unknown>;
  readonly workload: string;
  readonly params: Record<string, unknown>;
  readonly run: RunConfig;
  readonly shardCount: number;
  readonly startAt: string | null;
  readonly toolVersion: string;
}

export function shardIdentity(i: IdentityInput): Record<string, string> {
  const id: Record<string, string> = {
    engine: JSON.stringify(i.engine),
    workload: JSON.stringify(i.workload),
    shards: JSON.stringify(i.shardCount),
    startAt: JSON.stringify(i.startAt),
    toolVersion: JSON.stringify(i.toolVersion),
  };
  for (const k of Object.keys(i.engineOptions).sort()) id[`engine.options.${k}`] = JSON.stringify(i.engineOptions[k]);
  for (const k of Object.keys(i.params).sort()) id[`workload.params.${k}`] = JSON.stringify(i.params[k]);
  for (const k of Object.keys(i.run).sort() as (keyof RunConfig)[]) id[`config.${k}`] = JSON.stringify(i.run[k]);
  return id;
}

export function runIdOf(identity: Record<string, string>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(identity).sort()) h.update(`${k}=${identity[k]}\n`);
  return h.digest('hex').slice(0, 16);
}

/** The fields in which two identities differ, each as `name: a vs b`. */
export function identityDifferences(a: Record<string, string>, b: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (a[k] !== b[k]) out.push(`${k}: ${a[k] ?? '(absent)'} vs ${b[k] ?? '(absent)'}`);
  }
  return out;
}
