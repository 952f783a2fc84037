import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ByteWriter, decimalWidth } from '../../../../engines/real/socket/byte-writer.js';

class Digits extends ByteWriter {
  put(n: number): void {
    this.reserve(32);
    this.digits(n);
    this.crlf();
  }
}

describe('ByteWriter', () => {
  it('writes every integer width up to 2^53 in decimal, at and around each power of ten', () => {
    const w = new Digits();
    const values: number[] = [0, 0x7fffffff, 0x80000000, 2 ** 53 - 1];
    for (let p = 1; p <= 15; p++) values.push(10 ** p - 1, 10 ** p, 10 ** p + 1);
    for (const n of values) {
      expect(decimalWidth(n), String(n)).toBe(String(n).length);
      w.put(n);
    }
    expect(w.take().toString('latin1')).toBe(values.map((n) => `${n}\r\n`).join(''));
  });

  it('keeps its buffer when the kernel took the bytes at once, and starts a new one when a pending write holds them', async () => {
    const server = net.createServer((s) => s.resume());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    try {
      const w = new Digits();
      w.put(12345);
      expect(w.writeTo(socket)).toBe(true); // a few bytes to an idle socket: the kernel took them at once
      expect(socket.writableLength).toBe(0);
      // Far more than the kernel takes at once: the socket keeps the chunk and its bytes must survive.
      const big = new Digits();
      for (let i = 0; i < 3_000_000; i++) big.put(i);
      const expected = big.take();
      for (let i = 0; i < 3_000_000; i++) big.put(i);
      const got: Buffer[] = [];
      let ended!: () => void;
      const allRead = new Promise<void>((r) => (ended = r));
      const reader = net.createServer((s) => {
        s.on('data', (d: Buffer) => got.push(d));
        s.on('end', () => ended());
      });
      await new Promise<void>((r) => reader.listen(0, '127.0.0.1', () => r()));
      const to = net.connect((reader.address() as net.AddressInfo).port, '127.0.0.1');
      await new Promise<void>((r) => to.once('connect', () => r()));
      // The pending write (straight on the handle, or in the stream) keeps the buffer.
      expect(big.writeTo(to)).toBe(false);
      // Written into the writer's new buffer, not over the bytes the socket has yet to send.
      for (let i = 0; i < 3_000_000; i++) big.put(7);
      // end() sends everything written before it: libuv shuts the socket down after its queued writes.
      to.end();
      await allRead;
      expect(Buffer.concat(got).equals(expected)).toBe(true);
      to.destroy();
      await new Promise<void>((r) => reader.close(() => r()));
    } finally {
      socket.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
