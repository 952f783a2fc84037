/**
 * `RemoteMemcachedEngine`: the engine contract over real memcached servers (one or a pool).
 * kv facet through the lean text driver (default) or memjs; the memcached command facet always
 * through the text driver (memjs lacks gets/cas/gat/multi-get); stats from `stats`.
 */
import type { Capability, Engine, EngineInfo, EngineLocation, EngineStats, KvOps, MemcachedCommands } from '../../types.js';
import { MemjsKv } from './memjs-client.js';
import { McTextClient } from './text/client.js';
import type { McTarget } from './url.js';

export type McClientKind = 'text' | 'memjs';
export const MC_CLIENT_KINDS: readonly McClientKind[] = ['text', 'memjs'];

export interface McAdapterOptions {
  readonly client: McClientKind;
  readonly connections: number;
  readonly timeoutMs: number;
}

function positiveInt(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(`${field}: must be a positive integer (got '${String(value)}')`);
  return n;
}

export function resolveMcAdapterOptions(options: Record<string, unknown>): McAdapterOptions {
  const client = options['client'] ?? 'text';
  if (client !== 'text' && client !== 'memjs') throw new Error(`client: '${String(client)}' is not one of ${MC_CLIENT_KINDS.join(', ')}`);
  return {
    client,
    connections: positiveInt('connections', options['connections'], 1),
    timeoutMs: positiveInt('timeoutMs', options['timeoutMs'], 5000),
  };
}

export const MEMCACHED_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['strings']);

export class RemoteMemcachedEngine implements Engine {
  readonly sync = false;
  readonly memcached: MemcachedCommands;

  private constructor(
    readonly info: EngineInfo,
    readonly kv: KvOps & { close(): Promise<void> },
    private readonly text: McTextClient,
  ) {
    this.memcached = text.memcached;
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
