/** The I/O layer: fsync policies as counted syncs, durable replace, growing buffers, bounds errors. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferSink, BufferSource, FileSink, writeFileDurably } from '../../../../engines/redis/persistence/io.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-io-'));
  dirs.push(d);
  return d;
}

describe('persistence io', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('FileSink: always syncs each write before returning; no never syncs until close; appends', () => {
    const file = path.join(tempDir(), 'log');
    const always = new FileSink(file, 'always');
    always.write(Buffer.from('ab'));
    always.write(Buffer.from('cd'));
    expect(always.syncs).toBe(2);
    expect(fs.readFileSync(file, 'latin1')).toBe('abcd');
    always.close();
    const no = new FileSink(file, 'no');
    no.write(Buffer.from('ef'));
    expect(no.syncs).toBe(0);
    expect(fs.readFileSync(file, 'latin1')).toBe('abcdef'); // handed to the OS at once
    no.close();
    expect(() => new FileSink(file, 'often' as never)).toThrow(/fsync: 'often' is not one of always, everysec, no/);
  });

  it('writeFileDurably replaces the file and leaves no temp file behind', () => {
    const dir = tempDir();
    const file = path.join(dir, 'dump.rdb');
    fs.writeFileSync(file, 'old');
    writeFileDurably(file, Buffer.from('new contents'));
    expect(fs.readFileSync(file, 'latin1')).toBe('new contents');
    expect(fs.readdirSync(dir)).toEqual(['dump.rdb']);
  });

  it('BufferSink grows past its capacity; BufferSource names what it was reading when data runs out', () => {
    const sink = new BufferSink(4);
    sink.writeLatin1('\x00\xffabc');
    sink.u32BE(7);
    sink.doubleLE(-Infinity);
    expect(sink.length).toBe(17);
    const src = new BufferSource(Buffer.from(sink.bytes()));
    expect(src.bytes(5).toString('latin1')).toBe('\x00\xffabc');
    expect(src.u32BE()).toBe(7);
    expect(src.doubleLE()).toBe(-Infinity);
    expect(() => src.byte('an opcode')).toThrow(/unexpected end of data reading an opcode at byte 17/);
  });
});
