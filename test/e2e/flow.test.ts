/**
 * The whole skeleton flow as people use it: the CLI in demo mode, the storefront and the studio
 * in Debian Chromium, nothing mocked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, openShopAndStudio } from '../helpers/browser.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;

let server: RunningServer;
let browser: Browser;
let shopperContext: BrowserContext;
let storefront: Page;
let studio: Page;
let show: PublicShow;

let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-e2e-'));
  server = await startServer({ dataDir });
  const showId = new URL(server.studioUrl).searchParams.get('show')!;
  show = (await (await fetch(`${server.origin}/api/shows/${showId}`)).json()) as PublicShow;
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  ({ shopper: shopperContext, storefront, studio } = await openShopAndStudio(browser, server));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const viewer = () => storefront.locator('live-shop-viewer');
const productTitle = (i: number) => show.products[i]!.title;

test('the storefront embeds the viewer with one module script and shows "starting soon"', async () => {
  const scripts = await storefront
    .locator('script[type="module"][src]')
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
  assert.deepEqual(scripts, [`${server.origin}/sdk/live-shop.js`]);
  await viewer()
    .getByText(/starting soon/i)
    .first()
    .waitFor();
  await studio.getByRole('button', { name: 'Go live' }).waitFor();
});

test('no secret reaches the shopper: storefront page, SDK and public show state', async () => {
  const hostToken = new URL(server.studioUrl).hash.replace('#token=', '');
  const adminKey = server.output().match(/Admin key[^:]*:\s*(\S+)/)?.[1];
  assert.ok(hostToken.length > 20 && adminKey && adminKey.length > 20, 'the CLI printed both secrets');
  const shopperSees = await Promise.all(
    [server.storefrontUrl, `${server.origin}/sdk/live-shop.js`, `${server.origin}/api/shows/${show.id}`].map((u) =>
      fetch(u).then((r) => r.text()),
    ),
  );
  shopperSees.push(await storefront.content());
  for (const text of shopperSees) {
    assert.ok(!text.includes(hostToken), 'no host token');
    assert.ok(!text.includes(adminKey!), 'no admin key');
  }
});

test('the studio pins products and the storefront shows and hides their cards', async () => {
  assert.ok(show.products.length >= 3, 'the demo seeds at least three products');
  await studio.getByRole('button', { name: `Pin ${productTitle(0)}` }).click();
  await studio.getByRole('button', { name: `Pin ${productTitle(1)}` }).click();
  const card0 = viewer()
    .locator('live-shop-product-card')
    .filter({ hasText: productTitle(0) });
  const card1 = viewer()
    .locator('live-shop-product-card')
    .filter({ hasText: productTitle(1) });
  await card0.waitFor();
  await card1.waitFor();
  await card0.getByRole('button', { name: 'Buy now' }).waitFor();

  await studio.getByRole('button', { name: `Unpin ${productTitle(1)}` }).click();
  await card1.waitFor({ state: 'detached' });
  assert.equal(await card0.count(), 1);
  assert.equal(
    await studio.getByRole('button', { name: `Unpin ${productTitle(0)}` }).getAttribute('aria-pressed'),
    'true',
  );
});

test('a shopper picks a name once, chats, and the studio sees it', async () => {
  const input = viewer().getByRole('textbox', { name: /message/i });
  await input.fill('Is the kettle induction-ready?');
  await viewer().getByRole('button', { name: 'Send', exact: true }).click();
  const nameField = viewer().getByRole('textbox', { name: /name/i });
  await nameField.fill('Ada');
  await nameField.press('Enter');
  await studio.locator('live-shop-studio').getByText('Is the kettle induction-ready?').waitFor();
  await viewer().getByText('Is the kettle induction-ready?').waitFor();
  assert.equal(await storefront.evaluate(() => localStorage.getItem('live-shop:name')), 'Ada');
  // One shopper is watching; the presenter's own tab is not counted.
  await studio.locator('live-shop-studio').getByText('1 watching').waitFor();
  await viewer().getByText('1 watching').waitFor();
});

test('the host answers in chat without being asked for a name', async () => {
  const studioEl = studio.locator('live-shop-studio');
  await studioEl.getByRole('textbox', { name: /message/i }).fill('Yes, it works on induction.');
  await studioEl.getByRole('textbox', { name: /message/i }).press('Enter');
  await viewer().getByText('Yes, it works on induction.').waitFor();
  // The chat asks no name (the Guests panel's "Your name on screen" is the host's tile label, not chat's).
  assert.equal(await studioEl.locator('live-shop-chat').getByRole('textbox', { name: /name/i }).count(), 0);
});

// The show turns live when the studio's (fake) camera reaches the server's ffmpeg; video.test.ts
// checks the picture itself.
test('Go live moves the viewer to live', async () => {
  await studio.getByRole('button', { name: 'Go live' }).click();
  await viewer()
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  const state = (await (await fetch(`${server.origin}/api/shows/${show.id}`)).json()) as PublicShow;
  assert.equal(state.status, 'live');
});

test('Buy now opens the checkout in a new tab and the stream page stays', async () => {
  const card = viewer()
    .locator('live-shop-product-card')
    .filter({ hasText: productTitle(0) });
  const [popup] = await Promise.all([
    shopperContext.waitForEvent('page'),
    card.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  // The tab opens blank inside the click, then goes to the local test checkout the server answered.
  await popup.waitForURL(/\/checkout\/cs_local_[\w-]+$/, { timeout: 10_000 });
  assert.equal(new URL(popup.url()).origin, server.origin);
  await popup.getByText(productTitle(0), { exact: true }).waitFor();
  assert.equal(storefront.url(), server.storefrontUrl);
  if (SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
    await storefront.locator('live-shop-viewer').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await storefront.screenshot({ path: path.join(SCREENSHOTS, 'storefront.png') });
    await studio.screenshot({ path: path.join(SCREENSHOTS, 'studio.png') });
  }
  await popup.close();
});

test('a merchant that cancels live-shop-buy keeps the shopper on the page', async () => {
  await storefront.evaluate(() => {
    document.addEventListener(
      'live-shop-buy',
      (event) => {
        event.preventDefault();
        (window as unknown as { cartDetail: unknown }).cartDetail = (event as CustomEvent).detail;
      },
      { once: true },
    );
  });
  let opened = false;
  const onPage = () => (opened = true);
  shopperContext.on('page', onPage);
  await viewer().getByRole('button', { name: 'Buy now' }).first().click();
  const detail = await storefront.waitForFunction(
    () =>
      (window as unknown as { cartDetail?: { show: string; product: { id: string }; quantity: number } }).cartDetail,
  );
  const value = (await detail.jsonValue()) as { show: string; product: { id: string }; quantity: number };
  assert.equal(value.show, show.id);
  assert.equal(value.product.id, show.products[0]!.id);
  assert.equal(value.quantity, 1);
  await storefront.waitForTimeout(300);
  shopperContext.off('page', onPage);
  assert.equal(opened, false);
});

test('reloading restores pins, status and chat; the name is remembered', async () => {
  await storefront.reload();
  await viewer()
    .locator('live-shop-product-card')
    .filter({ hasText: productTitle(0) })
    .waitFor();
  await viewer().getByText('Is the kettle induction-ready?').waitFor();
  await viewer()
    .getByRole('textbox', { name: /message/i })
    .fill('Second question');
  await viewer()
    .getByRole('textbox', { name: /message/i })
    .press('Enter');
  await studio.locator('live-shop-studio').getByText('Second question').waitFor();
  assert.equal(await viewer().getByRole('textbox', { name: /name/i }).count(), 0);

  await studio.reload();
  await studio.getByRole('button', { name: `Unpin ${productTitle(0)}` }).waitFor();
  await studio.locator('live-shop-studio').getByText('Second question').waitFor();
  // A reloaded studio is not publishing: viewers see the presenter reconnecting until they resume.
  await viewer()
    .getByText(/reconnecting/i)
    .first()
    .waitFor({ timeout: 15_000 });
  await studio.getByRole('button', { name: 'Resume streaming' }).click();
  await viewer()
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
});

test('the host deletes a message and every viewer loses it', async () => {
  await studio
    .getByRole('button', { name: /delete message from ada/i })
    .first()
    .click();
  await viewer().getByText('Is the kettle induction-ready?').waitFor({ state: 'detached' });
});

test('a server restart loses nothing, and open pages reconnect by themselves', async () => {
  const port = Number(new URL(server.origin).port);
  await server.stop();
  await viewer()
    .getByText(/reconnecting|connection lost/i)
    .first()
    .waitFor();
  server = await startServer({ dataDir, port });
  assert.equal(new URL(server.studioUrl).searchParams.get('show'), show.id, 'the demo show is reused, not re-seeded');
  await viewer()
    .locator('live-shop-product-card')
    .filter({ hasText: productTitle(0) })
    .waitFor();
  await viewer().getByText('Second question').waitFor();
  // The studio's publisher reconnects by itself: the show is live again without anyone clicking.
  await viewer()
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  await studio.getByRole('button', { name: `Unpin ${productTitle(0)}` }).waitFor();
});

test('End show moves the viewer to ended', async () => {
  await studio.getByRole('button', { name: 'End show' }).click();
  const confirm = studio.getByRole('button', { name: /confirm/i });
  if (await confirm.count()) await confirm.click();
  await viewer().getByText(/ended/i).first().waitFor();
});
