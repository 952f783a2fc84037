/**
 * `RemoteMemcachedEngine`: the engine contract over real memcached servers (one or a pool).
 * kv facet through the lean text driver (default) or memjs; the memcached command facet
 * through the text driver (memjs lacks gets/cas/gat/multi-get); stats from `stats`. Under SASL
 * (memjs + credentials) memjs is the only connection: no command facet, binary STATS.
 */
import type { Capability, Engine, EngineInfo, EngineLocation, EngineStats, KvLanes, KvOps, MemcachedCommands } from '../../types.js';
import { MEMCACHED_BINARY_VERSION_PROBE, probeOnce } from '../managed/probe.js';
import { MemjsKv } from './memjs-client.js';
import { McTextClient } from './text/client.js';
import type { McAdapterOptions } from './options.js';
import type { McTarget } from './url.js';

const SASL_HINT =
  ' — the server answers only the binary protocol, as memcached -S (SASL) does: use --engine-opt client=memjs with memcached://user:password@host:port';

/** True when the first server answers a binary VERSION (after the text driver got nothing): memcached -S. */
async function binaryOnly(target: McTarget): Promise<boolean> {
  const s = target.servers[0]!;
  try {
    await probeOnce(s.host, s.port, MEMCACHED_BINARY_VERSION_PROBE, 1000);
    return true;
  } catch {
    return false;
  }
}

export const MEMCACHED_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['strings']);

export class RemoteMemcachedEngine implements Engine {
  readonly sync = false;
  /** The text driver's command facet; absent when memjs is the only connection (SASL). */
  readonly memcached?: MemcachedCommands;
  /** The text driver's callback load path; absent when the kv facet is memjs (its Promises are what is measured). */
  readonly lanes?: KvLanes;

  private constructor(
    readonly info: EngineInfo,
    readonly kv: KvOps & { close(): Promise<void> },
    /** The text driver, or null under SASL. */
    private readonly text: McTextClient | null,
    /** The memjs client when it is the kv facet. */
    private readonly memjs: MemjsKv | null,
  ) {
    if (text !== null) this.memcached = text.memcached;
    if (text !== null && kv === text) {
      this.lanes = {
        connections: text.connectionCount,
        getLength: (conn, key, onLength, onError) => text.getLengthWith(conn, key, onLength, onError),
        set: (conn, key, value, ttlMs, onDone, onError) => text.setWith(conn, key, value, ttlMs, onDone, onError),
        getLengthAt: (conn, prefix, index, onLength, onError) => text.getLengthAtWith(conn, prefix, index, onLength, onError),
        setAt: (conn, prefix, index, value, ttlMs, onDone, onError) => text.setAtWith(conn, prefix, index, value, ttlMs, onDone, onError),
      };
    }
  }

  /**
   * Connect. With client memjs and credentials in the URL (SASL, memcached -S) memjs is the only
   * connection: such a server speaks no text protocol, so there is no memcached command facet,
   * and version and stats come from binary STATS. Otherwise the text driver connects too (the
   * command facet and stats), and is the kv facet unless memjs was asked for.
   */
  static async connect(
    name: string,
    location: EngineLocation,
    target: McTarget,
    adapter: McAdapterOptions,
  ): Promise<RemoteMemcachedEngine> {
    const sasl = adapter.client === 'memjs' && target.username !== undefined;
    const text = sasl
      ? null
      : new McTextClient({
          servers: target.servers,
          connections: adapter.connections,
          timeoutMs: adapter.timeoutMs,
          ...(target.username !== undefined ? { username: target.username, password: target.password ?? '' } : {}),
        });
    let memjs: MemjsKv | null = null;
    try {
      let versions: string[];
      if (text !== null) versions = await text.whenReady();
      if (adapter.client === 'memjs') {
        memjs = new MemjsKv(target, adapter);
        await memjs.get('cachebench:probe'); // memjs connects (and authenticates) lazily
      }
      if (text === null) versions = (await memjs!.statsPerServer()).map((s) => String(s['version'] ?? 'unknown'));
      const version = [...new Set(versions!)].join(',');
      const kv = memjs ?? text!;
      return new RemoteMemcachedEngine({ name, family: 'memcached', location, version, capabilities: MEMCACHED_CAPABILITIES }, kv, text, memjs);
    } catch (err) {
      await memjs?.close();
      await text?.close();
      const where = target.servers.map((s) => `${s.host}:${s.port}`).join(',');
      const hint = text !== null && (await binaryOnly(target)) ? SASL_HINT : '';
      throw new Error(`${name}: cannot use memcached at ${where}: ${(err as Error).message}${hint}`, { cause: err });
    }
  }

  /** Stats of one pool server (by index in the URL). */
  async statsOf(server: number): Promise<EngineStats> {
    if (this.text !== null) return this.text.statsOf(server);
    return (await this.memjs!.statsPerServer())[server]!;
  }

  stats(): Promise<EngineStats> {
    return this.text !== null ? this.text.stats() : this.memjs!.stats();
  }

  flush(): Promise<void> {
    return this.text !== null ? this.text.flushAll() : this.memjs!.flush();
  }

  async close(): Promise<void> {
    await this.memjs?.close();
    await this.text?.close();
  }
}
