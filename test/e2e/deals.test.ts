/**
 * Flash deals end to end with the real CLI (local test checkout): the host starts a pinned deal in
 * the studio, the shopper's card shows it with its countdown, and Buy now pays the deal price.
 */
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatPrice, type PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, openShopAndStudio } from '../helpers/browser.js';
import { adminKey, eventually, publicShow, stats } from '../helpers/commerce.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;

let server: RunningServer;
let browser: Browser;
let shopper: BrowserContext;
let storefront: Page;
let studio: Page;
let show: PublicShow;

before(async () => {
  server = await startServer();
  show = await publicShow(server, new URL(server.studioUrl).searchParams.get('show')!);
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  ({ shopper, storefront, studio } = await openShopAndStudio(browser, server, { locale: 'en-US' }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const card = (page: Page, title: string) =>
  page.locator('live-shop-viewer live-shop-product-card').filter({ hasText: title });

test('a viewer sees the deal countdown and buys at the deal price through the local checkout', async () => {
  const product = show.products.find((p) => p.stock === null && p.price.amount > 1000) ?? show.products[0]!;
  const dealPrice = { ...product.price, amount: Math.floor(product.price.amount / 2) };
  const shown = formatPrice(dealPrice, 'en-US');

  // The studio: Edit → deal price, 15 minutes, pinned → Start deal.
  await studio.getByRole('button', { name: `Edit ${product.title}` }).click();
  const deal = studio.getByRole('form', { name: `Flash deal for ${product.title}` });
  await deal.getByLabel('Deal price').fill((dealPrice.amount / 100).toFixed(2));
  await deal.getByLabel('Minutes').fill('15');
  await deal.getByRole('button', { name: 'Start deal' }).click();
  await studio.getByRole('button', { name: 'End deal' }).waitFor({ timeout: 10_000 });

  // The storefront: the pinned card shows the deal and counts down.
  const viewerCard = card(storefront, product.title);
  await viewerCard.locator('[part="deal-countdown"]').waitFor({ timeout: 10_000 });
  assert.equal((await viewerCard.locator('[part="price"]').textContent())?.trim(), shown);
  const timer = storefront.locator('live-shop-viewer').getByRole('timer');
  assert.match((await timer.textContent()) ?? '', /^Ends in 1[45]:\d\d$/);
  if (SCREENSHOTS) {
    await storefront.locator('live-shop-viewer').screenshot({ path: path.join(SCREENSHOTS, 'storefront-deal.png') });
  }

  // Buy now → the test checkout charges the deal price → Pay.
  const [popup] = await Promise.all([
    shopper.waitForEvent('page', { timeout: 5000 }),
    viewerCard.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  await popup.waitForURL(/\/checkout\/cs_local_[\w-]+$/, { timeout: 10_000 });
  await popup.locator('dd.total').filter({ hasText: shown }).waitFor();
  await popup.getByRole('button', { name: `Pay ${shown}` }).click();

  const summary = await eventually(
    'the paid order at the deal price',
    () => stats(server, show.id),
    (s) => s.recent.some((o) => o.productId === product.id && o.status === 'paid'),
    10_000,
  );
  const order = summary.recent.find((o) => o.productId === product.id && o.status === 'paid')!;
  assert.deepEqual(order.amount, dealPrice);
  await popup.close();
});

test('the test checkout’s coupon code field takes a server-validated code off the deal total', async () => {
  const product = show.products.find((p) => p.stock === null && p.price.amount > 1000) ?? show.products[0]!;
  const res = await fetch(`${server.origin}/api/shows/${show.id}/coupons`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey(server)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'TASTING10', percentOff: 10 }),
  });
  assert.equal(res.status, 201, await res.text());
  const deal = (await publicShow(server, show.id)).products.find((p) => p.id === product.id)!.deal!;
  const discounted = { ...deal.price, amount: deal.price.amount - Math.floor(deal.price.amount / 10) };

  const viewerCard = card(storefront, product.title);
  const [popup] = await Promise.all([
    shopper.waitForEvent('page', { timeout: 5000 }),
    viewerCard.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  await popup.waitForURL(/\/checkout\/cs_local_[\w-]+$/, { timeout: 10_000 });
  await popup.getByLabel('Coupon code').fill('nope-code');
  await popup.getByRole('button', { name: 'Apply' }).click();
  await popup.getByRole('alert').filter({ hasText: 'Coupon NOPE-CODE is not a code of this show' }).waitFor();
  await popup.getByLabel('Coupon code').fill('tasting10');
  await popup.getByRole('button', { name: 'Apply' }).click();
  const total = formatPrice(discounted, 'en-US');
  await popup.locator('dd.total').filter({ hasText: total }).waitFor({ timeout: 5000 });
  await popup.getByRole('button', { name: `Pay ${total}` }).click();

  const summary = await eventually(
    'the paid order with its coupon',
    () => stats(server, show.id),
    (s) => s.recent.some((o) => o.coupon === 'TASTING10' && o.status === 'paid'),
    10_000,
  );
  const order = summary.recent.find((o) => o.coupon === 'TASTING10')!;
  assert.deepEqual([order.amount, order.discount], [discounted, deal.price.amount - discounted.amount]);
  await popup.close();
});
