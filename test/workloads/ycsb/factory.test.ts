import { describe, expect, it } from 'vitest';
import { CapabilityError, type Capability } from '../../../engines/types.js';
import { chooseLayout } from '../../../workloads/ycsb/factory.js';
import { parseYcsbParams } from '../../../workloads/ycsb/params.js';
import { YCSB_PRESETS } from '../../../workloads/ycsb/presets.js';

const preset = (name: string) => YCSB_PRESETS.find((p) => p.name === name)!;
const caps = (...list: Capability[]) => new Set<Capability>(list);

describe('chooseLayout', () => {
  it('stores hashes on redis-family engines with hashes, JSON records everywhere else', () => {
    const a = parseYcsbParams(preset('ycsb-a'), {});
    expect(chooseLayout('ycsb-a', a, 'redis', caps('strings', 'hashes'))).toEqual({ storage: 'hash', scanIndex: false });
    expect(chooseLayout('ycsb-a', a, 'redis', caps('strings'))).toEqual({ storage: 'record', scanIndex: false });
    expect(chooseLayout('ycsb-a', a, 'memcached', caps('strings'))).toEqual({ storage: 'record', scanIndex: false });
    expect(chooseLayout('ycsb-a', a, 'null', caps('strings'))).toEqual({ storage: 'record', scanIndex: false });
    const forced = parseYcsbParams(preset('ycsb-a'), { storage: 'record' });
    expect(chooseLayout('ycsb-a', forced, 'redis', caps('strings', 'hashes')).storage).toBe('record');
  });

  it('keeps a scan index only when scans are in the mix, and only where sorted sets exist', () => {
    const e = parseYcsbParams(preset('ycsb-e'), {});
    expect(chooseLayout('ycsb-e', e, 'redis', caps('hashes', 'sortedSets'))).toEqual({ storage: 'hash', scanIndex: true });
    expect(chooseLayout('ycsb-e', e, 'redis', caps('sortedSets'))).toEqual({ storage: 'record', scanIndex: true });
    expect(() => chooseLayout('ycsb-e', e, 'redis', caps('hashes'))).toThrow(CapabilityError);
    expect(() => chooseLayout('ycsb-e', e, 'memcached', caps('strings'))).toThrow(/ycsb-e' needs sortedSets/);
    // Scans added to another preset by parameter need the index just the same.
    const aWithScans = parseYcsbParams(preset('ycsb-a'), { scanproportion: 0.1 });
    expect(chooseLayout('ycsb-a', aWithScans, 'redis', caps('hashes', 'sortedSets')).scanIndex).toBe(true);
  });
});
