import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, Product, SalesSummary } from '@live-shop/protocol';
import {
  checkout,
  deliver,
  deliverSigned,
  orderOf,
  showWithProduct,
  stats,
  stockOf,
  timeless,
  WEBHOOK_SECRET,
} from '../testing/commerce.js';
import { signPayload, startFakeStripe, type FakeSession, type FakeStripe } from '../testing/fake-stripe.js';
import { record, startHarness, type Harness } from '../testing/harness.js';

/** Bounds each test: a Stripe call through the SDK may retry. */
const T = { timeout: 20_000 };

describe('Stripe checkout: what the server sends to Stripe', () => {
  let fake: FakeStripe;
  let h: Harness;
  let show: CreatedShow;
  let product: Product;
  before(async () => {
    fake = await startFakeStripe();
    // Many checkouts from one address: per-address hold caps are tested in holds.test.ts.
    const limits = { unitsPerMinute: 100, holdUnitsPerProduct: 100, openCheckoutsPerShow: 100 };
    h = await startHarness({
      stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url },
      checkout: limits,
      allowedOrigins: ['https://shop.example'],
    });
    ({ show, product } = await showWithProduct(h, { stock: 50 }));
  });
  after(async () => {
    await h.close();
    await fake.close();
  });
  const creates = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');

  it('ignores a client-sent price: the session is built from the catalog only', T, async () => {
    const started = Date.now();
    const res = await checkout(h, show.id, {
      productId: product.id,
      quantity: 2,
      returnUrl: 'https://shop.example/live?ref=7#player',
      idempotencyKey: 'price-test-1',
      price: { amount: 1, currency: 'EUR' },
      amount: 1,
      unitAmount: 1,
    });
    assert.equal(res.status, 200, res.text);
    const { orderId } = res.session;
    const request = creates().at(-1)!;
    const body = request.body as any;
    assert.deepEqual(body.line_items, [
      {
        quantity: '2',
        price_data: {
          currency: 'eur',
          unit_amount: '2500',
          product_data: { name: 'Linen scarf', description: 'Soft' },
        },
      },
    ]);
    assert.doesNotMatch(request.raw, /(^|&)(price|amount|unitAmount)=/, 'no client field reaches Stripe');
    assert.deepEqual(body.metadata, { showId: show.id, productId: product.id, orderId });
    assert.equal(body.client_reference_id, orderId);
    assert.ok(Number(body.expires_at) >= Math.floor(started / 1000) + 30 * 60, 'expires_at at least 30 min ahead');
    const back = (status: string) =>
      `https://shop.example/live?ref=7&live_shop_checkout=${status}&live_shop_show=${show.id}&live_shop_order=${orderId}`;
    assert.equal(body.success_url, back('success'));
    assert.equal(
      body.cancel_url,
      `${h.url}/checkout/cancel/${orderId}`,
      'cancel goes through this server (it releases the hold)',
    );
    assert.equal(request.headers['idempotency-key'], `live-shop-order-${res.json.orderId}`);

    const session = fake.sessions.get([...fake.sessions.keys()].at(-1)!)!;
    assert.equal(session.amount_total, 5000);
    assert.deepEqual(res.session, {
      orderId,
      provider: 'stripe',
      url: session.url,
      embedded: null,
      expiresAt: session.expires_at * 1000,
    });
    const order = await orderOf(h, show.id, orderId!);
    assert.deepEqual(order.amount, { amount: 5000, currency: 'EUR' });
  });

  it('a double click (same idempotencyKey, concurrent) opens one order and one Stripe session', T, async () => {
    const sessionsBefore = fake.sessions.size;
    const stockBefore = (await stockOf(h, show.id, product.id))!;
    const body = { productId: product.id, idempotencyKey: 'double-click-1' };
    const [a, b] = await Promise.all([checkout(h, show.id, body), checkout(h, show.id, body)]);
    assert.equal(a.status, 200, a.text);
    assert.equal(b.status, 200, b.text);
    assert.equal(a.session.orderId, b.session.orderId);
    assert.equal(a.session.url, b.session.url);
    assert.equal(fake.sessions.size, sessionsBefore + 1);
    assert.equal(await stockOf(h, show.id, product.id), stockBefore - 1, 'one unit held, not two');
    assert.equal((await stats(h, show.id)).recent.filter((o) => o.id === a.session.orderId).length, 1);

    const [c, d] = await Promise.all([
      checkout(h, show.id, { productId: product.id }),
      checkout(h, show.id, { productId: product.id }),
    ]);
    assert.equal(c.status, 200);
    assert.equal(d.status, 200);
    assert.notEqual(c.session.orderId, d.session.orderId);
    assert.equal(fake.sessions.size, sessionsBefore + 3, 'without a key, two presses are two checkouts');
  });

  it('a key reused for another product or quantity is refused, not answered with the other checkout', T, async () => {
    const { show: other, product: mug } = await showWithProduct(h, { title: 'Mug', stock: 5 });
    const first = await checkout(h, other.id, { productId: mug.id, idempotencyKey: 'cart-42' });
    assert.equal(first.status, 200);
    const sessionsBefore = fake.sessions.size;
    const more = await checkout(h, other.id, { productId: mug.id, quantity: 2, idempotencyKey: 'cart-42' });
    assert.equal(more.status, 400);
    assert.equal(more.json.error.code, 'bad_request');
    assert.match(more.json.error.message, /idempotencyKey/);
    const { show: second, product: kettle } = await showWithProduct(h, { title: 'Kettle' });
    // Keys are per show: the same key in another show is another checkout.
    assert.equal((await checkout(h, second.id, { productId: kettle.id, idempotencyKey: 'cart-42' })).status, 200);
    assert.equal(fake.sessions.size, sessionsBefore + 1);
    assert.equal(await stockOf(h, other.id, mug.id), 4, 'the refused request held nothing');
  });

  it(
    'without a returnUrl, Stripe sends the shopper back to this server’s return page (no test banner)',
    T,
    async () => {
      const res = await checkout(h, show.id, { productId: product.id });
      assert.equal(res.status, 200);
      const body = creates().at(-1)!.body as any;
      const success = new URL(body.success_url);
      assert.equal(`${success.origin}${success.pathname}`, `${h.url}/checkout/return`);
      assert.equal(success.searchParams.get('live_shop_checkout'), 'success');
      assert.equal(success.searchParams.get('live_shop_order'), res.session.orderId);
      const page = await h.api('GET', success.pathname + success.search, { admin: false });
      assert.equal(page.status, 200, page.text.slice(0, 120));
      assert.match(page.text, /Thanks for your order!/);
      assert.doesNotMatch(page.text, /Test checkout/, 'a real payment is no test');
    },
  );

  it(
    'Stripe’s cancel link goes through this server: the session is expired at Stripe and the hold released at once',
    T,
    async () => {
      const before = await stockOf(h, show.id, product.id);
      const res = await checkout(h, show.id, { productId: product.id, returnUrl: 'https://shop.example/live' });
      assert.equal(await stockOf(h, show.id, product.id), before! - 1);
      const body = creates().at(-1)!.body as any;
      assert.equal(body.cancel_url, `${h.url}/checkout/cancel/${res.session.orderId}`);
      const back = await fetch(body.cancel_url, { redirect: 'manual' });
      assert.equal(back.status, 303);
      const location = new URL(back.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, 'https://shop.example/live');
      assert.equal(location.searchParams.get('live_shop_checkout'), 'cancel');
      assert.equal(await stockOf(h, show.id, product.id), before, 'the hold is released now, not in 30 minutes');
      assert.equal((await orderOf(h, show.id, res.session.orderId!)).status, 'expired');
      const sessionId = [...fake.sessions.values()].find((s) => s.metadata?.orderId === res.session.orderId)!.id;
      assert.equal(fake.sessions.get(sessionId)!.status, 'expired', 'expired at Stripe too');
      assert.ok(
        fake.requests.some((r) => r.method === 'POST' && r.path === `/v1/checkout/sessions/${sessionId}/expire`),
      );
      // The Stripe expired webhook that follows changes nothing more.
      const again = await fetch(body.cancel_url, { redirect: 'manual' });
      assert.equal(again.status, 303);
      assert.equal(await stockOf(h, show.id, product.id), before);
    },
  );

  it('a publicUrl makes Stripe’s links absolute on it, whatever Host the request named', T, async () => {
    const pub = await startHarness({
      stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url },
      publicUrl: 'https://live.example.com',
    });
    try {
      const { show: s, product: p } = await showWithProduct(pub);
      const res = await pub.api('POST', `/api/shows/${s.id}/checkout`, {
        admin: false,
        body: { productId: p.id },
        headers: { host: 'evil.example' },
      });
      assert.equal(res.status, 200, res.text);
      const body = creates().at(-1)!.body as any;
      assert.match(body.success_url, /^https:\/\/live\.example\.com\/checkout\/return\?/);
      assert.match(body.cancel_url, /^https:\/\/live\.example\.com\/checkout\/cancel\//);
    } finally {
      await pub.close();
    }
  });

  it('Stripe unreachable or refusing: 503 checkout_unavailable, the hold released, the order failed', T, async () => {
    const stockBefore = await stockOf(h, show.id, product.id);
    const watcher = await h.connect({ show: show.id });
    const stock = record<{ productId: string; stock: number }>(watcher.socket, 'product:stock');

    fake.failNext(400);
    const refused = await checkout(h, show.id, { productId: product.id, quantity: 3 });
    assert.equal(refused.status, 503);
    assert.equal(refused.json.error.code, 'checkout_unavailable');
    assert.equal(await stockOf(h, show.id, product.id), stockBefore);
    assert.equal((await stats(h, show.id)).recent[0]!.status, 'failed');
    await stock.until((s) => s.length >= 2 && s.at(-1)!.stock === stockBefore, 'hold taken then given back');

    fake.down = true;
    try {
      const down = await checkout(h, show.id, { productId: product.id, quantity: 2 }, 15_000);
      assert.equal(down.status, 503);
      assert.equal(down.json.error.code, 'checkout_unavailable');
      assert.doesNotMatch(down.text, new RegExp(fake.secretKey));
    } finally {
      fake.down = false;
    }
    assert.equal(await stockOf(h, show.id, product.id), stockBefore);
    const [latest] = (await stats(h, show.id)).recent;
    assert.equal(latest!.status, 'failed');
    assert.equal(latest!.quantity, 2);
  });
});

describe('Stripe webhooks at /webhooks/stripe', () => {
  let fake: FakeStripe;
  let h: Harness;
  before(async () => {
    fake = await startFakeStripe();
    h = await startHarness({
      stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url },
      checkout: { unitsPerMinute: 100 },
      allowedOrigins: ['https://shop.example'],
    });
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  /** A pending Stripe checkout and its session at the fake. */
  async function pending(showId: string, productId: string, quantity = 1) {
    const res = await checkout(h, showId, { productId, quantity });
    assert.equal(res.status, 200, res.text);
    const session = [...fake.sessions.values()].find((s) => s.metadata.orderId === res.session.orderId)!;
    return { orderId: res.session.orderId!, sessionId: session.id, session };
  }
  const event = (type: string, session: object) => fake.event(type, session);
  const completed = (sessionId: string, paid = true) =>
    event('checkout.session.completed', fake.complete(sessionId, { paid }));

  it('a valid completed+paid event → 200, order paid, host show:sales, admin stats', T, async () => {
    const { show, product } = await showWithProduct(h, { stock: 4 });
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const sales = record<SalesSummary>(host.socket, 'show:sales');
    const { orderId, sessionId } = await pending(show.id, product.id, 2);
    const res = await deliverSigned(h, completed(sessionId));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { received: true, outcome: 'paid' });
    const order = await orderOf(h, show.id, orderId);
    assert.equal(order.status, 'paid');
    assert.equal(order.flag, null);
    assert.equal(order.provider, 'stripe');
    const summary = await stats(h, show.id);
    assert.equal(summary.totals.orders, 1);
    assert.equal(summary.totals.units, 2);
    assert.deepEqual(summary.totals.revenue, [{ amount: 5000, currency: 'EUR' }]);
    await sales.until(
      (s) => s.some((x) => x.totals.orders === 1 && x.totals.units === 2),
      'show:sales with the paid order',
    );
    assert.equal(await stockOf(h, show.id, product.id), 2);
  });

  it('bad signature, stale timestamp, re-serialized body, missing header → 400 and nothing applied', T, async () => {
    const { show, product } = await showWithProduct(h);
    const { orderId, sessionId } = await pending(show.id, product.id);
    const baseline = timeless(await stats(h, show.id));
    const payload = JSON.stringify(completed(sessionId));
    const stale = Math.floor(Date.now() / 1000) - 301;
    const attempts: Array<[string, string, string | null]> = [
      ['wrong secret', payload, signPayload(payload, 'whsec_not_the_right_one')],
      ['stale timestamp', payload, signPayload(payload, WEBHOOK_SECRET, stale)],
      ['re-serialized body', JSON.stringify(JSON.parse(payload), null, 2), signPayload(payload, WEBHOOK_SECRET)],
      ['missing header', payload, null],
      ['garbage header', payload, 'nonsense'],
    ];
    for (const [what, body, signature] of attempts) {
      const res = await deliver(h, body, signature);
      assert.equal(res.status, 400, what);
      assert.equal(res.json.error.code, 'bad_request', what);
    }
    assert.equal((await orderOf(h, show.id, orderId)).status, 'pending');
    assert.deepEqual(timeless(await stats(h, show.id)), baseline);
    // The refused deliveries did not burn the event id: the genuine one still applies.
    const genuine = await deliver(h, payload, signPayload(payload, WEBHOOK_SECRET));
    assert.equal(genuine.json.outcome, 'paid');
  });

  it('a redelivered event id is answered duplicate and applied once', T, async () => {
    const { show, product } = await showWithProduct(h);
    const { sessionId } = await pending(show.id, product.id, 2);
    const paid = completed(sessionId);
    assert.equal((await deliverSigned(h, paid)).json.outcome, 'paid');
    const again = await deliverSigned(h, paid);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, { received: true, outcome: 'duplicate' });
    const summary = await stats(h, show.id);
    assert.equal(summary.totals.orders, 1);
    assert.equal(summary.totals.units, 2, 'units not doubled');
    // Another event id for the same, already paid session changes nothing either.
    assert.equal(
      (await deliverSigned(h, event('checkout.session.completed', fake.sessions.get(sessionId)!))).json.outcome,
      'no_change',
    );
    assert.equal((await stats(h, show.id)).totals.units, 2);
  });

  it('the same event delivered twice at once is applied once, and neither delivery is lost', T, async () => {
    const { show, product } = await showWithProduct(h);
    const { orderId, sessionId } = await pending(show.id, product.id, 2);
    const paid = completed(sessionId);
    const answers = await Promise.all([deliverSigned(h, paid), deliverSigned(h, paid), deliverSigned(h, paid)]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    assert.equal(
      answers.filter((a) => a.json.outcome === 'paid').length,
      1,
      JSON.stringify(answers.map((a) => a.json)),
    );
    assert.equal((await orderOf(h, show.id, orderId)).status, 'paid');
    assert.equal((await stats(h, show.id)).totals.units, 2);
  });

  it('completed but unpaid (delayed method) stays pending; async_payment_succeeded makes it paid', T, async () => {
    const { show, product } = await showWithProduct(h, { stock: 2 });
    const { orderId, sessionId } = await pending(show.id, product.id);
    assert.equal((await deliverSigned(h, completed(sessionId, false))).json.outcome, 'awaiting_payment');
    assert.equal((await orderOf(h, show.id, orderId)).status, 'pending');
    assert.equal(await stockOf(h, show.id, product.id), 1, 'the hold stays while the payment is pending');
    const session = { ...fake.sessions.get(sessionId)!, payment_status: 'paid' };
    assert.equal(
      (await deliverSigned(h, event('checkout.session.async_payment_succeeded', session))).json.outcome,
      'paid',
    );
    assert.equal((await orderOf(h, show.id, orderId)).status, 'paid');
    assert.equal(await stockOf(h, show.id, product.id), 1);
  });

  it('async_payment_failed → failed with the stock back; expired → expired with the stock back', T, async () => {
    const { show, product } = await showWithProduct(h, { stock: 2 });
    const a = await pending(show.id, product.id);
    const b = await pending(show.id, product.id);
    assert.equal(await stockOf(h, show.id, product.id), 0);

    assert.equal((await deliverSigned(h, completed(a.sessionId, false))).json.outcome, 'awaiting_payment');
    assert.equal(
      (await deliverSigned(h, event('checkout.session.async_payment_failed', fake.sessions.get(a.sessionId)!))).json
        .outcome,
      'failed',
    );
    assert.equal((await orderOf(h, show.id, a.orderId)).status, 'failed');
    assert.equal(await stockOf(h, show.id, product.id), 1);

    const expired: FakeSession = { ...b.session, status: 'expired', url: null };
    assert.equal((await deliverSigned(h, event('checkout.session.expired', expired))).json.outcome, 'expired');
    assert.equal((await orderOf(h, show.id, b.orderId)).status, 'expired');
    assert.equal(await stockOf(h, show.id, product.id), 2);
    // Expiring twice gives nothing back twice.
    assert.equal((await deliverSigned(h, event('checkout.session.expired', expired))).json.outcome, 'no_change');
    assert.equal(await stockOf(h, show.id, product.id), 2);
  });

  it('an event for an unknown session, or of another type, is 200 and changes nothing', T, async () => {
    const { show, product } = await showWithProduct(h);
    await pending(show.id, product.id);
    const baseline = timeless(await stats(h, show.id));
    const stranger = {
      id: 'cs_test_unknown',
      object: 'checkout.session',
      payment_status: 'paid',
      amount_total: 2500,
      currency: 'eur',
      metadata: {},
    };
    const unknown = await deliverSigned(h, event('checkout.session.completed', stranger));
    assert.equal(unknown.status, 200);
    assert.equal(unknown.json.outcome, 'unknown_session');
    const other = await deliverSigned(h, event('payment_intent.succeeded', { id: 'pi_123', object: 'payment_intent' }));
    assert.equal(other.status, 200);
    assert.equal(other.json.outcome, 'ignored');
    assert.deepEqual(timeless(await stats(h, show.id)), baseline);
  });

  it('an amount_total other than the catalog total → paid, flagged amount_mismatch', T, async () => {
    const { show, product } = await showWithProduct(h);
    const { orderId, sessionId } = await pending(show.id, product.id);
    const session = { ...fake.complete(sessionId), amount_total: 100 };
    assert.equal((await deliverSigned(h, event('checkout.session.completed', session))).json.outcome, 'paid_flagged');
    const order = await orderOf(h, show.id, orderId);
    assert.equal(order.status, 'paid');
    assert.equal(order.flag, 'amount_mismatch');
    assert.deepEqual(order.amount, { amount: 2500, currency: 'EUR' }, 'the catalog amount is what the order says');
  });

  it(
    'money for an expired order: stock gone → paid + oversold, never negative; stock left → paid, re-taken',
    T,
    async () => {
      const { show, product } = await showWithProduct(h, { stock: 1 });
      const late = await pending(show.id, product.id);
      await deliverSigned(h, event('checkout.session.expired', { ...late.session, status: 'expired' }));
      assert.equal(await stockOf(h, show.id, product.id), 1);
      const other = await pending(show.id, product.id);
      assert.equal(await stockOf(h, show.id, product.id), 0);

      assert.equal((await deliverSigned(h, completed(late.sessionId))).json.outcome, 'paid_flagged');
      const oversold = await orderOf(h, show.id, late.orderId);
      assert.equal(oversold.status, 'paid');
      assert.equal(oversold.flag, 'oversold');
      assert.equal(await stockOf(h, show.id, product.id), 0, 'never below zero');
      assert.equal((await orderOf(h, show.id, other.orderId)).status, 'pending', 'the other shopper keeps their hold');

      const { show: s2, product: p2 } = await showWithProduct(h, { stock: 2 });
      const again = await pending(s2.id, p2.id);
      await deliverSigned(h, event('checkout.session.expired', { ...again.session, status: 'expired' }));
      assert.equal(await stockOf(h, s2.id, p2.id), 2);
      assert.equal((await deliverSigned(h, completed(again.sessionId))).json.outcome, 'paid');
      const order = await orderOf(h, s2.id, again.orderId);
      assert.equal(order.status, 'paid');
      assert.equal(order.flag, null);
      assert.equal(await stockOf(h, s2.id, p2.id), 1, 'the paid unit is taken again');
    },
  );
});
