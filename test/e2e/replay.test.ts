/**
 * A shoppable replay end to end, on real pictures: the presenter's camera stamps its clock into every
 * frame (as bench:latency does), the show goes live through the real ingest and ffmpeg, two products
 * are pinned and a shopper chats; after End show the storefront's replay re-runs the pins and chat
 * at their moments (measured from the decoded stamps), seeks either way, jumps to a chapter, and a
 * Buy now from the replay becomes an order attributed to the replay.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatPrice, type PublicShow, type TimelinePage } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, openShopAndStudio } from '../helpers/browser.js';
import { adminKey, eventually } from '../helpers/commerce.js';
import { CARD_FLIPS, FRAME_DECODER, replaySyncErrors, STAMPED_CAMERA, type CardFlip } from '../helpers/stamps.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;

let server: RunningServer;
let browser: Browser;
let storefront: Page;
let studio: Page;
let show: PublicShow;

before(async () => {
  server = await startServer();
  const showId = new URL(server.studioUrl).searchParams.get('show')!;
  show = (await (await fetch(`${server.origin}/api/shows/${showId}`)).json()) as PublicShow;
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  ({ storefront, studio } = await openShopAndStudio(
    browser,
    server,
    {},
    {
      studio: [STAMPED_CAMERA],
      storefront: [FRAME_DECODER, CARD_FLIPS],
    },
  ));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const viewer = () => storefront.locator('live-shop-viewer');
const frames = () => storefront.evaluate(() => (window as unknown as { __frames: unknown[] }).__frames.length);
const flips = () => storefront.evaluate(() => (window as unknown as { __flips: CardFlip[] }).__flips);
const cardIds = () =>
  storefront.evaluate(() =>
    [
      ...document
        .querySelector('live-shop-viewer')!
        .shadowRoot!.querySelectorAll<HTMLElement & { product: { id: string } }>(
          'live-shop-product-card:not(.leaving)',
        ),
    ].map((c) => c.product.id),
  );
/** The replay's <video> and the server time of its frame on screen. */
const position = () =>
  storefront.evaluate(() => {
    const player = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('live-shop-player') as
      (HTMLElement & { video: HTMLVideoElement | null; currentPdt: number | null }) | null;
    return { time: player?.video?.currentTime ?? 0, pdt: player?.currentPdt ?? null };
  });
const setTime = (time: number) =>
  storefront.evaluate((time) => {
    const player = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('live-shop-player') as
      (HTMLElement & { video: HTMLVideoElement }) | null;
    player!.video.currentTime = time;
  }, time);

async function pinsOfTimeline(): Promise<{ at: number; productIds: string[] }[]> {
  const page = (await (await fetch(`${server.origin}/api/shows/${show.id}/timeline`)).json()) as TimelinePage;
  return page.entries.flatMap((e) => (e.kind === 'pins' ? [e] : []));
}

test('a live show: two pins a few seconds apart and a shopper chatting, then End show', async () => {
  await studio.getByRole('button', { name: 'Go live' }).click();
  await viewer()
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  await eventually('stamped frames decode on the storefront', frames, (n) => n > 30, 30_000);
  await studio.waitForTimeout(1500);
  await studio.getByRole('button', { name: `Pin ${show.products[0]!.title}` }).click();
  await eventually('the first card', cardIds, (ids) => ids.includes(show.products[0]!.id), 10_000);
  const input = viewer().getByRole('textbox', { name: /message/i });
  await input.fill('Does it come in black?');
  await viewer().getByRole('button', { name: 'Send', exact: true }).click();
  const nameField = viewer().getByRole('textbox', { name: /name/i });
  await nameField.fill('Grace');
  await nameField.press('Enter');
  await viewer().getByText('Does it come in black?').waitFor();
  await studio.waitForTimeout(2500);
  await studio.getByRole('button', { name: `Pin ${show.products[1]!.title}` }).click();
  await eventually('the second card', cardIds, (ids) => ids.includes(show.products[1]!.id), 10_000);
  await studio.waitForTimeout(2500);
  await studio.getByRole('button', { name: 'End show' }).click();
  const confirm = studio.getByRole('button', { name: /confirm/i });
  if (await confirm.count()) await confirm.click();
  await viewer().getByRole('button', { name: 'Watch the replay' }).waitFor({ timeout: 15_000 });
});

test('the replay shows each card within 150 ms of its moment on the picture, and the chat as it was said', async () => {
  await storefront.evaluate(() => ((window as unknown as { __flips: unknown[] }).__flips.length = 0));
  await viewer().getByRole('button', { name: 'Watch the replay' }).click();
  const pins = await pinsOfTimeline();
  assert.deepEqual(
    pins.map((p) => p.productIds),
    [[show.products[0]!.id], [show.products[0]!.id, show.products[1]!.id]],
  );
  // The replay starts before the first pin (no card), then both come back at their moments.
  await eventually('the replay starts with no card', cardIds, (ids) => ids.length === 0, 15_000);
  await eventually('both cards come back as the replay plays', cardIds, (ids) => ids.length === 2, 30_000);
  const { errors, missed } = replaySyncErrors(await flips(), pins);
  const seen = JSON.stringify({ errors, flips: await flips(), pins });
  if (process.env.REPLAY_DEBUG) console.log('replay sync errors', errors);
  assert.equal(missed, 0, seen);
  // The goal is ±150 ms at p95, measured over many pins by bench:latency (p50 41 ms, p95 81 ms); one
  // sample here may miss it by a segment (0.25 s) on a loaded machine, a wrong clock by seconds.
  for (const error of errors) assert.ok(Math.abs(error) <= 400, `a card ${error} ms from its picture: ${seen}`);
  const [, both] = pins.map((p) => p.productIds.join());
  const flipsToBoth = (await flips()).filter((f) => f.cards === both).length;
  assert.equal(flipsToBoth, 1, `the second card comes once, no flicker: ${seen}`);
  await viewer().locator('live-shop-chat').getByText('Does it come in black?').waitFor();
});

test('seek back to the start: the cards and the chat are gone; forward again: back, each once', async () => {
  await setTime(0);
  await eventually('no card before the first pin', cardIds, (ids) => ids.length === 0, 10_000);
  assert.equal(await viewer().locator('live-shop-chat').getByText('Does it come in black?').count(), 0);
  const { time } = await position();
  await setTime(time + 60); // past the end: the last moment
  const both = [show.products[0]!.id, show.products[1]!.id].join();
  await eventually('both cards', cardIds, (ids) => ids.join() === both, 10_000);
  assert.equal(await viewer().locator('live-shop-chat').getByText('Does it come in black?').count(), 1);
});

test('a chapter under the video seeks the replay to its product', async () => {
  const [first] = await pinsOfTimeline();
  const chapter = viewer().getByRole('button', { name: new RegExp(`^${show.products[0]!.title}`) });
  await chapter.click();
  await eventually(
    'the replay is at the first pin',
    position,
    (p) => p.pdt !== null && Math.abs(p.pdt - first!.at) < 1000,
    10_000,
  );
  await eventually('only the first card', cardIds, (ids) => ids.join() === show.products[0]!.id, 10_000);
  assert.equal(await chapter.getAttribute('aria-current'), 'true');
  if (SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
    await storefront.locator('live-shop-viewer').screenshot({ path: path.join(SCREENSHOTS, 'storefront-replay.png') });
  }
});

test("Buy now on the replay: the order is the replay's", async () => {
  const product = show.products[0]!;
  const card = viewer().locator('live-shop-product-card').filter({ hasText: product.title });
  const [popup] = await Promise.all([
    storefront.context().waitForEvent('page', { timeout: 5000 }),
    card.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  await popup.waitForURL(/\/checkout\/cs_local_[\w-]+$/, { timeout: 10_000 });
  await popup.getByRole('button', { name: `Pay ${formatPrice(product.price)}` }).click();
  await popup.getByText('Thanks for your order!').first().waitFor({ timeout: 10_000 });
  const analytics = async () => {
    const res = await fetch(`${server.origin}/api/shows/${show.id}/analytics`, {
      headers: { authorization: `Bearer ${adminKey(server)}` },
    });
    return (await res.json()) as {
      minutes: { source: string; orders: number }[];
      funnel: { productId: string; source: string; orders: number }[];
    };
  };
  const seen = await eventually(
    'the order in the analytics',
    analytics,
    (a) => a.minutes.some((m) => m.source === 'replay' && m.orders === 1),
    10_000,
  );
  assert.deepEqual(
    seen.funnel.filter((f) => f.orders > 0).map((f) => [f.productId, f.source, f.orders]),
    [[product.id, 'replay', 1]],
  );
});
