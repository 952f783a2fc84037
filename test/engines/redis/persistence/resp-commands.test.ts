/** The AOF's RESP framing: binary-safe round trips, Redis's #TS annotations, torn tails, bad framing. */
import { describe, expect, it } from 'vitest';
import { BufferSink } from '../../../../engines/redis/persistence/io.js';
import { encodeCommand, parseCommands } from '../../../../engines/redis/persistence/resp-commands.js';

describe('resp commands', () => {
  it('round-trips binary-safe arguments, including CRLF and empty ones', () => {
    const cmds = [['SET', 'k\r\n', '\x00\xff'], ['DEL', ''], ['PING']];
    const out = new BufferSink(8);
    for (const c of cmds) encodeCommand(out, c);
    expect(out.bytes().toString('latin1').slice(0, 13)).toBe('*3\r\n$3\r\nSET\r\n');
    const parsed = parseCommands(Buffer.from(out.bytes()));
    expect(parsed).toEqual({ commands: cmds, completeBytes: out.length, truncatedBytes: 0 });
  });

  it('skips #TS annotation lines and reports a torn last command', () => {
    const text = '#TS:1700000000\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nDEL\r\n$5\r\nab';
    const parsed = parseCommands(Buffer.from(text, 'latin1'));
    expect(parsed.commands).toEqual([['GET', 'a']]);
    expect(parsed.truncatedBytes).toBe('*2\r\n$3\r\nDEL\r\n$5\r\nab'.length);
  });

  it('refuses framing that is not an AOF', () => {
    expect(() => parseCommands(Buffer.from('+OK\r\n'))).toThrow(/expected '\*' \(argument count\) at byte 0/);
    expect(() => parseCommands(Buffer.from('*1\r\n$2\r\nabc\r\n'))).toThrow(/expected CRLF after a 2-byte argument/);
    expect(() => parseCommands(Buffer.from('*x\r\n'))).toThrow(/bad argument count 'x'/);
  });
});
