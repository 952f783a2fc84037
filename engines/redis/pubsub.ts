/**
 * Pub/sub routing: channel → subscribed clients, pattern → subscribed clients (in the order
 * they subscribed). PUBLISH delivers to channel subscribers first, then to every client whose
 * pattern matches, and answers how many deliveries were made, as Redis does.
 */
import type { Client } from './client.js';
import { globMatch } from './glob.js';
import type { RedisServer } from './server.js';

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();

  constructor(private readonly server: RedisServer) {}

  /** True when newly subscribed. */
  subscribe(client: Client, channel: string): boolean {
    if (client.channels.has(channel)) return false;
    client.channels.add(channel);
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(client);
    return true;
  }

  unsubscribe(client: Client, channel: string): boolean {
    if (!client.channels.delete(channel)) return false;
    const set = this.channels.get(channel);
    if (set) {
      set.delete(client);
      if (set.size === 0) this.channels.delete(channel);
    }
    return true;
  }

  psubscribe(client: Client, pattern: string): boolean {
    if (client.patterns.has(pattern)) return false;
    client.patterns.add(pattern);
    let set = this.patterns.get(pattern);
    if (!set) this.patterns.set(pattern, (set = new Set()));
    set.add(client);
    return true;
  }

  punsubscribe(client: Client, pattern: string): boolean {
    if (!client.patterns.delete(pattern)) return false;
    const set = this.patterns.get(pattern);
    if (set) {
      set.delete(client);
      if (set.size === 0) this.patterns.delete(pattern);
    }
    return true;
  }

  /** Deliver a message; returns the number of clients that received it (per subscription). */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      for (const c of subs) {
        c.deliver(['message', channel, message]);
        receivers++;
      }
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        for (const c of clients) {
          c.deliver(['pmessage', pattern, channel, message]);
          receivers++;
        }
      }
    }
    this.server.stats.pubsubMessages++;
    return receivers;
  }

  removeClient(client: Client): void {
    for (const ch of [...client.channels]) this.unsubscribe(client, ch);
    for (const p of [...client.patterns]) this.punsubscribe(client, p);
  }
}
