/**
 * Comparing memcached replies across two servers: CAS values differ by construction (each
 * server counts from its own start), so they are masked in the text and checked separately
 * for a one-to-one correspondence.
 */
import { expect } from 'vitest';

export interface Normalised {
  readonly text: string;
  readonly cas: string[];
}

/** Replace the CAS field of every VALUE line with a marker, collecting the values in order. */
export function normalise(reply: string): Normalised {
  const cas: string[] = [];
  let text = '';
  let at = 0;
  while (at < reply.length) {
    const eol = reply.indexOf('\r\n', at);
    if (eol < 0) {
      text += reply.slice(at);
      break;
    }
    const line = reply.slice(at, eol);
    at = eol + 2;
    if (line.startsWith('VALUE ')) {
      const parts = line.split(' ');
      if (parts.length === 5) {
        cas.push(parts[4]!);
        parts[4] = '<cas>';
      }
      const bytes = Number(parts[3]);
      text += parts.join(' ') + '\r\n' + reply.slice(at, at + bytes + 2);
      at += bytes + 2;
    } else {
      text += line + '\r\n';
    }
  }
  return { text, cas };
}

/** CAS uniques seen on both sides, index-aligned, with a one-to-one check. */
export class CasCorrespondence {
  readonly real: string[] = [];
  readonly engine: string[] = [];
  private readonly realToEngine = new Map<string, string>();
  private readonly engineToReal = new Map<string, string>();

  record(real: readonly string[], engine: readonly string[], context: string): void {
    expect(engine.length, context).toBe(real.length);
    for (let i = 0; i < real.length; i++) {
      const r = real[i]!;
      const e = engine[i]!;
      const knownE = this.realToEngine.get(r);
      const knownR = this.engineToReal.get(e);
      if (knownE !== undefined || knownR !== undefined) {
        expect(knownE, `${context}: real CAS ${r} was engine ${knownE}, now ${e}`).toBe(e);
        expect(knownR, `${context}: engine CAS ${e} was real ${knownR}, now ${r}`).toBe(r);
        continue;
      }
      this.realToEngine.set(r, e);
      this.engineToReal.set(e, r);
      this.real.push(r);
      this.engine.push(e);
    }
  }
}
