/**
 * Stripe Checkout end to end with the real CLI and Debian Chromium, offline: the server talks to a
 * local fake of Stripe's API (STRIPE_API_BASE), and the payment arrives as a webhook signed with
 * Stripe's scheme. Stripe's hosted page itself is out of reach: the popup's navigation to
 * checkout.stripe.com is answered by a stand-in page, then Stripe's redirect to success_url is replayed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatPrice, type PublicShow } from '@live-shop/protocol';
import { signPayload, startFakeStripe, type FakeStripe } from '@live-shop/server/testing/fake-stripe';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { launchBrowser, openShopAndStudio } from '../helpers/browser.js';
import { eventually, publicShow, stats } from '../helpers/commerce.js';

const WEBHOOK_SECRET = 'whsec_e2e_0123456789abcdef0123456789';

let fake: FakeStripe;
let server: RunningServer;
let browser: Browser;
let shopper: BrowserContext;
let storefront: Page;
let studio: Page;
let show: PublicShow;

before(async () => {
  fake = await startFakeStripe();
  server = await startServer({
    env: { STRIPE_SECRET_KEY: fake.secretKey, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: fake.url },
  });
  show = await publicShow(server, new URL(server.studioUrl).searchParams.get('show')!);
  browser = await launchBrowser();
  ({ shopper, storefront, studio } = await openShopAndStudio(browser, server, { locale: 'en-US' }));
  // Registered after the loopback guard, so it wins for Stripe's hosted page (and only for it).
  await shopper.route(
    (url) => url.hostname === 'checkout.stripe.com',
    (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Stripe Checkout</title><h1>Stripe Checkout (stand-in)</h1>',
      }),
  );
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

test('Buy now → Stripe Checkout with the catalog price → signed webhook → the studio sees the sale → back on the storefront', async () => {
  const product = show.products.find((p) => /kettle/i.test(p.title))!;
  await studio.getByRole('button', { name: `Pin ${product.title}` }).click();
  const card = storefront.locator('live-shop-product-card').filter({ hasText: product.title });
  const [popup] = await Promise.all([
    shopper.waitForEvent('page', { timeout: 5000 }),
    card.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  await popup.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/, { timeout: 10_000 });
  await popup.getByText('Stripe Checkout (stand-in)').waitFor();

  // What the server asked Stripe for: the catalog's price, attribution, and links back.
  const session = [...fake.sessions.values()].at(-1)!;
  assert.equal(popup.url(), session.url);
  const body = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
    .body as any;
  assert.deepEqual(body.line_items[0].price_data.unit_amount, String(product.price.amount));
  assert.equal(body.metadata.showId, show.id);
  assert.equal(body.metadata.productId, product.id);
  assert.match(body.metadata.viewerRef ?? '', /^v_[0-9a-f]{16}$/, 'the viewer tab is attributed without a cookie');
  const success = new URL(body.success_url);
  assert.equal(`${success.origin}${success.pathname}`, server.storefrontUrl.replace(/\/$/, '') + '/');
  assert.equal(success.searchParams.get('live_shop_checkout'), 'success');

  // Stripe takes the payment and calls the webhook (signed with Stripe's scheme).
  const paid = fake.complete(session.id, { paid: true });
  const payload = JSON.stringify(fake.event('checkout.session.completed', paid));
  const res = await fetch(`${server.origin}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(payload, WEBHOOK_SECRET) },
    body: payload,
  });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { outcome: string }).outcome, 'paid');

  const total = formatPrice(product.price, 'en-US');
  await studio
    .locator('live-shop-studio [part="sales"] li.order')
    .filter({ hasText: total })
    .filter({ hasText: 'Paid' })
    .waitFor({ timeout: 5000 });
  const summary = await eventually(
    'admin stats',
    () => stats(server, show.id),
    (s) => s.totals.orders === 1,
    3000,
  );
  assert.deepEqual(summary.totals.revenue, [product.price]);

  // Stripe's redirect back to the storefront.
  await popup.goto(body.success_url);
  await popup
    .locator('live-shop-viewer')
    .getByRole('status')
    .filter({ hasText: 'Thanks for your order!' })
    .waitFor({ timeout: 10_000 });
  await popup.close();
});

test('Stripe’s cancel link releases the held unit at once and brings the shopper back', async () => {
  const product = show.products.find((p) => p.stock === 8)!;
  await studio.getByRole('button', { name: `Pin ${product.title}` }).click();
  const card = storefront.locator('live-shop-product-card').filter({ hasText: product.title });
  const [popup] = await Promise.all([
    shopper.waitForEvent('page', { timeout: 5000 }),
    card.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  await popup.waitForURL(/^https:\/\/checkout\.stripe\.com\//, { timeout: 10_000 });
  await eventually(
    'the hold',
    async () => (await publicShow(server, show.id)).products.find((p) => p.id === product.id)!.stock,
    (s) => s === 7,
    3000,
  );

  const body = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
    .body as any;
  await popup.goto(body.cancel_url); // Stripe's "back" link
  await popup
    .locator('live-shop-viewer')
    .getByRole('status')
    .filter({ hasText: 'Checkout cancelled.' })
    .waitFor({ timeout: 10_000 });
  assert.equal((await publicShow(server, show.id)).products.find((p) => p.id === product.id)!.stock, 8);
  await card.getByRole('button', { name: 'Buy now' }).waitFor();
  await popup.close();
});
