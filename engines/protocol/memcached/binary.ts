/**
 * memcached's binary protocol (protocol_binary.h), the part its clients use — memjs speaks
 * nothing else: GET/GETQ/GETK/GETKQ, SET/ADD/REPLACE (+Q), DELETE(Q), INCREMENT/DECREMENT(Q)
 * with initial value and expiry, APPEND/PREPEND(Q), TOUCH, GAT, FLUSH(Q), NOOP, VERSION, STAT,
 * QUIT(Q). A 24-byte header (magic 0x80), extras, key, value; replies with magic 0x81, the
 * request's opcode and opaque, a status and the item's CAS. Quiet variants answer only errors
 * (GETQ: only hits). Unknown opcodes answer status 0x81; a bad magic closes the connection,
 * as memcached does. No SASL (the server has no users).
 */
import { ENGINE_VERSION } from '../../memcached/engine.js';
import { KEY_MAX_BYTES } from '../../memcached/item-header.js';
import { collectGeneralStats } from '../../memcached/stats.js';
import { DeltaOutcome, FetchedItem, StoreMode, StoreOutcome, type Store } from '../../memcached/store.js';
import type { StoreMemory } from '../../memcached/memory.js';
import type { OutBuffer } from '../out-buffer.js';

export const HEADER_BYTES = 24;
const REQUEST_MAGIC = 0x80;
const RESPONSE_MAGIC = 0x81;

const Status = {
  Ok: 0x0000,
  NotFound: 0x0001,
  Exists: 0x0002,
  TooLarge: 0x0003,
  InvalidArgs: 0x0004,
  NotStored: 0x0005,
  NonNumeric: 0x0006,
  UnknownCommand: 0x0081,
  OutOfMemory: 0x0082,
} as const;

const MESSAGES: Record<number, string> = {
  [Status.NotFound]: 'Not found',
  [Status.Exists]: 'Data exists for key.',
  [Status.TooLarge]: 'Too large.',
  [Status.InvalidArgs]: 'Invalid arguments',
  [Status.NotStored]: 'Not stored.',
  [Status.NonNumeric]: 'Non-numeric server-side value for incr or decr',
  [Status.UnknownCommand]: 'Unknown command',
  [Status.OutOfMemory]: 'Out of memory',
};

/** Opcode → [base opcode, quiet]. */
const QUIET: ReadonlyMap<number, number> = new Map([
  [0x09, 0x00], // GETQ
  [0x0d, 0x0c], // GETKQ
  [0x11, 0x01], // SETQ
  [0x12, 0x02], // ADDQ
  [0x13, 0x03], // REPLACEQ
  [0x14, 0x04], // DELETEQ
  [0x15, 0x05], // INCREMENTQ
  [0x16, 0x06], // DECREMENTQ
  [0x17, 0x07], // QUITQ
  [0x18, 0x08], // FLUSHQ
  [0x19, 0x0e], // APPENDQ
  [0x1a, 0x0f], // PREPENDQ
]);

const STORE_MODES: ReadonlyMap<number, StoreMode> = new Map([
  [0x01, StoreMode.Set],
  [0x02, StoreMode.Add],
  [0x03, StoreMode.Replace],
  [0x0e, StoreMode.Append],
  [0x0f, StoreMode.Prepend],
]);

export interface BinaryRequest {
  readonly opcode: number;
  readonly opaque: number;
  readonly cas: bigint;
  readonly extras: Buffer;
  readonly key: string;
  readonly value: Buffer;
}

/** Total bytes of the request starting at `at` (header + body), or -1 when the header is incomplete; throws on a bad magic. */
export function binaryRequestLength(buf: Buffer, at: number): number {
  if (buf.length - at < HEADER_BYTES) return -1;
  if (buf[at] !== REQUEST_MAGIC) throw new Error('binary protocol: bad magic');
  return HEADER_BYTES + buf.readUInt32BE(at + 8);
}

export function parseBinaryRequest(buf: Buffer, at: number): BinaryRequest {
  const keyLength = buf.readUInt16BE(at + 2);
  const extrasLength = buf[at + 4]!;
  const body = buf.readUInt32BE(at + 8);
  const start = at + HEADER_BYTES;
  return {
    opcode: buf[at + 1]!,
    opaque: buf.readUInt32BE(at + 12),
    cas: buf.readBigUInt64BE(at + 16),
    extras: buf.subarray(start, start + extrasLength),
    key: buf.toString('latin1', start + extrasLength, start + extrasLength + keyLength),
    value: buf.subarray(start + extrasLength + keyLength, start + body),
  };
}

export class BinaryProtocol {
  private readonly item = new FetchedItem();
  /** Set by QUIT: close after the replies written. */
  quit = false;

  constructor(
    private readonly store: Store,
    private readonly mem: StoreMemory,
  ) {}

  private respond(out: OutBuffer, req: BinaryRequest, status: number, extras: Buffer | null, key: string, value: string | Buffer, cas: bigint | number): void {
    const valueLength = typeof value === 'string' ? value.length : value.length;
    const extrasLength = extras?.length ?? 0;
    out.reserve(HEADER_BYTES + extrasLength + key.length + valueLength);
    const b = out.buf;
    const at = out.len;
    b[at] = RESPONSE_MAGIC;
    b[at + 1] = req.opcode;
    b.writeUInt16BE(key.length, at + 2);
    b[at + 4] = extrasLength;
    b[at + 5] = 0;
    b.writeUInt16BE(status, at + 6);
    b.writeUInt32BE(extrasLength + key.length + valueLength, at + 8);
    b.writeUInt32BE(req.opaque, at + 12);
    b.writeBigUInt64BE(BigInt(cas), at + 16);
    out.len = at + HEADER_BYTES;
    if (extras !== null) out.bytes(extras);
    out.latin1(key);
    if (typeof value === 'string') out.latin1(value);
    else out.bytes(value);
  }

  private error(out: OutBuffer, req: BinaryRequest, status: number): void {
    this.respond(out, req, status, null, '', MESSAGES[status] ?? 'Error', 0);
  }

  private casOf(key: string): number {
    return this.store.fetch(key, this.item, false) ? this.item.cas : 0;
  }

  /** Execute one request, appending its reply (if any) to `out`. */
  execute(req: BinaryRequest, out: OutBuffer): void {
    const quietBase = QUIET.get(req.opcode);
    const quiet = quietBase !== undefined;
    const op = quietBase ?? req.opcode;
    const store = this.store;
    const keyOk = req.key.length > 0 && req.key.length <= KEY_MAX_BYTES;
    switch (op) {
      case 0x00: // GET
      case 0x0c: // GETK
      case 0x1d: {
        // GAT
        if (!keyOk) return this.error(out, req, Status.InvalidArgs);
        const touch = op === 0x1d ? (req.extras.length === 4 ? req.extras.readInt32BE(0) : null) : undefined;
        if (touch === null) return this.error(out, req, Status.InvalidArgs);
        if (!store.fetch(req.key, this.item, false, touch)) {
          if (!quiet) this.respond(out, req, Status.NotFound, null, op === 0x0c ? req.key : '', MESSAGES[Status.NotFound]!, 0);
          return;
        }
        const flags = Buffer.allocUnsafe(4);
        flags.writeUInt32BE(this.item.flags >>> 0, 0);
        this.respond(out, req, Status.Ok, flags, op === 0x0c ? req.key : '', this.item.value as string, this.item.cas);
        return;
      }
      case 0x01:
      case 0x02:
      case 0x03:
      case 0x0e:
      case 0x0f: {
        const mode = STORE_MODES.get(op)!;
        const needsExtras = op <= 0x03;
        if (!keyOk || (needsExtras ? req.extras.length !== 8 : req.extras.length !== 0)) return this.error(out, req, Status.InvalidArgs);
        const flags = needsExtras ? req.extras.readUInt32BE(0) : 0;
        const exptime = needsExtras ? req.extras.readInt32BE(4) : 0;
        const casMode = req.cas !== 0n && op === 0x01;
        const outcome = store.store(casMode ? StoreMode.Cas : mode, req.key, req.value.toString('latin1'), flags, exptime, Number(req.cas));
        switch (outcome) {
          case StoreOutcome.Stored:
            if (!quiet) this.respond(out, req, Status.Ok, null, '', '', this.casOf(req.key));
            return;
          case StoreOutcome.Exists:
            return this.error(out, req, Status.Exists);
          case StoreOutcome.NotFound:
            return this.error(out, req, casMode ? Status.NotFound : Status.NotStored);
          case StoreOutcome.NotStored:
            return this.error(out, req, op === 0x02 ? Status.Exists : op === 0x03 ? Status.NotFound : Status.NotStored);
          case StoreOutcome.TooLarge:
            return this.error(out, req, Status.TooLarge);
          default:
            return this.error(out, req, Status.OutOfMemory);
        }
      }
      case 0x04: // DELETE
        if (!keyOk) return this.error(out, req, Status.InvalidArgs);
        if (store.delete(req.key)) {
          if (!quiet) this.respond(out, req, Status.Ok, null, '', '', 0);
        } else this.error(out, req, Status.NotFound);
        return;
      case 0x05:
      case 0x06: {
        // INCREMENT / DECREMENT: delta, initial, expiry (0xffffffff: do not create)
        if (!keyOk || req.extras.length !== 20) return this.error(out, req, Status.InvalidArgs);
        const delta = req.extras.readBigUInt64BE(0);
        const initial = req.extras.readBigUInt64BE(8);
        const exptime = req.extras.readUInt32BE(16);
        let value = store.delta(req.key, op === 0x05, delta < 9007199254740992n ? Number(delta) : delta);
        if (store.deltaOutcome === DeltaOutcome.NotFound) {
          if (exptime === 0xffffffff) return this.error(out, req, Status.NotFound);
          if (store.store(StoreMode.Add, req.key, initial.toString(), 0, exptime | 0, 0) !== StoreOutcome.Stored) return this.error(out, req, Status.NotStored);
          value = initial;
        } else if (store.deltaOutcome === DeltaOutcome.NonNumeric) {
          return this.error(out, req, Status.NonNumeric);
        } else if (store.deltaOutcome !== DeltaOutcome.Ok) {
          return this.error(out, req, Status.OutOfMemory);
        }
        if (quiet) return;
        const body = Buffer.allocUnsafe(8);
        body.writeBigUInt64BE(BigInt(value!), 0);
        this.respond(out, req, Status.Ok, null, '', body, this.casOf(req.key));
        return;
      }
      case 0x07: // QUIT
        if (!quiet) this.respond(out, req, Status.Ok, null, '', '', 0);
        this.quit = true;
        return;
      case 0x08: // FLUSH
        store.flushAll(req.extras.length === 4 ? req.extras.readInt32BE(0) : 0);
        if (!quiet) this.respond(out, req, Status.Ok, null, '', '', 0);
        return;
      case 0x0a: // NOOP
        this.respond(out, req, Status.Ok, null, '', '', 0);
        return;
      case 0x0b: // VERSION
        this.respond(out, req, Status.Ok, null, '', ENGINE_VERSION, 0);
        return;
      case 0x10: // STAT: one response per figure, then an empty one
        for (const [name, value] of collectGeneralStats(this.mem, ENGINE_VERSION)) this.respond(out, req, Status.Ok, null, name, String(value), 0);
        this.respond(out, req, Status.Ok, null, '', '', 0);
        return;
      case 0x1c: // TOUCH
        if (!keyOk || req.extras.length !== 4) return this.error(out, req, Status.InvalidArgs);
        if (store.touch(req.key, req.extras.readInt32BE(0))) this.respond(out, req, Status.Ok, null, '', '', 0);
        else this.error(out, req, Status.NotFound);
        return;
      default:
        this.error(out, req, Status.UnknownCommand);
    }
  }
}
