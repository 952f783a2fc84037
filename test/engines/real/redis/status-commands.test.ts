import { describe, expect, it } from 'vitest';
import { repliesWithStatus } from '../../../../engines/real/redis/status-commands.js';

describe('which commands answer with a status', () => {
  it('knows plain status commands, case-insensitively', () => {
    for (const args of [['SET', 'k', 'v'], ['set', 'k', 'v', 'NX'], ['MSET', 'a', '1'], ['flushall'], ['TYPE', 'k'], ['PING'], ['MULTI']]) {
      expect(repliesWithStatus(args)).toBe(true);
    }
  });

  it('treats SET … GET, PING message and data commands as bulk replies', () => {
    for (const args of [['SET', 'k', 'v', 'GET'], ['PING', 'hello'], ['GET', 'k'], ['ECHO', 'OK'], ['LPOP', 'l']]) {
      expect(repliesWithStatus(args)).toBe(false);
    }
  });

  it('looks at the subcommand of container commands', () => {
    expect(repliesWithStatus(['CONFIG', 'SET', 'maxmemory', '1'])).toBe(true);
    expect(repliesWithStatus(['CONFIG', 'GET', 'maxmemory'])).toBe(false);
    expect(repliesWithStatus(['client', 'setname', 'x'])).toBe(true);
    expect(repliesWithStatus(['CLIENT', 'GETNAME'])).toBe(false);
  });
});
