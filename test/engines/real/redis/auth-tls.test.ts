import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort, startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { redisFactory } from '../../../../engines/real/redis/factory.js';
import type { Engine } from '../../../../engines/types.js';
import { distUrl } from '../../../../shared/dist-url.js';
import { serverAvailable } from '../../../support/servers.js';

const THREAD = { index: 0, count: 1, isWorker: false };
const CLIENTS = ['ioredis', 'resp'] as const;

async function roundTrip(engine: Engine): Promise<string | null> {
  await engine.kv.set('auth:k', 'v\x00\xff');
  return engine.kv.get('auth:k');
}

describe.runIf(serverAvailable('redis-server'))('redis engine: AUTH', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer({
      requirepass: 'p@ss:word',
      // An ACL user besides the default one, for user:pass@ URLs (one word per argument).
      extraArgs: ['--user', 'alice', 'on', '>alice-secret', '~*', '&*', '+@all'],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const client of CLIENTS) {
    it(`${client}: the password from the URL opens the connection`, async () => {
      const url = `redis://:${encodeURIComponent('p@ss:word')}@127.0.0.1:${server.port}`;
      const engine = await redisFactory.create({ url, client }, undefined, THREAD);
      try {
        expect(await roundTrip(engine)).toBe('v\x00\xff');
      } finally {
        await engine.close();
      }
    });

    it(`${client}: an ACL user:pass@ URL authenticates as that user`, async () => {
      const engine = await redisFactory.create({ url: `redis://alice:alice-secret@127.0.0.1:${server.port}/2`, client }, undefined, THREAD);
      try {
        expect(await engine.redis!.call(['ACL', 'WHOAMI'])).toBe('alice');
        // /2 selected database 2.
        await engine.kv.set('db2:k', 'x');
        const info = (await engine.redis!.call(['INFO', 'keyspace'])) as string;
        expect(info).toContain('db2:keys=1');
      } finally {
        await engine.close();
      }
    });

    it(`${client}: a wrong password fails with a message naming the server and the reason`, async () => {
      const url = `redis://:wrong@127.0.0.1:${server.port}`;
      await expect(redisFactory.create({ url, client, timeoutMs: 1500 }, undefined, THREAD)).rejects.toThrow(
        new RegExp(`cannot use Redis at 127\\.0\\.0\\.1:${server.port}.*(WRONGPASS|invalid username-password|NOAUTH)`, 's'),
      );
    });
  }
});

describe.runIf(serverAvailable('redis-server') && serverAvailable('openssl'))('redis engine: TLS (rediss://)', () => {
  let server: ManagedServer;
  let tlsPort: number;
  let certDir: string;
  let ca: string;

  beforeAll(async () => {
    certDir = mkdtempSync(path.join(os.tmpdir(), 'cachebench-tls-'));
    const at = (f: string): string => path.join(certDir, f);
    const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=cachebench test CA', '-keyout', at('ca.key'), '-out', at('ca.crt'));
    ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-subj', '/CN=127.0.0.1', '-keyout', at('server.key'), '-out', at('server.csr'));
    ssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.crt'), '-CAkey', at('ca.key'), '-CAcreateserial',
      '-days', '1', '-out', at('server.crt'), '-extfile', writeExt(at('san.ext')));
    ca = readFileSync(at('ca.crt'), 'latin1');
    tlsPort = await freeLoopbackPort();
    server = await startRedisServer({
      extraArgs: [
        '--tls-port', String(tlsPort),
        '--tls-cert-file', at('server.crt'),
        '--tls-key-file', at('server.key'),
        '--tls-ca-cert-file', at('ca.crt'),
        '--tls-auth-clients', 'no',
      ],
    });
  });
  afterAll(async () => {
    await server?.stop();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  function writeExt(file: string): string {
    execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > '${file}'`]);
    return file;
  }

  for (const client of CLIENTS) {
    it(`${client}: talks to the TLS port with the test CA`, async () => {
      const engine = await redisFactory.create({ url: `rediss://127.0.0.1:${tlsPort}`, client, tls: { ca } }, undefined, THREAD);
      try {
        expect(await roundTrip(engine)).toBe('v\x00\xff');
        // The server saw a TLS connection: its stats count one.
        const stats = await engine.stats();
        expect(stats['redis_version']).toBe(server.version);
      } finally {
        await engine.close();
      }
    });

    it(`${client}: refuses a server whose certificate it cannot verify, saying why`, async () => {
      await expect(
        redisFactory.create({ url: `rediss://127.0.0.1:${tlsPort}`, client, timeoutMs: 1500 }, undefined, THREAD),
      ).rejects.toThrow(/cannot use Redis.*(certificate|self[- ]signed)/is);
    });
  }

  it('the CLI: --tls-ca verifies the server (the result records the path, not the PEM), --tls-insecure skips it, neither names the cause', () => {
    const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
    const url = `rediss://127.0.0.1:${tlsPort}`;
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, [MAIN, 'run', '-e', 'redis', '--url', url, '-n', '300', '--warmup', '0s', '--keys', '50', '-c', '1', '--no-save', '--format', 'json', '--timeout', '2s', ...extra], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    const verified = run('--tls-ca', path.join(certDir, 'ca.crt'), '--client', 'ioredis');
    expect(verified.status, verified.stderr).toBe(0);
    const result = JSON.parse(verified.stdout) as { engine: { options: { tls: Record<string, unknown> } } };
    expect(result.engine.options.tls).toEqual({ caFile: path.join(certDir, 'ca.crt') });
    expect(verified.stdout).not.toContain('BEGIN CERTIFICATE');
    expect(run('--tls-insecure').status).toBe(0);
    const refused = run('--client', 'ioredis');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/certificate|self[- ]signed/i);
    const missing = run('--tls-ca', path.join(certDir, 'nope.crt'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/tls\.caFile: cannot read .*nope\.crt.*ENOENT/);
  }, 90_000);
});
