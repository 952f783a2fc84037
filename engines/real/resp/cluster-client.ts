/**
 * The lean RESP driver in front of a Redis Cluster: one `RespClient` per master and a slot
 * table (CLUSTER SLOTS) routing every command by its first key's slot (`slots.ts`). It adds
 * routing only — the per-node clients, connections, parsing and batching are `RespClient`'s —
 * so a cluster is driven at the lean driver's speed, in order per node.
 *
 * Redirections are followed on every path (generic `call`, the typed kv Promises and the
 * callback lanes), at most `MAX_REDIRECTS` hops per command, as the cluster specification asks
 * of a client:
 * - `-MOVED slot host:port`: the slot has a new owner. The table entry is updated at once (and a
 *   full CLUSTER SLOTS refresh scheduled, since slots usually move in ranges), and the command is
 *   sent again to the new owner.
 * - `-ASK slot host:port`: the slot is being migrated and this key already left. `ASKING` and
 *   then the command go to the target on one connection, back to back (ASKING allows only the
 *   next command on its own connection, so with several connections per node both must share a
 *   socket: `RespClient.callOn`), and the table is left alone — the slot still belongs to the
 *   source until the migration ends.
 * - `-TRYAGAIN`: a multi-key command (keys of one slot, by hash tag) found some of its keys
 *   migrated and some not. The specification says to retry after a while: the command is sent
 *   again to the same node every `TRYAGAIN_DELAY_MS`, at most `MAX_TRYAGAIN` times (by then the
 *   migration usually ended and the next answer is MOVED). Only the generic `call` path meets it:
 *   the kv paths name one key.
 * Past the bound the redirection is the command's reply (`call`) or a `reply` error (kv paths).
 * Redirects are not errors: they are counted (`redirects`) and reported as the engine client's
 * figures over the measured phase (`RunResult.engine.client`). The fast path pays nothing for
 * this: the first attempt goes out exactly as before and only a failed one is looked at.
 *
 * Connections: `connections` (the harness's `--clients`) counts the connections in all, spread
 * over the masters — ceil(C ÷ masters) each, as redis-benchmark --cluster spreads its clients —
 * so that with `--pipeline P` each connection still carries about P requests, and lane i (bound
 * to connection i mod C) uses connection i mod ceil(C ÷ masters) of whichever master its key is
 * on. C per master instead split every lane batch three ways: -c 50 -P 16 GET on three masters
 * measured 29.5–30.5k ops/s at 7.6–8.0 µs of CPU per request against 63.5–89k at 3.3–3.5 µs
 * with 17 per master (same 800 in flight, one run, load average ~11).
 *
 * Commands without a key go to the first master; FLUSHALL/FLUSHDB go to every master.
 * MULTI is held until the transaction's first keyed command says which node runs it.
 */
import { EngineError, ErrorReply, OK, type Bytes, type KvLanes, type Reply } from '../../types.js';
import { RespClient, type RespClientOptions } from './client.js';
import { Settle } from './connection.js';
import { keySlot, SLOT_COUNT } from './slots.js';

/** Hops one command may take (a migration needs two at most: MOVED to the new owner, or ASK). */
export const MAX_REDIRECTS = 5;

/** Wait before resending a command answered -TRYAGAIN, and how many times (about one second in all). */
export const TRYAGAIN_DELAY_MS = 20;
export const MAX_TRYAGAIN = 50;

function isTryAgain(reply: Reply): boolean {
  return reply instanceof ErrorReply && reply.message.startsWith('TRYAGAIN');
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A redirection reply: `MOVED 3999 127.0.0.1:6381` or `ASK 3999 127.0.0.1:6381`. */
interface Redirect {
  readonly ask: boolean;
  readonly slot: number;
  readonly host: string;
  readonly port: number;
}

function parseRedirect(message: string): Redirect | null {
  const c = message.charCodeAt(0);
  if (c !== 77 /* M */ && c !== 65 /* A */) return null;
  const m = /^(MOVED|ASK) (\d+) (.+):(\d+)$/.exec(message);
  return m ? { ask: m[1] === 'ASK', slot: Number(m[2]), host: m[3]!, port: Number(m[4]) } : null;
}

/** The redirection a failed typed request carries, if it was one. */
function redirectOf(err: unknown): Redirect | null {
  return err instanceof EngineError && err.kind === 'reply' ? parseRedirect(err.message) : null;
}

/** A raw reply settled as a typed request in `mode` would have been (see `RespConnection`). */
function settled(reply: Reply, mode: Settle): unknown {
  if (reply instanceof ErrorReply) throw new EngineError('reply', reply.message);
  switch (mode) {
    case Settle.Void:
      return undefined;
    case Settle.NotNull:
      return reply !== null;
    case Settle.Positive:
      return typeof reply === 'number' ? reply >= 1 : reply === OK;
    case Settle.Length:
      return typeof reply === 'string' ? reply.length : -1;
    default:
      return reply;
  }
}

/** Redirections followed since the client was made (cumulative; the runner takes differences). */
export interface RedirectCounts {
  moved: number;
  ask: number;
  /** Commands resent after -TRYAGAIN (a multi-key command during its slot's migration). */
  tryagain: number;
}

/**
 * One lane's operation in flight, kept so that a redirected one can be sent again: the lanes
 * contract gives each lane one operation at a time with the same callbacks, so the record is
 * found by the lane's error callback and reused — nothing is allocated per operation.
 */
class LaneOp {
  conn = 0;
  get = true;
  key: Bytes = '';
  value: Bytes = '';
  ttlMs = 0;
  onValue: (value: unknown) => void = () => undefined;
  readonly onFailure: (err: unknown) => void;
  constructor(
    readonly onError: (err: unknown) => void,
    retry: (op: LaneOp, err: unknown) => void,
  ) {
    this.onFailure = (err) => retry(this, err);
  }
}

/** Commands whose first argument is not a key (they go to the first master). */
const KEYLESS = new Set([
  'PING', 'INFO', 'TIME', 'DBSIZE', 'CONFIG', 'CLUSTER', 'COMMAND', 'CLIENT', 'ECHO', 'SCRIPT', 'SELECT',
  'AUTH', 'HELLO', 'RESET', 'SAVE', 'BGSAVE', 'BGREWRITEAOF', 'LASTSAVE', 'PUBLISH', 'PUBSUB', 'SCAN',
  'RANDOMKEY', 'WAIT', 'SLOWLOG', 'LATENCY', 'MEMORY', 'OBJECT', 'DEBUG', 'FUNCTION', 'EXEC', 'DISCARD', 'UNWATCH',
]);
const EVERY_MASTER = new Set(['FLUSHALL', 'FLUSHDB']);

export interface RespClusterOptions extends Omit<RespClientOptions, 'host' | 'port' | 'db'> {
  /** Nodes to learn the slot table from (any of them). */
  readonly seeds: readonly { readonly host: string; readonly port: number }[];
}

/** A master; its client (and so its connections) is made when first used. */
class Node {
  private made: RespClient | null = null;
  constructor(
    readonly key: string,
    readonly host: string,
    readonly port: number,
    private readonly make: () => RespClient,
  ) {}
  get client(): RespClient {
    return (this.made ??= this.make());
  }
  close(): Promise<void> {
    return this.made === null ? Promise.resolve() : this.made.close();
  }
}

/**
 * Request timeout of a blocking router: BRPOP/BLMOVE wait as long as they were told to, so the
 * driver's own timeout only has to catch a server that is gone (a day, under setInterval's cap).
 */
const BLOCKING_TIMEOUT_MS = 86_400_000;

export class RespClusterClient {
  private readonly nodes = new Map<string, Node>();
  /** slot → node; filled by `refresh`. */
  private readonly table: (Node | undefined)[] = new Array(SLOT_COUNT);
  private first: Node | null = null;
  private refreshing: Promise<void> | null = null;
  /** A transaction: its node once known, and MULTI waiting to be sent there. */
  private tx: { node: Node | null; multi: { resolve(r: Reply): void; reject(e: unknown): void; promise: Promise<Reply> } | null } | null = null;
  /**
   * Connections per master: `connections` is the total, spread over the masters (ceil(C ÷ masters)
   * each), as redis-benchmark --cluster spreads its clients; 0 until the first table is known.
   */
  private perNode = 0;
  /** Redirections followed (MOVED, ASK), over every path. */
  readonly redirects: RedirectCounts = { moved: 0, ask: 0, tryagain: 0 };
  /** Which connection of a node the next ASKING pair uses (any one will do, the pair must share it). */
  private askTurn = 0;
  private readonly laneOps = new Map<(err: unknown) => void, LaneOp>();
  private readonly retryLane = (op: LaneOp, err: unknown): void => {
    const redirect = redirectOf(err);
    if (redirect === null) return op.onError(err);
    const { onValue, onError } = op;
    const mode = op.get ? Settle.Length : Settle.Void;
    const args = op.get ? ['GET', op.key] : withTtl(['SET', op.key, op.value], op.ttlMs);
    this.follow(redirect, args, 1, op.conn).then((reply) => {
      let value: unknown;
      try {
        value = settled(reply, mode);
      } catch (failure) {
        return onError(failure);
      }
      onValue(value);
    }, onError);
  };

  constructor(private readonly options: RespClusterOptions) {
    if (options.seeds.length === 0) throw new Error('cluster: at least one seed node is needed');
    this.lanes = {
      connections: options.connections ?? 1,
      getLength: (conn, key, onLength, onError) => {
        const op = this.laneOp(onError);
        op.conn = conn;
        op.get = true;
        op.key = key;
        op.onValue = onLength;
        this.forKey(key).client.getLengthWith(conn, key, onLength, op.onFailure);
      },
      set: (conn, key, value, ttlMs, onDone, onError) => {
        const op = this.laneOp(onError);
        op.conn = conn;
        op.get = false;
        op.key = key;
        op.value = value;
        op.ttlMs = ttlMs;
        op.onValue = onDone;
        this.forKey(key).client.setTtlWith(conn, key, value, ttlMs, onDone, op.onFailure);
      },
    };
  }

  /** Learns the slot table and connects every master (each answered a PING). */
  async whenReady(): Promise<void> {
    await this.refresh();
    await Promise.all([...this.nodes.values()].map((n) => n.client.whenReady()));
  }

  /** The masters, for per-node statistics. */
  masters(): readonly Node[] {
    return [...new Set(this.table.filter((n): n is Node => n !== undefined))];
  }

  private node(host: string, port: number): Node {
    const key = `${host}:${port}`;
    let n = this.nodes.get(key);
    if (!n) {
      const { seeds: _seeds, ...rest } = this.options;
      n = new Node(key, host, port, () => new RespClient({ ...rest, host, port, connections: this.perNode || 1 }));
      this.nodes.set(key, n);
    }
    return n;
  }

  private async refresh(): Promise<void> {
    let lastError: unknown = null;
    const known = this.first ? [this.first, ...this.nodes.values()] : this.options.seeds;
    for (const seed of known) {
      try {
        const reply = await this.askSlots(seed);
        if (reply instanceof ErrorReply) throw new EngineError('reply', reply.message);
        if (!Array.isArray(reply) || reply.length === 0) throw new EngineError('protocol', 'CLUSTER SLOTS answered no slots');
        for (const range of reply) {
          const [start, end, master] = range as [number, number, Reply[]];
          const n = this.node(String(master[0]) === '' ? seed.host : String(master[0]), Number(master[1]));
          for (let s = Number(start); s <= Number(end); s++) this.table[s] = n;
        }
        this.first = this.table[0] ?? this.first;
        if (this.perNode === 0) {
          const masters = new Set(this.table.filter((n) => n !== undefined)).size;
          this.perNode = Math.max(1, Math.ceil((this.options.connections ?? 1) / masters));
        }
        return;
      } catch (err) {
        lastError = err;
      }
    }
    throw new Error(`cluster: no node answered CLUSTER SLOTS (${lastError instanceof Error ? lastError.message : String(lastError)})`);
  }

  /**
   * CLUSTER SLOTS from a known node, or from a seed through a connection of its own (closed
   * after): the node clients are made only once the table says how many masters share the
   * connections.
   */
  private async askSlots(seed: Node | { readonly host: string; readonly port: number }): Promise<Reply> {
    if (seed instanceof Node) return seed.client.call(['CLUSTER', 'SLOTS']);
    const { seeds: _seeds, ...rest } = this.options;
    const once = new RespClient({ ...rest, host: seed.host, port: seed.port, connections: 1 });
    try {
      return await once.call(['CLUSTER', 'SLOTS']);
    } finally {
      await once.close();
    }
  }

  private refreshSoon(): Promise<void> {
    this.refreshing ??= this.refresh()
      .catch(() => undefined)
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private forKey(key: Bytes): Node {
    return this.table[keySlot(key)] ?? this.first!;
  }

  private route(args: readonly Bytes[]): Node {
    const name = (args[0] ?? '').toUpperCase();
    if (args.length < 2 || KEYLESS.has(name)) return this.first!;
    return this.forKey(args[1]!);
  }

  /** Any command, routed by its first key; error replies are returned as `ErrorReply`. */
  call(args: readonly Bytes[]): Promise<Reply> {
    const name = (args[0] ?? '').toUpperCase();
    if (this.tx) return this.callInTransaction(name, args);
    if (name === 'MULTI') {
      let resolve!: (r: Reply) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<Reply>((res, rej) => ((resolve = res), (reject = rej)));
      this.tx = { node: null, multi: { resolve, reject, promise } };
      return promise;
    }
    if (EVERY_MASTER.has(name)) return Promise.all(this.masters().map((n) => n.client.call(args))).then((r) => r[0]!);
    if (name === 'WATCH') {
      const node = this.route(args);
      this.tx = { node, multi: null };
      return node.client.call(args);
    }
    return this.send(this.route(args), args, 0);
  }

  private callInTransaction(name: string, args: readonly Bytes[]): Promise<Reply> {
    const tx = this.tx!;
    if (!tx.node) tx.node = this.route(args);
    if (tx.multi) {
      const m = tx.multi;
      tx.multi = null;
      tx.node.client.call(['MULTI']).then(m.resolve, m.reject);
    }
    if (name === 'MULTI') return tx.node.client.call(args);
    const reply = tx.node.client.call(args);
    if (name === 'EXEC' || name === 'DISCARD' || name === 'UNWATCH' || name === 'RESET') this.tx = null;
    return reply;
  }

  /** `args` to `node`, following redirections; `hops` taken so far, `tries` of -TRYAGAIN. */
  private async send(node: Node, args: readonly Bytes[], hops: number, tries = 0): Promise<Reply> {
    const reply = await node.client.call(args);
    if (isTryAgain(reply) && tries < MAX_TRYAGAIN) {
      this.redirects.tryagain++;
      await pause(TRYAGAIN_DELAY_MS);
      return this.send(node, args, hops, tries + 1);
    }
    if (!(reply instanceof ErrorReply) || hops >= MAX_REDIRECTS) return reply;
    const redirect = parseRedirect(reply.message);
    return redirect === null ? reply : this.follow(redirect, args, hops + 1, this.askTurn++);
  }

  /**
   * Takes one redirection: MOVED updates the table and resends to the new owner; ASK sends
   * ASKING and the command on connection `conn` of the target, leaving the table alone.
   */
  private async follow(redirect: Redirect, args: readonly Bytes[], hops: number, conn: number): Promise<Reply> {
    const target = this.node(redirect.host, redirect.port);
    if (!redirect.ask) {
      this.redirects.moved++;
      this.table[redirect.slot] = target;
      void this.refreshSoon();
      return this.send(target, args, hops);
    }
    this.redirects.ask++;
    const asking = target.client.callOn(conn, ['ASKING']);
    const reply = await target.client.callOn(conn, args);
    await asking;
    // The target, importing, has only some of the keys: the source still has the others. Start
    // over at the slot's owner, which answers ASK again, TRYAGAIN, or MOVED once it is over.
    if (isTryAgain(reply) && hops < MAX_REDIRECTS) {
      this.redirects.tryagain++;
      await pause(TRYAGAIN_DELAY_MS);
      return this.send(this.table[redirect.slot] ?? this.route(args), args, hops + 1);
    }
    if (!(reply instanceof ErrorReply) || hops >= MAX_REDIRECTS) return reply;
    const next = parseRedirect(reply.message);
    return next === null ? reply : this.follow(next, args, hops + 1, conn);
  }

  /** A typed request's failure: a redirection is followed and settled as `mode`, anything else rethrown. */
  private retryTyped<T>(err: unknown, args: Bytes[], mode: Settle): Promise<T> {
    const redirect = redirectOf(err);
    if (redirect === null) return Promise.reject(err);
    return this.follow(redirect, args, 1, this.askTurn++).then((reply) => settled(reply, mode) as T);
  }

  get(key: Bytes): Promise<Bytes | null> {
    return this.forKey(key).client.get(key).catch((err: unknown) => this.retryTyped<Bytes | null>(err, ['GET', key], Settle.Value));
  }
  set(key: Bytes, value: Bytes, ttlMs?: number): Promise<void> {
    return this.forKey(key)
      .client.set(key, value, ttlMs)
      .catch((err: unknown) => this.retryTyped<void>(err, withTtl(['SET', key, value], ttlMs), Settle.Void));
  }
  add(key: Bytes, value: Bytes, ttlMs?: number): Promise<boolean> {
    return this.forKey(key)
      .client.add(key, value, ttlMs)
      .catch((err: unknown) => this.retryTyped<boolean>(err, withTtl(['SET', key, value, 'NX'], ttlMs), Settle.NotNull));
  }
  del(key: Bytes): Promise<boolean> {
    return this.forKey(key).client.del(key).catch((err: unknown) => this.retryTyped<boolean>(err, ['DEL', key], Settle.Positive));
  }
  /** Keys of several slots: one GET each, in parallel (MGET would answer CROSSSLOT). */
  mget(keys: readonly Bytes[]): Promise<(Bytes | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }
  incr(key: Bytes, delta: number): Promise<number | bigint> {
    return this.forKey(key)
      .client.incr(key, delta)
      .catch((err: unknown) => this.retryTyped<number | bigint>(err, ['INCRBY', key, String(delta)], Settle.Value));
  }
  expire(key: Bytes, ttlMs: number): Promise<boolean> {
    return this.forKey(key)
      .client.expire(key, ttlMs)
      .catch((err: unknown) => this.retryTyped<boolean>(err, ['PEXPIRE', key, String(ttlMs)], Settle.Positive));
  }

  /**
   * The callback load path on a cluster (`KvLanes`): lane connection `conn` of the key's node,
   * no Promise per operation. A redirected operation is sent again (through the Promise path:
   * redirects are rare) and settles the lane's callbacks as if it had been answered at once.
   */
  readonly lanes: KvLanes;

  private laneOp(onError: (err: unknown) => void): LaneOp {
    let op = this.laneOps.get(onError);
    if (op === undefined) this.laneOps.set(onError, (op = new LaneOp(onError, this.retryLane)));
    return op;
  }

  /**
   * A router of its own for blocking commands (BRPOP, BLMOVE…), which hold their connection
   * until they return: the same slot table, one connection per node made when a command first
   * goes there, and no request timeout short of a day. Opening one costs no round trip — an
   * ioredis Cluster per blocking client took ~66 ms each here (slot discovery and a connection
   * to every master), which at 50 lanes was the whole of a short run.
   */
  forBlocking(): RespClusterClient {
    const fork = new RespClusterClient({ ...this.options, connections: 1, timeoutMs: Math.max(BLOCKING_TIMEOUT_MS, this.options.timeoutMs ?? 0) });
    const same = new Map<Node, Node>();
    const mirror = (n: Node): Node => {
      let m = same.get(n);
      if (m === undefined) same.set(n, (m = fork.node(n.host, n.port)));
      return m;
    };
    for (let s = 0; s < SLOT_COUNT; s++) {
      const n = this.table[s];
      if (n !== undefined) fork.table[s] = mirror(n);
    }
    if (this.first !== null) fork.first = mirror(this.first);
    return fork;
  }

  async close(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => n.close()));
  }
}

function withTtl(args: Bytes[], ttlMs: number | undefined): Bytes[] {
  if (ttlMs !== undefined && ttlMs > 0) args.push('PX', String(ttlMs));
  return args;
}
