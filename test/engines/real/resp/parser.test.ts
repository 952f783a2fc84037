import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorReply, OK, StatusReply, type Reply } from '../../../../engines/types.js';
import { ReplyParser, RespProtocolError } from '../../../../engines/real/resp/parser.js';

/** Reference encoder for test inputs (the driver itself only encodes commands). */
function encode(r: Reply): string {
  if (r === null) return '$-1\r\n';
  if (typeof r === 'string') return `$${r.length}\r\n${r}\r\n`;
  if (typeof r === 'number' || typeof r === 'bigint') return `:${r}\r\n`;
  if (r instanceof StatusReply) return `+${r.status}\r\n`;
  if (r instanceof ErrorReply) return `-${r.message}\r\n`;
  return `*${r.length}\r\n${r.map(encode).join('')}`;
}

function parseAll(chunks: Buffer[]): Reply[] {
  const out: Reply[] = [];
  const parser = new ReplyParser((r) => out.push(r));
  for (const c of chunks) parser.feed(c);
  return out;
}

/**
 * Like the connection's shared read buffer: every chunk is copied into one scratch buffer, fed
 * as borrowed, and the scratch is scribbled over right after, so a parser that kept a view into
 * it would produce garbage.
 */
function parseAllBorrowed(chunks: Buffer[]): Reply[] {
  const out: Reply[] = [];
  const parser = new ReplyParser((r) => out.push(r));
  const scratch = Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length)));
  for (const c of chunks) {
    c.copy(scratch);
    parser.feed(scratch.subarray(0, c.length), true);
    scratch.fill(0x3f); // '?', not a RESP type byte
  }
  return out;
}

/** Byte strings with every byte value, CR and LF included. */
const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((a) => String.fromCharCode(...a));
const line = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '').replace(/[^\x20-\x7e]/g, 'x'));
const leaf: fc.Arbitrary<Reply> = fc.oneof(
  bytes,
  fc.constant(null),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => (b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n ? Number(b) : b)),
  line.map((s) => new StatusReply(s)),
  line.map((s) => new ErrorReply(`ERR ${s}`)),
);
const reply: fc.Arbitrary<Reply> = fc.letrec<{ r: Reply }>((tie) => ({
  r: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('r'), { maxLength: 5 })),
})).r;

describe('RESP reply parser', () => {
  it('parses any sequence of replies split at every byte boundary', () => {
    fc.assert(
      fc.property(fc.array(reply, { minLength: 1, maxLength: 4 }), (replies) => {
        const wire = Buffer.from(replies.map(encode).join(''), 'latin1');
        for (let cut = 0; cut <= wire.length; cut++) {
          const got = parseAll([wire.subarray(0, cut), wire.subarray(cut)]);
          expect(got).toEqual(replies);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('parses borrowed chunks (overwritten after each feed) split at every byte boundary', () => {
    fc.assert(
      fc.property(fc.array(reply, { minLength: 1, maxLength: 4 }), (replies) => {
        const wire = Buffer.from(replies.map(encode).join(''), 'latin1');
        for (let cut = 0; cut <= wire.length; cut++) {
          expect(parseAllBorrowed([wire.subarray(0, cut), wire.subarray(cut)])).toEqual(replies);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('assembles a large bulk string from borrowed chunks', () => {
    const value = 'v'.repeat(300_000) + '\r\n\x00';
    const wire = Buffer.from(encode([value, 'after']), 'latin1');
    const chunks: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 4096) chunks.push(wire.subarray(i, i + 4096));
    expect(parseAllBorrowed(chunks)).toEqual([[value, 'after']]);
  });

  it('parses replies fed one byte at a time', () => {
    fc.assert(
      fc.property(fc.array(reply, { minLength: 1, maxLength: 3 }), (replies) => {
        const wire = Buffer.from(replies.map(encode).join(''), 'latin1');
        const chunks: Buffer[] = [];
        for (let i = 0; i < wire.length; i++) chunks.push(wire.subarray(i, i + 1));
        expect(parseAll(chunks)).toEqual(replies);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps nil arrays, empty arrays and nested nils apart', () => {
    const got = parseAll([Buffer.from('*-1\r\n*0\r\n*2\r\n$-1\r\n*1\r\n*-1\r\n', 'latin1')]);
    expect(got).toEqual([null, [], [null, [null]]]);
  });

  it('returns the shared OK and distinguishes a status from a bulk string of the same text', () => {
    const got = parseAll([Buffer.from('+OK\r\n$2\r\nOK\r\n-WRONGTYPE Operation against a key\r\n', 'latin1')]);
    expect(got[0]).toBe(OK);
    expect(got[1]).toBe('OK');
    expect(got[2]).toBeInstanceOf(ErrorReply);
    expect((got[2] as ErrorReply).code).toBe('WRONGTYPE');
  });

  it('gives integers beyond 2^53 as bigint and the rest as numbers', () => {
    const got = parseAll([Buffer.from(':9007199254740993\r\n:-42\r\n:9223372036854775807\r\n', 'latin1')]);
    expect(got).toEqual([9007199254740993n, -42, 9223372036854775807n]);
  });

  it('assembles a 5 MB bulk string from 64 KB chunks', () => {
    const value = 'v'.repeat(5 * 1024 * 1024 - 3) + '\r\n\x00';
    const wire = Buffer.from(encode([value, 'after']), 'latin1');
    const chunks: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 65536) chunks.push(wire.subarray(i, i + 65536));
    const got = parseAll(chunks);
    expect(got).toHaveLength(1);
    expect((got[0] as string[])[0]!.length).toBe(value.length);
    expect((got[0] as string[])[0]).toBe(value);
    expect((got[0] as string[])[1]).toBe('after');
  });

  it('rejects bytes that are not RESP2 with a protocol error', () => {
    expect(() => parseAll([Buffer.from('?what\r\n', 'latin1')])).toThrow(RespProtocolError);
    expect(() => parseAll([Buffer.from(':12x\r\n', 'latin1')])).toThrow(/bad integer/);
  });
});
