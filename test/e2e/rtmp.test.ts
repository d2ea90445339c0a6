/**
 * OBS into the local pipeline, end to end: the studio shows the RTMP URL and stream key, a real
 * encoder (ffmpeg, a test pattern with a tone, as OBS would send) publishes there, and the storefront
 * plays the show. Nothing mocked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import type { PublicShow } from '@live-shop/protocol';
import { publishTestPattern, type RtmpPublisher } from '../../packages/server/src/testing/rtmp.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { launchBrowser, loopbackContext } from '../helpers/browser.js';

let server: RunningServer;
let browser: Browser;
let storefront: Page;
let studio: Page;
let encoder: RtmpPublisher | undefined;

before(async () => {
  server = await startServer({ env: { LIVE_SHOP_RTMP_PORT: '0' } });
  browser = await launchBrowser();
  studio = await (await loopbackContext(browser)).newPage();
  storefront = await (await loopbackContext(browser)).newPage();
  await studio.goto(server.studioUrl);
  await storefront.goto(server.storefrontUrl);
});

after(async () => {
  await encoder?.stop();
  await browser?.close();
  await server?.stop();
});

/** The storefront's <video>: current time and decoded frames. */
const progress = () =>
  storefront.evaluate(() => {
    const player = document
      .querySelector('live-shop-viewer')!
      .shadowRoot!.querySelector('live-shop-player') as HTMLElement & { video: HTMLVideoElement | null };
    const video = player?.video;
    return video
      ? { time: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth }
      : { time: 0, frames: 0, width: 0 };
  });

test('an encoder pushing to the RTMP URL shown in the studio: the storefront plays it', async () => {
  const url = await studio.locator('#ingest-url').inputValue({ timeout: 20_000 });
  const key = await studio.locator('#ingest-key').inputValue();
  assert.match(url, /^rtmp:\/\/(localhost|127\.0\.0\.1):\d+\/live$/);
  assert.match(key, /^ls_/);

  // Go live as the host (the studio's own button would also publish its camera: one publisher per show).
  const studioUrl = new URL(server.studioUrl);
  const showId = studioUrl.searchParams.get('show')!;
  const token = new URLSearchParams(studioUrl.hash.slice(1)).get('token')!;
  const host = io(server.origin, { transports: ['websocket'], auth: { show: showId, token } });
  try {
    const ack = (await host.timeout(5000).emitWithAck('show:start', {})) as { ok: boolean };
    assert.equal(ack.ok, true, JSON.stringify(ack));
  } finally {
    host.close();
  }
  encoder = publishTestPattern(`${url}/${key}`, 60);

  const deadline = Date.now() + 40_000;
  let first = await progress();
  let last = first;
  while (Date.now() < deadline) {
    await storefront.waitForTimeout(500);
    last = await progress();
    if (last.width > 0 && last.time > first.time && last.frames > first.frames) break;
    if (last.width === 0) first = last;
  }
  assert.ok(last.width === 640 && last.time > first.time, `the storefront plays the encoder: ${JSON.stringify(last)}`);
  const show = (await (await fetch(`${server.origin}/api/shows/${showId}`)).json()) as PublicShow;
  assert.equal(show.status, 'live');
  assert.ok(!JSON.stringify(show).includes(key), 'the public show never holds the stream key');
});
