/**
 * Readiness probes: open a plain TCP connection to a server we just started, send one line
 * (`PING` for Redis, `version` for memcached) and wait for any reply line. Retries until the
 * deadline; gives up at once when the process has already exited.
 */
import net from 'node:net';

/** Send `request` and resolve with the first reply line (without CRLF), or reject. */
export function probeOnce(host: string, port: number, request: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\r\n');
      if (end >= 0) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received.slice(0, end));
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
  request: string,
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
