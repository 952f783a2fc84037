/**
 * Engine replies onto the wire, RESP2 or RESP3. The engine answers in RESP2 shapes (the
 * `Reply` union); the few places where the wire form depends on the command are data in
 * `reply-shapes.ts`: which nil is a null array (`*-1`) in RESP2, and which replies become maps,
 * sets, doubles or score pairs in RESP3 (as redis-server 7.0's `addReplyMapLen`,
 * `addReplySetLen`, `addReplyDouble` choose them).
 */
import { ErrorReply, StatusReply, type Reply } from '../../types.js';
import type { OutBuffer } from '../out-buffer.js';
import { Shape } from './reply-shapes.js';

const STAR = 42;
const DOLLAR = 36;

function head(out: OutBuffer, type: number, n: number): void {
  out.reserve(24);
  out.buf[out.len++] = type;
  out.int(n);
  out.crlf();
}

export function writeBulk(out: OutBuffer, s: string): void {
  out.reserve(s.length + 24);
  out.buf[out.len++] = DOLLAR;
  out.int(s.length);
  out.crlf();
  out.latin1(s);
  out.crlf();
}

function writeLine(out: OutBuffer, type: number, s: string): void {
  out.reserve(s.length + 3);
  out.buf[out.len++] = type;
  out.latin1(s);
  out.crlf();
}

function writeNull(out: OutBuffer, resp3: boolean, array: boolean): void {
  out.text(resp3 ? '_\r\n' : array ? '*-1\r\n' : '$-1\r\n');
}

function writeDouble(out: OutBuffer, r: Reply, resp3: boolean): void {
  if (resp3 && typeof r === 'string') writeLine(out, 44, r); // ','
  else writeReply(out, r, resp3);
}

/** Any reply in its generic form (RESP2 shapes; RESP3 nulls). */
export function writeReply(out: OutBuffer, r: Reply, resp3: boolean): void {
  if (typeof r === 'string') {
    writeBulk(out, r);
  } else if (r === null) {
    writeNull(out, resp3, false);
  } else if (typeof r === 'number') {
    out.reserve(24);
    out.buf[out.len++] = 58;
    if (Number.isSafeInteger(r)) out.int(r);
    else out.latin1(String(r));
    out.crlf();
  } else if (typeof r === 'bigint') {
    writeLine(out, 58, r.toString());
  } else if (r instanceof StatusReply) {
    writeLine(out, 43, r.status);
  } else if (r instanceof ErrorReply) {
    writeLine(out, 45, r.message);
  } else {
    head(out, STAR, r.length);
    for (let i = 0; i < r.length; i++) writeReply(out, r[i]!, resp3);
  }
}

/** A push (pub/sub message or (un)subscribe confirmation): `*` in RESP2, `>` in RESP3. */
export function writePush(out: OutBuffer, items: readonly Reply[], resp3: boolean): void {
  head(out, resp3 ? 62 : STAR, items.length);
  for (let i = 0; i < items.length; i++) writeReply(out, items[i]!, resp3);
}

/** `=len\r\ntxt:…` (RESP3 verbatim string, INFO's form), a bulk string in RESP2. */
function writeVerbatim(out: OutBuffer, s: string, resp3: boolean): void {
  if (!resp3) return writeBulk(out, s);
  out.reserve(s.length + 32);
  out.buf[out.len++] = 61;
  out.int(s.length + 4);
  out.crlf();
  out.latin1('txt:');
  out.latin1(s);
  out.crlf();
}

/** A reply under its command's shape (see reply-shapes.ts). */
export function writeShaped(out: OutBuffer, r: Reply, shape: Shape, resp3: boolean): void {
  if (r instanceof ErrorReply || (shape === Shape.Plain && r !== null)) return writeReply(out, r, resp3);
  if (r === null) return writeNull(out, resp3, shape === Shape.NullArray);
  if (!resp3) return writeReply(out, r, false);
  switch (shape) {
    case Shape.Map:
      if (!Array.isArray(r)) return writeReply(out, r, true);
      head(out, 37, r.length / 2); // '%'
      for (let i = 0; i < r.length; i++) writeReply(out, r[i]!, true);
      return;
    case Shape.Set:
      if (!Array.isArray(r)) return writeReply(out, r, true);
      head(out, 126, r.length); // '~'
      for (let i = 0; i < r.length; i++) writeReply(out, r[i]!, true);
      return;
    case Shape.Double:
      return writeDouble(out, r, true);
    case Shape.Doubles:
      if (!Array.isArray(r)) return writeReply(out, r, true);
      head(out, STAR, r.length);
      for (let i = 0; i < r.length; i++) writeDouble(out, r[i]!, true);
      return;
    case Shape.ScorePairs:
      if (!Array.isArray(r)) return writeReply(out, r, true);
      head(out, STAR, r.length / 2);
      for (let i = 0; i < r.length; i += 2) {
        head(out, STAR, 2);
        writeReply(out, r[i]!, true);
        writeDouble(out, r[i + 1]!, true);
      }
      return;
    case Shape.MemberScore:
      // ZPOPMIN/ZPOPMAX without a count: [member, score] with the score a double.
      if (!Array.isArray(r) || r.length !== 2) return writeShaped(out, r, Shape.ScorePairs, true);
      head(out, STAR, 2);
      writeReply(out, r[0]!, true);
      writeDouble(out, r[1]!, true);
      return;
    case Shape.FieldValuePairs:
      if (!Array.isArray(r)) return writeReply(out, r, true);
      head(out, STAR, r.length / 2);
      for (let i = 0; i < r.length; i += 2) {
        head(out, STAR, 2);
        writeReply(out, r[i]!, true);
        writeReply(out, r[i + 1]!, true);
      }
      return;
    case Shape.Verbatim:
      if (typeof r === 'string') return writeVerbatim(out, r, true);
      return writeReply(out, r, true);
    default:
      return writeReply(out, r, true);
  }
}
