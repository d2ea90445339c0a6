import type { Logger } from '../logger.js';
import type { LiveShopSocket } from './types.js';

/*
 * Broadcast fast path. Socket.IO already encodes a broadcast once and frames it once for WebSocket
 * (`opts.wsPreEncodedFrame`); what is left per viewer is Engine.IO's bookkeeping (a packet object,
 * its write buffer, flush/drain events, a write callback per packet and the writable flag dance).
 * When nothing is pending for a socket anywhere above the TCP socket, writing the frame straight to
 * the TCP socket puts exactly the same bytes in exactly the same place in the stream, so:
 * - order per socket: a frame is written only when Engine.IO's write buffer, ws's send queue and
 *   Node's stream buffer are all empty (nothing sent earlier is still waiting in user space), and
 *   everything sent later queues behind it in the same stream;
 * - backpressure: a socket whose kernel buffer is full (Node is buffering) takes the normal path,
 *   which waits for each write to complete, as before;
 * - connection state recovery and the Redis adapter: untouched — the offset is inside the packet
 *   before it is framed, packets are stored/published as before, and broadcasts from other nodes
 *   reach each socket through the same per-socket write;
 * - anything else (long-polling, an upgrade in progress, compression, binary, a closing socket, an
 *   Engine.IO or ws without the fields checked here) takes the normal path, socket by socket.
 * Engine.IO's `packetCreate`/`flush`/`drain` events do not fire for these frames (nothing here uses them).
 * It depends on socket.io, socket.io-adapter, engine.io and engine.io's ws internals (pinned to tested
 * minors in package.json); the counts below let a test, and a log line, notice when it stops engaging.
 */

type Frame = readonly Buffer[];
interface WriteOptions {
  /** Set by the adapter on every broadcast. */
  preEncoded?: boolean;
  wsPreEncodedFrame?: Frame;
  volatile?: boolean;
}
interface TcpSocket {
  destroyed: boolean;
  writable: boolean;
  writableLength: number;
  writableCorked: number;
  cork(): void;
  uncork(): void;
  write(chunk: Buffer): boolean;
}
interface WsSocket {
  readyState: number;
  _socket?: TcpSocket;
  /** ws 8: 0 = idle (not deflating, not reading a blob); ws 7 has `_deflating`. */
  _sender?: { _state?: number; _deflating?: boolean; _queue?: unknown[] };
}
interface EngineSocket {
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  transport: { name: string; writable: boolean; perMessageDeflate: unknown; socket?: WsSocket };
}
interface Client {
  conn: EngineSocket;
  writeToEngine(encodedPackets: unknown, opts: WriteOptions): void;
}

const WS_OPEN = 1;

/** The TCP socket a pre-framed packet can be written to right now, or null (take the normal path). */
function idleTcpSocket(conn: EngineSocket): TcpSocket | null {
  const { transport } = conn;
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer.length !== 0) return null;
  if (transport.name !== 'websocket' || !transport.writable || transport.perMessageDeflate) return null;
  const ws = transport.socket;
  const sender = ws?._sender;
  if (!ws || ws.readyState !== WS_OPEN || !sender || !Array.isArray(sender._queue) || sender._queue.length !== 0)
    return null;
  if (sender._state !== undefined ? sender._state !== 0 : sender._deflating !== false) return null;
  const tcp = ws._socket;
  if (!tcp || tcp.destroyed || !tcp.writable || tcp.writableLength !== 0 || tcp.writableCorked !== 0) return null;
  return tcp;
}

/** Broadcast deliveries written straight to the TCP socket, and those that took Engine.IO's path. */
export interface FastWriteStats {
  fastWrites: number;
  fastWriteFallbacks: number;
}

/** Broadcast deliveries on the normal path, with none on the fast path, after which that is logged once. */
export const NEVER_ENGAGED_AFTER = 1000;
export const NEVER_ENGAGED_WARNING =
  'live-shop: the broadcast fast path never engaged (socket.io/engine.io versions changed?); broadcasts still work on the slower path';

/**
 * What `io.on('connection', …)` installs on each socket so its pre-framed packets (broadcasts) go
 * straight to its TCP socket when nothing is pending for it; `stats` counts both paths.
 */
export function fastWrites(logger: Logger): { stats: FastWriteStats; use(socket: LiveShopSocket): void } {
  const stats: FastWriteStats = { fastWrites: 0, fastWriteFallbacks: 0 };
  function writeToEngine(this: Client, encodedPackets: unknown, opts: WriteOptions): void {
    const frame = opts.wsPreEncodedFrame;
    const tcp = frame && Array.isArray(encodedPackets) && encodedPackets.length === 1 ? idleTcpSocket(this.conn) : null;
    if (!tcp) {
      // Broadcasts count, framed or not: an adapter that stopped framing them would fall back too.
      if (opts.preEncoded && ++stats.fastWriteFallbacks === NEVER_ENGAGED_AFTER && stats.fastWrites === 0)
        logger.warn(NEVER_ENGAGED_WARNING);
      return Object.getPrototypeOf(this).writeToEngine.call(this, encodedPackets, opts);
    }
    stats.fastWrites++;
    // What ws's Sender.sendFrame does, without the per-packet completion callback: one write of the
    // broadcast's bytes, joined once for all its sockets (a server's frames are never masked).
    tcp.write(bytesOf(frame!));
  }
  let lastFrame: Frame | null = null;
  let lastBytes: Buffer | null = null;
  const bytesOf = (frame: Frame): Buffer => {
    if (frame !== lastFrame)
      [lastFrame, lastBytes] = [frame, frame.length === 1 ? frame[0]! : Buffer.concat(frame as Buffer[])];
    return lastBytes!;
  };
  return {
    stats,
    use(socket) {
      (socket.client as unknown as Client).writeToEngine = writeToEngine;
    },
  };
}

interface RoomsAdapter {
  rooms: Map<string, Set<string>>;
  nsp: { sockets: Map<string, unknown> };
  apply(opts: { rooms: unknown; except?: unknown }, callback: (socket: unknown) => void): void;
}

/**
 * The adapter's `apply` (whom a broadcast reaches) for the common case, one room and no exceptions:
 * the stock one also fills a Set with every id it reached, to skip a socket in two of the rooms,
 * which one room cannot have. The same sockets, in the same order; anything else takes the stock one.
 */
export function singleRoomApply(adapter: unknown): void {
  const target = adapter as RoomsAdapter;
  const apply = target.apply;
  target.apply = function (this: RoomsAdapter, opts, callback) {
    const { rooms, except } = opts;
    if (!(rooms instanceof Set) || rooms.size !== 1 || (except instanceof Set ? except.size : except) || !this.rooms)
      return apply.call(this, opts, callback);
    const ids = this.rooms.get(rooms.values().next().value as string);
    if (!ids) return;
    for (const id of ids) {
      const socket = this.nsp.sockets.get(id);
      if (socket) callback(socket);
    }
  };
}
