/**
 * Glob-style matching as Redis does it for KEYS, SCAN MATCH and PSUBSCRIBE: `*`, `?`,
 * `[abc]`, `[^abc]`, `[a-z]` (reversed ranges allowed, bytes compared as C's signed char),
 * `\x` escapes, an unterminated `[` closed by the end of the pattern.
 */

/** True when `subject` matches `pattern` entirely. */
export function globMatch(pattern: string, subject: string): boolean {
  if (pattern === '*') return true;
  const state = { giveUp: false };
  return matchAt(pattern, 0, subject, 0, state);
}

/** C's `char` is signed on x86: bytes ≥ 0x80 sort below ASCII in ranges. */
function signedByte(code: number): number {
  return code >= 128 ? code - 256 : code;
}

function matchAt(p: string, pi: number, s: string, si: number, state: { giveUp: boolean }): boolean {
  const plen = p.length;
  const slen = s.length;
  while (pi < plen && si < slen) {
    const c = p.charCodeAt(pi);
    if (c === 42) {
      // '*': collapse runs; a trailing star matches the rest.
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === 42) pi++;
      if (pi + 1 === plen) return true;
      for (; si < slen; si++) {
        if (matchAt(p, pi + 1, s, si, state)) return true;
        // The rest failed from every later start too: no longer match of an earlier star helps.
        if (state.giveUp) return false;
      }
      state.giveUp = true;
      return false;
    } else if (c === 63) {
      si++;
    } else if (c === 91) {
      pi++;
      const negate = pi < plen && p.charCodeAt(pi) === 94;
      if (negate) pi++;
      let matched = false;
      const sc = s.charCodeAt(si);
      for (;;) {
        if (pi < plen && p.charCodeAt(pi) === 92 && plen - pi >= 2) {
          pi++;
          if (p.charCodeAt(pi) === sc) matched = true;
        } else if (pi < plen && p.charCodeAt(pi) === 93) {
          break;
        } else if (pi >= plen) {
          pi--; // the pattern's end closes the class
          break;
        } else if (plen - pi >= 3 && p.charCodeAt(pi + 1) === 45) {
          let start = signedByte(p.charCodeAt(pi));
          let end = signedByte(p.charCodeAt(pi + 2));
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          pi += 2;
          const v = signedByte(sc);
          if (v >= start && v <= end) matched = true;
        } else if (p.charCodeAt(pi) === sc) {
          matched = true;
        }
        pi++;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      si++;
    } else {
      if (c === 92 && plen - pi >= 2) pi++;
      if (p.charCodeAt(pi) !== s.charCodeAt(si)) return false;
      si++;
    }
    pi++;
  }
  if (si === slen) {
    while (pi < plen && p.charCodeAt(pi) === 42) pi++;
  }
  return pi >= plen && si === slen;
}
