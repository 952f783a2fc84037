import { describe, expect, test } from 'vitest';
import { CapabilityError, type Capability } from '../../../../engines/types.js';
import { Rng } from '../../../../shared/rng.js';
import { chooseMode } from '../../../../workloads/scenarios/support/mode.js';
import type { EngineFamily } from '../../../../engines/types.js';

const factory = {
  name: 'leaderboard',
  needs: ['sortedSets'] as Capability[],
  emulations: [{ family: 'memcached' as const, description: 'CAS loop over a board' }],
};

function ctx(family: EngineFamily, capabilities: Capability[]) {
  return { rng: new Rng(1), seed: 1, threadIndex: 0, threadCount: 1, family, capabilities: new Set(capabilities) };
}

describe('native or emulated', () => {
  test('native when the engine has every capability needed', () => {
    expect(chooseMode(factory, ctx('redis', ['strings', 'sortedSets']))).toEqual({ native: true });
  });

  test("the family's emulation when a capability is missing", () => {
    expect(chooseMode(factory, ctx('memcached', ['strings']))).toEqual({ native: false, emulation: factory.emulations[0] });
  });

  test('refused, naming what is missing, when there is no emulation for the family', () => {
    expect(() => chooseMode(factory, ctx('null', ['strings']))).toThrow(CapabilityError);
    expect(() => chooseMode(factory, ctx('null', ['strings']))).toThrow(/workload 'leaderboard' needs sortedSets/);
  });
});
