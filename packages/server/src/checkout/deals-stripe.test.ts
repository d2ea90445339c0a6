import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, Product } from '@live-shop/protocol';
import { checkout, deliverSigned, orderOf, WEBHOOK_SECRET } from '../testing/commerce.js';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe.js';
import { request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';

const MIN = 60_000;

describe('flash deals and coupons with Stripe (fake Stripe API)', () => {
  let fake: FakeStripe;
  let h: Harness;
  let clock = Date.now();
  let show: CreatedShow;
  let shirt: Product;
  let host: ClientSocket;

  before(async () => {
    fake = await startFakeStripe();
    h = await startHarness({
      now: () => clock,
      stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url },
      // Sessions may last 3 h here, so a deal ending within them sets expires_at itself.
      checkout: {
        unitsPerMinute: 1000,
        holdUnitsPerProduct: 100,
        openCheckoutsPerShow: 100,
        sessionTtlMs: 3 * 60 * MIN,
      },
    });
    show = await h.createShow({
      title: 'Stripe deals',
      products: [{ title: 'Linen shirt', price: { amount: 4900, currency: 'EUR' }, stock: 20 }],
    });
    shirt = show.products[0]!;
    host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  const sessionOf = (orderId: string) => [...fake.sessions.values()].find((s) => s.metadata.orderId === orderId)!;
  const lastCreate = () => fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
  const pay = (sessionId: string, promotionCode?: number) =>
    deliverSigned(h, fake.event('checkout.session.completed', fake.complete(sessionId, { promotionCode })));

  it('a deal ending within Stripe’s window: deal price, expires_at = the deal end', async () => {
    const endsAt = clock + 90 * MIN;
    assert.equal((await request(host, 'product:deal', { productId: shirt.id, amount: 2900, endsAt })).ok, true);
    const res = await checkout(h, show.id, { productId: shirt.id });
    assert.equal(res.status, 200, res.text);
    const body = lastCreate().body as any;
    assert.equal(body.line_items[0].price_data.unit_amount, '2900');
    assert.equal(body.expires_at, String(Math.floor(endsAt / 1000)));
    assert.equal(res.session.expiresAt, Math.floor(endsAt / 1000) * 1000);
    const session = sessionOf(res.session.orderId!);
    assert.equal(session.amount_total, 2900);
    assert.equal((await pay(session.id)).json.outcome, 'paid');
    const order = await orderOf(h, show.id, res.session.orderId!);
    assert.deepEqual([order.amount.amount, order.flag], [2900, null]);
  });

  it('a deal ending sooner than Stripe’s 30 min minimum: honoured for 35 min, as created before the end', async () => {
    const endsAt = clock + 5 * MIN;
    assert.equal((await request(host, 'product:deal', { productId: shirt.id, amount: 3900, endsAt })).ok, true);
    const res = await checkout(h, show.id, { productId: shirt.id });
    assert.equal(res.status, 200, res.text);
    const body = lastCreate().body as any;
    assert.equal(body.line_items[0].price_data.unit_amount, '3900');
    assert.equal(Number(body.expires_at), Math.floor((clock + 35 * MIN) / 1000), 'Stripe’s minimum with its margin');

    // After the deal: new checkouts pay the list price.
    clock = endsAt + 1;
    const later = await checkout(h, show.id, { productId: shirt.id });
    assert.equal(later.status, 200, later.text);
    assert.equal((lastCreate().body as any).line_items[0].price_data.unit_amount, '4900');
    assert.equal((await orderOf(h, show.id, later.session.orderId!)).amount.amount, 4900);
  });

  it('a deal on a product with a Stripe Price charges the deal as price_data, never the Price', async () => {
    fake.addPrice('price_cap', { unit_amount: 3500, currency: 'eur' });
    const created = await h.api('POST', `/api/shows/${show.id}/products`, {
      body: { title: 'Wool cap', price: { amount: 3500, currency: 'EUR' }, stripePriceId: 'price_cap' },
    });
    assert.equal(created.status, 201, created.text);
    const cap = created.json as Product;
    const before = await checkout(h, show.id, { productId: cap.id });
    assert.equal(before.status, 200, before.text);
    assert.deepEqual((lastCreate().body as any).line_items[0], { quantity: '1', price: 'price_cap' });
    const endsAt = clock + 60 * MIN;
    assert.equal((await request(host, 'product:deal', { productId: cap.id, amount: 2500, endsAt })).ok, true);
    const during = await checkout(h, show.id, { productId: cap.id });
    assert.equal(during.status, 200, during.text);
    const item = (lastCreate().body as any).line_items[0];
    assert.equal(item.price, undefined);
    assert.equal(item.price_data.unit_amount, '2500');
  });

  it('Stripe refuses to complete a session after its expires_at (the fake, like Stripe)', async () => {
    const res = await checkout(h, show.id, { productId: shirt.id });
    const session = sessionOf(res.session.orderId!);
    fake.clockOffsetMs = 4 * 60 * MIN;
    try {
      assert.throws(() => fake.complete(session.id), /expired/);
    } finally {
      fake.clockOffsetMs = 0;
    }
  });

  it('a live-shop coupon becomes a one-off Stripe coupon in `discounts`; the total matches the order', async () => {
    const created = await h.api('POST', `/api/shows/${show.id}/coupons`, { body: { code: 'TEN', percentOff: 10 } });
    assert.equal(created.status, 201, created.text);
    const res = await checkout(h, show.id, { productId: shirt.id, quantity: 2, coupon: 'ten' });
    assert.equal(res.status, 200, res.text);
    const coupon = fake.requests.filter((r) => r.path === '/v1/coupons').at(-1)!.body as any;
    assert.deepEqual(
      [coupon.amount_off, coupon.currency, coupon.duration, coupon.max_redemptions],
      ['980', 'eur', 'once', '1'],
    );
    const body = lastCreate().body as any;
    assert.equal(body.allow_promotion_codes, undefined, 'Stripe takes discounts or promotion codes, not both');
    assert.equal(body.discounts.length, 1);
    const session = sessionOf(res.session.orderId!);
    assert.deepEqual([session.amount_total, session.total_details.amount_discount], [8820, 980]);
    assert.equal((await pay(session.id)).json.outcome, 'paid');
    const order = await orderOf(h, show.id, res.session.orderId!);
    assert.deepEqual([order.amount.amount, order.discount, order.coupon, order.flag], [8820, 980, 'TEN', null]);
    const listed = (await h.api('GET', `/api/shows/${show.id}/coupons`)).json.coupons;
    assert.equal(listed[0].redemptions, 1);
  });

  it('without a coupon the page offers promotion codes; what one takes off is recorded, not flagged', async () => {
    const res = await checkout(h, show.id, { productId: shirt.id });
    assert.equal((lastCreate().body as any).allow_promotion_codes, 'true');
    const session = sessionOf(res.session.orderId!);
    assert.equal((await pay(session.id, 700)).json.outcome, 'paid');
    const order = await orderOf(h, show.id, res.session.orderId!);
    assert.deepEqual([order.amount.amount, order.discount, order.flag], [4200, 700, null]);
  });

  it('the fake refuses discounts together with allow_promotion_codes, and unknown coupons, as Stripe does', async () => {
    const form = (extra: string) =>
      withTimeout(
        fetch(`${fake.url}/v1/checkout/sessions`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${fake.secretKey}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body:
            'mode=payment&success_url=https%3A%2F%2Fshop.example%2F&line_items[0][quantity]=1' +
            '&line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=1000' +
            `&line_items[0][price_data][product_data][name]=x${extra}`,
        }),
        'fake create',
      );
    const both = await form('&allow_promotion_codes=true&discounts[0][coupon]=abc');
    assert.equal(both.status, 400);
    assert.match((await both.json()).error.message, /only specify one of these parameters/);
    const unknown = await form('&discounts[0][coupon]=nope');
    assert.equal(unknown.status, 400);
    assert.equal((await unknown.json()).error.code, 'resource_missing');
  });
});
