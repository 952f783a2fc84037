/**
 * Readiness probes: open a plain TCP connection to a server we just started, send one request
 * (`PING` for Redis, `version` for memcached, a binary VERSION for memcached with SASL) and
 * wait for its reply. Retries until the
 * deadline; gives up at once when the process has already exited.
 */
import net from 'node:net';

/**
 * What to send and when the reply is complete: `parse` returns the reply (text probes: the
 * first line without CRLF) once `received` holds all of it, else null to read on.
 */
export interface Probe {
  readonly request: string | Uint8Array;
  parse(received: Buffer): string | null;
}

/** A text probe: send `request`, the reply is the first line. */
export function lineProbe(request: string): Probe {
  return {
    request,
    parse(received) {
      const end = received.indexOf('\r\n');
      return end < 0 ? null : received.toString('latin1', 0, end);
    },
  };
}

/**
 * Redis's PING, ready only once the dataset is in memory: a server loading an AOF or RDB
 * already accepts connections and answers `-LOADING …`, and a run started then would count
 * every operation as an error. Throwing makes `waitUntilAnswering` probe again.
 */
export const REDIS_PING_PROBE: Probe = {
  request: 'PING\r\n',
  parse(received) {
    const line = lineProbe('').parse(received);
    if (line !== null && line.startsWith('-LOADING')) throw new Error(`still loading its dataset (${line.slice(1)})`);
    return line;
  },
};

/**
 * memcached's binary VERSION (opcode 0x0b): the one command besides the SASL ones that a
 * server started with `-S` answers before authentication (it speaks no text protocol then, so
 * the text `version` probe gets no reply). The reply is the version string.
 */
export const MEMCACHED_BINARY_VERSION_PROBE: Probe = {
  request: Uint8Array.from([0x80, 0x0b, ...new Array<number>(22).fill(0)]),
  parse(received) {
    if (received.length < 24) return null;
    if (received[0] !== 0x81 || received[1] !== 0x0b) throw new Error(`not a memcached binary VERSION reply (bytes ${received.subarray(0, 2).toString('hex')})`);
    const body = received.readUInt32BE(8);
    return received.length < 24 + body ? null : received.toString('latin1', 24, 24 + body);
  },
};

/** Send the probe and resolve with its reply (text: the first line without CRLF), or reject. */
export function probeOnce(host: string, port: number, request: string | Probe, timeoutMs: number): Promise<string> {
  const probe = typeof request === 'string' ? lineProbe(request) : request;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => socket.write(probe.request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let reply: string | null;
      try {
        reply = probe.parse(received);
      } catch (err) {
        clearTimeout(timer);
        socket.destroy();
        reject(err as Error);
        return;
      }
      if (reply !== null) {
        clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      }
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error(`connection to ${host}:${port} closed before a reply`));
    });
  });
}

/**
 * Probe every `intervalMs` until a reply arrives, `deadlineMs` passes or `exited()` says the
 * process is gone. Resolves with the reply line.
 */
export async function waitUntilAnswering(
  host: string,
  port: number,
  request: string | Probe,
  deadlineMs: number,
  exited: () => boolean,
  intervalMs = 15,
): Promise<string> {
  const giveUpAt = Date.now() + deadlineMs;
  let lastError: unknown = null;
  while (Date.now() < giveUpAt) {
    if (exited()) throw new Error('the server process exited before it answered');
    try {
      return await probeOnce(host, port, request, 1000);
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`server on ${host}:${port} did not answer within ${deadlineMs} ms: ${String(lastError)}`);
}
