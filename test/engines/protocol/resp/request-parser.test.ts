/**
 * The request parser over reads that arrive in one reused buffer (the served socket's shared
 * read buffer): a pipeline cut at every byte offset, with the buffer overwritten after each
 * read, parses to exactly the commands of the whole pipeline — the parser copies what it keeps
 * (`retain`) and never reads stale bytes.
 */
import { describe, expect, it } from 'vitest';
import { RequestParser } from '../../../../engines/protocol/resp/request-parser.js';

const LIMITS = { protoMaxBulkLen: 512 * 1024 * 1024 };

function resp(...argv: string[]): string {
  return `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
}

const PIPELINE =
  resp('SET', 'key:000000012345', 'xxx') +
  resp('GET', 'key:000000012345') +
  'PING\r\n' +
  resp('SET', 'k', 'v'.repeat(300)) +
  'SET "a b" \'c\'\r\n' +
  resp('MSET', 'a', '1', 'bb', '22', 'x'.repeat(20), '') +
  resp('GET', 'k');

const EXPECTED = [
  ['SET', 'key:000000012345', 'xxx'],
  ['GET', 'key:000000012345'],
  ['PING'],
  ['SET', 'k', 'v'.repeat(300)],
  ['SET', 'a b', 'c'],
  ['MSET', 'a', '1', 'bb', '22', 'x'.repeat(20), ''],
  ['GET', 'k'],
];

/** Feed `pieces` through one shared buffer, overwritten with junk after each read. */
function parseThroughSharedBuffer(pieces: Buffer[]): string[][] {
  const shared = Buffer.alloc(4096);
  const parser = new RequestParser(LIMITS);
  const out: string[][] = [];
  for (const piece of pieces) {
    piece.copy(shared);
    parser.feed(shared.subarray(0, piece.length), true);
    for (let argv = parser.next(); argv !== null; argv = parser.next()) out.push(argv);
    parser.retain();
    shared.fill(0x2a); // '*': stale bytes would parse as garbage or a protocol error
  }
  return out;
}

describe('RequestParser over a shared read buffer', () => {
  const bytes = Buffer.from(PIPELINE, 'latin1');

  it('parses the whole pipeline in one read', () => {
    expect(parseThroughSharedBuffer([bytes])).toEqual(EXPECTED);
  });

  it('parses it cut in two at every offset', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseThroughSharedBuffer([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it('parses it one byte per read, and in three uneven pieces', () => {
    const single: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) single.push(bytes.subarray(i, i + 1));
    expect(parseThroughSharedBuffer(single)).toEqual(EXPECTED);
    expect(parseThroughSharedBuffer([bytes.subarray(0, 7), bytes.subarray(7, 200), bytes.subarray(200)])).toEqual(EXPECTED);
  });

  it('keeps commands it has not been asked for yet (a blocked connection) across reads', () => {
    const shared = Buffer.alloc(4096);
    const parser = new RequestParser(LIMITS);
    const half = Math.floor(bytes.length / 2);
    // Read 1: nothing taken out (the connection is blocked), so everything must be retained.
    bytes.copy(shared, 0, 0, half);
    parser.feed(shared.subarray(0, half), true);
    parser.retain();
    shared.fill(0x2a);
    bytes.copy(shared, 0, half);
    parser.feed(shared.subarray(0, bytes.length - half), true);
    parser.retain();
    shared.fill(0x2a);
    const out: string[][] = [];
    for (let argv = parser.next(); argv !== null; argv = parser.next()) out.push(argv);
    expect(out).toEqual(EXPECTED);
    expect(parser.buffered).toBe(0);
  });
});
