import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SOCKET_PATH, type CreatedShow } from '@live-shop/protocol';
import { io as ioClient } from 'socket.io-client';
import { request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';

/** Handlers are registered on a socket's first event, and one listener per event serves every socket. */
describe('socket: handlers registered on the first event', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow();
  });
  after(() => h.close());

  const open = (auth: Record<string, unknown>): ClientSocket =>
    ioClient(h.url, { path: SOCKET_PATH, auth, transports: ['websocket'], reconnection: false, forceNew: true });

  it('answers events sent before the snapshot arrived (emitted while still connecting)', async () => {
    const viewer = open({ show: show.id, name: 'Early' });
    try {
      // socket.io-client sends these right after its CONNECT packet.
      const [chat, pin, unknown] = await Promise.all([
        request(viewer, 'chat:send', { text: 'first!' }),
        request(viewer, 'product:pin', { productId: show.products[0]!.id }),
        request(viewer, 'no:such:event', {}),
      ]);
      assert.equal(chat.ok, true, JSON.stringify(chat));
      assert.equal(chat.message.text, 'first!');
      assert.equal(pin.error.code, 'forbidden');
      assert.equal(unknown.error.code, 'unknown_event');
    } finally {
      viewer.disconnect();
    }
  });

  it('each socket runs its own handlers: a host and a viewer sending the same events', async () => {
    const host = open({ show: show.id, token: show.hostToken });
    const viewer = open({ show: show.id, name: 'Vi' });
    try {
      const productId = show.products[1]!.id;
      const [byHost, byViewer] = await Promise.all([
        request(host, 'product:pin', { productId }),
        request(viewer, 'product:pin', { productId }),
      ]);
      assert.equal(byHost.ok, true, JSON.stringify(byHost));
      assert.ok(byHost.pins.productIds.includes(productId));
      assert.equal(byViewer.error.code, 'forbidden');
      const [hostChat, viewerChat] = await Promise.all([
        request(host, 'chat:send', { text: 'from the host' }),
        request(viewer, 'chat:send', { text: 'from Vi' }),
      ]);
      assert.equal(hostChat.message.role, 'host');
      assert.equal(viewerChat.message.name, 'Vi');
      // Still answered in order after the first event.
      const again = await withTimeout(request(viewer, 'chat:send', { text: 'second' }), 'second chat');
      assert.equal(again.message.text, 'second');
    } finally {
      host.disconnect();
      viewer.disconnect();
    }
  });
});
