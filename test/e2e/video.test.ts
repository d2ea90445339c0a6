/**
 * Real live video end to end: the studio publishes Chromium's fake camera through the ingest to the
 * server's ffmpeg; the storefront plays the HLS with hls.js. Nothing mocked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../helpers/browser.js';

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
  studio = await (await loopbackContext(browser)).newPage();
  storefront = await (await loopbackContext(browser)).newPage();
  await studio.goto(server.studioUrl);
  await storefront.goto(server.storefrontUrl);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const viewer = () => storefront.locator('live-shop-viewer');
const status = async () => ((await (await fetch(`${server.origin}/api/shows/${show.id}`)).json()) as PublicShow).status;

/** The viewer's <video>: its time advances and it has decoded frames. */
async function videoProgress(): Promise<{ time: number; frames: number; width: number }> {
  return storefront.evaluate(() => {
    const player = document
      .querySelector('live-shop-viewer')!
      .shadowRoot!.querySelector('live-shop-player') as HTMLElement & {
      video: HTMLVideoElement | null;
    };
    const video = player.video;
    if (!video) return { time: 0, frames: 0, width: 0 };
    return {
      time: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
    };
  });
}

async function waitForPlayback(what: string) {
  const deadline = Date.now() + 30_000;
  let first = await videoProgress();
  while (Date.now() < deadline) {
    await storefront.waitForTimeout(500);
    const now = await videoProgress();
    if (now.width > 0 && now.time > first.time && now.frames > first.frames) return now;
    if (now.width === 0) first = now;
  }
  assert.fail(`${what}: the viewer's video did not play (${JSON.stringify(await videoProgress())})`);
}

test('Go live in the studio: the storefront plays the presenter within seconds', async () => {
  await studio.getByRole('button', { name: 'Go live' }).click();
  await viewer()
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  assert.equal(await status(), 'live');
  await waitForPlayback('after Go live');
});

test('a pin shows on the viewer while the video plays', async () => {
  await studio.getByRole('button', { name: `Pin ${show.products[0]!.title}` }).click();
  await viewer()
    .locator('live-shop-product-card')
    .filter({ hasText: show.products[0]!.title })
    .waitFor({ timeout: 10_000 });
});

test('the presenter reloads the studio: viewers see reconnecting, then the show resumes without a reload', async () => {
  await studio.reload();
  await viewer()
    .getByText(/reconnecting/i)
    .first()
    .waitFor({ timeout: 15_000 });
  assert.equal(await status(), 'reconnecting');
  await studio.getByRole('button', { name: 'Resume streaming' }).click();
  await viewer()
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  await waitForPlayback('after the presenter resumed');
});

test('a second pin a moment later, while the first stays', async () => {
  await storefront.waitForTimeout(1500);
  await studio.getByRole('button', { name: `Pin ${show.products[1]!.title}` }).click();
  await viewer()
    .locator('live-shop-product-card')
    .filter({ hasText: show.products[1]!.title })
    .waitFor({ timeout: 10_000 });
  // The recording goes on past the pin before the show ends.
  await storefront.waitForTimeout(2500);
});

test('End show: the viewer shows ended and the recording is kept as a replay', async () => {
  await studio.getByRole('button', { name: 'End show' }).click();
  const confirm = studio.getByRole('button', { name: /confirm/i });
  if (await confirm.count()) await confirm.click();
  await viewer().getByText(/ended/i).first().waitFor({ timeout: 15_000 });
  assert.equal(await status(), 'ended');
  const playlist = await (await fetch(`${server.origin}/hls/${show.id}/live.m3u8`)).text();
  assert.match(playlist, /#EXT-X-ENDLIST/);
});

/** Titles of the cards the viewer shows now (not the ones leaving). */
const cardTitles = () =>
  storefront.evaluate(() =>
    [
      ...document
        .querySelector('live-shop-viewer')!
        .shadowRoot!.querySelectorAll<HTMLElement & { product: { title: string } }>(
          'live-shop-product-card:not(.leaving)',
        ),
    ].map((c) => c.product.title),
  );
const seek = (to: 'start' | 'end') =>
  storefront.evaluate((to) => {
    const player = document
      .querySelector('live-shop-viewer')!
      .shadowRoot!.querySelector('live-shop-player') as HTMLElement & {
      video: HTMLVideoElement;
    };
    player.video.currentTime = to === 'start' ? 0 : Math.max(0, player.video.duration - 1);
  }, to);
async function cardsBecome(expected: string[], what: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if ((await cardTitles()).join() === expected.join()) return;
    await storefront.waitForTimeout(100);
  }
  assert.fail(`${what}: cards ${JSON.stringify(await cardTitles())}, expected ${JSON.stringify(expected)}`);
}

test('Watch the replay: the pins come back at their moments; seek to the start and they are gone, to the end and both show', async () => {
  await viewer().getByRole('button', { name: 'Watch the replay' }).click();
  await waitForPlayback('the replay');
  const [first, second] = [show.products[0]!.title, show.products[1]!.title];
  await seek('start');
  await cardsBecome([], 'the start of the recording, before any pin');
  await seek('end');
  await cardsBecome([first, second], 'the end of the recording, after both pins');
  await seek('start');
  await cardsBecome([], 'seek back: the cards leave again');
});
