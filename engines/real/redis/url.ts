/**
 * Redis connection URLs: `redis://[user:pass@]host:port[/db]`, `rediss://…` (TLS) and
 * `redis+cluster://[user:pass@]h1:p1,h2:p2` (seed nodes of a Redis Cluster; `rediss+cluster://`
 * for TLS). Parsed by hand because WHATWG URL rejects the comma-separated host list.
 */
import { redactUrl } from '../../secrets.js';

export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

export interface RedisTarget {
  readonly mode: 'standalone' | 'cluster';
  readonly tls: boolean;
  readonly nodes: readonly RedisNode[];
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
}

const SCHEMES = ['redis://', 'rediss://', 'redis+cluster://', 'rediss+cluster://'];

function bad(url: string, why: string): Error {
  return new Error(
    `url: '${redactUrl(url)}' ${why}; expected redis://[user:pass@]host:port[/db], rediss://… or ` +
      'redis+cluster://host1:port1,host2:port2',
  );
}

export function parseRedisUrl(url: string): RedisTarget {
  if (typeof url !== 'string' || url.length === 0) throw bad(String(url), 'is empty');
  const scheme = SCHEMES.find((s) => url.startsWith(s));
  if (!scheme) throw bad(url, `has an unknown scheme (allowed: ${SCHEMES.join(', ')})`);
  const tls = scheme.startsWith('rediss');
  const cluster = scheme.includes('+cluster');
  let rest = url.slice(scheme.length);
  let username: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const auth = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = auth.indexOf(':');
    if (colon < 0) {
      password = decodeURIComponent(auth);
    } else {
      const user = decodeURIComponent(auth.slice(0, colon));
      if (user.length > 0) username = user;
      password = decodeURIComponent(auth.slice(colon + 1));
    }
  }
  let db = 0;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const dbText = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
    if (dbText.length > 0) {
      if (!/^\d+$/.test(dbText)) throw bad(url, `has database '${dbText}', which is not a number`);
      db = Number(dbText);
      if (cluster && db !== 0) throw bad(url, 'selects a database, which Redis Cluster does not support');
    }
  }
  const hosts = rest.split(',').filter((h) => h.length > 0);
  if (hosts.length === 0) throw bad(url, 'names no host');
  if (!cluster && hosts.length > 1) throw bad(url, 'lists several hosts; use redis+cluster:// for a cluster');
  const nodes = hosts.map((h): RedisNode => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
    if (!m) throw bad(url, `has a malformed host '${h}'`);
    const port = m[2] === undefined ? 6379 : Number(m[2]);
    if (!(port > 0 && port < 65536)) throw bad(url, `has port ${m[2]}, outside 1..65535`);
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
  });
  return {
    mode: cluster ? 'cluster' : 'standalone',
    tls,
    nodes,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    db,
  };
}
