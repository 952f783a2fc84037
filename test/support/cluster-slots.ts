/**
 * Test helpers that reshard a real Redis Cluster behind a client's back, the way
 * `redis-cli --cluster reshard` does: a slot is marked IMPORTING on its new owner and MIGRATING
 * on its old one, its keys are moved with MIGRATE (from then on the old owner answers ASK for
 * them), and after a while the new owner is announced with SETSLOT NODE (from then on the old
 * owner answers MOVED). Commands go over the lean RESP client, one per node.
 */
import type { ManagedCluster } from '../../engines/real/managed/index.js';
import { RespClient } from '../../engines/real/resp/client.js';
import { ErrorReply, type Reply } from '../../engines/types.js';

export class ClusterAdmin {
  private constructor(
    private readonly clients: readonly RespClient[],
    private readonly ids: readonly string[],
    private readonly ports: readonly number[],
  ) {}

  static async open(cluster: ManagedCluster): Promise<ClusterAdmin> {
    const clients = cluster.nodes.map((n) => new RespClient({ host: n.host, port: n.port }));
    const ids = await Promise.all(clients.map(async (c) => String(await c.call(['CLUSTER', 'MYID']))));
    return new ClusterAdmin(clients, ids, cluster.nodes.map((n) => n.port));
  }

  /** A command on node `i`; an error reply throws. */
  async on(i: number, ...args: string[]): Promise<Reply> {
    const reply = await this.clients[i]!.call(args);
    if (reply instanceof ErrorReply) throw new Error(`node ${i}: ${args.join(' ')}: ${reply.message}`);
    return reply;
  }

  /** Which node owns `slot` (CLUSTER SLOTS of node 0). */
  async owner(slot: number): Promise<number> {
    const ranges = (await this.on(0, 'CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
    const range = ranges.find(([a, b]) => a <= slot && slot <= b);
    if (!range) throw new Error(`slot ${slot} is not served`);
    const index = this.ports.indexOf(Number(range[2][1]));
    if (index < 0) throw new Error(`slot ${slot}: owner port ${range[2][1]} is not one of ours`);
    return index;
  }

  /**
   * Starts moving `slot` to the next node: IMPORTING on the target, MIGRATING on the source, its
   * keys migrated. From now on the source answers ASK for them.
   */
  async beginMigration(slot: number, only?: readonly string[]): Promise<{ from: number; to: number; keys: number }> {
    const from = await this.owner(slot);
    const to = (from + 1) % this.clients.length;
    await this.on(to, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', this.ids[from]!);
    await this.on(from, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', this.ids[to]!);
    return { from, to, keys: await this.moveKeys(slot, from, to, only) };
  }

  /**
   * Ends it: keys still on the source migrated, the new owner announced to the target, the
   * source and the rest, in that order (so the source never redirects to a target that does not
   * know yet). From now on the source answers MOVED.
   */
  async endMigration(slot: number, from: number, to: number): Promise<number> {
    const keys = await this.moveKeys(slot, from, to);
    const order = [to, from, ...this.clients.map((_, i) => i).filter((i) => i !== to && i !== from)];
    for (const i of order) await this.on(i, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', this.ids[to]!);
    return keys;
  }

  /** `beginMigration`, `askMs` of the migrating state, `endMigration`. */
  async migrateSlot(slot: number, askMs: number): Promise<{ from: number; to: number; keys: number }> {
    const m = await this.beginMigration(slot);
    await new Promise((r) => setTimeout(r, askMs));
    return { ...m, keys: m.keys + (await this.endMigration(slot, m.from, m.to)) };
  }

  /** Migrates the slot's keys (only those in `only`, when given: a migration caught half way). */
  private async moveKeys(slot: number, from: number, to: number, only?: readonly string[]): Promise<number> {
    const inSlot = (await this.on(from, 'CLUSTER', 'GETKEYSINSLOT', String(slot), '1000')) as string[];
    const keys = only === undefined ? inSlot : inSlot.filter((k) => only.includes(k));
    if (keys.length > 0) await this.on(from, 'MIGRATE', '127.0.0.1', String(this.ports[to]), '', '0', '5000', 'KEYS', ...keys);
    return keys.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
