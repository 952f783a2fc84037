/**
 * Writing a connection's batch straight to its TCP handle, past `net.Socket`'s Writable stream.
 *
 * Why: at -c 50 -P 16 the load path makes one write per connection per reply batch, and
 * `socket.write` runs the whole Writable machinery for each (`write` → `writeOrBuffer` →
 * `_write` → `writeGeneric` → a new `WriteWrap` and a closure per write, the `afterWrite`
 * bookkeeping) before the one native call that matters, `handle.writeBuffer`. Calling that
 * native method ourselves is what Node's own stream does, minus the bookkeeping; the request
 * object (`WriteWrap`) is reused while writes complete synchronously, which they do unless the
 * kernel's send buffer is full.
 *
 * Order and ownership are kept: every write, direct or through the stream, ends in libuv's
 * per-handle write queue in call order, so the direct path is taken only while the stream holds
 * nothing of its own (`writableLength === 0`); a write libuv could not finish at once keeps the
 * buffer (the caller must not reuse it: `writeDirect` returns false) and completes later through
 * `oncomplete`, where a failure destroys the socket like a failed stream write does (the
 * connection's 'close' handler then fails the pending requests). `socket.end()` still flushes
 * them: libuv runs a shutdown after the queued writes.
 *
 * The fallback is `socket.write`: for TLS sockets (their handle encrypts in JS-visible stages),
 * while the stream has buffered data, and when the `stream_wrap` binding is not reachable
 * (`process.binding` is deprecated, documentation-only, in Node 20; a runtime without it gets
 * the stream path, which is only slower). `CACHEBENCH_STREAM_WRITES=1` forces the stream path,
 * for measuring one against the other.
 */
import type net from 'node:net';
import { getSystemErrorName } from 'node:util';

/** Node's native write request, as `lib/internal/stream_base_commons.js` uses it. */
interface WriteReq {
  handle: unknown;
  oncomplete: (this: WriteReq, status: number) => void;
  async: boolean;
  bytes: number;
  buffer: Uint8Array | null;
  socket: net.Socket | null;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

interface NativeStreamHandle {
  writeBuffer(req: WriteReq, data: Uint8Array): number;
}

function loadBinding(): StreamWrapBinding | null {
  if (process.env['CACHEBENCH_STREAM_WRITES'] === '1') return null;
  try {
    const binding = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof binding.WriteWrap === 'function' && binding.streamBaseState instanceof Int32Array && typeof binding.kLastWriteWasAsync === 'number') {
      return binding as StreamWrapBinding;
    }
  } catch {
    // not reachable in this runtime: the stream path it is
  }
  return null;
}

const binding = loadBinding();

/** True when writes go straight to the handle (false: every write goes through `socket.write`). */
export const directWritesAvailable = binding !== null;

function onDirectWriteComplete(this: WriteReq, status: number): void {
  const socket = this.socket;
  this.buffer = null;
  this.socket = null;
  if (status < 0 && socket !== null && !socket.destroyed) {
    const err = new Error(`write ${getSystemErrorName(status)}`) as NodeJS.ErrnoException;
    err.code = getSystemErrorName(status);
    socket.destroy(err);
  }
}

/** The request object for the next write; replaced once a write keeps it (async). */
let spare: WriteReq | null = null;

function newReq(): WriteReq {
  const req = new binding!.WriteWrap();
  req.handle = null;
  req.oncomplete = onDirectWriteComplete;
  req.async = false;
  req.bytes = 0;
  req.buffer = null;
  req.socket = null;
  return req;
}

/**
 * Writes `bytes` to `socket`; true when the kernel took them all at once (the caller may reuse
 * the memory), false when a pending write still holds them.
 */
export function writeDirect(socket: net.Socket, bytes: Buffer, tls: boolean): boolean {
  // A destroyed socket's 'close' is on its way and fails the pending requests; writing now would
  // only replace the reason it failed with ERR_STREAM_DESTROYED.
  if (socket.destroyed) return true;
  const handle = (socket as unknown as { _handle: NativeStreamHandle | null })._handle;
  if (binding === null || tls || handle === null || socket.writableLength !== 0) {
    socket.write(bytes);
    return socket.writableLength === 0;
  }
  // A write that completed synchronously attached nothing to its request: one spare serves all.
  const req = spare ?? (spare = newReq());
  const err = handle.writeBuffer(req, bytes);
  if (err !== 0) {
    spare = null;
    socket.destroy(Object.assign(new Error(`write ${getSystemErrorName(err)}`), { code: getSystemErrorName(err) }));
    return true; // nothing holds the bytes: the connection is gone and will reset the writer
  }
  if (binding.streamBaseState[binding.kLastWriteWasAsync] === 0) return true;
  // libuv queued the rest: this request and the bytes stay with the write until it completes.
  req.async = true;
  req.handle = handle;
  req.buffer = bytes;
  req.socket = socket;
  spare = null;
  return false;
}
