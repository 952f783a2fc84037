import { describe, expect, test } from 'vitest';
import { CapabilityError, type Capability, type EngineFamily } from '../../engines/types.js';
import { pairing, pairingText, requirePairing } from '../../workloads/pairing.js';

const factory = {
  name: 'leaderboard',
  needs: ['sortedSets'] as Capability[],
  emulations: [{ family: 'memcached' as const, description: 'CAS loop over a board' }],
};

const engine = (family: EngineFamily, capabilities: Capability[]) => ({ name: `${family}-engine`, family, capabilities: new Set(capabilities) });

describe('native, emulated or refused', () => {
  test('native when the engine has every capability needed', () => {
    expect(pairing(factory, engine('redis', ['strings', 'sortedSets']))).toEqual({ kind: 'native' });
    expect(pairingText(requirePairing(factory, engine('redis', ['sortedSets'])))).toBe('native');
  });

  test("the family's emulation when a capability is missing", () => {
    expect(pairing(factory, engine('memcached', ['strings']))).toEqual({ kind: 'emulated', emulation: factory.emulations[0] });
    expect(pairingText(requirePairing(factory, engine('memcached', ['strings'])))).toBe('emulated: CAS loop over a board');
  });

  test('refused, naming what is missing, when there is no emulation for the family', () => {
    expect(pairing(factory, engine('null', ['strings']))).toEqual({ kind: 'refused', missing: ['sortedSets'] });
    expect(() => requirePairing(factory, engine('null', ['strings']))).toThrow(CapabilityError);
    expect(() => requirePairing(factory, engine('null', ['strings']))).toThrow(/workload 'leaderboard' needs sortedSets, which engine 'null-engine'/);
  });

  test('capabilities as a list (a cloned engine info) decide the same way as a set', () => {
    expect(pairing(factory, { family: 'memcached', capabilities: ['strings'] })).toEqual(pairing(factory, engine('memcached', ['strings'])));
  });
});
