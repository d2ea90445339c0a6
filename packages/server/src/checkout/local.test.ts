import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, Product, SalesSummary, StockPayload } from '@live-shop/protocol';
import {
  barrier,
  checkout,
  leave,
  orderOf,
  orderRecord,
  showWithProduct,
  stats,
  stockOf,
  submit,
  timeless,
} from '../testing/commerce.js';
import { record, startHarness, type ClientSocket, type Harness } from '../testing/harness.js';

const RETURN_URL = 'https://shop.example/live?ref=7#player';

/** The shopper's return URL as the server rebuilt it: same page, our three params, no fragment. */
function assertReturn(
  location: string | null,
  status: 'success' | 'cancel',
  showId: string,
  orderId: string | null,
): void {
  assert.ok(location, 'a Location header');
  const url = new URL(location);
  assert.equal(`${url.origin}${url.pathname}`, 'https://shop.example/live');
  assert.equal(url.hash, '');
  assert.equal(url.searchParams.get('ref'), '7');
  assert.equal(url.searchParams.get('live_shop_checkout'), status);
  assert.equal(url.searchParams.get('live_shop_show'), showId);
  assert.equal(url.searchParams.get('live_shop_order'), orderId);
}

describe('local test checkout over HTTP', () => {
  let h: Harness;
  let show: CreatedShow;
  let product: Product;
  let host: ClientSocket;
  let viewer: ClientSocket;
  let hostSales: ReturnType<typeof record<SalesSummary>>;
  let viewerSales: ReturnType<typeof record<SalesSummary>>;
  let viewerStock: ReturnType<typeof record<StockPayload>>;

  before(async () => {
    // Many checkouts from one address: per-address hold caps are tested in holds.test.ts.
    h = await startHarness({
      checkout: { unitsPerMinute: 100, holdUnitsPerProduct: 100, openCheckoutsPerShow: 100 },
      allowedOrigins: ['https://shop.example'],
    });
    ({ show, product } = await showWithProduct(h, { stock: 3 }));
    const hostConn = await h.connect({ show: show.id, token: show.hostToken });
    const viewerConn = await h.connect({ show: show.id });
    host = hostConn.socket;
    viewer = viewerConn.socket;
    hostSales = record<SalesSummary>(host, 'show:sales');
    viewerSales = record<SalesSummary>(viewer, 'show:sales');
    viewerStock = record<StockPayload>(viewer, 'product:stock');
    assert.ok(hostConn.snapshot.sales, 'the host snapshot carries the sales summary');
    assert.equal(hostConn.snapshot.sales.totals.orders, 0);
    assert.equal('sales' in viewerConn.snapshot, false, 'the viewer snapshot has no sales');
  });
  after(() => h.close());

  it('Buy → test page → Pay: 303 back to the storefront, order paid, stock committed, sales to hosts only', async () => {
    const started = Date.now();
    const res = await checkout(h, show.id, { productId: product.id, quantity: 2, returnUrl: RETURN_URL });
    assert.equal(res.status, 200, res.text);
    const { session } = res;
    assert.equal(session.provider, 'local');
    assert.equal(session.embedded, null);
    assert.match(session.url!, /^\/checkout\/cs_local_[\w-]+$/);
    assert.ok(session.expiresAt! >= started + 29 * 60_000, 'held for the default 30 min');
    await viewerStock.until((s) => s.some((p) => p.productId === product.id && p.stock === 1), 'stock 1 broadcast');

    const page = await h.api('GET', session.url!, { admin: false });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(page.text, /Test checkout/);
    assert.match(page.text, /Linen scarf/);
    assert.match(page.text, /<dt>Quantity<\/dt><dd>2<\/dd>/);
    assert.match(page.text, /<dd class="total">€50\.00<\/dd>/);
    assert.match(page.text, />Pay €50\.00<\/button>/);
    assert.match(page.text, />Cancel<\/button>/);
    assert.match(page.text, new RegExp(`action="${session.url}/pay"`));

    const paid = await submit(h, `${session.url}/pay`);
    assert.equal(paid.status, 303);
    assertReturn(paid.location, 'success', show.id, session.orderId);

    const order = await orderOf(h, show.id, session.orderId!);
    assert.equal(order.status, 'paid');
    assert.equal(order.flag, null);
    assert.deepEqual(order.amount, { amount: 5000, currency: 'EUR' });
    assert.equal(await stockOf(h, show.id, product.id), 1, 'the two paid units stay taken');

    const [summary] = (
      await hostSales.until((s) => s.some((x) => x.totals.orders === 1), 'show:sales with the order')
    ).filter((x) => x.totals.orders === 1);
    assert.equal(summary!.totals.units, 2);
    assert.deepEqual(summary!.totals.revenue, [{ amount: 5000, currency: 'EUR' }]);
    assert.equal(summary!.totals.checkouts, 1);
    assert.equal(summary!.totals.buyClicks, 1);
    assert.equal(summary!.totals.conversion, 1);
    await barrier(viewer);
    assert.equal(viewerSales.seen.length, 0, 'viewers never get show:sales');

    // Paying again (back button, double submit) changes nothing.
    const again = await submit(h, `${session.url}/pay`);
    assert.equal(again.status, 200);
    assert.match(again.text, /Paid/);
    assert.equal((await stats(h, show.id)).totals.units, 2);
    assert.match((await h.api('GET', session.url!, { admin: false })).text, /Paid — thank you/);
  });

  it('Cancel: 303 to the cancel URL, order expired, stock back and broadcast; Pay afterwards is refused', async () => {
    const left = await stockOf(h, show.id, product.id);
    const { session, status } = await checkout(h, show.id, { productId: product.id, returnUrl: RETURN_URL });
    assert.equal(status, 200);
    await viewerStock.until((s) => s.at(-1)?.stock === left! - 1, 'stock taken');
    assert.equal(await stockOf(h, show.id, product.id), left! - 1);

    const cancelled = await leave(h, `${session.url}/cancel`);
    assert.equal(cancelled.status, 303);
    assert.deepEqual(
      cancelled.hops,
      [`/checkout/cancel/${session.orderId}`],
      'through the server, which releases the hold',
    );
    assertReturn(cancelled.location, 'cancel', show.id, session.orderId);
    assert.equal((await orderOf(h, show.id, session.orderId!)).status, 'expired');
    assert.equal(await stockOf(h, show.id, product.id), left);
    await viewerStock.until((s) => s.at(-1)?.stock === left, 'stock given back');

    const pay = await submit(h, `${session.url}/pay`);
    assert.equal(pay.status, 410);
    assert.match(pay.text, /expired/);
    assert.equal((await orderOf(h, show.id, session.orderId!)).status, 'expired');
    assert.equal(await stockOf(h, show.id, product.id), left);
    assert.equal((await h.api('GET', session.url!, { admin: false })).status, 410);
  });

  it('the same idempotency key reuses a pending checkout, and starts a new one once that one was cancelled', async () => {
    const body = { productId: product.id, returnUrl: RETURN_URL, idempotencyKey: 'press-again-1' };
    const first = await checkout(h, show.id, body);
    const again = await checkout(h, show.id, body);
    assert.equal(again.session.orderId, first.session.orderId, 'a double click: one checkout');
    assert.equal((await leave(h, `${first.session.url}/cancel`)).status, 303);
    // The shopper cancels, comes back and presses Buy now again within the card's key window.
    const next = await checkout(h, show.id, body);
    assert.equal(next.status, 200, next.text);
    assert.notEqual(next.session.orderId, first.session.orderId);
    assert.notEqual(next.session.url, first.session.url);
    assert.equal(
      (await checkout(h, show.id, body)).session.orderId,
      next.session.orderId,
      'and the new one is reused in turn',
    );
    assert.equal((await leave(h, `${next.session.url}/cancel`)).status, 303);
  });

  it('an unknown session is a 404 page, not a crash', async () => {
    for (const [method, route] of [
      ['GET', '/checkout/cs_local_nope'],
      ['POST', '/checkout/cs_local_nope/pay'],
      ['POST', '/checkout/cs_local_nope/cancel'],
    ] as const) {
      const res = method === 'GET' ? await h.api('GET', route, { admin: false }) : await submit(h, route);
      assert.equal(res.status, 404, route);
    }
  });

  it('asking for more than is left answers 409 "Only N left" and holds nothing', async () => {
    const left = (await stockOf(h, show.id, product.id))!;
    const res = await checkout(h, show.id, { productId: product.id, quantity: left + 1 });
    assert.equal(res.status, 409);
    assert.equal(res.json.error.code, 'sold_out');
    assert.equal(res.json.error.message, `Only ${left} left`);
    assert.equal(await stockOf(h, show.id, product.id), left);
  });

  it('stock K, N > K concurrent Buy presses: exactly K checkouts, the rest sold_out, stock ends at 0', async () => {
    const K = 5;
    const N = 20;
    const { show: drop, product: item } = await showWithProduct(h, { title: 'Limited drop', stock: K });
    const watcher = await h.connect({ show: drop.id });
    const stock = record<StockPayload>(watcher.socket, 'product:stock');
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        checkout(h, drop.id, { productId: item.id, quantity: 1, idempotencyKey: `race-${i}` }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    assert.equal(ok.length, K);
    assert.equal(new Set(ok.map((a) => a.session.orderId)).size, K, 'K distinct orders');
    assert.ok(
      refused.every((a) => a.status === 409 && a.json.error.code === 'sold_out'),
      JSON.stringify(refused.map((a) => a.json)),
    );
    assert.equal(await stockOf(h, drop.id, item.id), 0);

    await stock.until((s) => s.filter((p) => p.productId === item.id).length >= K, `${K} product:stock`);
    const seen = stock.seen.filter((p) => p.productId === item.id).map((p) => p.stock!);
    assert.equal(seen.at(-1), 0, `ends at 0: ${seen}`);
    assert.ok(
      seen.every((n) => n >= 0 && n < K),
      `never negative: ${seen}`,
    );
    const summary = await stats(h, drop.id);
    assert.equal(summary.totals.checkouts, K);
    assert.equal(summary.totals.buyClicks, N, 'every press is a click, sold out or not');
  });
});

describe('local test checkout: expiry', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ checkout: { sessionTtlMs: 200 } });
  });
  after(() => h.close());

  it('an unpaid session expires after sessionTtlMs on sweep: stock back, Pay refused', async () => {
    const { show, product } = await showWithProduct(h, { stock: 2 });
    const { session, status } = await checkout(h, show.id, { productId: product.id });
    assert.equal(status, 200);
    assert.equal(await stockOf(h, show.id, product.id), 1);
    assert.equal(await h.server.commerce.sweep(), 0, 'nothing lapsed yet');
    assert.equal(await stockOf(h, show.id, product.id), 1);

    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.server.commerce.sweep();
    assert.equal((await orderOf(h, show.id, session.orderId!)).status, 'expired');
    assert.equal(await stockOf(h, show.id, product.id), 2);
    const pay = await submit(h, `${session.url}/pay`);
    assert.equal(pay.status, 410);
    assert.equal((await orderOf(h, show.id, session.orderId!)).status, 'expired');
  });

  it('an order whose checkout was never created (the server died mid-way) is released by the sweeper too', async () => {
    const { show, product } = await showWithProduct(h, { stock: 2 });
    const at = Date.now();
    const order = orderRecord({
      id: `crash-${at}`,
      showId: show.id,
      productId: product.id,
      amount: 2500,
      currency: 'EUR',
      status: 'pending',
      expiresAt: at + 100,
      createdAt: at,
    });
    assert.equal(await h.server.store.placeOrder(order), 'placed');
    assert.equal(await stockOf(h, show.id, product.id), 1, 'the hold is taken with the order, in one transaction');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.server.commerce.sweep();
    assert.equal((await orderOf(h, show.id, order.id)).status, 'expired');
    assert.equal(await stockOf(h, show.id, product.id), 2);
  });

  it('old checkout webhook ids and closed sessions are pruned; open sessions and Mux ids are kept', async () => {
    const { store } = h.server;
    const { show, product } = await showWithProduct(h, { stock: 5 });
    const open = await checkout(h, show.id, { productId: product.id });
    const closed = await checkout(h, show.id, { productId: product.id });
    await leave(h, `${closed.session.url}/cancel`);
    const old = Date.now() - 1000;
    await store.recordWebhookEvent('stripe', 'evt_old', old);
    await store.recordWebhookEvent('mux', 'mux_old', old);
    await store.pruneCheckoutRecords(Date.now() + 31 * 60_000);
    assert.equal(await store.hasWebhookEvent('stripe', 'evt_old'), false);
    assert.equal(await store.hasWebhookEvent('mux', 'mux_old'), true, 'the video provider’s ids are not ours to prune');
    const id = (url: string | null) => url!.split('/').pop()!;
    assert.equal(await store.getCheckoutSession(id(closed.session.url)), null);
    assert.equal((await store.getCheckoutSession(id(open.session.url)))?.status, 'open');
  });

  it('closing an embedded checkout unpaid releases its hold at once (POST …/orders/:id/cancel)', async () => {
    const { show, product } = await showWithProduct(h, { stock: 2 });
    const { show: other } = await showWithProduct(h);
    const { session } = await checkout(h, show.id, { productId: product.id });
    assert.equal(await stockOf(h, show.id, product.id), 1);
    const wrongShow = await h.api('POST', `/api/shows/${other.id}/orders/${session.orderId}/cancel`, { admin: false });
    assert.equal(wrongShow.status, 404);
    assert.equal(await stockOf(h, show.id, product.id), 1);
    const res = await h.api('POST', `/api/shows/${show.id}/orders/${session.orderId}/cancel`, { admin: false });
    assert.equal(res.status, 204);
    assert.equal(await stockOf(h, show.id, product.id), 2);
    assert.equal((await orderOf(h, show.id, session.orderId!)).status, 'expired');
    assert.equal((await submit(h, `${session.url}/pay`)).status, 410, 'the session is closed too');
    assert.equal((await h.api('POST', `/api/shows/${show.id}/orders/nope/cancel`, { admin: false })).status, 404);
  });

  it('a lapsed session opened on the page is closed there, without waiting for the sweeper', async () => {
    const { show, product } = await showWithProduct(h, { stock: 1 });
    const { session } = await checkout(h, show.id, { productId: product.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const page = await h.api('GET', session.url!, { admin: false });
    assert.equal(page.status, 410);
    assert.equal(await stockOf(h, show.id, product.id), 1);
  });
});

describe('per-address checkout limit', () => {
  it('unitsPerMinute caps the checkouts one address starts with 429 rate_limited, holding nothing', async () => {
    const h = await startHarness({ checkout: { unitsPerMinute: 2 } });
    try {
      const { show, product } = await showWithProduct(h, { stock: 10 });
      for (let i = 0; i < 2; i++) assert.equal((await checkout(h, show.id, { productId: product.id })).status, 200);
      const limited = await checkout(h, show.id, { productId: product.id });
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error.code, 'rate_limited');
      assert.equal(await stockOf(h, show.id, product.id), 8);
    } finally {
      await h.close();
    }
  });
});

describe('restart durability', () => {
  it('a paid order, stats, stock and an open checkout survive a restart on the same data dir', async () => {
    let h = await startHarness();
    try {
      const { show, product } = await showWithProduct(h, { stock: 5 });
      const paid = await checkout(h, show.id, { productId: product.id, quantity: 2 });
      assert.equal((await submit(h, `${paid.session.url}/pay`)).status, 303);
      const open = await checkout(h, show.id, { productId: product.id, quantity: 1 });
      await h.api('POST', `/api/shows/${show.id}/clicks`, { body: { productId: product.id }, admin: false });
      const baseline = await stats(h, show.id);
      assert.equal(baseline.totals.orders, 1);
      assert.equal(baseline.totals.buyClicks, 3);
      assert.equal(await stockOf(h, show.id, product.id), 2);
      // Counted in memory only until the next flush: closing must write it.
      await h.api('POST', `/api/shows/${show.id}/clicks`, { body: { productId: product.id }, admin: false });

      await h.close(false);
      h = await startHarness({ dataDir: h.dataDir });
      const expected = timeless(baseline);
      expected.totals = { ...expected.totals, buyClicks: 4, conversion: 1 / 4 };
      expected.products = [{ ...expected.products[0]!, buyClicks: 4 }];
      assert.deepEqual(timeless(await stats(h, show.id)), expected);
      assert.equal(await stockOf(h, show.id, product.id), 2);
      // The open session is still payable after the restart: same signing secret, same store.
      assert.equal((await submit(h, `${open.session.url}/pay`)).status, 303);
      assert.equal((await orderOf(h, show.id, open.session.orderId!)).status, 'paid');
      assert.equal((await stats(h, show.id)).totals.units, 3);
    } finally {
      await h.close();
    }
  });
});
