/**
 * A shopper with only a keyboard, on the demo storefront with the show live: Tab to the chat and
 * send, Tab to Buy now, to a reaction, to the mini-player and back, every stop with a visible focus.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, openShopAndStudio } from '../helpers/browser.js';

let server: RunningServer;
let browser: Browser;
let shopper: BrowserContext;
let storefront: Page;
let studio: Page;
let show: PublicShow;
let dataDir: string;

/** The focused element through shadow roots: its accessible name, and whether its focus is drawn. */
const FOCUSED = `(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el) return null;
  const style = getComputedStyle(el);
  const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent;
  return { name: (label || '').trim(), tag: el.localName, drawn };
})()`;

type Focused = { name: string; tag: string; drawn: boolean } | null;

/** Presses Tab (bounded) until the focused control's name matches; asserts its focus is visible. */
async function tabTo(page: Page, name: RegExp, limit = 80): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = (await page.evaluate(FOCUSED)) as Focused;
    if (now && name.test(now.name)) {
      assert.ok(now.drawn, `the focus on "${now.name}" is visible`);
      return;
    }
    seen.push(now?.name.slice(0, 30) ?? '(none)');
  }
  assert.fail(`${name} not reached in ${limit} tabs; went through: ${seen.join(' | ')}`);
}

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-keyboard-'));
  server = await startServer({ dataDir });
  const showId = new URL(server.studioUrl).searchParams.get('show')!;
  show = (await (await fetch(`${server.origin}/api/shows/${showId}`)).json()) as PublicShow;
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  ({ shopper, storefront, studio } = await openShopAndStudio(browser, server));
  await studio.getByRole('button', { name: 'Go live' }).click();
  await studio.getByRole('button', { name: `Pin ${show.products[0]!.title}` }).click();
  const viewer = storefront.locator('live-shop-viewer');
  await viewer
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  await viewer.locator('live-shop-product-card').first().waitFor();
  await viewer.getByRole('button', { name: 'Send a heart' }).waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('keyboard only: chat, Buy now, a reaction, the mini-player and back', async () => {
  await storefront.locator('body').focus();
  // Chat: the message, then the display name it asks for.
  await tabTo(storefront, /^Chat message$/);
  await storefront.keyboard.type('Hello from the keyboard');
  await storefront.keyboard.press('Enter');
  await storefront.locator('live-shop-viewer').getByRole('textbox', { name: /name/i }).waitFor();
  // The chat moves the focus to the name it asks for.
  await storefront.waitForFunction(`(${FOCUSED})?.name.toLowerCase().includes('display name')`);
  await storefront.keyboard.type('Kay');
  await storefront.keyboard.press('Enter');
  await studio.locator('live-shop-studio').getByText('Hello from the keyboard').waitFor();

  // Buy now, from the top of the page.
  await storefront.locator('body').focus();
  await tabTo(storefront, /^Buy now$/);
  const [checkout] = await Promise.all([shopper.waitForEvent('page'), storefront.keyboard.press('Enter')]);
  await checkout.waitForURL(/\/checkout\/cs_local_[\w-]+$/, { timeout: 10_000 });
  await checkout.close();

  // A reaction: the studio counts it.
  await storefront.locator('body').focus();
  await tabTo(storefront, /^Send a heart$/);
  await storefront.keyboard.press('Enter');
  await studio
    .locator('live-shop-studio')
    .getByText(/1 reaction/)
    .waitFor({ timeout: 10_000 });

  // The mini-player docked in the page (Picture-in-Picture has its own tests): dock, move it to the
  // top with the arrow keys, and back.
  await storefront.locator('live-shop-viewer').evaluate((el) => el.setAttribute('docked-only', ''));
  await storefront.locator('body').focus();
  await tabTo(storefront, /^Mini-player$/);
  await storefront.keyboard.press('Enter');
  const dock = storefront.locator('live-shop-viewer').getByRole('region', { name: 'Mini-player' });
  await dock.waitFor();
  await tabTo(storefront, /^Move the mini-player$/);
  const before = (await dock.boundingBox())!;
  await storefront.keyboard.press('ArrowUp');
  await storefront.waitForFunction((y) => {
    const wrap = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('.stage-wrap')!;
    return wrap.getBoundingClientRect().y < y;
  }, before.y);
  await tabTo(storefront, /^Back to the show$/);
  await storefront.keyboard.press('Enter');
  await dock.waitFor({ state: 'detached' });
  assert.equal(await storefront.locator('live-shop-viewer').getAttribute('docked'), null);
});
