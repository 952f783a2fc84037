/**
 * Differential test: seeded random text-protocol traffic (valid and invalid) runs against the
 * memcached-style engine's `executeText` and a real memcached started on a free loopback port;
 * every reply must match byte for byte, except CAS uniques, which must correspond one-to-one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, type ManagedServer } from '../../../engines/real/managed/index.js';
import { openMemcachedStyle, type MemcachedStyleEngine } from '../../../engines/memcached/engine.js';
import { TextProtocol } from '../../../engines/memcached/text-protocol.js';
import { serverAvailable } from '../../support/servers.js';
import { CAS_SLOT, CommandGenerator, type GeneratedCommand } from './support/command-generator.js';
import { TextClient } from './support/text-client.js';
import { CasCorrespondence, normalise } from './support/replies.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const COMMANDS_PER_SEED = 2000;
const haveMemcached = serverAvailable('memcached');

function describeCommand(c: GeneratedCommand): string {
  const line = c.line.length > 120 ? c.line.slice(0, 120) + '…' : c.line;
  const data = c.data === undefined ? '' : ` + ${c.data.length} data bytes ${JSON.stringify(c.data.slice(0, 30))}`;
  return `${JSON.stringify(line)}${data}`;
}

describe('executeText (replies as memcached 1.6 writes them)', () => {
  it('answers storage, retrieval and arithmetic lines', () => {
    const p = new TextProtocol(openMemcachedStyle({ memoryMb: 2 }));
    expect(p.executeText('set k 5 0 3', 'abc')).toBe('STORED\r\n');
    expect(p.executeText('get k missing k')).toBe('VALUE k 5 3\r\nabc\r\nVALUE k 5 3\r\nabc\r\nEND\r\n');
    expect(p.executeText('gets k')).toMatch(/^VALUE k 5 3 \d+\r\nabc\r\nEND\r\n$/);
    expect(p.executeText('set n 0 0 2 noreply', '10')).toBe('');
    expect(p.executeText('decr n 3')).toBe('7\r\n');
    expect(p.executeText('get n')).toBe('VALUE n 0 2\r\n7 \r\nEND\r\n');
    expect(p.executeText('incr k 1')).toBe('CLIENT_ERROR cannot increment or decrement non-numeric value\r\n');
    expect(p.executeText('incr n -1')).toBe('CLIENT_ERROR invalid numeric delta argument\r\n');
    expect(p.executeText('delete k 1')).toBe('CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n');
    expect(p.executeText('touch n abc')).toBe('CLIENT_ERROR invalid exptime argument\r\n');
    expect(p.executeText('flush_all')).toBe('OK\r\n');
    expect(p.executeText('get n')).toBe('END\r\n');
  });

  it('treats rejected data blocks as commands and swallows blocks of items too large', () => {
    const p = new TextProtocol(openMemcachedStyle({ memoryMb: 2 }));
    expect(p.executeText(`set ${'k'.repeat(251)} 0 0 3`, 'abc')).toBe('CLIENT_ERROR bad command line format\r\nERROR\r\n');
    expect(p.executeText('set k 0 0 -1', 'get k')).toBe('CLIENT_ERROR bad command line format\r\nEND\r\n');
    expect(p.executeText('set k 0 0 3', 'abcd')).toBe('CLIENT_ERROR bad data chunk\r\nERROR\r\n');
    p.executeText('set big 0 0 1', 'x');
    expect(p.executeText('set big 0 0 1100000', 'z'.repeat(1_100_000))).toBe('SERVER_ERROR object too large for cache\r\n');
    expect(p.executeText('get big')).toBe('END\r\n'); // the failed set dropped the old value
    expect(p.executeText('set k 0 0 3 4 5 6', 'abc')).toBe('ERROR\r\nERROR\r\n');
    expect(p.executeText(`get k ${'z'.repeat(251)}`)).toBe('CLIENT_ERROR bad command line format\r\n');
  });
});

describe.skipIf(!haveMemcached)('memcached-style text protocol vs real memcached', () => {
  let server: ManagedServer;
  let client: TextClient;

  beforeAll(async () => {
    server = await startMemcached({ threads: 1, memoryMb: 64 });
    client = await TextClient.connect(server.host, server.port);
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  async function both(engine: TextProtocol, line: string, data?: string): Promise<[string, string]> {
    const real = await client.request(line, data);
    return [real, engine.executeText(line, data)];
  }

  it(`${SEEDS.length * COMMANDS_PER_SEED} seeded commands give the same replies`, async () => {
    let total = 0;
    for (const seed of SEEDS) {
      const engine: MemcachedStyleEngine = openMemcachedStyle({ memoryMb: 64 });
      const proto = new TextProtocol(engine);
      const [realFlush, engineFlush] = await both(proto, 'flush_all');
      expect(engineFlush).toBe(realFlush);
      const gen = new CommandGenerator(seed);
      const cas = new CasCorrespondence();
      const history: string[] = [];
      for (let i = 0; i < COMMANDS_PER_SEED; i++) {
        gen.casSeen = cas.real.length;
        const command = gen.next();
        const realLine = command.casIndex === undefined ? command.line : command.line.replace(CAS_SLOT, cas.real[command.casIndex]!);
        const engineLine = command.casIndex === undefined ? command.line : command.line.replace(CAS_SLOT, cas.engine[command.casIndex]!);
        const realReply = await client.request(realLine, command.data).catch((err: Error) => {
          throw new Error(`seed ${seed} command #${i} ${describeCommand(command)}: ${err.message}`);
        });
        const real = normalise(realReply);
        const mine = normalise(proto.executeText(engineLine, command.data));
        history.push(describeCommand(command));
        const context = `seed ${seed} command #${i} ${describeCommand(command)}\nlast commands:\n  ${history.slice(-8).join('\n  ')}`;
        expect(mine.text, context).toBe(real.text);
        cas.record(real.cas, mine.cas, context);
        total++;
      }
      const report = engine.verify();
      expect(report.problems).toEqual([]);
      engine.close();
    }
    expect(total).toBeGreaterThanOrEqual(10_000);
    // One real-memcached round trip per command: 15 s on a quiet machine, 27 s to over 60 s on
    // the shared 2-core one at load 20–26.
  }, 180_000);

  it('expiry and delayed flush_all take effect as time passes', async () => {
    const engine = openMemcachedStyle({ memoryMb: 8 });
    const proto = new TextProtocol(engine);
    const script: [string, string?][] = [
      ['flush_all'],
      ['set short 0 1 1', 'a'],
      ['set long 0 100 1', 'b'],
      ['set forever 0 0 1', 'c'],
      ['set touched 0 100 1', 'd'],
      ['touch touched 1'],
      ['gat 1 long'],
      ['get short long forever touched'],
    ];
    for (const [line, data] of script) {
      const [real, mine] = await both(proto, line, data);
      expect(mine, line).toBe(real);
    }
    await new Promise((r) => setTimeout(r, 2200));
    let [real, mine] = await both(proto, 'get short long forever touched');
    expect(mine).toBe(real);
    expect(mine).toBe('VALUE forever 0 1\r\nc\r\nEND\r\n');
    [real, mine] = await both(proto, 'flush_all 2');
    expect(mine).toBe(real);
    [real, mine] = await both(proto, 'get forever');
    expect(mine).toBe(real); // not yet flushed
    await new Promise((r) => setTimeout(r, 2200));
    [real, mine] = await both(proto, 'get forever');
    expect(mine).toBe(real);
    expect(mine).toBe('END\r\n');
    engine.close();
  });
});
