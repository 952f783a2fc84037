/**
 * Requests as redis-server reads them (networking.c `processMultibulkBuffer` /
 * `processInlineBuffer`): RESP arrays of bulk strings, or inline commands (a line split like
 * `sdssplitargs`, with "double" and 'single' quotes and \xHH escapes) as redis-cli, telnet and
 * redis-benchmark's inline mode send them. Arguments become latin1 byte strings.
 *
 * Parsing is incremental: a command split across reads keeps the arguments it has, and a bulk
 * string whose length is known waits until all its bytes are there before one join, so a 100 MB
 * value costs a copy of each read (out of the shared read buffer) and one join, not a join per
 * read.
 *
 * Limits and their errors are Redis's: a bulk longer than `proto-max-bulk-len` (512 MB), an
 * array count beyond INT_MAX, an inline line or count line over 64 KB without its newline,
 * fewer than 10 arguments / 16 KB bulks before AUTH when a password is required. A protocol
 * error is thrown as `RespRequestError` whose message is the reply; the server sends it and
 * closes the connection, as Redis does.
 */

/** Redis's PROTO_INLINE_MAX_SIZE. */
export const INLINE_MAX_BYTES = 64 * 1024;
const INT_MAX = 2147483647;
const STAR = 42;
const DOLLAR = 36;
const CR = 13;
const LF = 10;

export class RespRequestError extends Error {
  constructor(readonly reply: string) {
    super(reply);
    this.name = 'RespRequestError';
  }
}

export interface RequestLimits {
  /** Redis `proto-max-bulk-len`. @default 512 MB */
  protoMaxBulkLen: number;
}

/** Parses `digits` like Redis's string2ll for a count/length line: null when not a canonical integer. */
function parseLength(buf: Buffer, from: number, to: number): number | null {
  if (from >= to || to - from > 20) return null;
  let i = from;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
    if (i === to) return null;
  }
  if (buf[i] === 48 && to - i > 1) return null; // no leading zeros
  if (buf[i] === 48 && negative) return null; // "-0"
  let n = 0;
  for (; i < to; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  if (n > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER; // beyond every limit anyway
  return negative ? -n : n;
}

export class RequestParser {
  private buf: Buffer | null = null;
  private pos = 0;
  /** Chunks waiting to be joined once `need` bytes are there. */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** `buf` is a view of the shared read buffer (valid until `retain()`). */
  private bufTransient = false;
  /** Bytes the current element needs from `pos`; 0 when unknown. */
  private need = 0;
  /** The command being read: its arguments so far and how many are still to come. */
  private argv: string[] | null = null;
  private argsLeft = 0;
  /** Whether the peer has authenticated (stricter limits before). */
  authenticated = true;

  constructor(private readonly limits: RequestLimits) {}

  /** Bytes received and not yet consumed by a complete command (Redis's query buffer). */
  get buffered(): number {
    return (this.buf === null ? 0 : this.buf.length - this.pos) + this.waitingBytes;
  }

  /**
   * Add received bytes. A `transient` chunk (the thread's shared read buffer) is parsed in
   * place; the caller calls `retain()` before the next read, which copies what is left of it.
   */
  feed(chunk: Buffer, transient = false): void {
    if (this.buf === null || this.pos >= this.buf.length) {
      if (this.waitingBytes === 0) {
        this.buf = chunk;
        this.pos = 0;
        this.bufTransient = transient;
        return;
      }
    }
    this.waiting.push(transient ? Buffer.from(chunk) : chunk);
    this.waitingBytes += chunk.length;
    const have = (this.buf === null ? 0 : this.buf.length - this.pos) + this.waitingBytes;
    if (this.need !== 0 && have < this.need) return;
    this.join();
  }

  /** Copy the unparsed rest of a transient chunk, so the next read may overwrite the shared buffer. */
  retain(): void {
    if (!this.bufTransient) return;
    this.bufTransient = false;
    const buf = this.buf!;
    this.buf = this.pos < buf.length ? Buffer.from(buf.subarray(this.pos)) : null;
    this.pos = 0;
  }

  private join(): void {
    const parts: Buffer[] = [];
    if (this.buf !== null && this.pos < this.buf.length) parts.push(this.buf.subarray(this.pos));
    for (const w of this.waiting) parts.push(w);
    // Waiting chunks are copies (or not transient); a concat is a copy.
    this.bufTransient = false;
    this.buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.pos = 0;
    this.waiting = [];
    this.waitingBytes = 0;
  }

  /**
   * The next complete command: its arguments, an empty array for a request Redis ignores
   * (an empty line, `*0`), or null when more bytes are needed. Throws `RespRequestError`.
   */
  next(): string[] | null {
    if (this.waitingBytes !== 0) {
      if (this.need !== 0 && this.buffered < this.need) return null;
      this.join();
    }
    const buf = this.buf;
    if (buf === null || this.pos >= buf.length) return null;
    if (this.argv === null) {
      if (buf[this.pos] !== STAR) return this.inline(buf);
      const cr = findCR(buf, this.pos);
      if (cr < 0 || cr + 1 >= buf.length) {
        if (buf.length - this.pos > INLINE_MAX_BYTES) throw new RespRequestError('ERR Protocol error: too big mbulk count string');
        return null;
      }
      const count = parseLength(buf, this.pos + 1, cr);
      if (count === null || count > INT_MAX) throw new RespRequestError('ERR Protocol error: invalid multibulk length');
      if (count > 10 && !this.authenticated) throw new RespRequestError('ERR Protocol error: unauthenticated multibulk length');
      this.pos = cr + 2;
      if (count <= 0) return [];
      this.argv = [];
      this.argsLeft = count;
    }
    const argv = this.argv;
    while (this.argsLeft > 0) {
      if (this.pos >= buf.length) return this.incomplete(0);
      if (this.need === 0) {
        // The bulk's header: `$<len>\r\n`.
        const cr = findCR(buf, this.pos);
        if (cr < 0 || cr + 1 >= buf.length) {
          if (buf.length - this.pos > INLINE_MAX_BYTES) throw new RespRequestError('ERR Protocol error: too big bulk count string');
          return this.incomplete(0);
        }
        if (buf[this.pos] !== DOLLAR) {
          throw new RespRequestError(`ERR Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos]!)}'`);
        }
        const len = parseLength(buf, this.pos + 1, cr);
        if (len === null || len < 0 || len > this.limits.protoMaxBulkLen) throw new RespRequestError('ERR Protocol error: invalid bulk length');
        if (len > 16384 && !this.authenticated) throw new RespRequestError('ERR Protocol error: unauthenticated bulk length');
        this.pos = cr + 2;
        this.need = len + 2;
      }
      if (buf.length - this.pos < this.need) return this.incomplete(this.need);
      const len = this.need - 2;
      argv.push(shortLatin1(buf, this.pos, len));
      // Redis skips the two bytes after a bulk without looking at them.
      this.pos += this.need;
      this.need = 0;
      this.argsLeft--;
    }
    this.argv = null;
    return argv;
  }

  /** Keep what is unparsed (without copying) and wait for `need` bytes from `pos` (0: any). */
  private incomplete(need: number): null {
    const buf = this.buf!;
    if (this.pos > 0) {
      this.buf = buf.subarray(this.pos);
      this.pos = 0;
    }
    this.need = need;
    return null;
  }

  private inline(buf: Buffer): string[] | null {
    const lf = buf.indexOf(LF, this.pos);
    if (lf < 0) {
      if (buf.length - this.pos > INLINE_MAX_BYTES) throw new RespRequestError('ERR Protocol error: too big inline request');
      this.incomplete(0);
      return null;
    }
    let end = lf;
    if (end > this.pos && buf[end - 1] === CR) end--;
    const line = buf.toString('latin1', this.pos, end);
    this.pos = lf + 1;
    const argv = splitArgs(line);
    if (argv === null) throw new RespRequestError('ERR Protocol error: unbalanced quotes in request');
    return argv;
  }
}

/** The next CR: a byte loop over the short header lines, indexOf beyond (a native call costs more than 24 compares). */
function findCR(buf: Buffer, from: number): number {
  const end = Math.min(buf.length, from + 24);
  for (let i = from; i < end; i++) if (buf[i] === CR) return i;
  return end === buf.length ? -1 : buf.indexOf(CR, end);
}

/**
 * Short arguments (command names, keys) as flat strings: one exact-arity `String.fromCharCode`
 * per length. Measured 2-4x cheaper than Buffer#toString at these lengths, and unlike appending
 * char by char it never makes a V8 cons string (any concatenation of 13+ chars is one), which
 * every Map lookup of the key would first have to flatten — that was most of GET/SET's
 * keyspace-lookup time with redis-benchmark's 16-byte keys.
 */
function shortLatin1(b: Buffer, a: number, len: number): string {
  switch (len) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[a]);
    case 2:
      return String.fromCharCode(b[a], b[a + 1]);
    case 3:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2]);
    case 4:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3]);
    case 5:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4]);
    case 6:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5]);
    case 7:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6]);
    case 8:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7]);
    case 9:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8]);
    case 10:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9]);
    case 11:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10]);
    case 12:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11]);
    case 13:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12]);
    case 14:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12], b[a + 13]);
    case 15:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12], b[a + 13], b[a + 14]);
    case 16:
      return String.fromCharCode(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11], b[a + 12], b[a + 13], b[a + 14], b[a + 15]);
    default:
      return b.toString('latin1', a, a + len);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** A closing quote at `i` must be followed by whitespace or the end of the line. */
function closesQuote(line: string, i: number): boolean {
  const after = i + 1 < line.length ? line.charCodeAt(i + 1) : 0;
  return after === 0 || isSpace(after);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Redis's `sdssplitargs`: whitespace-separated words; a `"` anywhere starts a double-quoted
 * part (\xHH, \n \r \t \b \a, \<c>), a `'` a single-quoted one (only \' escapes); a closing
 * quote must be followed by whitespace or the end. The line ends at a NUL (a C string).
 * Null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && line.charCodeAt(i) !== 0 && isSpace(line.charCodeAt(i))) i++;
    if (i >= n || line.charCodeAt(i) === 0) return out;
    let current = '';
    let inq = false;
    let insq = false;
    let done = false;
    while (!done) {
      const c = i < n ? line.charCodeAt(i) : 0;
      if (inq) {
        if (c === 92 && i + 3 < n && line.charCodeAt(i + 1) === 120 && hexValue(line.charCodeAt(i + 2)) >= 0 && hexValue(line.charCodeAt(i + 3)) >= 0) {
          current += String.fromCharCode(hexValue(line.charCodeAt(i + 2)) * 16 + hexValue(line.charCodeAt(i + 3)));
          i += 3;
        } else if (c === 92 && i + 1 < n && line.charCodeAt(i + 1) !== 0) {
          i++;
          const e = line[i]!;
          current += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === 34) {
          if (!closesQuote(line, i)) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += line[i];
        }
      } else if (insq) {
        if (c === 92 && i + 1 < n && line.charCodeAt(i + 1) === 39) {
          i++;
          current += "'";
        } else if (c === 39) {
          if (!closesQuote(line, i)) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += line[i];
        }
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) {
        done = true;
      } else if (c === 34) {
        inq = true;
      } else if (c === 39) {
        insq = true;
      } else {
        current += line[i];
      }
      if (i < n && c !== 0) i++;
    }
    out.push(current);
  }
}
