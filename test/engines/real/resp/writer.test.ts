import { describe, expect, it } from 'vitest';
import { CommandWriter, commandHead } from '../../../../engines/real/resp/writer.js';

describe('RESP command writer', () => {
  it('encodes commands as arrays of bulk strings, binary-safe', () => {
    const w = new CommandWriter();
    w.command(['SET', 'k\r\n', '\x00\xff']);
    expect(w.take().toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$3\r\nk\r\n\r\n$2\r\n\x00\xff\r\n');
    expect(w.length).toBe(0);
  });

  it('writes pre-encoded heads followed by arguments, long and short', () => {
    const w = new CommandWriter();
    const long = 'x'.repeat(1234);
    w.head2(commandHead(3, 'SET'), 'key', long);
    w.head(commandHead(2, 'GET'), 'key');
    expect(w.take().toString('latin1')).toBe(`*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$1234\r\n${long}\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n`);
  });

  it('grows past its initial buffer without losing earlier commands', () => {
    const w = new CommandWriter();
    const big = 'b'.repeat(200_000);
    w.command(['PING']);
    w.command(['SET', 'k', big]);
    expect(w.take().toString('latin1')).toBe(`*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$200000\r\n${big}\r\n`);
  });
});

describe('RESP command writer, keys as prefix + index', () => {
  it('writes the key as the prefix and the decimal digits, with the right bulk length', () => {
    const w = new CommandWriter();
    for (const n of [0, 9, 10, 123456, 2 ** 53 - 1]) w.headKeyAt(commandHead(2, 'GET'), 'key:', n);
    w.headKeyAt(commandHead(2, 'GET'), '', 42);
    const expected = [0, 9, 10, 123456, 2 ** 53 - 1].map((n) => `*2\r\n$3\r\nGET\r\n$${4 + String(n).length}\r\nkey:${n}\r\n`).join('') + '*2\r\n$3\r\nGET\r\n$2\r\n42\r\n';
    expect(w.take().toString('latin1')).toBe(expected);
  });

  it('follows a prefix that changes between requests, and writes values short and long after the key', () => {
    const w = new CommandWriter();
    const long = 'v'.repeat(100) + '\r\n\xff';
    const SET = commandHead(3, 'SET');
    w.headKeyAt(SET, 'a:', 1);
    w.bulkValue('abc');
    w.headKeyAt(SET, 'b\xe9:', 22);
    w.bulkValue(long);
    w.headKeyAt(SET, 'a:', 333);
    w.bulkValue('');
    expect(w.take().toString('latin1')).toBe(
      `*3\r\n$3\r\nSET\r\n$3\r\na:1\r\n$3\r\nabc\r\n*3\r\n$3\r\nSET\r\n$5\r\nb\xe9:22\r\n$${long.length}\r\n${long}\r\n` +
        '*3\r\n$3\r\nSET\r\n$5\r\na:333\r\n$0\r\n\r\n',
    );
  });
});

describe('RESP command writer, PX without strings', () => {
  it('writes PX and the whole milliseconds, a fraction rounded up (PX takes integers)', () => {
    const w = new CommandWriter();
    w.head2(commandHead(5, 'SET'), 'k', 'v');
    w.px(60_000);
    w.px(0.25);
    expect(w.take().toString('latin1')).toBe('*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nPX\r\n$5\r\n60000\r\n$2\r\nPX\r\n$1\r\n1\r\n');
  });
});
