import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { CreatedShow } from '@live-shop/protocol';
import { startHarness, withTimeout, type Harness } from '@live-shop/server/testing';
import { LiveShopClient, type LiveShopState } from './index.js';

// The other end is the real reference server (factory on 127.0.0.1:0, SQLite in a temp dir).
let h: Harness;
let show: CreatedShow;
before(async () => {
  h = await startHarness();
  show = await h.createShow();
});
after(() => h.close(true));

const clients: LiveShopClient[] = [];
function client(options: Partial<ConstructorParameters<typeof LiveShopClient>[0]> = {}): LiveShopClient {
  const c = new LiveShopClient({ server: h.url, show: show.id, ...options });
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.close()));

const until = (c: LiveShopClient, test: (s: LiveShopState) => boolean, what = 'state') =>
  withTimeout(
    new Promise<LiveShopState>((resolve) => {
      if (test(c.state)) return resolve(c.state);
      const off = c.on('change', (s) => test(s) && (off(), resolve(s)));
    }),
    what,
  );

describe('LiveShopClient against the reference server', () => {
  it('syncs from show:state, replacing a frozen state object on each change', async () => {
    const c = client();
    const initial = c.state;
    assert.equal(initial.connection, 'idle');
    c.connect();
    const s = await until(c, (st) => st.ready, 'ready');
    assert.notEqual(s, initial);
    assert.equal(s.connection, 'connected');
    assert.equal(s.title, show.title);
    assert.equal(s.role, 'viewer');
    assert.equal(s.status, 'scheduled');
    assert.deepEqual(s.products.map((p) => p.id), show.products.map((p) => p.id));
    assert.ok(Math.abs(s.clockOffset) < 5000, 'same machine: offset near zero');
    assert.ok(Object.isFrozen(s));
    c.close();
    assert.equal(c.state.connection, 'closed');
  });

  it('needs a name to chat, then sends with it; every client sees the message once', async () => {
    const a = client();
    const b = client();
    a.connect();
    b.connect();
    await until(a, (st) => st.ready);
    await until(b, (st) => st.ready);
    await assert.rejects(a.sendChat('no name yet'), { name: 'LiveShopError', code: 'name_required' });
    a.setName('Bo');
    const ack = await a.sendChat('hello from the client');
    assert.equal(ack.message.name, 'Bo');
    const seen = await until(b, (st) => st.chat.some((m) => m.id === ack.message.id), 'b sees it');
    assert.equal(seen.chat.filter((m) => m.id === ack.message.id).length, 1);
    const mine = await until(a, (st) => st.chat.some((m) => m.id === ack.message.id));
    assert.equal(mine.chat.filter((m) => m.id === ack.message.id).length, 1, 'ack and broadcast deduped');
  });

  it('pins as host, refuses viewers with forbidden, and deletes messages', async () => {
    const host = client({ token: show.hostToken });
    const viewer = client({ name: 'Vi' });
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    assert.equal(host.state.role, 'host');
    const productId = show.products[0]!.id;
    await host.pin(productId);
    assert.deepEqual(host.state.pins.productIds, [productId]);
    await until(viewer, (st) => st.pins.productIds.includes(productId), 'viewer sees the pin');
    await assert.rejects(viewer.pin(productId), { name: 'LiveShopError', code: 'forbidden' });
    const { message } = await viewer.sendChat('delete me');
    await until(host, (st) => st.chat.some((m) => m.id === message.id));
    await host.deleteMessage(message.id);
    await until(viewer, (st) => !st.chat.some((m) => m.id === message.id), 'viewer drops it');
    await host.unpin(productId);
  });

  it('resyncs after a dropped connection: what changed meanwhile is there', async () => {
    const host = client({ token: show.hostToken });
    const viewer = client();
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    // Drop the viewer's transport from the server side; socket.io-client reconnects by itself.
    const sockets = await h.server.io.in(`show:${show.id}:viewers`).fetchSockets();
    const dropped = until(viewer, (st) => st.connection === 'reconnecting', 'reconnecting');
    for (const s of sockets) (h.server.io.sockets.sockets.get(s.id) as unknown as { conn: { close(): void } }).conn.close();
    await dropped;
    const productId = show.products[1]!.id;
    await host.pin(productId);
    await host.goLive();
    const back = await until(viewer, (st) => st.connection === 'connected' && st.pins.productIds.includes(productId), 'resynced');
    assert.equal(back.status, 'live');
  });

  it('stops on not_found with the server error in state', async () => {
    const c = client({ show: 'missing-show' });
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    c.connect();
    const s = await until(c, (st) => st.connection === 'error');
    assert.equal(s.error?.code, 'not_found');
    assert.deepEqual(errors, ['not_found']);
  });

  it('rejects a token for another show as unauthorized', async () => {
    const other = await h.createShow({ title: 'Other' });
    const c = client({ show: other.id, token: show.hostToken });
    c.connect();
    const s = await until(c, (st) => st.connection === 'error');
    assert.equal(s.error?.code, 'unauthorized');
  });

  it('rejects actions before connect', async () => {
    await assert.rejects(client().sendChat('x'), { code: 'invalid_state' });
  });
});

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
        show: { id: 's', title: 'Silent', status: 'scheduled', statusAt: 0, createdAt: 0, products: [], pins: { productIds: [], at: 0 } },
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
    const c = new LiveShopClient({ server: url, show: 's', token: 't', ackTimeout: 200 });
    clients.push(c);
    c.connect();
    await until(c, (st) => st.ready);
    await assert.rejects(c.goLive(), { name: 'LiveShopError', code: 'internal' });
  });
});
