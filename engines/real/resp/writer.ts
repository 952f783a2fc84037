/**
 * RESP2 command encoding into the connection's `ByteWriter`. Fixed command heads
 * (`*2\r\n$3\r\nGET\r\n`) are encoded once and copied; byte-string arguments are written as
 * latin1, which is exactly their bytes; a key given as prefix + index (the load path) is
 * written as the prefix's bytes and the index's digits, so no key string is read.
 */
import { ByteWriter, decimalWidth } from '../socket/byte-writer.js';

const DOLLAR = 36;
const STAR = 42;
const PX_ARG = Buffer.from('$2\r\nPX\r\n', 'latin1');

/** The encoded head of a command with a fixed name, e.g. `commandHead(2, 'GET')`. */
export function commandHead(argCount: number, name: string): Buffer {
  return Buffer.from(`*${argCount}\r\n$${name.length}\r\n${name}\r\n`, 'latin1');
}

export class CommandWriter extends ByteWriter {
  /** Any command: `*N` then each argument as a bulk string. */
  command(args: readonly string[]): void {
    let size = 16;
    for (let i = 0; i < args.length; i++) size += args[i]!.length + 16;
    this.reserve(size);
    this.buf[this.len++] = STAR;
    this.digits(args.length);
    this.crlf();
    for (let i = 0; i < args.length; i++) this.bulkUnchecked(args[i]!);
  }

  /** A pre-encoded head (from `commandHead`) followed by bulk-string arguments. */
  head(head: Buffer, a: string): void {
    this.reserve(head.length + a.length + 16);
    this.bytes(head);
    this.bulkUnchecked(a);
  }

  head2(head: Buffer, a: string, b: string): void {
    this.reserve(head.length + a.length + b.length + 32);
    this.bytes(head);
    this.bulkUnchecked(a);
    this.bulkUnchecked(b);
  }

  /** A head whose first argument is the key `prefix + index` (index a non-negative integer). */
  headKeyAt(head: Buffer, prefix: string, index: number): void {
    this.reserve(head.length + prefix.length + 40);
    this.bytes(head);
    const width = decimalWidth(index);
    this.buf[this.len++] = DOLLAR;
    this.digits(prefix.length + width);
    this.crlf();
    this.prefix(prefix);
    this.digits(index);
    this.crlf();
  }

  /** The load path's value argument after a head that announced it (see `ByteWriter.value`). */
  bulkValue(v: string): void {
    const n = v.length;
    this.reserve(n + 16);
    this.buf[this.len++] = DOLLAR;
    this.digits(n);
    this.crlf();
    this.value(v);
    this.crlf();
  }

  /** The two arguments `PX <ms>`, with no string built for either (PX takes whole ms: a fraction is rounded up). */
  px(ttlMs: number): void {
    const ms = Math.ceil(ttlMs);
    this.reserve(40);
    this.bytes(PX_ARG);
    this.buf[this.len++] = DOLLAR;
    this.digits(decimalWidth(ms));
    this.crlf();
    this.digits(ms);
    this.crlf();
  }

  /** One more bulk argument after a head that announced it. */
  bulk(a: string): void {
    this.reserve(a.length + 16);
    this.bulkUnchecked(a);
  }

  private bulkUnchecked(a: string): void {
    this.buf[this.len++] = DOLLAR;
    this.digits(a.length);
    this.crlf();
    this.ascii(a);
    this.crlf();
  }
}
