import { describe, expect, it } from 'vitest';
import { McCommandWriter } from '../../../../../engines/real/memcached/text/writer.js';

describe('memcached text command writer', () => {
  it('writes get and set lines byte for byte as the protocol spells them, keys as strings or prefix + index', () => {
    const w = new McCommandWriter();
    const long = 'v'.repeat(300) + '\r\n\x00\xff';
    w.get('k:1');
    w.getKeyAt('key:', 123456);
    w.set('k:2', 0, 'abc');
    w.setKeyAt('key:', 0, 3600, long);
    w.set('k:3', -1, '');
    w.text('version\r\n');
    expect(w.take().toString('latin1')).toBe(
      'get k:1\r\nget key:123456\r\nset k:2 0 0 3\r\nabc\r\n' + `set key:0 0 3600 ${long.length}\r\n${long}\r\n` + 'set k:3 0 -1 0\r\n\r\nversion\r\n',
    );
    expect(w.length).toBe(0);
  });

  it('follows a key prefix that changes between requests', () => {
    const w = new McCommandWriter();
    w.getKeyAt('a:', 1);
    w.setKeyAt('b\xe9:', 2, 0, 'xy');
    w.getKeyAt('a:', 3);
    w.getKeyAt('', 4);
    expect(w.take().toString('latin1')).toBe('get a:1\r\nset b\xe9:2 0 0 2\r\nxy\r\nget a:3\r\nget 4\r\n');
  });
});
