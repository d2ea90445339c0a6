import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LiveShopError, type Product } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import { signPayload, startFakeStripe, type FakeStripe } from '../testing/fake-stripe.js';
import type { CheckoutCreateInput } from './provider.js';
import { WebhookSignatureError } from './provider.js';
import { STRIPE_MAX_TTL_MS, StripeCheckoutProvider, type StripeCheckoutConfig } from './stripe.js';

/** Bounds every test: the SDK's own timeout is 10 s per attempt, the fake answers in milliseconds. */
const T = { timeout: 15_000 };
const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
const PK = 'pk_test_publishable0123';

let fake: FakeStripe;
const logs: string[] = [];
const logger: Logger = {
  info: (m) => logs.push(m),
  warn: (m) => logs.push(m),
  error: (m, e) => logs.push(`${m} ${String(e ?? '')}`),
};

function provider(config: Partial<StripeCheckoutConfig> = {}): StripeCheckoutProvider {
  return new StripeCheckoutProvider(
    { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url, ...config },
    logger,
  );
}

const product = (overrides: Partial<Product> = {}): Product => ({
  id: 'prod-1',
  showId: 'show-1',
  title: 'Linen shirt',
  description: 'Washed linen, relaxed fit',
  imageUrl: '/media/shirt.jpg',
  price: { amount: 4900, currency: 'EUR' },
  checkoutUrl: null,
  stripePriceId: null,
  stock: 10,
  ...overrides,
});

let orders = 0;
function input(p: StripeCheckoutProvider, overrides: Partial<CheckoutCreateInput> = {}): CheckoutCreateInput {
  orders += 1;
  return {
    orderId: `order-${orders}`,
    show: { id: 'show-1', title: 'Spring drop' },
    product: product(),
    quantity: 2,
    successUrl: 'https://shop.example.com/thanks?session={CHECKOUT_SESSION_ID}',
    cancelUrl: 'https://shop.example.com/live',
    shopperRef: null,
    viewerRef: null,
    idempotencyKey: `checkout-key-${orders}-${Date.now()}`,
    expiresAt: Date.now() + p.sessionTtlMs,
    origin: 'http://127.0.0.1:3000',
    ...overrides,
  };
}

const creates = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
const lastCreate = () => creates().at(-1)!;
const isUnavailable = (error: unknown) => error instanceof LiveShopError && error.code === 'checkout_unavailable';

before(async () => {
  fake = await startFakeStripe();
});
after(() => fake.close());

describe('StripeCheckoutProvider.create against the fake Stripe API', () => {
  test('hosted: a payment session priced only from the catalog, with attribution metadata', T, async () => {
    const p = provider();
    const order = input(p);
    const created = await p.create(order);

    const request = lastCreate();
    const sentExpiry = Math.floor(order.expiresAt / 1000);
    // The whole body: no amount or field the catalog and the input did not provide.
    assert.deepEqual(request.body, {
      mode: 'payment',
      line_items: [
        {
          quantity: '2',
          price_data: {
            currency: 'eur',
            unit_amount: '4900',
            product_data: {
              name: 'Linen shirt',
              description: 'Washed linen, relaxed fit',
              images: ['http://127.0.0.1:3000/media/shirt.jpg'],
            },
          },
        },
      ],
      metadata: { showId: 'show-1', productId: 'prod-1', orderId: order.orderId },
      payment_intent_data: { metadata: { showId: 'show-1', productId: 'prod-1', orderId: order.orderId } },
      client_reference_id: order.orderId,
      expires_at: String(sentExpiry),
      // No live-shop coupon: Stripe's page offers the merchant's promotion codes (issue 15).
      allow_promotion_codes: 'true',
      success_url: order.successUrl,
      cancel_url: order.cancelUrl,
    });
    assert.ok(sentExpiry >= Date.now() / 1000 + 30 * 60, 'expires_at at least 30 min ahead');
    assert.equal(request.headers['idempotency-key'], order.idempotencyKey);
    assert.equal(request.headers.authorization, `Bearer ${fake.secretKey}`);

    const session = fake.sessions.get(created.sessionId)!;
    assert.match(created.sessionId, /^cs_test_/);
    assert.equal(session.amount_total, 9800);
    assert.deepEqual(created, {
      sessionId: session.id,
      url: session.url,
      embedded: null,
      expiresAt: sentExpiry * 1000,
    });
    assert.match(created.url!, /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
  });

  test(
    'shopperRef and viewerRef go into both metadata; no image and no description are left out, absolute images kept',
    T,
    async () => {
      const p = provider();
      await p.create(
        input(p, {
          shopperRef: 'cart-77',
          viewerRef: 'v_0123456789abcdef',
          product: product({ imageUrl: null, description: '  ' }),
        }),
      );
      const body = lastCreate().body as any;
      assert.equal(body.metadata.shopperRef, 'cart-77');
      assert.equal(body.payment_intent_data.metadata.shopperRef, 'cart-77');
      assert.equal(body.metadata.viewerRef, 'v_0123456789abcdef');
      assert.equal(body.payment_intent_data.metadata.viewerRef, 'v_0123456789abcdef');
      assert.deepEqual(body.line_items[0].price_data.product_data, { name: 'Linen shirt' });

      await p.create(input(p, { product: product({ imageUrl: 'https://cdn.example.com/a.png' }) }));
      assert.deepEqual((lastCreate().body as any).line_items[0].price_data.product_data.images, [
        'https://cdn.example.com/a.png',
      ]);
    },
  );

  test('a product with a Stripe Price sends only the price id and quantity', T, async () => {
    fake.addPrice('price_123', { unit_amount: 2500, currency: 'usd' });
    const p = provider();
    const created = await p.create(input(p, { product: product({ stripePriceId: 'price_123' }), quantity: 3 }));
    const body = lastCreate().body as any;
    assert.deepEqual(body.line_items, [{ quantity: '3', price: 'price_123' }]);
    assert.ok(!lastCreate().raw.includes('price_data') && !lastCreate().raw.includes('unit_amount'));
    assert.equal(fake.sessions.get(created.sessionId)!.amount_total, 7500);
  });

  test('the same idempotency key twice, in turn and concurrently, opens one session', T, async () => {
    const p = provider();
    const order = input(p);
    const before = fake.sessions.size;
    const first = await p.create(order);
    const second = await p.create(order);
    const [third, fourth] = await Promise.all([p.create(order), p.create(order)]);
    assert.equal(fake.sessions.size, before + 1, 'exactly one session created');
    for (const again of [second, third, fourth]) assert.deepEqual(again, first);
    assert.equal(creates().filter((r) => r.headers['idempotency-key'] === order.idempotencyKey).length, 4);

    const concurrent = input(p);
    const results = await Promise.all([p.create(concurrent), p.create(concurrent), p.create(concurrent)]);
    assert.equal(new Set(results.map((r) => r.sessionId)).size, 1);
    assert.equal(fake.sessions.size, before + 2);
  });

  test('a 5xx is retried with the same idempotency key and still opens one session', T, async () => {
    const p = provider();
    const order = input(p);
    const before = fake.sessions.size;
    fake.failNext(500);
    const created = await p.create(order);
    assert.ok(fake.sessions.has(created.sessionId));
    assert.equal(fake.sessions.size, before + 1);
    assert.equal(creates().filter((r) => r.headers['idempotency-key'] === order.idempotencyKey).length, 2);
  });

  test('embedded: ui_mode embedded_page with return_url; client secret and publishable key, no url', T, async () => {
    const p = provider({ ui: 'embedded', publishableKey: PK });
    const order = input(p);
    const created = await p.create(order);
    const body = lastCreate().body;
    assert.equal(body.ui_mode, 'embedded_page');
    assert.equal(body.return_url, order.successUrl);
    assert.equal(body.success_url, undefined);
    assert.equal(body.cancel_url, undefined);
    const session = fake.sessions.get(created.sessionId)!;
    assert.ok(session.client_secret);
    assert.deepEqual(created, {
      sessionId: session.id,
      url: null,
      embedded: { clientSecret: session.client_secret, publishableKey: PK },
      expiresAt: session.expires_at * 1000,
    });
  });

  test('embedded mode without a pk_ publishable key is refused at construction', () => {
    assert.throws(() => provider({ ui: 'embedded' }), /STRIPE_PUBLISHABLE_KEY/);
    assert.throws(() => provider({ ui: 'embedded', publishableKey: 'sk_test_oops' }), /STRIPE_PUBLISHABLE_KEY/);
  });

  test("sessionTtlMs defaults to 35 min and stays inside Stripe's 30 min to 24 h window with a margin for clock skew", () => {
    assert.equal(provider().sessionTtlMs, 35 * 60_000);
    assert.equal(provider({ sessionTtlMs: 60_000 }).sessionTtlMs, 35 * 60_000);
    assert.ok(provider({ sessionTtlMs: 48 * 3600_000 }).sessionTtlMs <= STRIPE_MAX_TTL_MS - 5 * 60_000);
    assert.equal(provider({ sessionTtlMs: 2 * 3600_000 }).sessionTtlMs, 2 * 3600_000);
  });

  test('expires_at is accepted by a Stripe whose clock runs a few minutes ahead of ours', T, async () => {
    fake.clockOffsetMs = 4 * 60_000;
    try {
      const p = provider();
      const order = input(p);
      const created = await p.create(order);
      assert.equal(created.expiresAt, Math.floor(order.expiresAt / 1000) * 1000, 'the hold ends when the session does');
    } finally {
      fake.clockOffsetMs = 0;
    }
  });
});

describe('Stripe failures become checkout_unavailable without the secret key', () => {
  test('a wrong secret key (401)', T, async () => {
    const wrongKey = 'sk_test_wrongKey0123456789abcdef';
    const p = provider({ secretKey: wrongKey });
    logs.length = 0;
    await assert.rejects(p.create(input(p)), (error: Error) => {
      assert.ok(isUnavailable(error), String(error));
      assert.match(error.message, /STRIPE_SECRET_KEY/);
      assert.ok(!error.message.includes(wrongKey));
      return true;
    });
    assert.ok(
      logs.some((line) => line.includes('Invalid API Key')),
      'the cause is logged',
    );
    assert.ok(!logs.join('\n').includes(wrongKey), 'the key is redacted from the log');
  });

  test('Stripe unreachable (connections dropped, retries exhausted)', T, async () => {
    const p = provider();
    const before = fake.sessions.size;
    fake.down = true;
    try {
      await assert.rejects(
        p.create(input(p)),
        (error: Error) =>
          isUnavailable(error) && /unreachable/.test(error.message) && !error.message.includes(fake.secretKey),
      );
    } finally {
      fake.down = false;
    }
    assert.equal(fake.sessions.size, before);
  });

  test('persistent 5xx, unknown price and an expiry Stripe refuses', T, async () => {
    const p = provider();
    fake.failNext(503, 3); // the first attempt and both retries
    try {
      await assert.rejects(p.create(input(p)), (error: Error) => isUnavailable(error) && /503/.test(error.message));
    } finally {
      fake.failNext(0, 0);
    }
    await assert.rejects(
      p.create(input(p, { product: product({ stripePriceId: 'price_missing' }) })),
      (error: Error) => isUnavailable(error) && /line_items\[0\]\[price\]/.test(error.message),
    );
    await assert.rejects(
      p.create(input(p, { expiresAt: Date.now() + 5 * 60_000 })),
      (error: Error) => isUnavailable(error) && /expires_at/.test(error.message),
    );
    assert.ok(!logs.join('\n').includes(fake.secretKey));
  });
});

describe('StripeCheckoutProvider.expire', () => {
  test('expires an open session; expiring again, or a completed session, is not an error', T, async () => {
    const p = provider();
    const { sessionId } = await p.create(input(p));
    await p.expire(sessionId);
    assert.equal(fake.sessions.get(sessionId)!.status, 'expired');
    await p.expire(sessionId);
    const expireCalls = fake.requests.filter((r) => r.path === `/v1/checkout/sessions/${sessionId}/expire`);
    assert.equal(expireCalls.length, 2);

    const paid = await p.create(input(p));
    fake.complete(paid.sessionId);
    await p.expire(paid.sessionId);
    assert.equal(fake.sessions.get(paid.sessionId)!.status, 'complete');
  });

  test('an unknown session is a failure', T, async () => {
    await assert.rejects(provider().expire('cs_test_nope'), isUnavailable);
  });
});

describe('StripeCheckoutProvider.parseWebhook', () => {
  const signed = (event: object, secret = WEBHOOK_SECRET, timestamp?: number) => {
    const raw = JSON.stringify(event);
    return { raw: Buffer.from(raw), signature: signPayload(raw, secret, timestamp) };
  };
  let sessionId: string;
  let orderId: string;
  before(async () => {
    const p = provider();
    const order = input(p);
    ({ sessionId } = await p.create(order));
    orderId = order.orderId;
  });

  test('completed (paid and unpaid), async succeeded / failed and expired map to checkout events', () => {
    const p = provider();
    const open = fake.sessions.get(sessionId)!;
    const paid = { ...open, status: 'complete', payment_status: 'paid' };
    const unpaid = { ...open, status: 'complete', payment_status: 'unpaid' };
    const cases: Array<[string, object, string, boolean]> = [
      ['checkout.session.completed', paid, 'completed', true],
      ['checkout.session.completed', unpaid, 'completed', false],
      ['checkout.session.async_payment_succeeded', paid, 'async_succeeded', true],
      ['checkout.session.async_payment_failed', unpaid, 'async_failed', false],
      ['checkout.session.expired', { ...open, status: 'expired' }, 'expired', false],
    ];
    for (const [type, session, mapped, isPaid] of cases) {
      const event = fake.event(type, session);
      const { raw, signature } = signed(event);
      assert.deepEqual(
        p.parseWebhook(raw, signature),
        {
          id: event.id,
          type: mapped,
          sessionId,
          paid: isPaid,
          amountTotal: 9800,
          currency: 'EUR',
          orderId,
        },
        type,
      );
    }
  });

  test('fake.complete() gives the session a completed webhook reports as paid', T, async () => {
    const p = provider();
    const { sessionId: id } = await p.create(input(p));
    const { raw, signature } = signed(fake.event('checkout.session.completed', fake.complete(id, { paid: true })));
    assert.equal(p.parseWebhook(raw, signature)?.paid, true);
  });

  test('bad, stale, re-serialized, missing and non-Buffer bodies are refused', () => {
    const p = provider();
    const event = fake.event('checkout.session.completed', {
      ...fake.sessions.get(sessionId)!,
      payment_status: 'paid',
    });
    const { raw, signature } = signed(event);
    assert.ok(p.parseWebhook(raw, signature), 'the untouched delivery verifies');

    const refused = (body: unknown, header: string | undefined, what: string) =>
      assert.throws(() => p.parseWebhook(body as Buffer, header), WebhookSignatureError, what);
    refused(raw, signed(event, 'whsec_someone_else').signature, 'wrong secret');
    refused(raw, signature.replace(/v1=[0-9a-f]{4}/, 'v1=0000'), 'tampered signature');
    refused(raw, signed(event, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301).signature, 'stale timestamp');
    refused(Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 2)), signature, 're-serialized body');
    refused(raw, undefined, 'missing header');
    refused(raw, '', 'empty header');
    refused(raw.toString('utf8'), signature, 'string body');
    refused(JSON.parse(raw.toString()), signature, 'parsed body');
  });

  test('a verified event of another type is null', () => {
    const { raw, signature } = signed(
      fake.event('payment_intent.succeeded', { id: 'pi_123', object: 'payment_intent' }),
    );
    assert.equal(provider().parseWebhook(raw, signature), null);
  });

  test('without a webhook secret every webhook is refused', () => {
    const { raw, signature } = signed(fake.event('checkout.session.completed', fake.sessions.get(sessionId)!));
    const p = provider({ webhookSecret: undefined });
    assert.throws(
      () => p.parseWebhook(raw, signature),
      (error: Error) => error instanceof WebhookSignatureError && /STRIPE_WEBHOOK_SECRET/.test(error.message),
    );
  });
});
