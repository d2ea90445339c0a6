import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { ChatMessage, ShowSnapshot } from '@live-shop/protocol';
import { LiveShopClient, type LiveShopState } from './index.js';

// A minimal protocol peer (not the reference server): enough to exercise the client's wire handling.
const snapshot = (role: 'host' | 'viewer'): ShowSnapshot => ({
  protocolVersion: 1,
  show: {
    id: 's1',
    title: 'Summer drop',
    status: 'scheduled',
    statusAt: 10,
    createdAt: 1,
    products: [],
    pins: { productIds: [], at: 0 },
  },
  chat: [{ id: 'm0', name: 'Ada', text: 'hi', role: 'viewer', at: 5 }],
  viewers: 3,
  role,
  now: Date.now() + 5000,
});

let url = '';
let io: Server;
before(async () => {
  const http = createServer();
  io = new Server(http, { path: '/socket.io' });
  io.use((socket, next) => {
    const { show, token } = socket.handshake.auth as { show?: string; token?: string };
    if (show !== 's1') return next(Object.assign(new Error('not found'), { data: { code: 'not_found', message: 'No such show' } }));
    socket.data.role = token === 'host-token' ? 'host' : 'viewer';
    next();
  });
  io.on('connection', (socket) => {
    socket.emit('show:state', snapshot(socket.data.role));
    let n = 0;
    socket.on('chat:send', (payload: { text: string; name?: string }, ack) => {
      if (!payload.name) return ack({ ok: false, error: { code: 'name_required', message: 'Pick a name' } });
      const message: ChatMessage = { id: `m${++n}`, name: payload.name, text: payload.text, role: socket.data.role, at: Date.now() };
      io.emit('chat:messages', [message]);
      ack({ ok: true, message });
    });
    socket.on('product:pin', ({ productId }: { productId: string }, ack) => {
      if (socket.data.role !== 'host') return ack({ ok: false, error: { code: 'forbidden', message: 'Hosts only' } });
      const pins = { productIds: [productId], at: Date.now() };
      ack({ ok: true, pins });
    });
    socket.on('show:start', (_: unknown, _ack: unknown) => {
      /* never answers: exercises the ack timeout */
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => io.close(() => r())));

const until = (client: LiveShopClient, test: (s: LiveShopState) => boolean) =>
  new Promise<LiveShopState>((resolve) => {
    if (test(client.state)) return resolve(client.state);
    const off = client.on('change', (s) => test(s) && (off(), resolve(s)));
  });

describe('LiveShopClient', () => {
  it('syncs from show:state, replacing the state object on each change', async () => {
    const client = new LiveShopClient({ server: url, show: 's1' });
    const initial = client.state;
    assert.equal(initial.connection, 'idle');
    client.connect();
    const s = await until(client, (st) => st.ready);
    assert.notEqual(s, initial);
    assert.equal(s.connection, 'connected');
    assert.equal(s.title, 'Summer drop');
    assert.equal(s.viewers, 3);
    assert.equal(s.role, 'viewer');
    assert.deepEqual(s.chat.map((m) => m.id), ['m0']);
    assert.ok(s.clockOffset > 4000 && s.clockOffset < 6000);
    assert.ok(Object.isFrozen(s));
    client.close();
    assert.equal(client.state.connection, 'closed');
  });

  it('sends chat with the stored name, dedupes the echo, and rejects typed errors', async () => {
    const client = new LiveShopClient({ server: url, show: 's1' });
    client.connect();
    await until(client, (st) => st.ready);
    await assert.rejects(client.sendChat('no name'), { name: 'LiveShopError', code: 'name_required' });
    client.setName('Bo');
    const ack = await client.sendChat('hello');
    assert.equal(ack.message.name, 'Bo');
    await new Promise((r) => setTimeout(r, 50)); // let the broadcast copy arrive too
    assert.deepEqual(client.state.chat.map((m) => m.text), ['hi', 'hello']);
    client.close();
  });

  it('applies host acks and reports forbidden for viewers', async () => {
    const host = new LiveShopClient({ server: url, show: 's1', token: 'host-token' });
    const viewer = new LiveShopClient({ server: url, show: 's1' });
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    assert.equal(host.state.role, 'host');
    await host.pin('p1');
    assert.deepEqual(host.state.pins.productIds, ['p1']);
    await assert.rejects(viewer.pin('p1'), { code: 'forbidden' });
    host.close();
    viewer.close();
  });

  it('times out an unanswered ack with a LiveShopError', async () => {
    const client = new LiveShopClient({ server: url, show: 's1', token: 'host-token', ackTimeout: 200 });
    client.connect();
    await until(client, (st) => st.ready);
    await assert.rejects(client.goLive(), { name: 'LiveShopError', code: 'internal' });
    client.close();
  });

  it('stops on not_found with the server error in state', async () => {
    const client = new LiveShopClient({ server: url, show: 'missing' });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.code));
    client.connect();
    const s = await until(client, (st) => st.connection === 'error');
    assert.deepEqual(s.error, { code: 'not_found', message: 'No such show' });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(errors, ['not_found']);
    client.close();
  });

  it('rejects actions before connect', async () => {
    const client = new LiveShopClient({ server: url, show: 's1' });
    await assert.rejects(client.sendChat('x'), { code: 'invalid_state' });
  });
});
