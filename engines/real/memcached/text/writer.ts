/**
 * memcached text-protocol requests encoded into the connection's `ByteWriter`: whole command
 * texts for the command facet, and the load path's `get` and `set` written piece by piece
 * (no template string per request, and with a key given as prefix + index, no key string).
 */
import { ByteWriter } from '../../socket/byte-writer.js';

const SPACE = 32;
const GET = Buffer.from('get ', 'latin1');
const SET = Buffer.from('set ', 'latin1');

export class McCommandWriter extends ByteWriter {
  /** A whole command as text (its data block included). */
  text(s: string): void {
    this.reserve(s.length);
    this.ascii(s);
  }

  /** `get <key>\r\n`. */
  get(key: string): void {
    this.reserve(key.length + 6);
    this.bytes(GET);
    this.ascii(key);
    this.crlf();
  }

  /** `get <prefix><index>\r\n`. */
  getKeyAt(prefix: string, index: number): void {
    this.reserve(prefix.length + 26);
    this.bytes(GET);
    this.prefix(prefix);
    this.digits(index);
    this.crlf();
  }

  /** `set <key> 0 <exptime> <bytes>\r\n<value>\r\n`. */
  set(key: string, exptime: number, value: string): void {
    this.reserve(key.length + value.length + 48);
    this.bytes(SET);
    this.ascii(key);
    this.storeTail(exptime, value);
  }

  /** `set` of the key `prefix + index` (see `getKeyAt`). */
  setKeyAt(prefix: string, index: number, exptime: number, value: string): void {
    this.reserve(prefix.length + value.length + 68);
    this.bytes(SET);
    this.prefix(prefix);
    this.digits(index);
    this.storeTail(exptime, value);
  }

  /** ` 0 <exptime> <bytes>\r\n<value>\r\n` (flags 0; room reserved by the caller). */
  private storeTail(exptime: number, value: string): void {
    const buf = this.buf;
    buf[this.len++] = SPACE;
    buf[this.len++] = 48;
    buf[this.len++] = SPACE;
    // ttlMsToExptime gives -1 for a negative TTL (expired at once).
    if (exptime < 0) buf[this.len++] = 45; // '-'
    this.digits(exptime < 0 ? -exptime : exptime);
    buf[this.len++] = SPACE;
    this.digits(value.length);
    this.crlf();
    this.value(value);
    this.crlf();
  }
}
