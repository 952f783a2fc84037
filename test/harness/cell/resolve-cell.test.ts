import { describe, expect, it } from 'vitest';
import { CapabilityError } from '../../../engines/types.js';
import { EngineOptionError, resolveCell } from '../../../harness/cell/resolve-cell.js';
import { runCell } from '../../../harness/cell/run-cell.js';
import { ConfigError } from '../../../harness/runner/config.js';
import { errorReport } from '../../../harness/cli/main.js';

describe('resolveCell', () => {
  it('fills every default once: config, parameters, pairing, label', () => {
    const cell = resolveCell({ engine: { name: 'memcached-style' }, workload: { name: 'leaderboard' }, config: { seed: 9 } });
    expect(cell.engine.name).toBe('memcached-style');
    expect(cell.config).toMatchObject({ loop: 'closed', concurrency: 50, threads: 1, seed: 9, durationMs: 10_000 });
    expect(cell.local).toBe(cell.config);
    expect(cell.params).toEqual(cell.workload.resolveParams({}));
    expect(cell.pairing.kind).toBe('emulated');
    expect(cell.label).toBe('memcached-style leaderboard closed c=50');
  });

  it('the run records what was resolved, without choosing anything again', async () => {
    // No seed given: the resolved one is the one the run uses.
    const cell = resolveCell({ engine: { name: 'null' }, workload: { name: 'kv', params: { keys: 100 } }, config: { requests: 2000, warmupMs: 0 } });
    const r = await runCell(cell);
    expect(r.config.seed).toBe(cell.config.seed);
    expect(r.workload).toEqual({ name: 'kv', params: cell.params, mode: 'native' });
    expect(r.label).toBe(cell.label);
  });

  it('refuses with the typed error the CLI turns into exit 2, naming what is wrong', () => {
    const refused = () => resolveCell({ engine: { name: 'null' }, workload: { name: 'leaderboard' } });
    expect(refused).toThrow(CapabilityError);
    expect(refused).toThrow(/leaderboard.*sortedSets/);
    const badOption = () => resolveCell({ engine: { name: 'null', options: { serviceNs: -1 } }, workload: { name: 'kv' } });
    expect(badOption).toThrow(EngineOptionError);
    let thrown: unknown;
    try {
      badOption();
    } catch (err) {
      thrown = err;
    }
    expect(errorReport(thrown)).toMatchObject({ exitCode: 2, line: expect.stringMatching(/invalid engine option for null \(--url.*--engine-opt\): .*serviceNs/) });
    expect(() => resolveCell({ engine: { name: 'null' }, workload: { name: 'nope' } })).toThrow(ConfigError);
  });

  it('refuses a CAS workload on memcached through memjs with SASL (no gets/cas) before connecting, and lets kv-only ones run', () => {
    const sasl = { url: 'memcached://user:pw@127.0.0.1:1', client: 'memjs' };
    for (const workload of [{ name: 'leaderboard' }, { name: 'timeline' }, { name: 'social-graph' }, { name: 'rate-limiter', params: { algorithm: 'sliding' } }]) {
      let thrown: unknown;
      try {
        resolveCell({ engine: { name: 'memcached', options: sasl }, workload });
      } catch (err) {
        thrown = err;
      }
      expect(thrown, workload.name).toBeInstanceOf(EngineOptionError);
      expect(errorReport(thrown)).toMatchObject({ exitCode: 2, line: expect.stringMatching(new RegExp(`${workload.name}.*gets/cas.*client text`)) });
    }
    for (const workload of [{ name: 'kv' }, { name: 'session' }, { name: 'rate-limiter', params: { algorithm: 'fixed' } }]) {
      expect(resolveCell({ engine: { name: 'memcached', options: sasl }, workload }).pairing.kind, workload.name).toBe('native');
    }
    expect(resolveCell({ engine: { name: 'memcached', options: { url: 'memcached://127.0.0.1:1' } }, workload: { name: 'leaderboard' } }).pairing.kind).toBe('emulated');
  });

  it('an arrival process in a closed loop is refused instead of silently ignored', () => {
    expect(() => resolveCell({ engine: { name: 'null' }, workload: { name: 'kv' }, config: { arrival: 'poisson' } })).toThrow(/arrival.*open loop/);
    expect(resolveCell({ engine: { name: 'null' }, workload: { name: 'kv' }, config: { arrival: 'poisson', rate: 100 } }).config.arrival).toBe('poisson');
  });
});
