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
    return addSubscription(client, client.channels, this.channels, channel);
  }

  unsubscribe(client: Client, channel: string): boolean {
    return removeSubscription(client, client.channels, this.channels, channel);
  }

  psubscribe(client: Client, pattern: string): boolean {
    return addSubscription(client, client.patterns, this.patterns, pattern);
  }

  punsubscribe(client: Client, pattern: string): boolean {
    return removeSubscription(client, client.patterns, this.patterns, pattern);
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

/**
 * Channels and patterns are indexed alike: the client's own set of names, and name → clients
 * (an empty entry removed, as redis does, so the maps hold only live subscriptions).
 */
function addSubscription(client: Client, own: Set<string>, index: Map<string, Set<Client>>, name: string): boolean {
  if (own.has(name)) return false;
  own.add(name);
  let set = index.get(name);
  if (!set) index.set(name, (set = new Set()));
  set.add(client);
  return true;
}

function removeSubscription(client: Client, own: Set<string>, index: Map<string, Set<Client>>, name: string): boolean {
  if (!own.delete(name)) return false;
  const set = index.get(name);
  if (set) {
    set.delete(client);
    if (set.size === 0) index.delete(name);
  }
  return true;
}
