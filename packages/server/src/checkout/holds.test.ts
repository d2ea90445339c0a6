import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import type { LiveShopServerConfig } from '../config.js';
import { orderOf, stockOf, submit } from '../testing/commerce.js';
import { startHarness, type Harness } from '../testing/harness.js';

/** Buy now from one shopper's address (the harness trusts loopback as its proxy). */
function buy(h: Harness, showId: string, productId: string, ip: string, extra: Record<string, unknown> = {}) {
  return h.api('POST', `/api/shows/${showId}/checkout`, {
    admin: false,
    body: { productId, ...extra },
    headers: { 'x-forwarded-for': ip },
  });
}

function assertHoldsFull(res: { status: number; headers: Headers; json: any }, pattern: RegExp, what: string): void {
  assert.equal(res.status, 429, `${what}: ${JSON.stringify(res.json)}`);
  assert.equal(res.json.error.code, 'rate_limited', what);
  assert.match(res.json.error.message, pattern, what);
  assert.match(res.headers.get('retry-after') ?? '', /^\d+$/, `${what}: Retry-After`);
  assert.ok(Number(res.headers.get('retry-after')) >= 1, what);
}

const dropShow = (h: Harness, stock: number) =>
  h.createShow({
    title: 'Drop',
    products: [
      { title: 'Limited sneaker', price: { amount: 12000, currency: 'EUR' }, stock },
      { title: 'Socks', price: { amount: 900, currency: 'EUR' } },
      { title: 'Cap', price: { amount: 2500, currency: 'EUR' } },
      { title: 'Tote', price: { amount: 1500, currency: 'EUR' }, stock: 50 },
    ],
  });

describe('stock holds per shopper address', () => {
  const open: Harness[] = [];
  const start = async (config: Partial<LiveShopServerConfig> = {}) => {
    // A generous per-minute budget: what is measured here is what one address may hold at once.
    const h = await startHarness({
      trustProxy: 'loopback',
      ...config,
      checkout: { unitsPerMinute: 1000, ...config.checkout },
    });
    open.push(h);
    return h;
  };
  after(async () => {
    for (const h of open.reverse()) await h.close();
  });

  it('twelve parallel checkouts from one address cannot empty an 8-unit drop (default: 5 units per product)', async () => {
    const h = await start();
    const show = await dropShow(h, 8);
    const sneaker = show.products[0]!;
    const results = await Promise.all(Array.from({ length: 12 }, () => buy(h, show.id, sneaker.id, '203.0.113.7')));
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 5, results.map((r) => r.status).join(','));
    for (const res of results.filter((r) => r.status !== 200))
      assertHoldsFull(res, /Limited sneaker.*5 units/, 'beyond the cap');
    assert.equal(await stockOf(h, show.id, sneaker.id), 3, 'the rest of the drop is still for sale');
    // Another shopper buys the rest; one quantity-2 checkout from a fresh address is fine.
    assert.equal((await buy(h, show.id, sneaker.id, '203.0.113.8', { quantity: 2 })).status, 200);
    assert.equal((await buy(h, show.id, sneaker.id, '198.51.100.9')).status, 200);
    assert.equal(await stockOf(h, show.id, sneaker.id), 0);
  });

  it('an IPv6 /64 is one address; one checkout above the cap is a bad request; an idempotent retry is not a new hold', async () => {
    const h = await start({ checkout: { holdUnitsPerProduct: 3 } });
    const show = await dropShow(h, 20);
    const sneaker = show.products[0]!;
    const tooMany = await buy(h, show.id, sneaker.id, '2001:db8:7:1::1', { quantity: 4 });
    assert.deepEqual(
      [tooMany.status, tooMany.json.error.code],
      [400, 'bad_request'],
      'more than the cap in one checkout can never pass',
    );
    assert.match(tooMany.json.error.message, /^quantity: at most 3 of Limited sneaker/);
    assert.equal(await stockOf(h, show.id, sneaker.id), 20, 'a refused checkout holds nothing');
    const first = await buy(h, show.id, sneaker.id, '2001:db8:7:1::1', { quantity: 2, idempotencyKey: 'press-1' });
    assert.equal(first.status, 200, first.text);
    assertHoldsFull(
      await buy(h, show.id, sneaker.id, '2001:db8:7:1:ffff::2', { quantity: 2 }),
      /at most 3 units/,
      'same /64',
    );
    const again = await buy(h, show.id, sneaker.id, '2001:db8:7:1::1', { quantity: 2, idempotencyKey: 'press-1' });
    assert.equal(again.status, 200, 'the same press answers its open checkout');
    assert.equal(again.json.orderId, first.json.orderId);
    assert.equal((await buy(h, show.id, sneaker.id, '2001:db8:7:2::1', { quantity: 3 })).status, 200, 'another /64');
    // Unlimited stock holds nothing: only the per-show checkout count applies.
    assert.equal((await buy(h, show.id, show.products[1]!.id, '2001:db8:7:1::1', { quantity: 9 })).status, 200);
  });

  it('at most N open checkouts per address per show; cancelling, paying and expiry free a place', async () => {
    const h = await start({ checkout: { openCheckoutsPerShow: 3, sessionTtlMs: 3000 } });
    const show = await dropShow(h, 10);
    const other: CreatedShow = await dropShow(h, 10);
    const [sneaker, socks, cap, tote] = show.products as [any, any, any, any];
    const ip = '192.0.2.44';
    const a = await buy(h, show.id, sneaker.id, ip);
    const b = await buy(h, show.id, socks.id, ip);
    const c = await buy(h, show.id, cap.id, ip);
    for (const res of [a, b, c]) assert.equal(res.status, 200, res.text);
    assertHoldsFull(await buy(h, show.id, tote.id, ip), /3 checkouts open/, 'a fourth open checkout');
    assert.equal(await stockOf(h, show.id, tote.id), 50);
    assert.equal((await buy(h, other.id, other.products[0]!.id, ip)).status, 200, 'another show has its own count');

    // Cancelling (the embedded dialog closed unpaid) frees a place at once.
    assert.equal(
      (await h.api('POST', `/api/shows/${show.id}/orders/${a.json.orderId}/cancel`, { admin: false })).status,
      204,
    );
    const d = await buy(h, show.id, tote.id, ip);
    assert.equal(d.status, 200, d.text);
    assertHoldsFull(await buy(h, show.id, sneaker.id, ip), /3 checkouts open/, 'full again');

    // Paying frees one too (the sale keeps its stock, not the place).
    assert.equal((await submit(h, `${b.json.url}/pay`)).status, 303);
    assert.equal((await orderOf(h, show.id, b.json.orderId)).status, 'paid');
    assert.equal((await buy(h, show.id, sneaker.id, ip)).status, 200);

    // Expiry: once the holds lapse, the sweeper releases them and the address may buy again.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, c.json.expiresAt - Date.now()) + 100));
    await h.server.commerce.sweep();
    assert.equal((await orderOf(h, show.id, c.json.orderId)).status, 'expired');
    assert.equal((await buy(h, show.id, cap.id, ip)).status, 200);
  });

  it('the count lives in the store: two nodes on one database share the cap', async () => {
    const a = await start({ checkout: { holdUnitsPerProduct: 2 } });
    const b = await start({ dataDir: a.dataDir, checkout: { holdUnitsPerProduct: 2 } });
    const show = await dropShow(a, 10);
    const sneaker = show.products[0]!;
    assert.equal((await buy(a, show.id, sneaker.id, '203.0.113.60')).status, 200);
    assert.equal((await buy(b, show.id, sneaker.id, '203.0.113.60')).status, 200);
    assertHoldsFull(await buy(a, show.id, sneaker.id, '203.0.113.60'), /at most 2 units/, 'node A sees node B’s hold');
    assertHoldsFull(await buy(b, show.id, sneaker.id, '203.0.113.60'), /at most 2 units/, 'and node B node A’s');
    assert.equal(await stockOf(b, show.id, sneaker.id), 8);
    // Both nodes close on the same data dir: only the last one removes it.
    open.splice(open.indexOf(b), 1);
    await b.close(false);
  });
});
