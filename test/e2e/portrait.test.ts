/**
 * A portrait show end to end: the presenter picks Portrait in the studio, Chromium's (fake) camera is
 * recorded in that shape, the server's ffmpeg keeps it, and the shopper's player is 9:16 before the
 * first frame.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { probe } from '../../packages/server/src/testing/media.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, openShopAndStudio } from '../helpers/browser.js';
import { eventually, publicShow } from '../helpers/commerce.js';

let server: RunningServer;
let browser: Browser;
let storefront: Page;
let studio: Page;
let showId: string;

before(async () => {
  server = await startServer();
  showId = new URL(server.studioUrl).searchParams.get('show')!;
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  ({ storefront, studio } = await openShopAndStudio(browser, server, { viewport: { width: 1366, height: 768 } }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const player = () => storefront.locator('live-shop-viewer live-shop-player');

test('Portrait, picked before going live, reaches the shopper’s player before any video', async () => {
  await studio.getByLabel('Orientation').selectOption('portrait');
  await eventually(
    'the show is portrait',
    () => publicShow(server, showId),
    (s) => s.settings.orientation === 'portrait',
  );
  await storefront.locator('live-shop-viewer live-shop-player[orientation="portrait"]').waitFor();
  const stage = await player().evaluate((el) => {
    const r = el.shadowRoot!.querySelector('[part="base"]')!.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  assert.ok(stage.height > stage.width, `a tall stage: ${JSON.stringify(stage)}`);
});

test('going live records and serves a 9:16 picture (the studio program, kept by ffmpeg)', async () => {
  await studio.getByRole('button', { name: 'Go live' }).click();
  await eventually(
    'the show is live',
    () => publicShow(server, showId),
    (s) => s.status === 'live',
    30_000,
  );
  assert.equal(await studio.getByLabel('Orientation').isDisabled(), true, 'fixed once live');
  const playlist = await (await fetch(`${server.origin}/hls/${showId}/live.m3u8`)).text();
  const first = playlist.split('\n').find((line) => line && !line.startsWith('#'))!;
  const video = (await probe(`${server.origin}/hls/${showId}/${first}`)).streams.find((s) => s.codec_type === 'video')!;
  assert.ok(video.width! < video.height!, `portrait HLS: ${video.width}×${video.height}`);
  assert.ok(Math.abs(video.width! / video.height! - 9 / 16) < 0.01, `9:16: ${video.width}×${video.height}`);
});
