/**
 * The redis-style engine behind a TCP port, speaking RESP2 and RESP3 like redis-server 7.0.
 *
 * `RespServer.start({ port, bind, engineOptions, … })` builds the served engine (with the
 * persistence its options ask for, loading existing files), adds the connection-level
 * commands to its table, and listens — on 127.0.0.1 unless another address is asked for. Over
 * `maxclients` connections a newcomer gets `-ERR max number of clients reached` and is closed.
 * `shutdown({ save })` stops accepting, closes every connection, syncs the AOF and (with RDB,
 * unless `save: false`) writes a last snapshot; the SHUTDOWN command and the CLI's SIGTERM /
 * SIGINT handlers call it. Settings CONFIG GET/SET can see are listed once in `SETTINGS`.
 */
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { RespConnection } from './connection.js';
import { connectionCommands } from './connection-commands.js';
import { ServedRedis } from './served-redis.js';
import { TurnFlush } from '../turn-flush.js';

export interface RespServerSettings {
  /** Redis `requirepass`; '' for none. @default '' */
  requirepass: string;
  /** @default 10000 */
  maxclients: number;
  /** Redis `proto-max-bulk-len`. @default 512 MB */
  protoMaxBulkLen: number;
  /** Redis `client-query-buffer-limit`: a client buffering more unparsed bytes is closed. @default 1 GB */
  clientQueryBufferLimit: number;
}

export interface RespServerOptions extends Partial<RespServerSettings> {
  /** @default 6379; 0 picks a free port */
  port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  bind?: string;
  /** redis-style engine options and persistence options (as `--engine-opt`). */
  engineOptions?: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: RespServerSettings = {
  requirepass: '',
  maxclients: 10000,
  protoMaxBulkLen: 512 * 1024 * 1024,
  clientQueryBufferLimit: 1024 * 1024 * 1024,
};

const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

function parseMemory(v: string): number | null {
  const m = /^(\d+)([a-z]*)$/i.exec(v);
  const unit = m ? MEMORY_UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit !== undefined ? Number(m[1]) * unit : null;
}

interface Setting {
  /** CONFIG name. */
  readonly name: string;
  readonly get: (s: RespServer) => string;
  /** Absent: immutable at runtime. Returns an error reason or null. */
  readonly set?: (s: RespServer, v: string, apply: boolean) => string | null;
}

const memorySetting = (key: 'protoMaxBulkLen' | 'clientQueryBufferLimit', min: number) => (s: RespServer, v: string, apply: boolean): string | null => {
  const n = parseMemory(v);
  if (n === null) return 'argument must be a memory value';
  if (n < min) return `argument must be at least ${min}`;
  if (apply) s.settings[key] = n;
  return null;
};

/** Server settings as CONFIG GET/SET see them (the engine's own are in engines/redis/config.ts). */
const SETTINGS: readonly Setting[] = [
  { name: 'requirepass', get: (s) => s.settings.requirepass, set: (s, v, apply) => ((apply && (s.settings.requirepass = v)), null) },
  {
    name: 'maxclients',
    get: (s) => String(s.settings.maxclients),
    set: (s, v, apply) => {
      if (!/^\d+$/.test(v) || Number(v) < 1) return 'argument must be between 1 and 4294967295 inclusive';
      if (apply) s.settings.maxclients = Number(v);
      return null;
    },
  },
  { name: 'proto-max-bulk-len', get: (s) => String(s.settings.protoMaxBulkLen), set: memorySetting('protoMaxBulkLen', 1024 * 1024) },
  { name: 'client-query-buffer-limit', get: (s) => String(s.settings.clientQueryBufferLimit), set: memorySetting('clientQueryBufferLimit', 1024 * 1024) },
  { name: 'port', get: (s) => String(s.port) },
  { name: 'bind', get: (s) => s.bind },
  { name: 'timeout', get: () => '0' },
  { name: 'appendonly', get: (s) => (s.served.choice?.mode.includes('aof') ? 'yes' : 'no') },
  { name: 'appendfsync', get: (s) => s.served.choice?.appendfsync ?? 'everysec' },
  {
    name: 'save',
    get: (s) => {
      const c = s.served.choice;
      if (c === null || !c.mode.startsWith('rdb')) return '';
      return c.saveEverySec !== undefined ? `${c.saveEverySec} 1` : '';
    },
  },
  { name: 'dir', get: (s) => s.served.dir ?? process.cwd() },
  { name: 'dbfilename', get: () => 'dump.rdb' },
  { name: 'appendfilename', get: () => 'appendonly.aof' },
];

export class RespServer extends EventEmitter {
  readonly served: ServedRedis;
  readonly settings: RespServerSettings;
  readonly connections = new Set<RespConnection>();
  readonly bind: string;
  netInputBytes = 0;
  netOutputBytes = 0;
  /** Reads delivered and reply writes made (INFO total_reads_processed / total_writes_processed). */
  readsProcessed = 0;
  writesProcessed = 0;
  rejectedConnections = 0;
  /** Every connection's replies of one event-loop turn leave together at its end. */
  readonly turnFlush = new TurnFlush();
  private readonly listener: net.Server;
  private boundPort = 0;
  private shuttingDown: Promise<void> | null = null;

  private constructor(options: RespServerOptions) {
    super();
    this.settings = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof RespServerSettings)[]) {
      if (options[key] !== undefined) (this.settings as unknown as Record<string, unknown>)[key] = options[key];
    }
    this.bind = options.bind ?? '127.0.0.1';
    this.served = new ServedRedis(options.engineOptions ?? {});
    const server = this.served.server;
    server.addCommands(connectionCommands(this, server.specs));
    this.listener = net.createServer((socket) => this.accept(socket));
    this.listener.maxConnections = Number.MAX_SAFE_INTEGER;
  }

  /** Build the engine (loading persisted data) and listen. */
  static async start(options: RespServerOptions = {}): Promise<RespServer> {
    const s = new RespServer(options);
    try {
      await new Promise<void>((resolve, reject) => {
        s.listener.once('error', reject);
        s.listener.listen(options.port ?? 6379, s.bind, () => {
          s.listener.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      s.served.close({ save: false });
      throw err;
    }
    s.boundPort = (s.listener.address() as net.AddressInfo).port;
    return s;
  }

  get port(): number {
    return this.boundPort;
  }

  private accept(socket: net.Socket): void {
    if (this.shuttingDown !== null) {
      socket.destroy();
      return;
    }
    if (this.connections.size >= this.settings.maxclients) {
      this.rejectedConnections++;
      socket.on('error', () => {});
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    this.connections.add(new RespConnection(this, socket));
  }

  connectionClosed(c: RespConnection): void {
    this.connections.delete(c);
  }

  // -- settings (CONFIG GET/SET) ---------------------------------------------------------------

  configEntries(): [string, string][] {
    return SETTINGS.map((s) => [s.name, s.get(this)]);
  }

  hasSetting(name: string): boolean {
    return SETTINGS.some((s) => s.name === name);
  }

  /** The reason a CONFIG SET would fail, or null. */
  checkSetting(name: string, value: string): string | null {
    const s = SETTINGS.find((x) => x.name === name)!;
    if (s.set === undefined) return "can't set immutable config";
    return s.set(this, value, false);
  }

  applySetting(name: string, value: string): void {
    SETTINGS.find((x) => x.name === name)!.set!(this, value, true);
  }

  // -- shutdown ---------------------------------------------------------------------------------

  /** From the SHUTDOWN command: shut down after the current command, then emit 'shutdown'. */
  requestShutdown(options: { save?: boolean }, reason: string): void {
    setImmediate(() => {
      // Replies other connections got this turn leave before their connections close.
      this.turnFlush.flushNow();
      void this.shutdown(options).then(() => this.emit('shutdown', reason));
    });
  }

  /**
   * Stop listening, close every connection, sync the AOF and save the RDB (when RDB is on;
   * `save: false` skips the snapshot, `save: true` is the default). Idempotent.
   */
  shutdown(options: { save?: boolean } = {}): Promise<void> {
    if (this.shuttingDown !== null) return this.shuttingDown;
    this.shuttingDown = new Promise<void>((resolve) => {
      this.listener.close(() => resolve());
      for (const c of [...this.connections]) c.kill();
      this.served.close(options);
    });
    return this.shuttingDown;
  }
}
