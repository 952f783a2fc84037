/**
 * The result's engine record, assembled the same way for every kind of run (`runCell`'s threads
 * and `cachebench http`'s API thread): what the engine said of itself, the options it was built
 * with, the facts its shared part recorded, and its statistics before and after the measured
 * phase with their numeric delta. Pure; `buildRunResult` redacts what it holds.
 */
import type { EngineStats } from '../../engines/types.js';
import type { EngineRecord, ServerSeries } from '../../shared/result-types.js';
import type { EngineInfoRecord } from './thread-part.js';

export interface EngineRecordInput {
  readonly info: EngineInfoRecord;
  readonly options: Record<string, unknown>;
  readonly facts?: Record<string, string | number | boolean>;
  readonly before: EngineStats;
  readonly after: EngineStats;
  /** What before → after spans, when the run knows (runCell: warm-up included when nothing could be sampled mid-run). */
  readonly deltaCovers?: 'measured' | 'warmup+measured';
  readonly series?: ServerSeries;
}

export function engineRecord(input: EngineRecordInput): EngineRecord {
  const { info, before, after } = input;
  return {
    name: info.name,
    family: info.family,
    location: info.location,
    version: info.version,
    capabilities: info.capabilities,
    options: input.options,
    ...(input.facts ? { facts: input.facts } : {}),
    stats: {
      before,
      after,
      delta: statsDelta(before, after),
      ...(input.deltaCovers ? { deltaCovers: input.deltaCovers } : {}),
      ...(input.series ? { series: input.series } : {}),
    },
  };
}

/** The numeric statistics that changed, after − before. */
export function statsDelta(before: EngineStats, after: EngineStats): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const b = before[k];
    if (typeof v === 'number' && typeof b === 'number' && v !== b) delta[k] = v - b;
  }
  return delta;
}
