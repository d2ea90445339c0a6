import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STRIPE_API_VERSION, STRIPE_JS_URL } from '@live-shop/protocol';
import Stripe from 'stripe';
import { silentLogger } from '../logger.js';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe.js';
import { StripeCheckoutProvider } from './stripe.js';

describe('embedded Checkout: the API version the server pins and the Stripe.js the viewer loads', () => {
  let fake: FakeStripe;
  before(async () => {
    fake = await startFakeStripe();
  });
  after(() => fake.close());

  test(
    'sessions are created with the pinned version, whose release names the Stripe.js URL',
    { timeout: 15_000 },
    async () => {
      const p = new StripeCheckoutProvider(
        { secretKey: fake.secretKey, apiBase: fake.url, ui: 'embedded', publishableKey: 'pk_test_version0123' },
        silentLogger,
      );
      await p.create({
        orderId: 'order-version',
        show: { id: 'show-1', title: 'Show' },
        product: {
          id: 'p1',
          showId: 'show-1',
          title: 'Mug',
          description: '',
          imageUrl: null,
          price: { amount: 1800, currency: 'USD' },
          checkoutUrl: null,
          stripePriceId: null,
          stock: null,
        },
        quantity: 1,
        successUrl: 'https://shop.example/thanks',
        cancelUrl: 'https://shop.example/live',
        shopperRef: null,
        viewerRef: null,
        idempotencyKey: `version-${Date.now()}`,
        expiresAt: Date.now() + p.sessionTtlMs,
        origin: 'https://live.example',
      });
      const request = fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
      assert.equal(request.body.ui_mode, 'embedded_page');
      assert.equal(request.headers['stripe-version'], STRIPE_API_VERSION);
      // Stripe.js majors pair with API releases: `2026-10-28.endive` → js.stripe.com/endive/stripe.js.
      const release = STRIPE_API_VERSION.split('.')[1];
      assert.equal(STRIPE_JS_URL, `https://js.stripe.com/${release}/stripe.js`);
      assert.equal(
        STRIPE_API_VERSION,
        Stripe.API_VERSION,
        'the SDK is typed for the version it pins: upgrading it moves the pair on purpose',
      );
    },
  );
});
