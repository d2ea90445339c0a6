/**
 * The studio on a laptop screen (1366×768): everything a presenter needs while live is on the first
 * screen, panels scroll inside themselves, and the preview keeps playing after Go live.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import type { PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../helpers/browser.js';
import { eventually, publicShow } from '../helpers/commerce.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let studio: Page;
let show: PublicShow;

const LAPTOP = { width: 1366, height: 768 };

/** A paid order through the local test checkout, as a shopper's Pay would make. */
async function buy(productId: string): Promise<void> {
  const res = await fetch(`${server.origin}/api/shows/${show.id}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId, quantity: 1 }),
  });
  const { url } = (await res.json()) as { url: string };
  const paid = await fetch(`${server.origin}${url}/pay`, { method: 'POST', redirect: 'manual' });
  assert.equal(paid.status, 303, `pay: HTTP ${paid.status}`);
}

/** Boxes (viewport coordinates) of what must be on the first screen, and how big the page is. */
async function firstScreen(page: Page) {
  // No named helpers in here: tsx would wrap them in a `__name` call the page doesn't have.
  const [boxes, scrollHeight, scrollWidth] = await page.evaluate(() => {
    const root = document.querySelector('live-shop-studio')!.shadowRoot!;
    const chat = root.querySelector('live-shop-chat')!.shadowRoot!;
    const buttons = [...root.querySelectorAll('button')];
    const table = root.querySelector('[part="sales"] table');
    const elements = [
      buttons.find((b) => b.textContent!.trim() === 'Go live'),
      buttons.find((b) => b.textContent!.trim() === 'End show'),
      root.querySelector('[part="stage"]'),
      root.querySelector('.product.pinned'),
      chat.querySelector('[part="input"]'),
      chat.querySelector('[part="send-button"]'),
      root.querySelector('[part="sales"]'),
      table?.querySelector('thead th:last-child'),
      table?.querySelector('tbody tr td:last-child'),
    ];
    const rects = elements.map((el) => {
      const r = el?.getBoundingClientRect();
      return r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : null;
    });
    return [rects, document.documentElement.scrollHeight, document.documentElement.scrollWidth] as const;
  });
  const [goLive, endShow, preview, pinned, chatInput, send, salesPanel, lastColumn, lastCell] = boxes;
  return {
    scrollHeight,
    scrollWidth,
    goLive,
    endShow,
    preview,
    pinned,
    chatInput,
    send,
    salesPanel,
    lastColumn,
    lastCell,
  };
}

type Box = { top: number; bottom: number; left: number; right: number } | null;
const inside = (what: string, b: Box, outer: { top: number; bottom: number; left: number; right: number }) => {
  assert.ok(b, `${what} is on the page`);
  assert.ok(
    b.top >= outer.top - 0.5 &&
      b.bottom <= outer.bottom + 0.5 &&
      b.left >= outer.left - 0.5 &&
      b.right <= outer.right + 0.5,
    `${what} ${JSON.stringify(b)} is inside ${JSON.stringify(outer)}`,
  );
};
const screen = (w: number, h: number) => ({ top: 0, bottom: h, left: 0, right: w });

before(async () => {
  server = await startServer();
  const showId = new URL(server.studioUrl).searchParams.get('show')!;
  show = await publicShow(server, showId);
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  context = await loopbackContext(browser, { viewport: LAPTOP });
  studio = await context.newPage();
  await studio.goto(server.studioUrl);
  await studio.getByRole('button', { name: 'Go live' }).waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the preview keeps playing after Go live', async () => {
  await studio.getByRole('button', { name: 'Go live' }).click();
  await eventually(
    'the show is live',
    () => publicShow(server, show.id),
    (s) => s.status === 'live',
    30_000,
  );
  // New frames keep coming to the preview (a black preview has none, or its track ended).
  const frames = await studio.evaluate(async () => {
    const video = document
      .querySelector('live-shop-studio')!
      .shadowRoot!.querySelector<HTMLVideoElement>('[part="preview"]')!;
    const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
    let count = 0;
    for (; count < 10; count++) {
      const framed = await Promise.race([
        new Promise<boolean>((resolve) => video.requestVideoFrameCallback(() => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000)),
      ]);
      if (!framed) break;
    }
    // Not black: the fake camera's picture has bright and dark parts.
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 36 });
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0, 64, 36);
    const px = ctx.getImageData(0, 0, 64, 36).data;
    let brightest = 0;
    for (let i = 0; i < px.length; i += 4) brightest = Math.max(brightest, px[i]! + px[i + 1]! + px[i + 2]!);
    return { count, width: video.videoWidth, track: track?.readyState, paused: video.paused, brightest };
  });
  assert.deepEqual(frames, { ...frames, count: 10, track: 'live', paused: false });
  assert.ok(frames.brightest > 200, `the preview is not black (brightest pixel ${frames.brightest})`);
  assert.ok(frames.width > 0, 'the preview has a picture');
});

test('at 1366×768 the preview, Go live, End show, a pinned product and the chat input are on the first screen', async () => {
  for (const p of show.products.slice(0, 3)) await buy(p.id);
  await studio.getByRole('button', { name: `Pin ${show.products[0]!.title}` }).click();
  await studio.getByRole('button', { name: `Unpin ${show.products[0]!.title}` }).waitFor();
  await studio.locator('live-shop-studio [part="sales"] tbody tr').first().waitFor();
  const seen = await firstScreen(studio);
  assert.ok(seen.scrollHeight <= LAPTOP.height, `the page does not scroll (scrollHeight ${seen.scrollHeight})`);
  assert.ok(seen.scrollWidth <= LAPTOP.width, `no sideways scroll (scrollWidth ${seen.scrollWidth})`);
  const all = screen(LAPTOP.width, LAPTOP.height);
  inside('the preview', seen.preview, all);
  inside('Go live', seen.goLive, all);
  inside('End show', seen.endShow, all);
  inside('the pinned product', seen.pinned, all);
  inside('the chat input', seen.chatInput, all);
  inside('Send', seen.send, all);
});

test('the Sales table fits its panel: Conversion and Revenue are inside it', async () => {
  const seen = await firstScreen(studio);
  assert.ok(seen.salesPanel, 'the Sales panel is there');
  const panel = { ...seen.salesPanel, top: -Infinity, bottom: Infinity };
  inside('the Conversion header', seen.lastColumn, panel);
  inside('the last cell', seen.lastCell, panel);
});

test(
  'screenshot: the studio on a laptop while live, Sales and Moderation under the preview',
  { skip: !SCREENSHOTS },
  async () => {
    const shopper = io(server.origin, { auth: { show: show.id, name: 'Ada' }, transports: ['websocket'] });
    for (const text of ['Does the kettle work on induction?', 'Just ordered the dripper!'])
      await shopper.timeout(5000).emitWithAck('chat:send', { text });
    const studioEl = studio.locator('live-shop-studio');
    await studioEl.getByText('Just ordered the dripper!').waitFor();
    await studioEl.getByRole('textbox', { name: /message/i }).fill('Yes, it works on induction.');
    await studioEl.getByRole('textbox', { name: /message/i }).press('Enter');
    await studioEl.getByText('Yes, it works on induction.').waitFor();
    await studio.locator('live-shop-studio [part="sales"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await mkdir(SCREENSHOTS!, { recursive: true });
    await studio.screenshot({ path: path.join(SCREENSHOTS!, 'studio-laptop.png') });
    shopper.close();
  },
);

test('a long chat scrolls inside its log: the composer and End show stay on the screen', async () => {
  const shoppers = Array.from({ length: 8 }, (_, i) =>
    io(server.origin, { auth: { show: show.id, name: `Shopper ${i + 1}` }, transports: ['websocket'] }),
  );
  // Four each: under the per-connection chat limit.
  await Promise.all(
    shoppers.map(async (shopper, i) => {
      for (let n = 1; n <= 4; n++) {
        const ack = await shopper.timeout(5000).emitWithAck('chat:send', { text: `Question ${i + 1}.${n}` });
        assert.equal(ack.ok, true, JSON.stringify(ack));
      }
    }),
  );
  shoppers.forEach((shopper) => shopper.close());
  await studio.locator('live-shop-studio').getByText('Question 8.4').waitFor();
  const seen = await firstScreen(studio);
  assert.ok(seen.scrollHeight <= LAPTOP.height, `the page still does not scroll (${seen.scrollHeight})`);
  inside('the chat input', seen.chatInput, screen(LAPTOP.width, LAPTOP.height));
  inside('End show', seen.endShow, screen(LAPTOP.width, LAPTOP.height));
  const log = await studio.evaluate(() => {
    const chat = document.querySelector('live-shop-studio')!.shadowRoot!.querySelector('live-shop-chat')!;
    const el = chat.shadowRoot!.querySelector('[part="log"]')!;
    return { scrollHeight: el.scrollHeight, clientHeight: el.clientHeight };
  });
  assert.ok(log.scrollHeight > log.clientHeight, `the log scrolls inside itself: ${JSON.stringify(log)}`);
});

test('narrow windows stack the columns and the page background runs to the bottom', async () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 900, height: 800 },
    { width: 420, height: 800 },
  ]) {
    await studio.setViewportSize(viewport);
    const seen = await firstScreen(studio);
    assert.ok(seen.scrollWidth <= viewport.width, `${viewport.width}: no sideways scroll (${seen.scrollWidth})`);
    if (viewport.width < 980)
      assert.ok(
        seen.goLive!.top < seen.chatInput!.top && seen.chatInput!.top < seen.salesPanel!.top,
        `${viewport.width}: one column, preview and controls, then chat, then the panels`,
      );
    // A phone scrolls the table inside its panel; anything wider fits it.
    if (viewport.width >= 900) {
      const panel = { ...seen.salesPanel!, top: -Infinity, bottom: Infinity };
      inside(`${viewport.width}: the Conversion header`, seen.lastColumn, panel);
      inside(`${viewport.width}: the last cell`, seen.lastCell, panel);
    }
    const covered = await studio.evaluate(() => {
      const base = document.querySelector('live-shop-studio')!.shadowRoot!.querySelector('[part="base"]')!;
      return {
        bottom: base.getBoundingClientRect().bottom + scrollY,
        page: document.documentElement.scrollHeight,
        background: getComputedStyle(base).backgroundColor,
      };
    });
    assert.ok(
      covered.bottom >= covered.page - 1,
      `${viewport.width}: the studio covers the page (${JSON.stringify(covered)})`,
    );
    assert.notEqual(covered.background, 'rgba(0, 0, 0, 0)', `${viewport.width}: with its own background`);
  }
  await studio.setViewportSize(LAPTOP);
});
