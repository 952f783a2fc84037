import net from 'node:net';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  liveServerCount,
  missingBinaryMessage,
  startMemcached,
  startRedisServer,
  type ManagedServer,
} from '../../../../engines/real/managed/index.js';
import { probeOnce } from '../../../../engines/real/managed/probe.js';
import { serverAvailable } from '../../../support/servers.js';

const started: ManagedServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

function send(port: number, request: string): Promise<string> {
  return probeOnce('127.0.0.1', port, request, 2000);
}

describe.runIf(serverAvailable('redis-server'))('managed redis-server', () => {
  it('starts on a loopback port, answers, reports its version and cleans up on stop', async () => {
    const server = await startRedisServer();
    started.push(server);
    expect(server.kind).toBe('redis-server');
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(server.dir)).toBe(true);
    expect(await send(server.port, 'SET k v\r\n')).toBe('+OK');
    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    await expect(send(server.port, 'PING\r\n')).rejects.toThrow();
    await server.stop(); // twice is fine
  });

  it('applies persistence and password options', async () => {
    const server = await startRedisServer({ persistence: 'aof', appendfsync: 'always', requirepass: 's3cret' });
    started.push(server);
    expect(await send(server.port, 'GET x\r\n')).toMatch(/^-NOAUTH/);
    const both = await new Promise<string>((resolve, reject) => {
      const socket = net.createConnection({ host: '127.0.0.1', port: server.port });
      let text = '';
      socket.setEncoding('latin1');
      socket.on('connect', () => socket.write('AUTH s3cret\r\nCONFIG GET appendfsync\r\n'));
      socket.on('data', (d: string) => {
        text += d;
        if (text.includes('always\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(both).toContain('appendfsync');
    expect(both).toContain('always');
  });

  it('rejects a bad persistence mode naming the field and the allowed values', async () => {
    await expect(startRedisServer({ persistence: 'sometimes' as never })).rejects.toThrow(
      /persistence: 'sometimes' is not one of none, rdb, aof/,
    );
  });

  it('a killed server stays tracked until stop() removes its directory', async () => {
    const server = await startRedisServer();
    const before = liveServerCount();
    server.kill();
    await new Promise((r) => setTimeout(r, 100));
    await expect(send(server.port, 'PING\r\n')).rejects.toThrow();
    expect(liveServerCount()).toBe(before);
    await server.stop();
    expect(liveServerCount()).toBe(before - 1);
    expect(existsSync(server.dir)).toBe(false);
  });
});

describe.runIf(serverAvailable('memcached'))('managed memcached', () => {
  it('starts with the requested threads and memory and answers the text protocol', async () => {
    const server = await startMemcached({ threads: 2, memoryMb: 16 });
    started.push(server);
    expect(server.url).toBe(`memcached://127.0.0.1:${server.port}`);
    expect(server.version).toMatch(/^\d+\.\d+\.\d+/);
    const stats = await new Promise<string>((resolve, reject) => {
      const socket = net.createConnection({ host: '127.0.0.1', port: server.port });
      let text = '';
      socket.setEncoding('latin1');
      socket.on('connect', () => socket.write('stats settings\r\n'));
      socket.on('data', (d: string) => {
        text += d;
        if (text.endsWith('END\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(stats).toContain('STAT num_threads 2\r\n');
    expect(stats).toContain(`STAT maxbytes ${16 * 1024 * 1024}\r\n`);
  });
});

describe('missing binaries', () => {
  it('names the Debian package to install', () => {
    expect(missingBinaryMessage('memcached')).toContain('apt-get install -y memcached');
    expect(missingBinaryMessage('redis-cli')).toContain('apt-get install -y redis-tools');
  });

  it('startRedisServer fails with the package name when redis-server is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRedisServer()).rejects.toThrow(/apt-get install -y redis-server/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
