/**
 * Which pool server holds a key: FNV-1a (32-bit) of the key's bytes, modulo the server count.
 * Both memcached clients (lean text driver and memjs, whose `getServer` we override) use this
 * one function, so a key written through one is found through the other.
 */
export function serverIndexForKey(key: string, serverCount: number): number {
  if (serverCount <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % serverCount;
}
