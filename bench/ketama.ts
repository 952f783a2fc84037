/**
 * What placing a key on a memcached pool costs: ketama's lookup (JS MD5 of the key + binary
 * search over 160 points per server), beside Node's one-shot `crypto.hash('md5')` of the same
 * key (what a lookup would cost with the native MD5) and a bare loop, measured in one run.
 *
 *   npm run build && node dist/bench/ketama.js [--keys N]
 */
import { hash } from 'node:crypto';
import { KetamaContinuum } from '../engines/real/memcached/ketama.js';
import { nowMs } from '../shared/clock.js';
import { positiveInt } from './args.js';

const N = positiveInt('keys', 300_000);
const keys = Array.from({ length: 4096 }, (_, i) => `key:${i * 7919}`);
const ring = new KetamaContinuum([1, 2, 3, 4].map((i) => ({ host: '10.0.0.' + i, port: 11211 })));

function time(label: string, fn: (key: string) => number): number {
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink += fn(keys[i & 4095]!);
  const t0 = nowMs();
  for (let i = 0; i < N; i++) sink += fn(keys[i & 4095]!);
  const ns = ((nowMs() - t0) * 1e6) / N;
  process.stdout.write(`${label.padEnd(36)}${ns.toFixed(1).padStart(8)} ns/key${sink === 0.5 ? ' ' : ''}\n`);
  return ns;
}

const bare = time('bare loop', (k) => k.length);
const native = time("crypto.hash('md5') of the key", (k) => hash('md5', k, 'buffer')[0]!);
const ketama = time('ketama serverFor (4 servers)', (k) => ring.serverFor(k));
process.stdout.write(`ketama / native MD5 alone: ${(ketama / native).toFixed(2)}× (bare loop ${bare.toFixed(1)} ns)\n`);
