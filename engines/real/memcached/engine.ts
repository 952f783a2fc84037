/**
 * `RemoteMemcachedEngine`: the engine contract over real memcached servers (one or a pool).
 * kv facet through the lean text driver (default) or memjs; the memcached command facet always
 * through the text driver (memjs lacks gets/cas/gat/multi-get); stats from `stats`.
 */
import type { Capability, Engine, EngineInfo, EngineLocation, EngineStats, KvLanes, KvOps, MemcachedCommands } from '../../types.js';
import { MemjsKv } from './memjs-client.js';
import { McTextClient } from './text/client.js';
import type { McAdapterOptions } from './options.js';
import type { McTarget } from './url.js';

export const MEMCACHED_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['strings']);

export class RemoteMemcachedEngine implements Engine {
  readonly sync = false;
  readonly memcached: MemcachedCommands;
  /** The text driver's callback load path; absent when the kv facet is memjs (its Promises are what is measured). */
  readonly lanes?: KvLanes;

  private constructor(
    readonly info: EngineInfo,
    readonly kv: KvOps & { close(): Promise<void> },
    private readonly text: McTextClient,
  ) {
    this.memcached = text.memcached;
    if (kv === text) {
      this.lanes = {
        connections: text.connectionCount,
        getLength: (conn, key, onLength, onError) => text.getLengthWith(conn, key, onLength, onError),
        set: (conn, key, value, ttlMs, onDone, onError) => text.setWith(conn, key, value, ttlMs, onDone, onError),
      };
    }
  }

  static async connect(
    name: string,
    location: EngineLocation,
    target: McTarget,
    adapter: McAdapterOptions,
  ): Promise<RemoteMemcachedEngine> {
    const text = new McTextClient({
      servers: target.servers,
      connections: adapter.connections,
      timeoutMs: adapter.timeoutMs,
      ...(target.username !== undefined && adapter.client === 'text' ? { username: target.username, password: target.password ?? '' } : {}),
    });
    let kv: (KvOps & { close(): Promise<void> }) | null = null;
    try {
      const versions = await text.whenReady();
      kv = adapter.client === 'memjs' ? new MemjsKv(target, adapter) : text;
      if (kv !== text) await kv.get('cachebench:probe'); // memjs connects (and authenticates) lazily
      const version = [...new Set(versions)].join(',');
      return new RemoteMemcachedEngine({ name, family: 'memcached', location, version, capabilities: MEMCACHED_CAPABILITIES }, kv, text);
    } catch (err) {
      if (kv && kv !== text) await kv.close();
      await text.close();
      const where = target.servers.map((s) => `${s.host}:${s.port}`).join(',');
      throw new Error(`${name}: cannot use memcached at ${where}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Stats of one pool server (by index in the URL). */
  statsOf(server: number): Promise<EngineStats> {
    return this.text.statsOf(server);
  }

  stats(): Promise<EngineStats> {
    return this.text.stats();
  }

  flush(): Promise<void> {
    return this.text.flushAll();
  }

  async close(): Promise<void> {
    if (this.kv !== this.text) await this.kv.close();
    await this.text.close();
  }
}
