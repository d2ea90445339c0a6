import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { referenceServer } from './testing/clients.js';
import { until } from './testing/until.js';

// The other end is the real reference server.
const ref = referenceServer();
const { client } = ref;

describe('LiveShopClient against the reference server', () => {
  it('syncs from show:state, replacing a frozen state object on each change', async () => {
    const c = client();
    const initial = c.state;
    assert.equal(initial.connection, 'idle');
    c.connect();
    const s = await until(c, (st) => st.ready, 'ready');
    assert.notEqual(s, initial);
    assert.equal(s.connection, 'connected');
    assert.equal(s.title, ref.show.title);
    assert.equal(s.role, 'viewer');
    assert.equal(s.status, 'scheduled');
    assert.deepEqual(
      s.products.map((p) => p.id),
      ref.show.products.map((p) => p.id),
    );
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
    const host = client({ token: ref.show.hostToken });
    const viewer = client({ name: 'Vi' });
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    assert.equal(host.state.role, 'host');
    const productId = ref.show.products[0]!.id;
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
    const host = client({ token: ref.show.hostToken });
    const viewer = client();
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    // Drop the viewer's transport from the server side; socket.io-client reconnects by itself.
    const sockets = await ref.h.server.io.in(`show:${ref.show.id}:viewers`).fetchSockets();
    const dropped = until(viewer, (st) => st.connection === 'reconnecting', 'reconnecting');
    for (const s of sockets)
      (ref.h.server.io.sockets.sockets.get(s.id) as unknown as { conn: { close(): void } }).conn.close();
    await dropped;
    const productId = ref.show.products[1]!.id;
    await host.pin(productId);
    const { status } = await host.goLive(); // `starting` until media flows (video pipeline)
    const back = await until(
      viewer,
      (st) => st.connection === 'connected' && st.pins.productIds.includes(productId),
      'resynced',
    );
    assert.equal(back.status, status);
    assert.notEqual(status, 'scheduled');
  });

  it('a short drop resumes the session: the missed pins, chat and status are replayed once, without a new snapshot', async () => {
    const fresh = await ref.h.createShow({ title: 'Recovery' });
    const host = client({ show: fresh.id, token: fresh.hostToken });
    const viewer = client({ show: fresh.id, name: 'Re' });
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    // A broadcast before the drop gives the viewer an offset to resume from.
    const first = await host.sendChat('before the drop');
    await until(viewer, (st) => st.chat.some((m) => m.id === first.message.id));
    const connections: string[] = [];
    const onConnection = (socket: { recovered: boolean; data: { showId: string; role: string } }) => {
      if (socket.data.showId === fresh.id) connections.push(`${socket.data.role} recovered=${socket.recovered}`);
    };
    ref.h.server.io.on('connection', onConnection);
    try {
      const sockets = await ref.h.server.io.in(`show:${fresh.id}:viewers`).fetchSockets();
      const dropped = until(viewer, (st) => st.connection === 'reconnecting', 'reconnecting');
      for (const s of sockets)
        (ref.h.server.io.sockets.sockets.get(s.id) as unknown as { conn: { close(): void } }).conn.close();
      await dropped;
      const missed = await host.sendChat('while you were away');
      await host.pin(fresh.products[0]!.id);
      await host.goLive();
      const back = await until(
        viewer,
        (st) =>
          st.connection === 'connected' &&
          st.chat.some((m) => m.id === missed.message.id) &&
          st.pins.productIds.length === 1 &&
          st.status !== 'scheduled',
        'replayed',
      );
      assert.deepEqual(connections, ['viewer recovered=true'], 'one reconnection, resumed (no handshake, no snapshot)');
      assert.equal(back.chat.filter((m) => m.id === missed.message.id).length, 1);
      assert.equal(back.chat.filter((m) => m.id === first.message.id).length, 1);
    } finally {
      ref.h.server.io.off('connection', onConnection);
      await host.endShow().catch(() => {});
    }
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
    const other = await ref.h.createShow({ title: 'Other' });
    const c = client({ show: other.id, token: ref.show.hostToken });
    c.connect();
    const s = await until(c, (st) => st.connection === 'error');
    assert.equal(s.error?.code, 'unauthorized');
  });

  it('rejects actions before connect', async () => {
    await assert.rejects(client().sendChat('x'), { code: 'invalid_state' });
  });
});
