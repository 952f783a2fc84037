import { describe, expect, it } from 'vitest';
import { parseMemcachedUrl } from '../../engines/real/memcached/url.js';
import { parseRedisUrl } from '../../engines/real/redis/url.js';
import { REDACTED, redactOptions, redactText, redactUrl, secretsOf } from '../../engines/secrets.js';

describe('redactUrl: every form a connection string takes', () => {
  const cases: [string, string][] = [
    ['redis://secret@127.0.0.1:6909', `redis://${REDACTED}@127.0.0.1:6909`],
    ['redis://:se/cret@127.0.0.1:6909/x', `redis://:${REDACTED}@127.0.0.1:6909/x`],
    ['redis://:p@ss@127.0.0.1:1', `redis://:${REDACTED}@127.0.0.1:1`],
    ['redis://user:pa:ss@h:1/0', `redis://user:${REDACTED}@h:1/0`],
    ['rediss://u:p%40ss%2F@h:1', `rediss://u:${REDACTED}@h:1`],
    ['redis+cluster://u:pw@h1:1,h2:2', `redis+cluster://u:${REDACTED}@h1:1,h2:2`],
    ['memcached://u:pw@h:11211', `memcached://u:${REDACTED}@h:11211`],
    ['postgres://app:pw@db/app?sslpassword=x&application_name=cb', `postgres://app:${REDACTED}@db/app?sslpassword=${REDACTED}&application_name=cb`],
    ['redis://127.0.0.1:6379/0?password=pw', `redis://127.0.0.1:6379/0?password=${REDACTED}`],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['not a url', 'not a url'],
  ];
  for (const [url, expected] of cases) it(url, () => expect(redactUrl(url)).toBe(expected));
});

describe('redactOptions: nested secret-bearing options, shape kept', () => {
  it('replaces tls {ca, cert, key}, passwords and URLs at any depth; keeps file paths and plain settings', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----';
    const out = redactOptions({
      url: 'redis://:pw@h:1',
      requirepass: 12345678,
      connections: 4,
      tls: { ca: 'CA', cert: 'CERT', key: pem, keyFile: '/etc/k.pem', servername: 'cache.local', rejectUnauthorized: false },
      nested: [{ password: 'x' }, { note: pem }],
      keyPrefix: 'key:',
    });
    expect(out).toEqual({
      url: `redis://:${REDACTED}@h:1`,
      requirepass: REDACTED,
      connections: 4,
      tls: { ca: REDACTED, cert: REDACTED, key: REDACTED, keyFile: '/etc/k.pem', servername: 'cache.local', rejectUnauthorized: false },
      nested: [{ password: REDACTED }, { note: REDACTED }],
      keyPrefix: 'key:',
    });
  });

  it('secretsOf finds raw and percent-decoded passwords so free text can be scrubbed', () => {
    const secrets = secretsOf({ url: 'redis://u:p%40ssword@h:1', tls: { key: 'PRIVATEKEY' } });
    expect([...secrets]).toEqual(expect.arrayContaining(['p%40ssword', 'p@ssword', 'PRIVATEKEY']));
    expect(redactText('AUTH failed for p@ssword at redis://u:p%40ssword@h:1', secrets)).toBe(`AUTH failed for ${REDACTED} at redis://u:${REDACTED}@h:1`);
  });
});

describe('URL parsers never quote a password in their errors', () => {
  it('redis: a password holding / and a bad database', () => {
    expect(() => parseRedisUrl('redis://:se/cret@127.0.0.1:6909/x')).toThrow(/has database 'x'/);
    try {
      parseRedisUrl('redis://:se/cret@127.0.0.1:6909/x');
    } catch (err) {
      expect((err as Error).message).not.toContain('cret');
    }
  });
  it('memcached: a bad port after a password holding @', () => {
    expect(() => parseMemcachedUrl('memcached://u:Zq@9x@h:99999')).toThrow(/outside 1..65535/);
    try {
      parseMemcachedUrl('memcached://u:Zq@9x@h:99999');
    } catch (err) {
      expect((err as Error).message).not.toMatch(/Zq|9x/);
    }
  });
});
