/**
 * The lean RESP client: a fixed set of `RespConnection`s with the kv operations encoded from
 * pre-built command heads. In-flight depth per connection is whatever the caller keeps
 * outstanding (closed-loop concurrency ÷ connections).
 *
 * Routing: when a chunk of replies from one connection settles N requests, the next N requests
 * issued in the microtasks that follow go back to that connection; anything else goes
 * round-robin. In a closed loop each reply triggers the next request, so every connection keeps
 * its share in flight and sends its batch in one write — what redis-benchmark's clients do with
 * -P. Plain round-robin turned every reply batch into one small write per connection and
 * measured 3× slower at -c 50 -P 16; unbounded stickiness piled every lane onto one connection.
 */
import type { Bytes, Reply } from '../../types.js';
import { RespConnection, Settle, type RespConnectionOptions } from './connection.js';
import { commandHead } from './writer.js';

const GET = commandHead(2, 'GET');
const SET = commandHead(3, 'SET');
const SET_PX = commandHead(5, 'SET');
const SET_NX = commandHead(4, 'SET');
const SET_NX_PX = commandHead(6, 'SET');
const DEL = commandHead(2, 'DEL');
const PEXPIRE = commandHead(3, 'PEXPIRE');
const INCRBY = commandHead(3, 'INCRBY');
const NX = ['NX'];

/** Every connection's options, and how many connections. */
export interface RespClientOptions extends RespConnectionOptions {
  /** @default 1 */
  readonly connections?: number;
}

export class RespClient {
  private readonly conns: RespConnection[];
  private rr = 0;
  /** The connection whose replies were just settled, and how many requests may follow them. */
  private active: RespConnection | null = null;
  private activeBudget = 0;
  private clearQueued = false;
  private readonly clearActive = (): void => {
    this.active = null;
    this.activeBudget = 0;
    this.clearQueued = false;
  };
  private readonly onReplies = (conn: RespConnection, count: number): void => {
    this.active = conn;
    this.activeBudget = count;
    if (!this.clearQueued) {
      this.clearQueued = true;
      setImmediate(this.clearActive);
    }
  };

  constructor(options: RespClientOptions) {
    const n = options.connections ?? 1;
    if (!Number.isInteger(n) || n < 1) throw new Error(`connections: must be a positive integer (got ${n})`);
    const connOptions: RespConnectionOptions = options;
    this.conns = [];
    for (let i = 0; i < n; i++) this.conns.push(new RespConnection(connOptions, n > 1 ? this.onReplies : null));
  }

  /** Every connection answered a PING (rejects with the first failure). */
  async whenReady(): Promise<void> {
    await Promise.all(this.conns.map((c) => c.whenReady()));
  }

  private next(): RespConnection {
    if (this.activeBudget > 0) {
      this.activeBudget--;
      return this.active!;
    }
    const c = this.conns[this.rr]!;
    this.rr = this.rr + 1 === this.conns.length ? 0 : this.rr + 1;
    return c;
  }

  /**
   * Any command; error replies are returned as `ErrorReply`, not thrown. MULTI (and WATCH)
   * pin every call to the first connection until EXEC/DISCARD/UNWATCH/RESET, so a transaction
   * is not spread over sockets.
   */
  call(args: readonly Bytes[]): Promise<Reply> {
    const name = args[0] ?? '';
    if (name.length >= 4 && name.length <= 7) this.trackPinning(name.toUpperCase());
    const conn = this.pinned ? this.conns[0]! : this.next();
    if (this.unpinAfter) {
      this.pinned = false;
      this.unpinAfter = false;
    }
    return conn.send(args, Settle.Raw) as Promise<Reply>;
  }

  /**
   * Any command on connection `index`, error replies returned. A command that must follow
   * another on the same socket (a cluster's ASKING, then the command it allows) goes here.
   */
  callOn(index: number, args: readonly Bytes[]): Promise<Reply> {
    return this.conns[index % this.conns.length]!.send(args, Settle.Raw) as Promise<Reply>;
  }

  private pinned = false;
  private unpinAfter = false;
  private trackPinning(name: string): void {
    if (name === 'MULTI' || name === 'WATCH') this.pinned = true;
    else if (this.pinned && (name === 'EXEC' || name === 'DISCARD' || name === 'UNWATCH' || name === 'RESET')) {
      this.unpinAfter = true;
    }
  }

  get(key: Bytes): Promise<Bytes | null> {
    return this.next().send1(GET, key, Settle.Value) as Promise<Bytes | null>;
  }

  set(key: Bytes, value: Bytes, ttlMs?: number): Promise<void> {
    if (ttlMs !== undefined && ttlMs > 0) {
      return this.next().send2Px(SET_PX, key, value, ttlMs, Settle.Void) as Promise<void>;
    }
    return this.next().send2(SET, key, value, Settle.Void) as Promise<void>;
  }

  add(key: Bytes, value: Bytes, ttlMs?: number): Promise<boolean> {
    if (ttlMs !== undefined && ttlMs > 0) {
      return this.next().send2More(SET_NX_PX, key, value, ['NX', 'PX', String(ttlMs)], Settle.NotNull) as Promise<boolean>;
    }
    return this.next().send2More(SET_NX, key, value, NX, Settle.NotNull) as Promise<boolean>;
  }

  del(key: Bytes): Promise<boolean> {
    return this.next().send1(DEL, key, Settle.Positive) as Promise<boolean>;
  }

  mget(keys: readonly Bytes[]): Promise<(Bytes | null)[]> {
    const args = new Array<Bytes>(keys.length + 1);
    args[0] = 'MGET';
    for (let i = 0; i < keys.length; i++) args[i + 1] = keys[i]!;
    return this.next().send(args, Settle.Value) as Promise<(Bytes | null)[]>;
  }

  incr(key: Bytes, delta: number): Promise<number | bigint> {
    return this.next().send2(INCRBY, key, String(delta), Settle.Value) as Promise<number | bigint>;
  }

  expire(key: Bytes, ttlMs: number): Promise<boolean> {
    return this.next().send2(PEXPIRE, key, String(ttlMs), Settle.Positive) as Promise<boolean>;
  }

  /**
   * GET on connection `index` settling through callbacks, no Promise: `onValue` (value or null)
   * or `onError` (an `EngineError`) runs synchronously while the reply is parsed, and requests it
   * issues leave with that connection's next batch. For load generators that keep their own
   * lanes per connection, like redis-benchmark's clients.
   */
  getWith(index: number, key: Bytes, onValue: (value: unknown) => void, onError: (err: unknown) => void): void {
    this.conns[index % this.conns.length]!.send1With(GET, key, Settle.Value, onValue, onError);
  }

  /**
   * GET on connection `index` for a caller that needs only hit/miss and the value's length:
   * `onLength` gets the byte length (-1 for a miss) and the value is never built (see the
   * parser). Settles like `getWith`.
   */
  getLengthWith(index: number, key: Bytes, onLength: (length: unknown) => void, onError: (err: unknown) => void): void {
    this.conns[index % this.conns.length]!.send1With(GET, key, Settle.Length, onLength, onError);
  }

  /** SET with a TTL in ms (0: none) on connection `index`, through callbacks (see `getWith`). */
  setTtlWith(
    index: number,
    key: Bytes,
    value: Bytes,
    ttlMs: number,
    onDone: (value: unknown) => void,
    onError: (err: unknown) => void,
  ): void {
    const conn = this.conns[index % this.conns.length]!;
    if (ttlMs > 0) conn.send2PxWith(SET_PX, key, value, ttlMs, Settle.Void, onDone, onError);
    else conn.send2With(SET, key, value, Settle.Void, onDone, onError);
  }

  /**
   * `getLengthWith` for the key `prefix + keyIndex`, written into the request as digits: no key
   * string is built or read (see `KvLanes.getLengthAt`).
   */
  getLengthAtWith(index: number, prefix: string, keyIndex: number, onLength: (length: unknown) => void, onError: (err: unknown) => void): void {
    this.conns[index % this.conns.length]!.sendKeyAtWith(GET, prefix, keyIndex, null, 0, Settle.Length, onLength, onError);
  }

  /** `setTtlWith` for the key `prefix + keyIndex` (see `getLengthAtWith`). */
  setAtWith(
    index: number,
    prefix: string,
    keyIndex: number,
    value: Bytes,
    ttlMs: number,
    onDone: (value: unknown) => void,
    onError: (err: unknown) => void,
  ): void {
    const conn = this.conns[index % this.conns.length]!;
    conn.sendKeyAtWith(ttlMs > 0 ? SET_PX : SET, prefix, keyIndex, value, ttlMs, Settle.Void, onDone, onError);
  }

  /** Connections of this client (lanes are bound to one each). */
  get connectionCount(): number {
    return this.conns.length;
  }

  /** SET on connection `index` settling through callbacks (see `getWith`); `onDone` gets undefined. */
  setWith(index: number, key: Bytes, value: Bytes, onDone: (value: unknown) => void, onError: (err: unknown) => void): void {
    this.conns[index % this.conns.length]!.send2With(SET, key, value, Settle.Void, onDone, onError);
  }

  async close(): Promise<void> {
    await Promise.all(this.conns.map((c) => c.close()));
  }
}
