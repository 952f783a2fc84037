/**
 * The `ycsb-a` … `ycsb-f` workload factories, one per row of presets.ts. Capabilities:
 * natively a YCSB record is a hash (redis family with hashes); every other engine runs the
 * `record` emulation (JSON strings through get/set). Scans (E) need an ordered index — a sorted
 * set on the redis family — and nothing else can emulate them, so E on memcached or the null
 * engine is refused with a CapabilityError naming `sortedSets`.
 */
import { CapabilityError, type Capability, type EngineFamily } from '../../engines/types.js';
import type { Emulation, WorkloadContext, WorkloadFactory, WorkloadParams } from '../types.js';
import { parseYcsbParams, recordedYcsbParams, ycsbParamDocs, ycsbParamTable, type YcsbParams } from './params.js';
import { YCSB_FIGURES } from './figures.js';
import { YCSB_PRESETS, type YcsbPreset } from './presets.js';
import type { YcsbLayout } from './workload.js';
import { YcsbWorkload } from './workload.js';

const RECORD_EMULATION = 'records as JSON strings via GET/SET (an update rewrites the whole record)';

/** Where records live and whether a scan index is kept, for this engine; refuses what cannot run. */
export function chooseLayout(
  workload: string,
  params: YcsbParams,
  family: EngineFamily,
  capabilities: ReadonlySet<Capability>,
): YcsbLayout {
  const redis = family === 'redis';
  const scans = params.proportions[3]! > 0;
  if (scans && !(redis && capabilities.has('sortedSets'))) {
    throw new CapabilityError(`${family}-family engine`, workload, ['sortedSets']);
  }
  const hashes = redis && capabilities.has('hashes');
  if (params.storage === 'hash' && !hashes) {
    throw new CapabilityError(`${family}-family engine`, workload, ['hashes']);
  }
  return {
    storage: params.storage === 'record' || !hashes ? 'record' : 'hash',
    scanIndex: scans,
  };
}

function ycsbFactory(preset: YcsbPreset): WorkloadFactory {
  const scans = preset.scanproportion > 0;
  const emulations: Emulation[] = scans
    ? [{ family: 'redis', description: `${RECORD_EMULATION}, with a sorted-set key index for scans` }]
    : (['redis', 'memcached', 'null'] as const).map((family) => ({ family, description: RECORD_EMULATION }));
  return {
    name: preset.name,
    description: `YCSB workload ${preset.name.slice(-1).toUpperCase()}: ${preset.title} (${describeMix(preset)}; models ${preset.models})`,
    needs: scans ? ['hashes', 'sortedSets'] : ['hashes'],
    emulations,
    params: ycsbParamDocs(preset),
    paramTable: ycsbParamTable(preset),
    figureTable: YCSB_FIGURES,
    resolveParams(params: WorkloadParams) {
      return recordedYcsbParams(parseYcsbParams(preset, params));
    },
    create(params: WorkloadParams, ctx: WorkloadContext) {
      const parsed = parseYcsbParams(preset, params);
      return new YcsbWorkload(parsed, chooseLayout(preset.name, parsed, ctx.family, ctx.capabilities), ctx);
    },
  };
}

function describeMix(preset: YcsbPreset): string {
  const parts: string[] = [];
  const add = (weight: number, name: string): void => {
    if (weight > 0) parts.push(`${Math.round(weight * 100)}% ${name}`);
  };
  add(preset.readproportion, 'read');
  add(preset.updateproportion, 'update');
  add(preset.insertproportion, 'insert');
  add(preset.scanproportion, 'scan');
  add(preset.readmodifywriteproportion, 'read-modify-write');
  return `${parts.join(', ')}, ${preset.requestdistribution}`;
}

/** `ycsb-a` … `ycsb-f`, in order. */
export const YCSB_WORKLOAD_FACTORIES: readonly WorkloadFactory[] = YCSB_PRESETS.map(ycsbFactory);
