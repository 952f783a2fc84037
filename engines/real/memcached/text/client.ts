/**
 * The lean memcached text-protocol client: a pool of servers (keys placed by ketama consistent
 * hashing, as libmemcached places them: ketama.ts), each with `connections` sockets used round-robin. It offers both the
 * kv facet and the full memcached command set (gets/cas/gat/touch/incr with 64-bit values…).
 */
import {
  EngineError,
  ErrorReply,
  type Bytes,
  type EngineStats,
  type KvOps,
  type McStoreResult,
  type McValue,
  type MemcachedCommands,
} from '../../../types.js';
import { ttlMsToExptime } from '../../../memcached/ttl.js';
import { KetamaContinuum } from '../ketama.js';
import type { McServerAddress } from '../url.js';
import { McTextConnection } from './connection.js';
import { Expect } from './expect.js';
import { poolStats } from '../pool-stats.js';

export interface McTextClientOptions {
  readonly servers: readonly McServerAddress[];
  /** Sockets per server. @default 1 */
  readonly connections?: number;
  /** @default 5000 */
  readonly timeoutMs?: number;
  readonly username?: string;
  readonly password?: string;
}

const MAX_KEY_BYTES = 250;
/** Digits of the largest key index the load path writes (2^53). */
const MAX_INDEX_DIGITS = 16;

/** memcached keys: 1..250 bytes, no spaces or control characters (they would desync the stream). */
function checkKey(key: Bytes): EngineError | null {
  if (key.length === 0 || key.length > MAX_KEY_BYTES) {
    return new EngineError('reply', `CLIENT_ERROR key must be 1..${MAX_KEY_BYTES} bytes (got ${key.length})`);
  }
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c <= 32 || c === 127) return new EngineError('reply', 'CLIENT_ERROR key contains a space or control character');
  }
  return null;
}

export class McTextClient implements KvOps {
  /** connections[server][i] */
  private readonly pools: McTextConnection[][];
  private readonly rr: number[];
  private readonly ring: KetamaContinuum;

  constructor(readonly options: McTextClientOptions) {
    const n = options.connections ?? 1;
    if (!Number.isInteger(n) || n < 1) throw new Error(`connections: must be a positive integer (got ${n})`);
    if (options.servers.length === 0) throw new Error('servers: at least one memcached server is needed');
    this.pools = options.servers.map((s) => {
      const conns: McTextConnection[] = [];
      for (let i = 0; i < n; i++) {
        conns.push(
          new McTextConnection({
            host: s.host,
            port: s.port,
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
            ...(options.username !== undefined ? { username: options.username, password: options.password ?? '' } : {}),
          }),
        );
      }
      return conns;
    });
    this.rr = this.pools.map(() => 0);
    this.ring = new KetamaContinuum(options.servers);
  }

  /** Every server answered `version`; resolves with the versions in server order. */
  async whenReady(): Promise<string[]> {
    const all = await Promise.all(this.pools.map((conns) => Promise.all(conns.map((c) => c.send('version\r\n', Expect.Version)))));
    return all.map((versions) => versions[0] as string);
  }

  private connFor(server: number): McTextConnection {
    const conns = this.pools[server]!;
    const i = this.rr[server]!;
    this.rr[server] = i + 1 === conns.length ? 0 : i + 1;
    return conns[i]!;
  }

  private conn(key: Bytes): McTextConnection {
    return this.connFor(this.ring.serverFor(key));
  }

  private keyed(key: Bytes, text: string, expect: Expect): Promise<unknown> {
    const bad = checkKey(key);
    if (bad) return Promise.reject(bad);
    return this.conn(key).send(text, expect);
  }

  private store(
    verb: string,
    key: Bytes,
    value: Bytes,
    exptime: number,
    flags: number,
    expect: Expect,
    cas?: string,
  ): Promise<unknown> {
    const tail = cas === undefined ? '' : ` ${cas}`;
    return this.keyed(key, `${verb} ${key} ${flags >>> 0} ${exptime} ${value.length}${tail}\r\n${value}\r\n`, expect);
  }

  // ---- kv facet --------------------------------------------------------------------------------

  get(key: Bytes): Promise<Bytes | null> {
    return this.keyed(key, `get ${key}\r\n`, Expect.Value) as Promise<Bytes | null>;
  }

  set(key: Bytes, value: Bytes, ttlMs?: number): Promise<void> {
    return this.store('set', key, value, ttlMsToExptime(ttlMs), 0, Expect.Stored) as Promise<void>;
  }

  add(key: Bytes, value: Bytes, ttlMs?: number): Promise<boolean> {
    return this.store('add', key, value, ttlMsToExptime(ttlMs), 0, Expect.Added) as Promise<boolean>;
  }

  del(key: Bytes): Promise<boolean> {
    return this.keyed(key, `delete ${key}\r\n`, Expect.Deleted) as Promise<boolean>;
  }

  mget(keys: readonly Bytes[]): Promise<(Bytes | null)[]> {
    for (const k of keys) {
      const bad = checkKey(k);
      if (bad) return Promise.reject(bad);
    }
    if (keys.length === 0) return Promise.resolve([]);
    if (this.pools.length === 1) return this.connFor(0).send(`get ${keys.join(' ')}\r\n`, Expect.MultiKv, keys) as Promise<(Bytes | null)[]>;
    return this.getMultiRaw(keys).then((hits) => keys.map((k) => hits.get(k)?.value ?? null));
  }

  incr(key: Bytes, delta: number): Promise<number | bigint | null> {
    const d = typeof delta === 'bigint' ? delta : BigInt(Math.trunc(delta));
    const verb = d < 0n ? 'decr' : 'incr';
    const amount = d < 0n ? -d : d;
    return this.keyed(key, `${verb} ${key} ${amount}\r\n`, Expect.ArithKv) as Promise<number | bigint | null>;
  }

  expire(key: Bytes, ttlMs: number): Promise<boolean> {
    return this.touch(key, ttlMsToExptime(ttlMs));
  }

  // ---- callback lanes (the load path: no Promise per request) -------------------------------------

  /** Connections per server; a lane is bound to connection `index mod connectionCount` of its key's server. */
  get connectionCount(): number {
    return this.pools[0]!.length;
  }

  /**
   * GET on connection `index` (of the key's server) for a caller that needs only hit/miss and
   * length: `onLength` gets the byte length or -1, the value is never built. Callbacks run while
   * the reply is parsed; requests they issue leave in that connection's next write.
   */
  getLengthWith(index: number, key: Bytes, onLength: (length: unknown) => void, onError: (err: unknown) => void): void {
    const bad = checkKey(key);
    if (bad) return onError(bad);
    const conns = this.pools[this.ring.serverFor(key)]!;
    conns[index % conns.length]!.getLengthWith(key, onLength, onError);
  }

  /** kv SET (TTL in ms, 0: none) on connection `index`, through callbacks (see `getLengthWith`). */
  setWith(index: number, key: Bytes, value: Bytes, ttlMs: number, onDone: (v: unknown) => void, onError: (err: unknown) => void): void {
    const bad = checkKey(key);
    if (bad) return onError(bad);
    const conns = this.pools[this.ring.serverFor(key)]!;
    conns[index % conns.length]!.setWith(key, ttlMsToExptime(ttlMs), value, onDone, onError);
  }

  /**
   * `getLengthWith` of the key `prefix + keyIndex`, written into the request as digits (no key
   * string; see `KvLanes.getLengthAt`). A pool of several servers places keys by their bytes,
   * so there the key is built and placed as usual.
   */
  getLengthAtWith(index: number, prefix: string, keyIndex: number, onLength: (length: unknown) => void, onError: (err: unknown) => void): void {
    if (this.pools.length > 1) return this.getLengthWith(index, prefix + keyIndex, onLength, onError);
    const bad = this.checkPrefix(prefix);
    if (bad) return onError(bad);
    const conns = this.pools[0]!;
    conns[index % conns.length]!.getLengthAtWith(prefix, keyIndex, onLength, onError);
  }

  /** `setWith` of the key `prefix + keyIndex` (see `getLengthAtWith`). */
  setAtWith(
    index: number,
    prefix: string,
    keyIndex: number,
    value: Bytes,
    ttlMs: number,
    onDone: (v: unknown) => void,
    onError: (err: unknown) => void,
  ): void {
    if (this.pools.length > 1) return this.setWith(index, prefix + keyIndex, value, ttlMs, onDone, onError);
    const bad = this.checkPrefix(prefix);
    if (bad) return onError(bad);
    const conns = this.pools[0]!;
    conns[index % conns.length]!.setAtWith(prefix, keyIndex, ttlMsToExptime(ttlMs), value, onDone, onError);
  }

  /** The last prefix that passed `checkKey` (with room for any index's digits): checked once, not per request. */
  private checkedPrefix: string | null = null;
  private checkPrefix(prefix: string): EngineError | null {
    if (prefix === this.checkedPrefix) return null;
    const bad = prefix.length === 0 ? null : checkKey(prefix + '0'.repeat(MAX_INDEX_DIGITS));
    if (bad === null) this.checkedPrefix = prefix;
    return bad;
  }

  // ---- memcached facet (exact command semantics) -------------------------------------------------

  /** The memcached-facet view: same connections, memcached result shapes. */
  readonly memcached: MemcachedCommands = {
    get: (key) => this.keyed(key, `gets ${key}\r\n`, Expect.McValue) as Promise<McValue | null>,
    getMulti: (keys) => this.getMultiRaw(keys),
    set: (key, value, exptime = 0, flags = 0) => this.store('set', key, value, exptime, flags, Expect.Store) as Promise<McStoreResult>,
    add: (key, value, exptime = 0, flags = 0) => this.store('add', key, value, exptime, flags, Expect.Store) as Promise<McStoreResult>,
    replace: (key, value, exptime = 0, flags = 0) =>
      this.store('replace', key, value, exptime, flags, Expect.Store) as Promise<McStoreResult>,
    append: (key, value) => this.store('append', key, value, 0, 0, Expect.Store) as Promise<McStoreResult>,
    prepend: (key, value) => this.store('prepend', key, value, 0, 0, Expect.Store) as Promise<McStoreResult>,
    cas: (key, value, cas, exptime = 0, flags = 0) => {
      if (!/^\d+$/.test(cas)) return Promise.reject(new EngineError('reply', `CLIENT_ERROR cas must be a decimal number (got '${cas}')`));
      return this.store('cas', key, value, exptime, flags, Expect.Store, cas) as Promise<McStoreResult>;
    },
    delete: (key) => this.del(key),
    incr: (key, delta) => this.arith('incr', key, delta),
    decr: (key, delta) => this.arith('decr', key, delta),
    touch: (key, exptime) => this.touch(key, exptime),
    gat: (key, exptime) => this.keyed(key, `gats ${exptime} ${key}\r\n`, Expect.McValue) as Promise<McValue | null>,
    flushAll: (delaySeconds) => this.flushAll(delaySeconds),
  };

  private arith(verb: 'incr' | 'decr', key: Bytes, delta: bigint | number): Promise<bigint | null | ErrorReply> {
    const d = typeof delta === 'bigint' ? delta : BigInt(delta);
    if (d < 0n || d > 0xffffffffffffffffn) {
      return Promise.resolve(new ErrorReply('CLIENT_ERROR invalid numeric delta argument'));
    }
    return this.keyed(key, `${verb} ${key} ${d}\r\n`, Expect.Arith) as Promise<bigint | null | ErrorReply>;
  }

  touch(key: Bytes, exptime: number): Promise<boolean> {
    return this.keyed(key, `touch ${key} ${exptime}\r\n`, Expect.Touched) as Promise<boolean>;
  }

  private async getMultiRaw(keys: readonly Bytes[]): Promise<Map<Bytes, McValue>> {
    for (const k of keys) {
      const bad = checkKey(k);
      if (bad) throw bad;
    }
    const byServer = new Map<number, Bytes[]>();
    for (const k of keys) {
      const s = this.ring.serverFor(k);
      let list = byServer.get(s);
      if (!list) byServer.set(s, (list = []));
      list.push(k);
    }
    const parts = await Promise.all(
      [...byServer].map(([s, ks]) => this.connFor(s).send(`gets ${ks.join(' ')}\r\n`, Expect.Multi) as Promise<Map<Bytes, McValue>>),
    );
    if (parts.length === 1) return parts[0]!;
    const merged = new Map<Bytes, McValue>();
    for (const p of parts) for (const [k, v] of p) merged.set(k, v);
    return merged;
  }

  async flushAll(delaySeconds?: number): Promise<void> {
    const text = delaySeconds !== undefined && delaySeconds > 0 ? `flush_all ${delaySeconds}\r\n` : 'flush_all\r\n';
    await Promise.all(this.pools.map((_, s) => this.connFor(s).send(text, Expect.Ok)));
  }

  /** `stats` of every server; with a pool, names are prefixed `host:port/` (per-server figures in the result). */
  async stats(): Promise<EngineStats> {
    const all = (await Promise.all(this.pools.map((_, s) => this.connFor(s).send('stats\r\n', Expect.Stats)))) as EngineStats[];
    return poolStats(all, this.options.servers, this.ring.size);
  }

  /** Stats of one server of the pool (tests check where keys landed). */
  statsOf(server: number): Promise<EngineStats> {
    return this.connFor(server).send('stats\r\n', Expect.Stats) as Promise<EngineStats>;
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.flat().map((c) => c.close()));
  }
}
