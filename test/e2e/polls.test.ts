/**
 * Polls as people use them: the CLI in demo mode, the host starting a poll in the studio, two
 * shoppers (two browser profiles: two viewer ids) voting on the storefront, all in Debian Chromium.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { launchBrowser, loopbackContext, openShopAndStudio } from '../helpers/browser.js';

let server: RunningServer;
let browser: Browser;
let first: Page;
let second: Page;
let secondContext: BrowserContext;
let studio: Page;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-e2e-polls-'));
  server = await startServer({ dataDir });
  browser = await launchBrowser();
  ({ storefront: first, studio } = await openShopAndStudio(browser, server));
  secondContext = await loopbackContext(browser, { viewport: { width: 1280, height: 900 } });
  second = await secondContext.newPage();
  await second.goto(server.storefrontUrl);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;

const studioEl = () => studio.locator('live-shop-studio');
const viewerOf = (page: Page) => page.locator('live-shop-viewer');

test('two shoppers vote on the host’s poll and both see the right totals, then the final results', async () => {
  const console = studioEl();
  await console.getByRole('button', { name: 'Go live' }).waitFor();
  await console.getByRole('textbox', { name: 'Question' }).fill('Which colour next?');
  await console.getByRole('textbox', { name: 'Option 1' }).fill('Red');
  await console.getByRole('textbox', { name: 'Option 2' }).fill('Blue');
  await console.getByRole('button', { name: 'Start poll' }).click();

  for (const [page, choice] of [
    [first, 'Red'],
    [second, 'Blue'],
  ] as const) {
    const poll = viewerOf(page).getByRole('group', { name: 'Which colour next?' });
    await poll.getByRole('button', { name: choice, exact: true }).click();
  }
  for (const page of [first, second]) {
    const viewer = viewerOf(page);
    await viewer.getByText('Red: 50%').waitFor();
    await viewer.getByText('Blue: 50%').waitFor();
    await viewer.getByText('2 votes').waitFor();
  }
  await viewerOf(first).getByText('Your vote').waitFor();
  assert.equal(await viewerOf(first).getByRole('button', { name: 'Red', exact: true }).count(), 0, 'voted: no buttons');
  await console.getByText('Red: 1 (50%)').waitFor();
  if (SCREENSHOTS) {
    await viewerOf(first).screenshot({ path: path.join(SCREENSHOTS, 'storefront-poll.png') });
    // A narrower, taller window stacks the studio (the page scrolls, not the panels): the whole panel in one shot.
    const size = studio.viewportSize()!;
    await studio.setViewportSize({ width: 900, height: 1400 });
    await console.locator('[part="engage"]').screenshot({ path: path.join(SCREENSHOTS, 'studio-polls.png') });
    await studio.setViewportSize(size);
  }

  // A reload keeps the shopper's vote: still results, not buttons.
  await second.reload();
  await viewerOf(second).getByText('Blue: 50%').waitFor();
  assert.equal(await viewerOf(second).getByRole('button', { name: 'Blue', exact: true }).count(), 0);

  await console.getByRole('button', { name: 'End poll' }).click();
  for (const page of [first, second]) await viewerOf(page).getByText('Final results').waitFor();
});
