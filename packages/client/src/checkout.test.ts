import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PublicShow, SalesSummary } from '@live-shop/protocol';
import { withTimeout } from '@live-shop/server/testing';
import { countBuyClick, readCheckoutReturn, releaseCheckout, startCheckout } from './index.js';
import { referenceServer } from './testing/clients.js';
import { until } from './testing/until.js';

// The other end is the real reference server.
const ref = referenceServer();
const { client } = ref;

describe('LiveShopClient checkout (HTTP: no connection needed)', () => {
  it('sends the viewer credential once connected: a per-buyer limit counts this viewer (flash deals, issue 15)', async () => {
    const res = await ref.h.api('POST', `/api/shows/${ref.show.id}/products`, {
      body: { title: 'Limited tote', price: { amount: 3000, currency: 'EUR' }, limitPerBuyer: 1 },
    });
    assert.equal(res.status, 201, res.text);
    const productId = (res.json as { id: string }).id;
    const anonymous = client();
    await assert.rejects(anonymous.checkout({ productId }), { code: 'bad_request' }, 'no credential: nobody');
    const c = client();
    c.connect();
    await until(c, (st) => st.ready, 'ready');
    assert.equal((await c.checkout({ productId })).provider, 'local');
    await assert.rejects(c.checkout({ productId }), { code: 'limit_reached' });
    const other = client();
    other.connect();
    await until(other, (st) => st.ready, 'ready');
    assert.equal((await other.checkout({ productId })).provider, 'local', 'another viewer is another buyer');
  });

  it('starts a checkout and resolves with the session, its url resolved against the server', async () => {
    const c = client();
    const mug = ref.show.products.find((p) => p.title === 'Mug')!;
    const session = await c.checkout({ productId: mug.id, quantity: 2, shopperRef: 'cart-1' });
    assert.equal(session.provider, 'local');
    assert.equal(typeof session.orderId, 'string');
    assert.ok(session.url!.startsWith(`${ref.h.url}/checkout/cs_local_`), session.url!);
    assert.equal(session.embedded, null);
    assert.ok(session.expiresAt! > Date.now());
    assert.equal(c.state.connection, 'idle', 'no socket was opened');
    const page = await withTimeout(fetch(session.url!), 'checkout page');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Mug/);
  });

  it("rejects with the server's error: sold_out for a product with no stock, not_found, bad_request", async () => {
    const soldOut = await ref.h.createShow({
      title: 'Sold out',
      products: [{ title: 'Last vase', price: { amount: 9000, currency: 'USD' }, stock: 0 }],
    });
    const c = client({ show: soldOut.id });
    await assert.rejects(c.checkout({ productId: soldOut.products[0]!.id }), {
      name: 'LiveShopError',
      code: 'sold_out',
      message: 'Sold out',
    });
    await assert.rejects(c.checkout({ productId: 'no-such-product' }), { name: 'LiveShopError', code: 'not_found' });
    await assert.rejects(c.checkout({ productId: soldOut.products[0]!.id, quantity: 0 }), {
      name: 'LiveShopError',
      code: 'bad_request',
    });
  });

  it('rejects with internal when the server cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const c = client({ server: `http://127.0.0.1:${port}` });
    await assert.rejects(c.checkout({ productId: 'p1' }), { name: 'LiveShopError', code: 'internal' });
  });
});

describe('checkout helpers (the product card uses the same ones)', () => {
  const stats = async (id: string) => (await ref.h.api('GET', `/api/shows/${id}/stats`)).json as SalesSummary;
  const stock = async (id: string) =>
    ((await ref.h.api('GET', `/api/shows/${id}`, { admin: false })).json as PublicShow).products[0]!.stock;

  it('startCheckout answers what LiveShopClient.checkout does, and a card press the server never saw is counted', async () => {
    const shop = await ref.h.createShow({
      title: 'Clicks',
      products: [{ title: 'Cap', price: { amount: 1500, currency: 'USD' }, stock: 5 }],
    });
    const target = { server: ref.h.url, show: shop.id };
    const productId = shop.products[0]!.id;
    const session = await startCheckout(target, { productId, quantity: 1 });
    assert.ok(session.url!.startsWith(`${ref.h.url}/checkout/`), session.url!);
    const before = (await stats(shop.id)).totals;
    assert.deepEqual([before.checkouts, before.buyClicks], [1, 1], 'a checkout is a Buy now press too');
    await countBuyClick(target, { productId, quantity: 2 });
    const after = (await stats(shop.id)).totals;
    assert.deepEqual([after.checkouts, after.buyClicks], [1, 2]);
  });

  it('releaseCheckout gives an unpaid checkout’s units back at once', async () => {
    const shop = await ref.h.createShow({
      title: 'Release',
      products: [{ title: 'Vase', price: { amount: 9000, currency: 'USD' }, stock: 3 }],
    });
    const target = { server: ref.h.url, show: shop.id };
    const { orderId } = await startCheckout(target, { productId: shop.products[0]!.id, quantity: 2 });
    assert.equal(await stock(shop.id), 1);
    await releaseCheckout(target, orderId!);
    assert.equal(await stock(shop.id), 3);
  });

  it('reads the return parameters for its own show only, and strips them from the address', () => {
    const href = 'https://shop.example/live?ref=7&live_shop_checkout=success&live_shop_show=s1&live_shop_order=o1#top';
    assert.deepEqual(readCheckoutReturn(href, 's1'), {
      found: { show: 's1', status: 'success', order: 'o1' },
      cleanHref: 'https://shop.example/live?ref=7#top',
    });
    assert.equal(readCheckoutReturn(href, 's2'), null, 'another show on the page');
    assert.equal(readCheckoutReturn(href.replace('success', 'paid'), 's1'), null, 'an unknown status');
    assert.equal(readCheckoutReturn('https://shop.example/live', 's1'), null);
  });
});
