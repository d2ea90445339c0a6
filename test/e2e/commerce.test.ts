/**
 * Commerce end to end with the real CLI (no Stripe keys: the local test checkout): Buy now → test
 * checkout → Pay or Cancel → back on the storefront; live stock and sales; a merchant's own cart.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatPrice, type Product, type PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext, openShopAndStudio } from '../helpers/browser.js';
import {
  createShow,
  eventually,
  freePorts,
  publicShow,
  serveViewerPage,
  startCartExample,
  stats,
  type Served,
} from '../helpers/commerce.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;
const THANKS = 'Thanks for your order!';
const CANCELLED = 'Checkout cancelled.';

let server: RunningServer;
let browser: Browser;
let shopper: BrowserContext;
let studioContext: BrowserContext;
let storefront: Page;
let studio: Page;
let show: PublicShow;
const served: Served[] = [];
/** The two storefronts on other origins, allowed up front the way a merchant configures the server. */
let shopPort: number;
let cartPort: number;

const newContext = () => loopbackContext(browser, { locale: 'en-US', viewport: { width: 1280, height: 900 } });

before(async () => {
  [shopPort, cartPort] = (await freePorts(2)) as [number, number];
  server = await startServer({
    env: { LIVE_SHOP_ALLOWED_ORIGINS: `http://127.0.0.1:${shopPort},http://localhost:${cartPort}` },
  });
  show = await publicShow(server, new URL(server.studioUrl).searchParams.get('show')!);
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  ({ shopper, storefront, studioContext, studio } = await openShopAndStudio(browser, server, { locale: 'en-US' }));
});

after(async () => {
  await browser?.close();
  await Promise.all(served.map((s) => s.close()));
  await server?.stop();
});

const demoProduct = (match: (p: Product) => boolean) => {
  const found = show.products.find(match);
  assert.ok(found, 'the demo seeds this product');
  return found;
};
const dripper = () => demoProduct((p) => /dripper/i.test(p.title));
const mug = () => demoProduct((p) => p.stock === 8);
const beans = () => demoProduct((p) => p.stock === 120);
const money = (price: Product['price'], quantity = 1) =>
  formatPrice({ ...price, amount: price.amount * quantity }, 'en-US');

const card = (page: Page, title: string) =>
  page.locator('live-shop-viewer live-shop-product-card').filter({ hasText: title });
const banner = (page: Page, text: string) =>
  page.locator('live-shop-viewer').getByRole('status').filter({ hasText: text });
const stockOf = async (showId: string, productId: string) =>
  (await publicShow(server, showId)).products.find((p) => p.id === productId)!.stock;

async function pin(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: `Pin ${title}` }).click();
  await page.getByRole('button', { name: `Unpin ${title}` }).waitFor();
}

/** Buy now opens a blank tab inside the click, which then goes to the checkout URL the server answered. */
async function openCheckout(page: Page, title: string): Promise<Page> {
  const buy = card(page, title).getByRole('button', { name: 'Buy now' });
  const [popup] = await Promise.all([page.context().waitForEvent('page', { timeout: 5000 }), buy.click()]);
  await popup.waitForURL(/\/checkout\/cs_local_[\w-]+$/, { timeout: 10_000 });
  assert.equal(new URL(popup.url()).origin, server.origin, 'the test checkout is served by the live-shop server');
  await popup.getByText('Test checkout').first().waitFor();
  return popup;
}

/** Totals (dt → dd) and per-product rows of the studio's sales panel, as shown. */
function salesPanel(page: Page) {
  return page.evaluate(() => {
    const panel = document.querySelector('live-shop-studio')?.shadowRoot?.querySelector('[part="sales"]');
    if (!panel) return { totals: {} as Record<string, string>, rows: [] as string[][] };
    // No named helpers in here: tsx would wrap them in a `__name` call the page doesn't have.
    const totals: Record<string, string> = {};
    for (const dt of panel.querySelectorAll('dt'))
      totals[dt.textContent!.trim()] = dt.nextElementSibling?.textContent?.trim() ?? '';
    const rows = [...panel.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((cell) => cell.textContent!.trim()),
    );
    return { totals, rows };
  });
}

test('Buy now → test checkout → Pay: the shopper is thanked in both tabs and the studio sees the sale', async () => {
  const product = dripper();
  const total = money(product.price);
  await pin(studio, product.title);
  await card(storefront, product.title).getByRole('button', { name: 'Buy now' }).waitFor();

  const popup = await openCheckout(storefront, product.title);
  await popup.getByText(product.title, { exact: true }).waitFor();
  await popup.locator('dd.total').filter({ hasText: total }).waitFor();
  if (SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'checkout.png') });
  }
  await popup.getByRole('button', { name: `Pay ${total}` }).click();

  // Back on the storefront (the 303 to returnUrl), which says thanks and cleans its address.
  await banner(popup, THANKS).waitFor({ timeout: 10_000 });
  await eventually(
    'the return params are removed',
    async () => popup.url(),
    (url) => url === server.storefrontUrl,
    3000,
  );
  // The tab the shopper watches in hears it too (BroadcastChannel), without reloading.
  await banner(storefront, THANKS).waitFor({ timeout: 5000 });
  assert.equal(storefront.url(), server.storefrontUrl);

  const sales = await eventually(
    "the studio's sales panel",
    () => salesPanel(studio),
    (s) =>
      s.totals.Orders === '1' &&
      s.rows.some((r) => r[0] === product.title && r[4] === '1' && r[5] === '1' && r[6] === total),
    5000,
  );
  assert.equal(sales.totals.Units, '1');
  assert.equal(sales.totals.Revenue, total);
  if (SCREENSHOTS) {
    // A narrower window stacks the studio (the page scrolls, not the panels): the whole panel in one shot.
    const size = studio.viewportSize()!;
    await studio.setViewportSize({ width: 900, height: size.height });
    await studio
      .locator('live-shop-studio [part="sales"]')
      .screenshot({ path: path.join(SCREENSHOTS, 'studio-sales.png') });
    await studio.setViewportSize(size);
  }

  const summary = await stats(server, show.id);
  assert.equal(summary.totals.orders, 1);
  assert.ok(summary.totals.buyClicks >= 1, `buyClicks ${summary.totals.buyClicks}`);
  const row = summary.products.find((p) => p.productId === product.id)!;
  assert.deepEqual([row.orders, row.units, row.revenue], [1, 1, product.price]);
  await popup.close();
});

test('the last unit sold: every open viewer shows Sold out without reloading', async () => {
  const created = await createShow(server, {
    title: 'Last-chance ceramics',
    products: [{ title: 'Hand-thrown pour-over set', price: { amount: 9500, currency: 'USD' }, stock: 1 }],
  });
  const product = created.products[0]!;
  const shop = await serveViewerPage(server, created.id, shopPort);
  served.push(shop);
  const host = await studioContext.newPage();
  await host.goto(created.studioUrl);
  await pin(host, product.title);

  // Two shoppers in separate browser contexts: only the server's broadcast can reach the other one.
  const other = await (await newContext()).newPage();
  const buyer = await shopper.newPage();
  for (const page of [buyer, other]) {
    await page.goto(shop.url);
    await card(page, product.title).getByRole('button', { name: 'Buy now' }).waitFor();
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  }

  const popup = await openCheckout(buyer, product.title);
  await popup.getByRole('button', { name: `Pay ${money(product.price)}` }).click();
  await banner(popup, THANKS).waitFor({ timeout: 10_000 });
  assert.equal(popup.url(), shop.url);

  for (const page of [buyer, other, popup]) {
    const soldOut = card(page, product.title).getByRole('button', { name: 'Sold out' });
    await soldOut.waitFor({ timeout: 5000 });
    assert.equal(await soldOut.isDisabled(), true);
  }
  for (const page of [buyer, other]) {
    assert.equal(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      true,
      'no reload',
    );
  }
  assert.equal(await stockOf(created.id, product.id), 0);
  assert.equal((await stats(server, created.id)).totals.orders, 1);
  await Promise.all([host, other, buyer, popup].map((p) => p.close()));
});

test("a merchant's own cart takes over Buy now: no checkout, the click still counts", async () => {
  const product = beans();
  const cartShop = await startCartExample(server, cartPort);
  served.push(cartShop);
  const context = await newContext();
  const page = await context.newPage();
  let popups = 0;
  context.on('page', () => popups++);
  await page.goto(cartShop.url);
  await pin(studio, product.title);

  // hydrateProduct: the shop's own variant label and price on the card.
  const shopCard = card(page, product.title);
  await shopCard.locator('[part="label"]').filter({ hasText: 'Whole bean · Roasted Tuesday' }).waitFor();
  await shopCard.locator('[part="price"]').filter({ hasText: '$17.50' }).waitFor();

  const before = await stats(server, show.id);
  const clicksBefore = before.products.find((p) => p.productId === product.id)!.buyClicks;
  await shopCard.getByRole('button', { name: 'Buy now' }).click();

  await page.locator('#cart-count').filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
  const status = page.locator('[aria-live="polite"]').filter({ hasText: `Added ${product.title} to your cart.` });
  await status.waitFor();
  await page.getByRole('button', { name: 'Cart, 1 item' }).click();
  const lines = page.getByRole('list', { name: 'Items in your cart' }).getByRole('listitem');
  assert.equal(await lines.count(), 1);
  assert.match(await lines.first().innerText(), new RegExp(`${product.title}[\\s\\S]*\\$17\\.50`));
  assert.equal(await page.locator('#cart-subtotal').innerText(), '$17.50');
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.getByText('This is where your own checkout would start').waitFor();

  const after = await eventually(
    'the buy click is counted',
    () => stats(server, show.id),
    (s) => s.products.find((p) => p.productId === product.id)!.buyClicks === clicksBefore + 1,
    5000,
  );
  assert.equal(after.products.find((p) => p.productId === product.id)!.checkouts, 0);
  assert.equal(after.totals.checkouts, before.totals.checkouts, 'no checkout was started');
  assert.equal(await stockOf(show.id, product.id), 120, 'no stock held');
  assert.equal(popups, 0, 'no checkout tab opened');
  await context.close();
});

test('Cancel on the test checkout: back on the storefront, the hold is released', async () => {
  const product = mug();
  await pin(studio, product.title);
  const popup = await openCheckout(storefront, product.title);
  await eventually(
    'one unit held',
    () => stockOf(show.id, product.id),
    (s) => s === 7,
  );
  await popup.getByRole('button', { name: 'Cancel' }).click();

  await banner(popup, CANCELLED).waitFor({ timeout: 10_000 });
  await eventually(
    'the return params are removed',
    async () => popup.url(),
    (url) => url === server.storefrontUrl,
    3000,
  );
  assert.equal(await stockOf(show.id, product.id), 8);
  assert.equal((await stats(server, show.id)).totals.orders, 1, 'still only the paid order');
  await popup.close();
});
