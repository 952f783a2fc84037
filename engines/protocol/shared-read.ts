/**
 * Reads of served sockets into one buffer per thread, as the client side does with `onread`
 * (engines/real/socket): no 64 KiB ArrayBuffer allocated and freed per read, no Readable
 * stream push/emit per read. That per-read cost was the largest part of a served connection's
 * user time at redis-benchmark -P 1 (one read and one write per request).
 *
 * Node offers `onread` only to sockets it connects, not to sockets a `net.Server` accepts, so
 * an accepted socket is switched over the way Node's own constructor does it for `onread`:
 * the socket's private buffer/callback slots (found by their symbol descriptions) are set and
 * the handle is told to read into the buffer (`useUserBuffer`). This runs in the 'connection'
 * callback, before the first read is delivered. Should a Node version lack any of these parts,
 * the socket stays on 'data' events (`transient` false) — slower, same behaviour.
 *
 * A transient chunk is valid only during the callback: the next read of any socket in this
 * thread overwrites it, so whatever a connection keeps past the callback it must copy.
 * Pause/resume keep working: Node's Socket#pause/resume stop and restart the handle's reads
 * when a user buffer is set.
 */
import type net from 'node:net';

const READ_BUFFER_BYTES = 64 * 1024;
/** Module state is per thread: each memcached worker thread has its own. */
const sharedBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

export type ChunkHandler = (chunk: Buffer, transient: boolean) => void;

interface UserBufferHandle {
  useUserBuffer(buf: Uint8Array): void;
}

function ownSymbol(socket: net.Socket, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(socket).find((s) => s.description === description);
}

/** Deliver the socket's reads to `onChunk`; true when they come in the shared buffer. */
export function readShared(socket: net.Socket, onChunk: ChunkHandler): boolean {
  const handle = (socket as unknown as { _handle?: Partial<UserBufferHandle> | null })._handle;
  const kBuffer = ownSymbol(socket, 'kBuffer');
  const kBufferCb = ownSymbol(socket, 'kBufferCb');
  const slots = socket as unknown as Record<symbol, unknown>;
  if (
    handle == null ||
    typeof handle.useUserBuffer !== 'function' ||
    kBuffer === undefined ||
    kBufferCb === undefined ||
    slots[kBuffer] !== null ||
    socket.listenerCount('data') !== 0
  ) {
    socket.on('data', (chunk: Buffer) => onChunk(chunk, false));
    return false;
  }
  slots[kBuffer] = sharedBuffer;
  slots[kBufferCb] = (n: number): boolean => {
    onChunk(sharedBuffer.subarray(0, n), true);
    return true;
  };
  handle.useUserBuffer(sharedBuffer);
  return true;
}
