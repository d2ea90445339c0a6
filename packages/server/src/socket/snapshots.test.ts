/**
 * The per-node snapshot cache against a real server: after any change, a viewer joining later gets
 * it in its snapshot, although an earlier join had cached the show.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage, PinsPayload, ShowSnapshot } from '@live-shop/protocol';
import { checkout, showWithProduct, submit } from '../testing/commerce.js';
import { record, request, startHarness, type Harness } from '../testing/harness.js';

describe('socket: cached snapshots follow every change', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ checkout: { unitsPerMinute: 100 } });
  });
  after(() => h.close());

  /** A new viewer's snapshot. */
  const join = async (showId: string): Promise<ShowSnapshot> => (await h.connect({ show: showId })).snapshot;

  it('pins, status, settings, catalog and playback', async () => {
    const { show, product } = await showWithProduct(h);
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const watcher = await h.connect({ show: show.id });
    assert.deepEqual((await join(show.id)).show.pins.productIds, []);

    const pins = record<PinsPayload>(watcher.socket, 'product:pins');
    assert.equal((await request(host.socket, 'product:pin', { productId: product.id })).ok, true);
    await pins.until((seen) => seen.length === 1);
    assert.deepEqual((await join(show.id)).show.pins.productIds, [product.id]);
    assert.equal((await request(host.socket, 'product:unpin', { productId: product.id })).ok, true);
    assert.deepEqual((await join(show.id)).show.pins.productIds, []);

    assert.equal((await request(host.socket, 'show:start', {})).ok, true);
    assert.equal((await join(show.id)).show.status, 'starting');

    assert.equal((await request(host.socket, 'show:update', { socialProof: true })).ok, true);
    assert.deepEqual((await join(show.id)).show.settings, {
      socialProof: true,
      slowModeSeconds: 0,
      reactions: ['heart', 'fire', 'clap', 'laugh'],
    });

    const added = await h.api('POST', `/api/shows/${show.id}/products`, {
      body: { title: 'Gloves', price: { amount: 900, currency: 'EUR' } },
    });
    assert.equal(added.status, 201);
    assert.deepEqual(
      (await join(show.id)).show.products.map((p) => p.title),
      ['Linen scarf', 'Gloves'],
    );

    // A video provider writes playback itself, then signals it (show:playback).
    const playback = { kind: 'mux', playbackId: 'pb-cache-test' } as const;
    await h.server.store.putVideoStream({
      showId: show.id,
      provider: 'mux',
      externalId: 'ls-1',
      data: {},
      playback,
      updatedAt: Date.now(),
    });
    await h.server.service.playbackChanged(show.id);
    assert.deepEqual((await join(show.id)).show.playback, playback);
  });

  it('stock and social proof from checkouts (CommerceService)', async () => {
    const { show, product } = await showWithProduct(h, { stock: 5 });
    const host = await h.connect({ show: show.id, token: show.hostToken });
    assert.equal((await request(host.socket, 'show:update', { socialProof: true })).ok, true);
    assert.equal((await join(show.id)).show.products[0]!.stock, 5);

    const held = await checkout(h, show.id, { productId: product.id, quantity: 2 });
    assert.equal(held.status, 200, held.text);
    assert.equal((await join(show.id)).show.products[0]!.stock, 3, 'the hold is seen by the next join');
    assert.equal((await submit(h, `${held.session.url}/pay`)).status, 303);
    const late = await join(show.id);
    assert.deepEqual(
      late.show.recentSales.map((s) => [s.productId, s.quantity]),
      [[product.id, 2]],
    );
    assert.equal(late.show.products[0]!.stock, 3);
  });

  it('chat: a stored message is in the next snapshot at once, a deleted one is gone', async () => {
    const { show } = await showWithProduct(h);
    const host = await h.connect({ show: show.id, token: show.hostToken });
    assert.deepEqual((await join(show.id)).chat, []);
    const sent = await request(host.socket, 'chat:send', { text: 'first' });
    assert.equal(sent.ok, true);
    // Before its batch goes out: stored and acknowledged is enough.
    assert.deepEqual(
      (await join(show.id)).chat.map((m: ChatMessage) => m.id),
      [sent.message.id],
    );
    assert.equal((await request(host.socket, 'chat:delete', { id: sent.message.id })).ok, true);
    assert.deepEqual((await join(show.id)).chat, []);
  });

  it('many viewers joining at once all get the same, current snapshot', async () => {
    const { show, product } = await showWithProduct(h);
    const host = await h.connect({ show: show.id, token: show.hostToken });
    assert.equal((await request(host.socket, 'product:pin', { productId: product.id })).ok, true);
    const snapshots = await Promise.all(Array.from({ length: 40 }, () => join(show.id)));
    for (const s of snapshots) {
      assert.deepEqual(s.show.pins.productIds, [product.id]);
      assert.equal(s.role, 'viewer');
    }
    const unknown = await h.connectError({ show: 'no-such-show' });
    assert.equal(unknown.data?.code, 'not_found');
  });
});
