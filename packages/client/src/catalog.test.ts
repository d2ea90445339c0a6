import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startHarness, type Harness } from '@live-shop/server/testing';
import { LiveShopClient } from './index.js';
import { until } from './testing/until.js';

// Catalog editing through the client against the reference server: the host edits, a viewer's state follows.
describe('LiveShopClient catalog editing', () => {
  let h: Harness;
  const clients: LiveShopClient[] = [];
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    for (const c of clients) c.close();
    await h.close();
  });
  const client = (show: string, token?: string) => {
    const c = new LiveShopClient({ server: h.url, show, token, storage: null, socketOptions: { WebSocket } });
    clients.push(c);
    c.connect();
    return until(c, (s) => s.ready, 'ready').then(() => c);
  };

  it('updateProduct / deleteProduct (host) reach a viewer; a show edit (admin) changes its title', async () => {
    const show = await h.createShow();
    const [kettle, mug] = show.products;
    const host = await client(show.id, show.hostToken);
    const viewer = await client(show.id);

    const { product } = await host.updateProduct(mug!.id, { title: 'Mug XL', stock: 5 });
    assert.deepEqual([product.title, product.stock], ['Mug XL', 5]);
    assert.equal(host.state.products[1]!.title, 'Mug XL', 'the ack is applied at once');
    await until(viewer, (s) => s.products[1]?.title === 'Mug XL', 'the viewer gets the edit');

    await host.pin(kettle!.id);
    await until(viewer, (s) => s.pins.productIds.includes(kettle!.id), 'pinned');
    const { pins } = await host.deleteProduct(kettle!.id);
    assert.deepEqual(pins.productIds, []);
    assert.deepEqual(
      host.state.products.map((p) => p.title),
      ['Mug XL', 'Beans'],
    );
    await until(viewer, (s) => s.pins.productIds.length === 0 && s.products.length === 2, 'unpinned and gone');

    await assert.rejects(host.updateProduct(mug!.id, { price: { amount: -1, currency: 'USD' } }), {
      code: 'bad_request',
      message: /^price\.amount: /,
    });
    await assert.rejects(viewer.updateProduct(mug!.id, { title: 'x' }), { code: 'forbidden' });

    assert.equal((await h.api('PATCH', `/api/shows/${show.id}`, { body: { title: 'Renamed' } })).status, 200);
    await until(viewer, (s) => s.title === 'Renamed', 'show:info');
  });
});
