import { describe, expect, test } from 'vitest';
import { drive, runToValue, type ScenarioOp } from '../../../../workloads/scenarios/support/drive.js';
import { SCENARIO_WORKLOADS } from '../../../../workloads/scenarios/index.js';
import { openInProcessEngine } from './engines.js';
import { runScenario } from './run-scenario.js';

function* twoCalls(first: unknown, second: unknown, seen: unknown[]): ScenarioOp {
  seen.push(yield first);
  seen.push(yield second);
  return 7;
}

describe('drive', () => {
  test('stays synchronous while every engine reply is a plain value', () => {
    const seen: unknown[] = [];
    const result = drive(twoCalls('a', 'b', seen));
    expect(result).toBe(7);
    expect(seen).toEqual(['a', 'b']);
  });

  test('switches to await from the first Promise on, feeding resolved values back', async () => {
    const seen: unknown[] = [];
    const result = drive(twoCalls('a', Promise.resolve('b'), seen));
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(7);
    expect(seen).toEqual(['a', 'b']);
  });

  test('a rejected engine call is thrown into the operation, which may handle it', async () => {
    function* recovering(): ScenarioOp {
      try {
        yield Promise.reject(new Error('connection reset'));
      } catch {
        return 2;
      }
      return 1;
    }
    expect(await drive(recovering())).toBe(2);
    function* failing(): ScenarioOp {
      yield Promise.reject(new Error('connection reset'));
      return 1;
    }
    await expect(drive(failing())).rejects.toThrow('connection reset');
    await expect(runToValue(failing())).rejects.toThrow('connection reset');
  });
});

describe('scenarios on an in-process engine', () => {
  // cache-aside waits for its database, queue for blocking pops, pubsub sets up subscribers: those are async by nature.
  const syncCapable = SCENARIO_WORKLOADS.filter((w) => !['cache-aside', 'queue', 'pubsub'].includes(w.name));
  for (const name of ['redis-style', 'memcached-style'] as const) {
    test(`${name}: every step of ${syncCapable.map((w) => w.name).join(', ')} returns a plain number`, async () => {
      const { engine, close } = await openInProcessEngine(name);
      try {
        expect(engine.sync).toBe(true);
        for (const workload of syncCapable) {
          const run = await runScenario(engine, workload, { steps: 200, concurrency: 4 });
          expect(run.promisesFromSyncEngine, workload.name).toBe(0);
          expect([...run.kinds.values()].reduce((a, b) => a + b, 0), workload.name).toBe(200);
          await engine.flush();
        }
      } finally {
        await close();
      }
    });
  }
});
