/** Test support (not shipped): bare Socket.IO peers and a TCP proxy, for what the reference server cannot be made to do. */
import { createServer } from 'node:http';
import {
  createServer as createTcpServer,
  connect as tcpConnect,
  type AddressInfo,
  type Socket as TcpSocket,
} from 'node:net';
import { Server, type ServerOptions } from 'socket.io';
import type { LiveShopClient } from '../index.js';

/** A bare Socket.IO server as the peer: answers every connection with a snapshot and records its auth. */
export async function startPeer(options: Partial<ServerOptions> = {}) {
  const http = createServer();
  const io = new Server(http, options);
  const auths: Record<string, unknown>[] = [];
  io.on('connection', (socket) => {
    auths.push(socket.handshake.auth);
    socket.emit('show:state', {
      protocolVersion: 1,
      show: {
        id: 's',
        title: 'Peer',
        status: 'scheduled',
        statusAt: 0,
        createdAt: 0,
        products: [],
        pins: { productIds: [], at: 0 },
      },
      chat: [],
      viewers: 0,
      role: 'viewer',
      now: Date.now(),
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    io,
    auths,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}

/** A TCP proxy that can go silent: frozen, it forwards nothing and drops new connections, without closing held ones. */
export async function startProxy(port: number) {
  let frozen = false;
  const pairs = new Set<[TcpSocket, TcpSocket]>();
  const server = createTcpServer((down) => {
    if (frozen) return void down.destroy();
    const up = tcpConnect(port, '127.0.0.1');
    const pair: [TcpSocket, TcpSocket] = [down, up];
    pairs.add(pair);
    down.pipe(up).on('error', () => down.destroy());
    up.pipe(down).on('error', () => up.destroy());
    down.on('close', () => (up.destroy(), pairs.delete(pair)));
    up.on('close', () => down.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    freeze() {
      frozen = true;
      for (const [down, up] of pairs) {
        down.unpipe(up);
        up.unpipe(down);
      }
    },
    /** Back in service: the silent connections are finally cut, new ones go through. */
    thaw() {
      frozen = false;
      for (const [down, up] of pairs) {
        down.destroy();
        up.destroy();
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Records every connection state the client goes through. */
export function states(c: LiveShopClient): string[] {
  const seen: string[] = [];
  c.on('change', (s) => seen.at(-1) !== s.connection && seen.push(s.connection));
  return seen;
}

// Fast retries so every wait stays well inside withTimeout's bound.
export const fast = { reconnectionDelay: 20, reconnectionDelayMax: 50 };
