/** Glob matching as KEYS, SCAN MATCH and PSUBSCRIBE use it (Redis stringmatchlen rules). */
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../engines/redis/glob.js';

describe('glob matching (KEYS, SCAN MATCH, PSUBSCRIBE)', () => {
  it('supports *, ?, classes, negation, ranges and escapes', () => {
    expect(globMatch('user:*', 'user:42')).toBe(true);
    expect(globMatch('user:*', 'users')).toBe(false);
    expect(globMatch('h?llo', 'hello')).toBe(true);
    expect(globMatch('h?llo', 'hllo')).toBe(false);
    expect(globMatch('h[ae]llo', 'hallo')).toBe(true);
    expect(globMatch('h[^e]llo', 'hello')).toBe(false);
    expect(globMatch('k[0-3]', 'k2')).toBe(true);
    expect(globMatch('k[3-0]', 'k2')).toBe(true);
    expect(globMatch('k[0-3]', 'k7')).toBe(false);
    expect(globMatch('a\\*b', 'a*b')).toBe(true);
    expect(globMatch('a\\*b', 'axb')).toBe(false);
    expect(globMatch('*a*b*', 'xxaxxbxx')).toBe(true);
    expect(globMatch('**', '')).toBe(true);
  });

  it('treats an unterminated class as closed by the end of the pattern', () => {
    expect(globMatch('a[bc', 'ab')).toBe(true);
    expect(globMatch('a[bc', 'ad')).toBe(false);
  });

  it('gives up early on patterns that would otherwise backtrack exponentially', () => {
    // Without Redis's skip-longer-matches rule this takes longer than the test timeout.
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(200))).toBe(false);
  });
});
