import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { withTimeout } from '@live-shop/server/testing';
import { referenceServer } from './testing/clients.js';
import { fast, startPeer, startProxy, states } from './testing/peer.js';
import { until } from './testing/until.js';

// The other end is the real reference server.
const ref = referenceServer();
const { client } = ref;

describe('LiveShopClient ack timeout', () => {
  // A peer that never answers acks: the one behaviour the reference server cannot be made to show.
  let io: Server;
  let url = '';
  before(async () => {
    const http = createServer();
    io = new Server(http);
    io.on('connection', (socket) => {
      socket.emit('show:state', {
        protocolVersion: 1,
        show: {
          id: 's',
          title: 'Silent',
          status: 'scheduled',
          statusAt: 0,
          createdAt: 0,
          products: [],
          pins: { productIds: [], at: 0 },
        },
        chat: [],
        viewers: 0,
        role: 'host',
        now: Date.now(),
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => io.close(() => r())));

  it('rejects an unanswered ack with a LiveShopError instead of hanging', async () => {
    const c = client({ server: url, show: 's', token: 't', ackTimeout: 200 });
    c.connect();
    await until(c, (st) => st.ready);
    await assert.rejects(c.goLive(), { name: 'LiveShopError', code: 'internal' });
  });
});

describe('LiveShopClient transport (WebSocket-only Socket.IO client)', () => {
  it('stays connected across many server pings by answering each with a pong', async () => {
    const peer = await startPeer({ pingInterval: 200, pingTimeout: 200 });
    try {
      let pongs = 0;
      let wake = () => {};
      peer.io.on('connection', (socket) =>
        socket.conn.on('packet', ({ type }: { type: string }) => type === 'pong' && (pongs++, wake())),
      );
      const c = client({ server: peer.url, show: 's' });
      c.connect();
      await until(c, (st) => st.ready);
      const seen = states(c);
      await withTimeout(new Promise<void>((resolve) => (wake = () => pongs >= 5 && resolve())), '5 pongs');
      assert.deepEqual(seen, [], 'never left connected');
      assert.equal(c.state.connection, 'connected');
      assert.equal(peer.auths.length, 1, 'one connection all along');
      c.close();
    } finally {
      await peer.close();
    }
  });

  it('detects a silent server by its missing pings, then reconnects and resyncs when it is back', async () => {
    const peer = await startPeer({ pingInterval: 200, pingTimeout: 200 });
    const proxy = await startProxy(peer.port);
    try {
      const c = client({ server: proxy.url, show: 's', socketOptions: fast });
      c.connect();
      await until(c, (st) => st.ready);
      proxy.freeze();
      await until(c, (st) => st.connection === 'reconnecting', 'reconnecting');
      proxy.thaw();
      await until(c, (st) => st.connection === 'connected', 'connected again');
      assert.equal(peer.auths.length, 2, 'a second connection, with its own snapshot');
      c.close();
    } finally {
      proxy.thaw();
      await proxy.close();
      await peer.close();
    }
  });

  it('does not reconnect after the server disconnects the socket, and fails requests at once', async () => {
    const c = client({ name: 'Kicked', socketOptions: fast });
    c.connect();
    await until(c, (st) => st.ready);
    const [mine] = (await ref.h.server.io.fetchSockets()).filter((s) => s.handshake.auth.name === 'Kicked');
    assert.ok(mine);
    mine.disconnect(true);
    await until(c, (st) => st.connection === 'closed', 'closed');
    await assert.rejects(c.sendChat('still there?'), { name: 'LiveShopError', code: 'invalid_state' });
    // Many reconnection delays later, still nobody by that name on the server.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(c.state.connection, 'closed');
    assert.equal((await ref.h.server.io.fetchSockets()).filter((s) => s.handshake.auth.name === 'Kicked').length, 0);
  });

  it('sends the name set with setName in the auth of the next connection', async () => {
    const peer = await startPeer();
    try {
      const c = client({ server: peer.url, show: 's', token: 'tok', socketOptions: fast });
      c.connect();
      await until(c, (st) => st.ready);
      c.setName(' Renamed ');
      const dropped = until(c, (st) => st.connection === 'reconnecting', 'reconnecting');
      for (const socket of peer.io.sockets.sockets.values()) socket.conn.close();
      await dropped;
      await until(c, (st) => st.connection === 'connected', 'connected again');
      assert.deepEqual(peer.auths, [
        { show: 's', token: 'tok' },
        { show: 's', token: 'tok', name: 'Renamed' },
      ]);
      c.close();
    } finally {
      await peer.close();
    }
  });

  it('rejects a pending ack when the connection drops before the answer', async () => {
    const peer = await startPeer();
    peer.io.on('connection', (socket) => socket.on('show:end', () => socket.conn.close()));
    try {
      const c = client({ server: peer.url, show: 's', ackTimeout: 60_000, socketOptions: fast });
      c.connect();
      await until(c, (st) => st.ready);
      await withTimeout(
        assert.rejects(c.endShow(), { name: 'LiveShopError', code: 'internal', message: /connection was lost/ }),
        'the rejection',
      );
      c.close();
    } finally {
      await peer.close();
    }
  });

  it('says WebSockets are blocked when they fail but the server answers over HTTP', async () => {
    const http = createServer((req, res) => res.end(req.url === '/health' ? '{"ok":true}' : ''));
    http.on('upgrade', (_req, socket) => socket.destroy());
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    try {
      const c = client({ server: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, socketOptions: fast });
      c.connect();
      const s = await until(c, (st) => /WebSocket/.test(st.error?.message ?? ''), 'blocked message');
      assert.equal(s.connection, 'error');
      assert.equal(s.error?.code, 'internal');
      c.close();
    } finally {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    }
  });
});
