/**
 * The lean RESP client's callback API (getWith/setWith) against a real redis-server: replies
 * reach the callbacks in order on the chosen connection, a request issued from a callback goes
 * out with that connection's next batch, failures arrive as EngineErrors, and nothing hangs
 * when the client is closed under lanes that keep issuing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { RespClient } from '../../../../engines/real/resp/client.js';
import { EngineError } from '../../../../engines/types.js';
import { serverAvailable } from '../../../support/servers.js';

describe.runIf(serverAvailable('redis-server'))('RespClient callbacks', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('closed-loop lanes driven from reply callbacks write, then read back every key', async () => {
    const client = new RespClient({ host: server.host, port: server.port, connections: 4 });
    try {
      await client.whenReady();
      const lanes = 16;
      const perLane = 250;
      // Each lane sets its keys one after another, each SET issued from the previous one's callback.
      await new Promise<void>((resolve, reject) => {
        let running = lanes;
        for (let l = 0; l < lanes; l++) {
          let i = 0;
          const next = (): void => {
            if (i === perLane) {
              if (--running === 0) resolve();
              return;
            }
            const n = i++;
            client.setWith(l, `cb:${l}:${n}`, `v${l}.${n}`, next, reject);
          };
          next();
        }
      });
      const got = new Map<string, unknown>();
      await new Promise<void>((resolve, reject) => {
        let pending = lanes * perLane;
        for (let l = 0; l < lanes; l++) {
          for (let n = 0; n < perLane; n++) {
            client.getWith(l + 1, `cb:${l}:${n}`, (value) => {
              got.set(`cb:${l}:${n}`, value);
              if (--pending === 0) resolve();
            }, reject);
          }
        }
      });
      expect(got.size).toBe(lanes * perLane);
      for (let l = 0; l < lanes; l++) for (let n = 0; n < perLane; n++) expect(got.get(`cb:${l}:${n}`)).toBe(`v${l}.${n}`);
      // A missing key is null, through the same path.
      const missing = await new Promise((resolve, reject) => client.getWith(0, 'cb:none', resolve, reject));
      expect(missing).toBeNull();
      // The server's own count: every key really is there.
      const size = await client.call(['DBSIZE']);
      expect(size).toBeGreaterThanOrEqual(lanes * perLane);
    } finally {
      await client.close();
    }
  });

  it('a wrong-type reply and a closed client reach onError as EngineErrors, lanes stop', async () => {
    const client = new RespClient({ host: server.host, port: server.port, connections: 2 });
    await client.whenReady();
    await client.call(['LPUSH', 'cb:list', 'x']);
    const wrongType = await new Promise<unknown>((resolve) => client.getWith(0, 'cb:list', () => resolve('no error'), resolve));
    expect(wrongType).toBeInstanceOf(EngineError);
    expect((wrongType as EngineError).kind).toBe('reply');
    expect((wrongType as EngineError).message).toMatch(/WRONGTYPE/);

    // A lane that keeps issuing from its callbacks until it sees an error; close() ends it.
    let issued = 0;
    const ended = new Promise<unknown>((resolve) => {
      const next = (): void => {
        issued++;
        client.getWith(0, 'cb:any', next, resolve);
      };
      next();
    });
    // Wait for the lane to get going (a loaded machine may take more than a few ms per reply).
    for (const giveUp = Date.now() + 5000; issued <= 10 && Date.now() < giveUp; ) await new Promise((r) => setTimeout(r, 10));
    await client.close();
    const err = await ended;
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).kind).toBe('closed');
    expect(issued).toBeGreaterThan(10);
  });
});
