/**
 * Commands as RESP, the AOF's format: encoding an argument vector as a RESP array of bulk
 * strings (`*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n`), and parsing a buffer of them back. Only what
 * an AOF holds: arrays of bulk strings, plus Redis 7's `#TS:` annotation lines (skipped).
 * A command cut off at the end of the buffer (a crash mid-write) is reported, not guessed at.
 */
import type { BufferSink } from './io.js';

export function encodeCommand(out: BufferSink, args: readonly string[]): void {
  out.writeLatin1(`*${args.length}\r\n`);
  for (const a of args) {
    out.writeLatin1(`$${a.length}\r\n`);
    out.writeLatin1(a);
    out.writeLatin1('\r\n');
  }
}

export interface ParsedCommands {
  readonly commands: string[][];
  /** Byte offset just past the last complete command. */
  readonly completeBytes: number;
  /** Bytes of an incomplete final command (0 when the buffer ends cleanly). */
  readonly truncatedBytes: number;
}

class Truncated extends Error {}

function lineEnd(buf: Buffer, from: number): number {
  const cr = buf.indexOf(0x0d, from);
  if (cr < 0 || cr + 1 >= buf.length) throw new Truncated();
  if (buf[cr + 1] !== 0x0a) throw new Error(`AOF: expected CRLF at byte ${cr}`);
  return cr;
}

function readNumber(buf: Buffer, pos: number, prefix: number, what: string): [number, number] {
  if (pos >= buf.length) throw new Truncated();
  if (buf[pos] !== prefix) {
    throw new Error(`AOF: expected '${String.fromCharCode(prefix)}' (${what}) at byte ${pos}, found 0x${buf[pos]!.toString(16)}`);
  }
  const end = lineEnd(buf, pos + 1);
  const text = buf.toString('latin1', pos + 1, end);
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`AOF: bad ${what} '${text}' at byte ${pos}`);
  return [n, end + 2];
}

/** Every complete command in `buf`, starting at byte `start`. */
export function parseCommands(buf: Buffer, start = 0): ParsedCommands {
  const commands: string[][] = [];
  let pos = start;
  let complete = start;
  try {
    while (pos < buf.length) {
      if (buf[pos] === 0x23 /* # annotation */) {
        pos = lineEnd(buf, pos) + 2;
        complete = pos;
        continue;
      }
      const [argc, afterCount] = readNumber(buf, pos, 0x2a /* * */, 'argument count');
      pos = afterCount;
      const args = new Array<string>(argc);
      for (let i = 0; i < argc; i++) {
        const [len, afterLen] = readNumber(buf, pos, 0x24 /* $ */, 'bulk length');
        if (afterLen + len + 2 > buf.length) throw new Truncated();
        args[i] = buf.toString('latin1', afterLen, afterLen + len);
        if (buf[afterLen + len] !== 0x0d || buf[afterLen + len + 1] !== 0x0a) {
          throw new Error(`AOF: expected CRLF after a ${len}-byte argument at byte ${afterLen + len}`);
        }
        pos = afterLen + len + 2;
      }
      commands.push(args);
      complete = pos;
    }
  } catch (e) {
    if (!(e instanceof Truncated)) throw e;
  }
  return { commands, completeBytes: complete, truncatedBytes: buf.length - complete };
}
