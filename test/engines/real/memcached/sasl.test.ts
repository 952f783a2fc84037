/**
 * memjs's SASL path against a real `memcached -S` whose Cyrus SASL password database was made
 * by saslpasswd2 (Debian sasl2-bin): the managed server becomes ready (a binary VERSION probe:
 * `-S` speaks no text protocol), the engine logs in with the URL's credentials over memjs alone
 * (no text connection, which such a server would refuse), and a wrong password or missing
 * credentials give an error that says so — naming the user, never the password.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { memcachedFactory } from '../../../../engines/real/memcached/factory.js';
import { serverAvailable } from '../../../support/servers.js';

const THREAD = { index: 0, count: 1, isWorker: false };
// Characters a URL must escape, and a space, in the password.
const USER = 'bench';
const PASSWORD = 's3cret p@ss:w/rd%';
const haveServers = serverAvailable('memcached') && serverAvailable('saslpasswd2');

/** The first bytes a text `version` gets from the server (or '' when it closes without a reply). */
function textReply(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port }, () => socket.write('version\r\n'));
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    const done = (): void => {
      socket.destroy();
      resolve(got);
    };
    socket.once('close', done);
    socket.once('error', done);
    setTimeout(done, 1000);
  });
}

describe.runIf(haveServers)('memcached engine: SASL over memjs against memcached -S', () => {
  let server: ManagedServer;
  const url = (password: string): string => `memcached://${USER}:${encodeURIComponent(password)}@127.0.0.1:${server.port}`;
  beforeAll(async () => {
    server = await startMemcached({ threads: 1, sasl: { username: USER, password: PASSWORD } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts with -S and a saslpasswd2 database, ready by a binary probe, and speaks no text protocol', async () => {
    expect(server.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await textReply(server.port)).not.toMatch(/^VERSION /);
  });

  it('logs in with the URL credentials over memjs only, and serves the kv facet, stats and flush', async () => {
    const engine = await memcachedFactory.create({ url: url(PASSWORD), client: 'memjs' }, undefined, THREAD);
    try {
      expect(engine.info.version).toBe(server.version);
      expect(engine.memcached).toBeUndefined(); // no text connection under SASL
      await engine.kv.set('sasl:k', 'v');
      expect(await engine.kv.get('sasl:k')).toBe('v');
      expect(await engine.kv.add('sasl:k', 'w')).toBe(false);
      await engine.kv.set('sasl:n', '41');
      expect(await engine.kv.incr('sasl:n', 1)).toBe(42);
      expect(await engine.kv.del('sasl:k')).toBe(true);
      const stats = await engine.stats();
      expect(stats['version']).toBe(server.version);
      expect(Number(stats['auth_cmds'])).toBeGreaterThanOrEqual(1);
      expect(Number(stats['curr_connections'])).toBeGreaterThanOrEqual(1);
      await engine.flush();
      expect(await engine.kv.get('sasl:n')).toBeNull();
    } finally {
      await engine.close();
    }
  });

  it('a wrong password is a clear error naming the user and the server, never the password', async () => {
    const err = await memcachedFactory
      .create({ url: url('wrong-password'), client: 'memjs', timeoutMs: 2000 }, undefined, THREAD)
      .then(() => null, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toBe(`memcached: cannot use memcached at 127.0.0.1:${server.port}: memcached refused the SASL login of user '${USER}' (PLAIN): wrong user name or password`);
    expect(err!.message).not.toContain('wrong-password');
  });

  it('no credentials, or the text client, against a SASL server says what to use instead', async () => {
    for (const options of [{ url: `memcached://127.0.0.1:${server.port}`, client: 'memjs' }, { url: url(PASSWORD), client: 'text' }]) {
      await expect(memcachedFactory.create({ ...options, timeoutMs: 1000 }, undefined, THREAD)).rejects.toThrow(
        /the server answers only the binary protocol, as memcached -S \(SASL\) does: use --engine-opt client=memjs with memcached:\/\/user:password@host:port/,
      );
    }
  });
});
