import { describe, expect, it } from 'vitest';
import { YCSB_PRESETS } from '../../../workloads/ycsb/presets.js';
import { YCSB_WORKLOAD_FACTORIES } from '../../../workloads/ycsb/factory.js';
import { workloadFactory } from '../../../workloads/registry.js';

/** The mixes of YCSB's workloads/workloada … workloadf, as YCSB ships them. */
const YCSB_FILES = {
  'ycsb-a': { read: 0.5, update: 0.5, insert: 0, scan: 0, rmw: 0, dist: 'zipfian' },
  'ycsb-b': { read: 0.95, update: 0.05, insert: 0, scan: 0, rmw: 0, dist: 'zipfian' },
  'ycsb-c': { read: 1, update: 0, insert: 0, scan: 0, rmw: 0, dist: 'zipfian' },
  'ycsb-d': { read: 0.95, update: 0, insert: 0.05, scan: 0, rmw: 0, dist: 'latest' },
  'ycsb-e': { read: 0, update: 0, insert: 0.05, scan: 0.95, rmw: 0, dist: 'zipfian' },
  'ycsb-f': { read: 0.5, update: 0, insert: 0, scan: 0, rmw: 0.5, dist: 'zipfian' },
} as const;

describe('YCSB presets', () => {
  it('hold the six core workloads with YCSB’s proportions and request distributions', () => {
    expect(YCSB_PRESETS.map((p) => p.name)).toEqual(Object.keys(YCSB_FILES));
    for (const preset of YCSB_PRESETS) {
      const file = YCSB_FILES[preset.name as keyof typeof YCSB_FILES];
      expect([
        preset.readproportion,
        preset.updateproportion,
        preset.insertproportion,
        preset.scanproportion,
        preset.readmodifywriteproportion,
        preset.requestdistribution,
      ]).toEqual([file.read, file.update, file.insert, file.scan, file.rmw, file.dist]);
    }
    const e = YCSB_PRESETS.find((p) => p.name === 'ycsb-e')!;
    expect([e.maxscanlength, e.scanlengthdistribution]).toEqual([100, 'uniform']);
  });

  it('are registered under their names, E needing sorted sets', () => {
    for (const factory of YCSB_WORKLOAD_FACTORIES) expect(workloadFactory(factory.name)).toBe(factory);
    expect(workloadFactory('ycsb-e')!.needs).toEqual(['hashes', 'sortedSets']);
    expect(workloadFactory('ycsb-a')!.needs).toEqual(['hashes']);
    expect(workloadFactory('ycsb-a')!.emulations!.map((e) => e.family)).toEqual(['redis', 'memcached', 'null']);
    expect(workloadFactory('ycsb-e')!.emulations!.map((e) => e.family)).toEqual(['redis']);
    expect(workloadFactory('ycsb-a')!.description).toContain('50% read, 50% update, zipfian');
  });
});
