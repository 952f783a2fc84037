/**
 * The memjs path of the `memcached` engine (binary protocol, SASL when the URL has
 * credentials): the kv facet only. memjs 1.3 has no gets/cas/gat/multi-get, so the memcached
 * command facet always uses the text driver; `mget` here is parallel single gets. memjs's own
 * server choice is replaced by the same ketama continuum as the text driver's, so both agree where a key lives.
 * Known memjs limit: its INCREMENT decodes the 64-bit counter as `(hi << 8) + lo`, so counters
 * past 2^32 come back wrong — use client 'text' for big counters.
 */
import memjs from 'memjs';
import { EngineError, type Bytes, type EngineErrorKind, type EngineStats, type KvOps } from '../../types.js';
import { KetamaContinuum } from './ketama.js';
import { ttlMsToExptime } from '../../memcached/ttl.js';
import type { McTarget } from './url.js';
import { poolStats } from './pool-stats.js';

/** memcached binary protocol: this expiration makes incr/decr fail on a missing key. */
const NO_AUTO_CREATE = 0xffffffff;

/** memjs reports a refused SASL login (status 0x20) as this bare string, not an Error. */
const AUTH_FAILED = /authentication failed/i;

function kindOf(err: unknown, closed: boolean): EngineErrorKind {
  if (closed) return 'closed';
  if (AUTH_FAILED.test(String(err))) return 'connection';
  const text = err instanceof Error ? `${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}` : String(err);
  if (/timed? ?out/i.test(text)) return 'timeout';
  if (/ECONNREFUSED|ECONNRESET|EPIPE|connect|closed|No servers available/i.test(text)) return 'connection';
  if (/MemJS [A-Z]+:/.test(text)) return 'reply';
  return 'unknown';
}

export interface MemjsKvOptions {
  readonly connections: number;
  readonly timeoutMs: number;
}

/** Reconnect backoff after a connection failure (memjs itself retries at once, on every operation). */
const BACKOFF_INITIAL_MS = 50;
const BACKOFF_MAX_MS = 2000;

export class MemjsKv implements KvOps {
  private readonly clients: memjs.Client[] = [];
  private rr = 0;
  private closed = false;
  lastError: string | null = null;
  /**
   * memjs reconnects on the very next operation after a connection dies, so a down server
   * turned into a failure per operation as fast as the loop could issue them (275k in one run).
   * After a connection failure operations wait until `downUntil` (50 ms, doubling to 2 s while
   * failures continue) and then try again — what the text driver's reconnect does.
   */
  private downUntil = 0;
  private backoffMs = 0;
  private lastFailMs = 0;
  private readonly fail = (err: unknown): never => {
    const e = err instanceof EngineError ? err : new EngineError(kindOf(err, this.closed), this.describe(err), { cause: err });
    if (e.kind === 'connection') this.backOff();
    throw e;
  };

  private backOff(): void {
    const now = Date.now();
    // Failures of operations already in flight when the window opened do not escalate it.
    if (now < this.downUntil) return;
    this.backoffMs = now - this.lastFailMs > 2 * BACKOFF_MAX_MS ? BACKOFF_INITIAL_MS : Math.min(Math.max(this.backoffMs * 2, BACKOFF_INITIAL_MS), BACKOFF_MAX_MS);
    this.lastFailMs = now;
    this.downUntil = now + this.backoffMs;
  }

  /** Null while healthy (one field read on the hot path); a wait while backing off. */
  private backoffWait(): Promise<void> | null {
    if (this.downUntil === 0) return null;
    const wait = this.downUntil - Date.now();
    if (wait <= 0 || this.closed) {
      this.downUntil = 0;
      return null;
    }
    return new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** An error as a user can act on it; a refused login names the user (never the password). */
  private describe(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    if (!AUTH_FAILED.test(text)) return text;
    return this.username === undefined
      ? 'memcached refused the request: it requires SASL authentication (memcached -S); give the credentials in the URL, memcached://user:password@host:port'
      : `memcached refused the SASL login of user '${this.username}' (PLAIN): wrong user name or password`;
  }

  private readonly username: string | undefined;
  private readonly servers: readonly string[];
  private readonly ring: KetamaContinuum;

  constructor(
    private readonly target: McTarget,
    options: MemjsKvOptions,
  ) {
    this.username = target.username;
    this.servers = target.servers.map((s) => `${s.host}:${s.port}`);
    // Credentials go in the options, not the server string: memjs splits `user:pass@host` on ':'
    // and '@' and decodes no escapes, so a password holding either (or '%') could not log in.
    const servers = target.servers.map((s) => `${s.host}:${s.port}`).join(',');
    const credentials = target.username !== undefined ? { username: target.username, password: target.password ?? '' } : {};
    const logger = { log: (...args: unknown[]) => void (this.lastError = args.map(String).join(' ')) };
    const ring = (this.ring = new KetamaContinuum(target.servers));
    for (let i = 0; i < options.connections; i++) {
      const client = memjs.Client.create(servers, {
        timeout: options.timeoutMs / 1000,
        conntimeout: options.timeoutMs / 1000,
        retries: 0,
        failover: false,
        logger,
        ...credentials,
      });
      // @types/memjs says string, memjs indexes `servers` with the number it returns.
      (client as unknown as { getServer(key: string): number }).getServer = (key: string) => ring.serverFor(key);
      this.clients.push(client);
    }
  }

  private next(): memjs.Client {
    const c = this.clients[this.rr]!;
    this.rr = this.rr + 1 === this.clients.length ? 0 : this.rr + 1;
    return c;
  }

  get(key: Bytes): Promise<Bytes | null> {
    const wait = this.backoffWait();
    if (wait !== null) return wait.then(() => this.get(key));
    return this.next()
      .get(key)
      .then((r) => (r.value === null ? null : r.value.toString('latin1')), this.fail);
  }

  set(key: Bytes, value: Bytes, ttlMs?: number): Promise<void> {
    const wait = this.backoffWait();
    if (wait !== null) return wait.then(() => this.set(key, value, ttlMs));
    const expires = ttlMsToExptime(ttlMs);
    return this.next()
      .set(key, Buffer.from(value, 'latin1'), { expires })
      .then((ok) => {
        if (!ok) throw new EngineError('reply', 'memcached did not store the value');
      }, this.fail);
  }

  add(key: Bytes, value: Bytes, ttlMs?: number): Promise<boolean> {
    const wait = this.backoffWait();
    if (wait !== null) return wait.then(() => this.add(key, value, ttlMs));
    const expires = ttlMsToExptime(ttlMs);
    return this.next().add(key, Buffer.from(value, 'latin1'), { expires }).then((ok) => ok === true, this.fail);
  }

  del(key: Bytes): Promise<boolean> {
    const wait = this.backoffWait();
    if (wait !== null) return wait.then(() => this.del(key));
    return this.next().delete(key).then((ok) => ok === true, this.fail);
  }

  mget(keys: readonly Bytes[]): Promise<(Bytes | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  incr(key: Bytes, delta: number): Promise<number | bigint | null> {
    const wait = this.backoffWait();
    if (wait !== null) return wait.then(() => this.incr(key, delta));
    const client = this.next();
    const op = delta < 0 ? client.decrement(key, -delta, { expires: NO_AUTO_CREATE }) : client.increment(key, delta, { expires: NO_AUTO_CREATE });
    return op.then(
      (r) => (r.success ? (r.value as number) : null),
      (err: unknown) => {
        if (err instanceof Error && /not found/i.test(err.message)) return null;
        return this.fail(err);
      },
    );
  }

  expire(key: Bytes, ttlMs: number): Promise<boolean> {
    const wait = this.backoffWait();
    if (wait !== null) return wait.then(() => this.expire(key, ttlMs));
    return this.next().touch(key, ttlMsToExptime(ttlMs)).then((ok) => ok === true, this.fail);
  }

  /**
   * Binary STATS of every server, in URL order (numbers where the value is numeric, as the text
   * driver gives them): the stats source when memjs is the only connection (SASL).
   */
  async stats(): Promise<EngineStats> {
    return poolStats(await this.statsPerServer(), this.target.servers, this.ring.size);
  }

  statsPerServer(): Promise<EngineStats[]> {
    const client = this.clients[0]!;
    return new Promise((resolve, reject) => {
      const byServer = new Map<string, EngineStats>();
      let failed = false;
      client.stats((err, server, stats) => {
        if (failed || byServer.has(server)) return;
        if (err !== null && err !== undefined) {
          failed = true;
          reject(new EngineError(kindOf(err, this.closed), this.describe(err), { cause: err }));
          return;
        }
        const out: EngineStats = {};
        for (const [k, v] of Object.entries(stats ?? {})) out[k] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
        byServer.set(server, out);
        if (byServer.size === this.servers.length) resolve(this.servers.map((s) => byServer.get(s) ?? {}));
      });
    });
  }

  /** FLUSH on every server. */
  async flush(): Promise<void> {
    try {
      await this.clients[0]!.flush();
    } catch (err) {
      this.fail(err);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.clients) c.close();
  }
}
