/**
 * Memcached URLs: `memcached://[user:pass@]h1:p1[:w1][,h2:p2[:w2]…]` — one server or a pool that
 * keys are spread over by ketama consistent hashing (see ketama.ts). A server's optional third
 * field is its ketama weight, as in libmemcached's server lists (`memcached_servers_parse`:
 * `host:port:weight`): a server of weight 2 gets twice the continuum points, so twice the keys,
 * of a server of weight 1 (the default). Weights are positive integers; libmemcached reads a 0
 * as the default, which here is refused instead so that a typo does not pass silently.
 */
import { redactUrl } from '../../secrets.js';

export interface McServerAddress {
  readonly host: string;
  readonly port: number;
  /** Ketama weight (absent: 1). */
  readonly weight?: number;
}

/** Largest weight accepted: libmemcached's is a uint32; a bound keeps the continuum's size sane. */
export const MAX_KETAMA_WEIGHT = 1_000_000;

export interface McTarget {
  readonly servers: readonly McServerAddress[];
  readonly username?: string;
  readonly password?: string;
}

function bad(url: string, why: string): Error {
  return new Error(`url: '${redactUrl(url)}' ${why}; expected memcached://[user:pass@]host1:port1[:weight1][,host2:port2[:weight2]…]`);
}

export function parseMemcachedUrl(url: string): McTarget {
  if (typeof url !== 'string' || !url.startsWith('memcached://')) throw bad(String(url), 'does not start with memcached://');
  let rest = url.slice('memcached://'.length).replace(/\/$/, '');
  let username: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const auth = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = auth.indexOf(':');
    if (colon < 0) throw bad(url, 'has credentials without a password (user:pass@)');
    username = decodeURIComponent(auth.slice(0, colon));
    password = decodeURIComponent(auth.slice(colon + 1));
  }
  const hosts = rest.split(',').filter((h) => h.length > 0);
  if (hosts.length === 0) throw bad(url, 'names no server');
  const servers = hosts.map((h): McServerAddress => {
    const m = /^([^:/]+)(?::(\d+)(?::([^:]*))?)?$/.exec(h);
    if (!m) throw bad(url, `has a malformed server '${h}'`);
    const port = m[2] === undefined ? 11211 : Number(m[2]);
    if (!(port > 0 && port < 65536)) throw bad(url, `has port ${m[2]}, outside 1..65535`);
    if (m[3] === undefined) return { host: m[1]!, port };
    const weight = /^\d+$/.test(m[3]) ? Number(m[3]) : NaN;
    if (!(weight >= 1 && weight <= MAX_KETAMA_WEIGHT)) {
      throw bad(url, `has weight '${m[3]}' for ${m[1]}:${port}; a weight is an integer from 1 to ${MAX_KETAMA_WEIGHT}`);
    }
    return { host: m[1]!, port, weight };
  });
  return { servers, ...(username !== undefined ? { username, password: password! } : {}) };
}
