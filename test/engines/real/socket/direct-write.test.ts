import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { distUrl } from '../../../../shared/dist-url.js';
import { directWritesAvailable } from '../../../../engines/real/socket/direct-write.js';

const run = promisify(execFile);

/**
 * A child process writes small batches, then one far larger than the kernel takes at once,
 * then more small ones, through `ByteWriter.writeTo` to a loopback server that counts what it
 * read; it prints which write path it had and whether the bytes arrived whole and in order.
 */
const SCRIPT = `
const net = await import('node:net');
const { ByteWriter } = await import(${JSON.stringify(distUrl('engines/real/socket/byte-writer.js').href)});
const { directWritesAvailable } = await import(${JSON.stringify(distUrl('engines/real/socket/direct-write.js').href)});
class W extends ByteWriter { put(s) { this.reserve(s.length); this.ascii(s); } }
const got = [];
let ended;
const done = new Promise((r) => (ended = r));
const server = net.createServer((s) => { s.on('data', (d) => got.push(d)); s.on('end', () => ended()); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const socket = net.connect(server.address().port, '127.0.0.1');
await new Promise((r) => socket.once('connect', r));
const w = new W();
let expected = '';
const takenAtOnce = [];
const batch = (text) => { w.put(text); expected += text; takenAtOnce.push(w.writeTo(socket)); };
for (let i = 0; i < 50; i++) batch('small ' + i + ';');
batch('x'.repeat(8 * 1024 * 1024));
for (let i = 0; i < 50; i++) batch('after ' + i + ';');
socket.end();
await done;
server.close();
const text = Buffer.concat(got).toString('latin1');
console.log(JSON.stringify({ direct: directWritesAvailable, whole: text === expected, bytes: text.length, firstTaken: takenAtOnce[0], bigTaken: takenAtOnce[50] }));
`;

async function writeInChild(env: Record<string, string>): Promise<{ direct: boolean; whole: boolean; bytes: number; firstTaken: boolean; bigTaken: boolean }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { env: { ...process.env, ...env }, timeout: 30_000 });
  return JSON.parse(stdout.trim()) as { direct: boolean; whole: boolean; bytes: number; firstTaken: boolean; bigTaken: boolean };
}

describe('writes straight to the TCP handle', () => {
  it('this runtime has the handle path (Node 20: the stream_wrap binding)', () => {
    expect(directWritesAvailable).toBe(true);
  });

  it('the handle path and the stream fallback deliver the same bytes in order, a kept buffer never overwritten', async () => {
    const [direct, stream] = await Promise.all([writeInChild({}), writeInChild({ CACHEBENCH_STREAM_WRITES: '1' })]);
    expect(direct.direct).toBe(true);
    expect(stream.direct).toBe(false);
    for (const r of [direct, stream]) {
      expect(r.whole).toBe(true);
      expect(r.bytes).toBeGreaterThan(8 * 1024 * 1024);
      expect(r.firstTaken).toBe(true); // a few bytes to an idle socket: taken at once
      expect(r.bigTaken).toBe(false); // 8 MiB: a pending write keeps the buffer
    }
  }, 60_000);
});
