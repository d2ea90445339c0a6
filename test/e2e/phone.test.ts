/**
 * The viewer as shoppers use it on a phone (390×844, touch) and as a mini-player across the pages
 * of a store: the CLI in demo mode, the studio live with Chromium's fake camera, nothing mocked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../helpers/browser.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let server: RunningServer;
let browser: Browser;
let studio: Page;
let phoneContext: BrowserContext;
let phone: Page;
let show: PublicShow;
let dataDir: string;

const viewerOf = (page: Page) => page.locator('live-shop-viewer');
const boxOf = async (l: Locator) => (await l.boundingBox())!;
const inside = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;

/** The page's video is playing: its clock moves. */
async function playing(page: Page, selector: string): Promise<void> {
  const time = () =>
    page
      .locator(selector)
      .locator('video')
      .evaluate((v: HTMLVideoElement) => v.currentTime);
  const start = await time();
  for (let i = 0; i < 50 && (await time()) <= start + 0.3; i++) await page.waitForTimeout(200);
  assert.ok((await time()) > start + 0.3, `${selector}: the video plays`);
}

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-phone-'));
  server = await startServer({ dataDir });
  const showId = new URL(server.studioUrl).searchParams.get('show')!;
  show = (await (await fetch(`${server.origin}/api/shows/${showId}`)).json()) as PublicShow;
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  studio = await (await loopbackContext(browser, { viewport: { width: 1366, height: 768 } })).newPage();
  await studio.goto(server.studioUrl);
  phoneContext = await loopbackContext(browser, PHONE);
  phone = await phoneContext.newPage();
  await phone.goto(server.storefrontUrl);
  await studio.getByRole('button', { name: 'Go live' }).click();
  await studio.getByRole('button', { name: `Pin ${show.products[0]!.title}` }).click();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('on a phone the show is a vertical, full-bleed video with the card and the chat over it', async () => {
  const viewer = viewerOf(phone);
  await viewer
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  const card = viewer.locator('live-shop-product-card').filter({ hasText: show.products[0]!.title });
  await card.waitFor();
  await viewer.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await playing(phone, 'live-shop-viewer');
  const stage = await boxOf(viewer.locator('live-shop-player'));
  assert.equal(Math.round(stage.width), Math.round((await boxOf(viewer)).width), 'full bleed');
  assert.ok(stage.height > stage.width, 'vertical');
  assert.ok(inside(await boxOf(card), stage), 'the card is over the video');
  assert.ok(inside(await boxOf(viewer.getByRole('textbox', { name: /message/i })), stage), 'so is the chat input');
  if (SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'viewer-phone-390x844.png') });
  }
});

test('a tap on Buy now opens the checkout and the show keeps playing', async () => {
  const card = viewerOf(phone).locator('live-shop-product-card').filter({ hasText: show.products[0]!.title });
  const [checkout] = await Promise.all([
    phoneContext.waitForEvent('page'),
    card.getByRole('button', { name: 'Buy now' }).tap(),
  ]);
  await checkout.waitForURL(/\/checkout\/cs_local_[\w-]+$/, { timeout: 10_000 });
  await checkout.close();
  assert.equal(phone.url(), server.storefrontUrl);
  await playing(phone, 'live-shop-viewer');
});

test('full screen, the shopper chats with the keyboard up and the input stays above it', async () => {
  const viewer = viewerOf(phone);
  await viewer.getByRole('button', { name: 'Full screen' }).tap();
  await phone.waitForFunction(() => document.fullscreenElement?.localName === 'live-shop-viewer');
  // The on-screen keyboard takes the lower part of the screen.
  await phone.setViewportSize({ width: 390, height: 480 });
  const input = viewer.getByRole('textbox', { name: /message/i });
  await input.tap();
  // The viewer follows the visible window (visualViewport) within a frame or two.
  await phone
    .waitForFunction(
      () => {
        const chat = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('live-shop-chat')!;
        return chat.shadowRoot!.querySelector('input#text')!.getBoundingClientRect().bottom <= 480;
      },
      null,
      { timeout: 5_000 },
    )
    .catch(() => undefined); // the assertion below says where it is
  const box = await boxOf(input);
  assert.ok(box.y + box.height <= 480, `the input (bottom ${box.y + box.height}) is above the keyboard`);
  await input.fill('Does it come in black?');
  await viewer.getByRole('button', { name: 'Send', exact: true }).tap();
  const name = viewer.getByRole('textbox', { name: /name/i });
  await name.fill('Bo');
  await name.press('Enter');
  await studio.locator('live-shop-studio').getByText('Does it come in black?').waitFor();
  await phone.setViewportSize(PHONE.viewport);
  await viewer.getByRole('button', { name: 'Exit full screen' }).tap();
  await phone.waitForFunction(() => !document.fullscreenElement);
});

test('minimized, the show floats in Picture-in-Picture, then keeps playing in a corner on the store’s next page, and comes back', async () => {
  const shop = await (await loopbackContext(browser, { viewport: { width: 1280, height: 800 } })).newPage();
  await shop.goto(server.storefrontUrl);
  const viewer = viewerOf(shop);
  await viewer.locator('live-shop-product-card').first().waitFor({ timeout: 20_000 });
  if (SCREENSHOTS) {
    await viewer.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // The picture, not "Starting…": the video is playing and the card's entrance is over.
    await shop.waitForFunction(
      () => {
        const player = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('live-shop-player');
        const video = (player as unknown as { video: HTMLVideoElement | null } | null)?.video;
        return !!video && video.readyState >= 2 && video.currentTime > 0.5;
      },
      null,
      { timeout: 20_000 },
    );
    await shop.waitForTimeout(500);
    await shop.screenshot({ path: path.join(SCREENSHOTS, 'viewer-1280x800.png') });
  }
  // Chromium has Document Picture-in-Picture: the show floats over every app. It floats the player's
  // own <video> (before there is one, minimizing docks the player instead): wait for it, as a shopper
  // pressing Mini-player on a playing show has it.
  await shop.waitForFunction(
    () => {
      const player = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('live-shop-player');
      return !!(player as unknown as { video: HTMLVideoElement | null } | null)?.video;
    },
    null,
    { timeout: 20_000 },
  );
  const [pip] = await Promise.all([
    shop.context().waitForEvent('page'),
    viewer.getByRole('button', { name: 'Mini-player' }).click(),
  ]);
  await pip.locator('video').waitFor({ state: 'attached' });
  await pip.getByRole('button', { name: 'Buy now' }).waitFor();
  await viewer.getByText('Playing in picture-in-picture').waitFor();
  // Another page of the store (the window closes with the page): no viewer of its own, only the
  // one-line resume loader, which resumes the show docked in the page.
  await shop.getByRole('link', { name: 'Brew gear' }).click();
  await shop.waitForURL(/\/brew-gear$/);
  const mini = shop.locator('live-shop-viewer[mini][docked]');
  await mini.getByRole('region', { name: 'Mini-player' }).waitFor({ timeout: 20_000 });
  await playing(shop, 'live-shop-viewer[mini]');
  await mini.locator('live-shop-product-card').getByRole('button', { name: 'Buy now' }).waitFor();
  const dock = await boxOf(mini.getByRole('region', { name: 'Mini-player' }));
  assert.ok(dock.x + dock.width > 1280 - 20 && dock.y + dock.height > 800 - 20, 'docked bottom right');
  if (SCREENSHOTS) await shop.screenshot({ path: path.join(SCREENSHOTS, 'mini-player.png') });
  await mini.getByRole('button', { name: 'Back to the show' }).click();
  await shop.waitForURL(server.storefrontUrl);
  const back = viewerOf(shop);
  await back.locator('live-shop-player').waitFor();
  assert.equal(await back.getAttribute('docked'), null, 'in its place again');
  await playing(shop, 'live-shop-viewer');
  await shop.context().close();
});
