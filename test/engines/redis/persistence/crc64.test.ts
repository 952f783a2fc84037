/** CRC-64/Jones as Redis computes it: the standard check value and incremental updates. */
import { describe, expect, it } from 'vitest';
import { Crc64, crc64 } from '../../../../engines/redis/persistence/crc64.js';

describe('crc64 (Jones, as Redis)', () => {
  it('gives the check value of "123456789"', () => {
    expect(crc64(Buffer.from('123456789')).toString(16)).toBe('e9c6d914c4b8d9ca');
  });

  it('is 0 for no bytes and the same when fed in pieces', () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
    const data = Buffer.from('REDIS0010 some bytes \x00\xff\x80 and more'.repeat(50), 'latin1');
    const whole = crc64(data);
    const state = new Crc64();
    state.update(data, 0, 17);
    state.update(data, 17, 400);
    state.update(data, 400);
    expect(state.value()).toBe(whole);
    expect(crc64(data.subarray(123), crc64(data.subarray(0, 123)))).toBe(whole);
    expect(state.bytesLE().readBigUInt64LE(0)).toBe(whole);
  });
});
