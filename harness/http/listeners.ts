/**
 * Server-sent-event listeners for the `events` route: `perRoom` streams per room, each parsing
 * `data: <publish stamp> <message>` frames and recording publish → delivery latency (epoch ms
 * stamped by the API at PUBLISH, read here on arrival; both threads share the process's clock).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { LatencyTracker } from '../../workloads/scenarios/support/latency.js';

export class EventListeners {
  readonly delivery = new LatencyTracker();
  deliveries = 0;
  /** Messages stamped before this epoch ms (warm-up's, still arriving) are not counted. */
  private sinceEpochMs = 0;
  private readonly requests: http.ClientRequest[] = [];

  private constructor() {}

  /** Open every stream and wait until each is subscribed. */
  static async open(url: string, rooms: readonly string[], perRoom: number): Promise<EventListeners> {
    const l = new EventListeners();
    const opened: Promise<void>[] = [];
    for (const room of rooms) for (let i = 0; i < perRoom; i++) opened.push(l.listen(`${url}/events/${room}`));
    try {
      await Promise.all(opened);
    } catch (err) {
      l.close();
      throw err;
    }
    return l;
  }

  private listen(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get(url, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${url} answered ${res.statusCode}`));
          res.resume();
          return;
        }
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, end);
            buf = buf.slice(end + 2);
            if (frame.startsWith(': subscribed')) resolve();
            else if (frame.startsWith('data: ')) this.onData(frame);
          }
        });
      });
      req.on('error', reject);
      this.requests.push(req);
    });
  }

  private onData(frame: string): void {
    const space = frame.indexOf(' ', 6);
    const stamp = Number(frame.slice(6, space));
    if (stamp < this.sinceEpochMs) return;
    this.delivery.recordNs((performance.timeOrigin + performance.now() - stamp) * 1e6);
    this.deliveries++;
  }

  /** Count from now on: the measured phase begins. */
  reset(): void {
    this.sinceEpochMs = performance.timeOrigin + performance.now();
    this.delivery.reset();
    this.deliveries = 0;
  }

  close(): void {
    for (const r of this.requests) r.destroy();
  }
}
