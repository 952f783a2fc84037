/** The request channel codec: replies and failures cross threads unchanged. */
import { describe, expect, it } from 'vitest';
import { SlotReader, SlotWriter, readReply, writeReply, writeThrown } from '../../../../engines/redis/threaded/codec.js';
import { EngineError, ErrorReply, OK, type Reply, StatusReply } from '../../../../engines/types.js';

function roundTrip(r: Reply): Reply {
  const buf = Buffer.from(new SharedArrayBuffer(1 << 20));
  const w = new SlotWriter(buf, 16);
  writeReply(w, r);
  return readReply(new SlotReader(buf, 16));
}

describe('channel codec', () => {
  it('carries every reply shape unchanged, bytes included', () => {
    const reply: Reply = [null, '', 'bin\x00\xff\r\n', 42, -1.5, 9007199254740993n, OK, new ErrorReply('ERR x'), [[], ['nested']]];
    const back = roundTrip(reply) as Reply[];
    expect(back.slice(0, 6)).toEqual([null, '', 'bin\x00\xff\r\n', 42, -1.5, 9007199254740993n]);
    expect(back[6]).toBeInstanceOf(StatusReply);
    expect(String(back[6])).toBe('OK');
    expect(back[7]).toBeInstanceOf(ErrorReply);
    expect(String(back[7])).toBe('ERR x');
    expect(back[8]).toEqual([[], ['nested']]);
  });

  it('re-throws an engine-side failure with its kind', () => {
    const buf = Buffer.from(new SharedArrayBuffer(4096));
    writeThrown(new SlotWriter(buf, 0), new EngineError('capacity', 'OOM command not allowed'));
    expect(() => readReply(new SlotReader(buf, 0))).toThrow(EngineError);
    try {
      readReply(new SlotReader(buf, 0));
    } catch (e) {
      expect((e as EngineError).kind).toBe('capacity');
    }
  });

  it('refuses a message larger than a slot with a clear error', () => {
    const buf = Buffer.from(new SharedArrayBuffer((1 << 20) + 64));
    const w = new SlotWriter(buf, 0);
    expect(() => writeReply(w, 'x'.repeat((1 << 20) + 1))).toThrow(/exceeds the redis-style channel slot/);
  });
});
