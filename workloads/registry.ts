/**
 * Every workload cachebench can run, by name. Add one by adding its factory here; `--help`,
 * validation messages and `list` derive from this table.
 */
import { kvWorkloadFactory } from './kv.js';
import { SCENARIO_WORKLOADS } from './scenarios/index.js';
import type { WorkloadFactory } from './types.js';
import { YCSB_WORKLOAD_FACTORIES } from './ycsb/factory.js';

const FACTORIES: WorkloadFactory[] = [
  kvWorkloadFactory,
  ...SCENARIO_WORKLOADS,
  ...YCSB_WORKLOAD_FACTORIES,
];

export const WORKLOAD_FACTORIES: ReadonlyMap<string, WorkloadFactory> = new Map(FACTORIES.map((f) => [f.name, f]));

export const WORKLOAD_NAMES: readonly string[] = [...WORKLOAD_FACTORIES.keys()];

export function workloadFactory(name: string): WorkloadFactory | undefined {
  return WORKLOAD_FACTORIES.get(name);
}
