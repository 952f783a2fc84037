/**
 * The memjs path of the `memcached` engine (binary protocol, SASL when the URL has
 * credentials): the kv facet only. memjs 1.3 has no gets/cas/gat/multi-get, so the memcached
 * command facet always uses the text driver; `mget` here is parallel single gets. memjs's own
 * server choice is replaced by the same ketama continuum as the text driver's, so both agree where a key lives.
 * Known memjs limit: its INCREMENT decodes the 64-bit counter as `(hi << 8) + lo`, so counters
 * past 2^32 come back wrong — use client 'text' for big counters.
 */
import memjs from 'memjs';
import { EngineError, type Bytes, type EngineErrorKind, type KvOps } from '../../types.js';
import { KetamaContinuum } from './ketama.js';
import { ttlMsToExptime } from '../../memcached/ttl.js';
import type { McTarget } from './url.js';

/** memcached binary protocol: this expiration makes incr/decr fail on a missing key. */
const NO_AUTO_CREATE = 0xffffffff;

function kindOf(err: unknown, closed: boolean): EngineErrorKind {
  if (closed) return 'closed';
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

export class MemjsKv implements KvOps {
  private readonly clients: memjs.Client[] = [];
  private rr = 0;
  private closed = false;
  lastError: string | null = null;
  private readonly fail = (err: unknown): never => {
    throw err instanceof EngineError ? err : new EngineError(kindOf(err, this.closed), err instanceof Error ? err.message : String(err), { cause: err });
  };

  constructor(target: McTarget, options: MemjsKvOptions) {
    const auth = target.username !== undefined ? `${encodeURIComponent(target.username)}:${encodeURIComponent(target.password ?? '')}@` : '';
    const servers = target.servers.map((s) => `${auth}${s.host}:${s.port}`).join(',');
    const logger = { log: (...args: unknown[]) => void (this.lastError = args.map(String).join(' ')) };
    const ring = new KetamaContinuum(target.servers);
    for (let i = 0; i < options.connections; i++) {
      const client = memjs.Client.create(servers, {
        timeout: options.timeoutMs / 1000,
        conntimeout: options.timeoutMs / 1000,
        retries: 0,
        failover: false,
        logger,
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
    return this.next()
      .get(key)
      .then((r) => (r.value === null ? null : r.value.toString('latin1')), this.fail);
  }

  set(key: Bytes, value: Bytes, ttlMs?: number): Promise<void> {
    const expires = ttlMsToExptime(ttlMs);
    return this.next()
      .set(key, Buffer.from(value, 'latin1'), { expires })
      .then((ok) => {
        if (!ok) throw new EngineError('reply', 'memcached did not store the value');
      }, this.fail);
  }

  add(key: Bytes, value: Bytes, ttlMs?: number): Promise<boolean> {
    const expires = ttlMsToExptime(ttlMs);
    return this.next().add(key, Buffer.from(value, 'latin1'), { expires }).then((ok) => ok === true, this.fail);
  }

  del(key: Bytes): Promise<boolean> {
    return this.next().delete(key).then((ok) => ok === true, this.fail);
  }

  mget(keys: readonly Bytes[]): Promise<(Bytes | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  incr(key: Bytes, delta: number): Promise<number | bigint | null> {
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
    return this.next().touch(key, ttlMsToExptime(ttlMs)).then((ok) => ok === true, this.fail);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.clients) c.close();
  }
}
