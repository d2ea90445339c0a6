/**
 * A scheduled show end to end: the storefront waits on the pre-live screen (countdown, trailer,
 * Remind me), the presenter goes live from the studio with Chromium's fake camera, and the same
 * storefront page swaps to the player and plays, without a reload. Nothing mocked.
 */
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../helpers/browser.js';

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
  const studioUrl = new URL(server.studioUrl);
  const showId = studioUrl.searchParams.get('show')!;
  const hostToken = decodeURIComponent(/token=([^&]+)/.exec(studioUrl.hash)![1]!);
  // The host schedules the show (the studio's Schedule panel sends this same request).
  const res = await fetch(`${server.origin}/api/shows/${showId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      startsAt: Date.now() + 2 * 3_600_000,
      description: 'Pour-over basics, live.',
      trailer: { url: `${server.origin}/demo/kettle.svg`, kind: 'image' },
    }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  show = JSON.parse(text) as PublicShow;
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  studio = await (await loopbackContext(browser)).newPage();
  storefront = await (await loopbackContext(browser)).newPage();
  await storefront.goto(server.storefrontUrl);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const viewer = () => storefront.locator('live-shop-viewer');

/** The viewer's <video>: its time advances and it has decoded frames. */
async function videoProgress(): Promise<{ time: number; frames: number; width: number }> {
  return storefront.evaluate(() => {
    const player = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('live-shop-player') as
      (HTMLElement & { video: HTMLVideoElement | null }) | null;
    const video = player?.video;
    if (!video) return { time: 0, frames: 0, width: 0 };
    return {
      time: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
    };
  });
}

test('the storefront shows the pre-live screen: countdown, trailer, description, Remind me with the calendar', async () => {
  const preLive = viewer().locator('live-shop-pre-live');
  await preLive.waitFor({ timeout: 15_000 });
  const countdown = preLive.getByRole('timer', { name: 'Time until the show starts' });
  await countdown.waitFor();
  assert.match(await countdown.innerText(), /1 hr|2 hr/);
  assert.equal(await preLive.getByRole('img', { name: 'Trailer' }).getAttribute('src'), show.trailer!.url);
  await preLive.getByText('Pour-over basics, live.').waitFor();
  assert.equal(await viewer().locator('live-shop-player').count(), 0, 'no empty player');

  if (SCREENSHOTS) {
    // Tall enough that the viewer needs no scrolling (the shop's sticky header would cover its top).
    const size = storefront.viewportSize()!;
    await storefront.setViewportSize({ width: size.width, height: 1600 });
    await storefront
      .locator('live-shop-viewer')
      .screenshot({ path: path.join(SCREENSHOTS, 'storefront-pre-live.png') });
    await storefront.setViewportSize(size);
  }
  await preLive.getByRole('button', { name: 'Remind me' }).click();
  const calendar = preLive.getByRole('menuitem', { name: 'Add to calendar' });
  await calendar.waitFor();
  const ics = await fetch(new URL((await calendar.getAttribute('href'))!, server.origin));
  assert.match(ics.headers.get('content-type')!, /^text\/calendar/);
  assert.match(await ics.text(), /SUMMARY:/);
  await storefront.keyboard.press('Escape');
  // Marks this page: a reload would lose it.
  await storefront.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
});

test('the host goes live: the same page swaps the pre-live screen for the player and plays', async () => {
  await studio.goto(server.studioUrl);
  await studio.getByRole('button', { name: 'Go live' }).click();
  await viewer().locator('live-shop-player').waitFor({ timeout: 30_000 });
  assert.equal(await viewer().locator('live-shop-pre-live').count(), 0);
  const deadline = Date.now() + 30_000;
  let first = await videoProgress();
  let playing = false;
  while (!playing && Date.now() < deadline) {
    await storefront.waitForTimeout(500);
    const now = await videoProgress();
    playing = now.width > 0 && now.time > first.time && now.frames > first.frames;
    if (now.width === 0) first = now;
  }
  assert.ok(playing, `the viewer's video did not play (${JSON.stringify(await videoProgress())})`);
  assert.equal(await storefront.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true);
});

test('the public show page embeds the viewer and describes the show for link previews', async () => {
  const page = await (await loopbackContext(browser)).newPage();
  await page.goto(`${server.origin}/shows/${show.id}`);
  assert.equal(await page.title(), show.title);
  assert.equal(await page.locator('meta[property="og:image"]').getAttribute('content'), show.trailer!.url);
  await page.locator('live-shop-viewer').locator('live-shop-player').waitFor({ timeout: 15_000 });
  await page.close();
});
