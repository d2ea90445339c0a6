/**
 * Notify me past the permission prompt: a server with LIVE_SHOP_WEB_PUSH=1, a scheduled show, the
 * storefront's viewer with `push-worker` on the SDK's own worker, and notifications granted to the page
 * (what a shopper who clicks Allow has). Headless Chromium has no push service: its
 * pushManager.subscribe fails at once, so this proves the path up to there and the failure message.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { launchBrowser, loopbackContext } from '../helpers/browser.js';

const WORKER = '/sdk/live-shop-sw.js';

let server: RunningServer;
let browser: Browser;
let storefront: Page;
let show: PublicShow;

before(async () => {
  server = await startServer({ env: { LIVE_SHOP_WEB_PUSH: '1' } });
  const studioUrl = new URL(server.studioUrl);
  const showId = studioUrl.searchParams.get('show')!;
  const hostToken = decodeURIComponent(/token=([^&]+)/.exec(studioUrl.hash)![1]!);
  const res = await fetch(`${server.origin}/api/shows/${showId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ startsAt: Date.now() + 2 * 3_600_000 }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  show = JSON.parse(text) as PublicShow;
  browser = await launchBrowser();
  const context = await loopbackContext(browser);
  await context.grantPermissions(['notifications'], { origin: server.origin });
  storefront = await context.newPage();
  await storefront.goto(server.storefrontUrl);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const preLive = () => storefront.locator('live-shop-viewer').locator('live-shop-pre-live');

test('Notify me with permission granted: the worker registers, the push service fails, the shopper is told', async () => {
  assert.ok(show.webPushKey, 'the server hands out its VAPID public key');
  await preLive().waitFor({ timeout: 15_000 });
  await preLive().getByRole('button', { name: 'Remind me' }).click();
  assert.equal(await preLive().getByRole('menuitem', { name: 'Notify me' }).count(), 0, 'no worker, no Notify me');
  await storefront.keyboard.press('Escape');

  // What a merchant's page sets: the SDK's worker, served by the live-shop server on this page's origin.
  await storefront.locator('live-shop-viewer').evaluate((el, worker) => el.setAttribute('push-worker', worker), WORKER);
  await preLive().getByRole('button', { name: 'Remind me' }).click();
  await preLive().getByRole('menuitem', { name: 'Notify me' }).click();
  const status = preLive().locator('[part="reminder-status"]');
  await status.filter({ hasText: 'Notifications could not be turned on.' }).waitFor({ timeout: 20_000 });

  const page = await storefront.evaluate(async (worker) => {
    const registration = await navigator.serviceWorker.getRegistration(worker);
    return { permission: Notification.permission, worker: registration?.active?.scriptURL ?? null };
  }, WORKER);
  assert.equal(page.permission, 'granted');
  assert.equal(page.worker, `${server.origin}${WORKER}`, 'past the permission, the client registered the worker');
});
