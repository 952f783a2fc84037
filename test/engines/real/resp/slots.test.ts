import { describe, expect, it } from 'vitest';
import { crc16, keySlot } from '../../../../engines/real/resp/slots.js';

describe('cluster key slots', () => {
  it('CRC16/XMODEM matches the cluster specification’s check value', () => {
    // The Redis Cluster specification: the output of CRC16 for "123456789" is 0x31C3.
    expect(crc16('123456789')).toBe(0x31c3);
  });

  it('hashes only a non-empty {tag}, as the specification says', () => {
    // From the specification's examples: {user1000}.following and {user1000}.followers share a slot.
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    // foo{}{bar}: the first {} is empty, so the whole key is hashed.
    expect(keySlot('foo{}{bar}')).toBe(crc16('foo{}{bar}') & 16383);
    // foo{{bar}}zap: the tag is "{bar".
    expect(keySlot('foo{{bar}}zap')).toBe(crc16('{bar') & 16383);
    // foo{bar}{zap}: the tag is "bar".
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
  });
});
