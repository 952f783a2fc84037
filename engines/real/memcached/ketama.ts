/**
 * Which pool server holds a key: ketama consistent hashing as libmemcached does it with
 * `MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED` (libketama-compatible; what pylibmc, php-memcached and
 * most libmemcached users run), so a pool measured here spreads keys as that pool does in
 * production, and adding or removing a server moves only its share of keys.
 *
 * The continuum: each server gets floor(weight/total · 40 · servers) × 4 points (160 with equal
 * weights; float32 arithmetic as libmemcached's), from the MD5 of `host-i` (`host:port-i` when
 * the port is not 11211) for i = 0…points/4 − 1, four little-endian words per digest; points
 * sorted by (value, server). A key's hash is the first word of its MD5; its server is the one
 * at the first point ≥ the hash, wrapping to the first point.
 */
import { md5Words } from './md5.js';

export interface KetamaServer {
  readonly host: string;
  readonly port: number;
  /** Relative share of the continuum. @default 1 */
  readonly weight?: number;
}

const POINTS_PER_SERVER = 160;
const DEFAULT_PORT = 11211;

export class KetamaContinuum {
  private readonly values: Uint32Array;
  private readonly servers: Uint32Array;
  private readonly digest = new Uint32Array(4);
  /** A one-server pool needs no hashing. */
  private readonly single: boolean;

  constructor(list: readonly KetamaServer[]) {
    const total = list.reduce((s, x) => s + (x.weight ?? 1), 0);
    const points: { value: number; server: number }[] = [];
    const out = new Uint32Array(4);
    const f = Math.fround;
    list.forEach((server, index) => {
      const pct = f(f(server.weight ?? 1) / f(total));
      const perServer = Math.floor(f(f(f(f(pct * POINTS_PER_SERVER) / 4) * f(list.length)) + f(0.0000000001))) * 4;
      const prefix = server.port === DEFAULT_PORT ? server.host : `${server.host}:${server.port}`;
      for (let i = 0; i < perServer / 4; i++) {
        md5Words(`${prefix}-${i}`, out);
        for (let w = 0; w < 4; w++) points.push({ value: out[w]!, server: index });
      }
    });
    points.sort((a, b) => a.value - b.value || a.server - b.server);
    this.single = list.length <= 1;
    this.values = Uint32Array.from(points, (p) => p.value);
    this.servers = Uint32Array.from(points, (p) => p.server);
  }

  /** The key's ketama hash: the first word of its MD5. */
  hash(key: string): number {
    md5Words(key, this.digest);
    return this.digest[0]!;
  }

  /** Index (in the list given) of the server that holds `key`. */
  serverFor(key: string): number {
    if (this.single) return 0;
    const values = this.values;
    const h = this.hash(key);
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return this.servers[lo === values.length ? 0 : lo]!;
  }

  /** Number of points on the continuum (for tests and the result's facts). */
  get size(): number {
    return this.values.length;
  }
}
