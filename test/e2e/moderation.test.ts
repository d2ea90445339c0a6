/**
 * Moderation as people use it: the CLI in demo mode, a shopper on the storefront, the host in the
 * studio inviting a moderator who opens their own studio link, all in Debian Chromium.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { launchBrowser, loopbackContext, openShopAndStudio } from '../helpers/browser.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;

let server: RunningServer;
let browser: Browser;
let storefront: Page;
let studio: Page;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-e2e-mod-'));
  server = await startServer({ dataDir });
  browser = await launchBrowser();
  ({ storefront, studio } = await openShopAndStudio(browser, server));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const viewer = () => storefront.locator('live-shop-viewer');
const studioEl = () => studio.locator('live-shop-studio');

async function say(text: string, name?: string): Promise<void> {
  const input = viewer().getByRole('textbox', { name: /message/i });
  await input.fill(text);
  await viewer().getByRole('button', { name: 'Send', exact: true }).click();
  if (name) {
    const nameField = viewer().getByRole('textbox', { name: /name/i });
    await nameField.fill(name);
    await nameField.press('Enter');
  }
}

test('the host invites a moderator; the moderator studio has chat and moderation only', async () => {
  await studioEl().getByRole('button', { name: 'Go live' }).waitFor();
  await studioEl()
    .getByRole('button', { name: /invite moderator/i })
    .click();
  const link = studioEl().getByRole('textbox', { name: /moderator link/i });
  await link.waitFor();
  const url = await link.inputValue();
  assert.match(url, new RegExp(`^${server.origin}/studio\\?show=[\\w-]+#token=lsh2\\.`));

  const modContext = await loopbackContext(browser, { viewport: { width: 1280, height: 900 } });
  const mod = await modContext.newPage();
  await mod.goto(url);
  const modStudio = mod.locator('live-shop-studio');
  await modStudio
    .getByText(/moderating/i)
    .first()
    .waitFor();
  assert.equal(await modStudio.getByRole('button', { name: 'Go live' }).count(), 0, 'no Go live for moderators');
  assert.equal(await modStudio.getByRole('button', { name: /^pin /i }).count(), 0, 'no pins for moderators');
  await modStudio.getByRole('combobox', { name: /slow mode/i }).waitFor();
  await modContext.close();
});

test('a banned shopper is told, stays banned after a reload and a new name, and the host can unban', async () => {
  await say('Buy followers at cheap-follows.example', 'Spammer');
  await studioEl().getByText('Buy followers at cheap-follows.example').waitFor();
  await studioEl()
    .getByRole('button', { name: /more actions for message from spammer/i })
    .first()
    .click();
  await studioEl()
    .getByRole('button', { name: /^ban spammer/i })
    .click();

  await viewer()
    .getByText(/can't chat in this show/i)
    .waitFor();
  await studioEl().getByText('Buy followers at cheap-follows.example').waitFor({ state: 'detached' });
  await viewer().getByText('Buy followers at cheap-follows.example').waitFor({ state: 'detached' });
  if (SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
    // The studio fits the window: the banned viewer shows inside the Moderation panel under the chat.
    await studioEl()
      .getByText(/timed out and banned/i)
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await studio.screenshot({ path: path.join(SCREENSHOTS, 'studio-moderation.png'), fullPage: true });
    await storefront.screenshot({ path: path.join(SCREENSHOTS, 'storefront-banned.png') });
  }

  // A reload (same browser storage) and a new name: still the same viewer, still banned.
  await storefront.evaluate(() => localStorage.setItem('live-shop:name', 'TotallyNew'));
  await storefront.reload();
  await viewer()
    .getByText(/can't chat in this show/i)
    .waitFor();

  await studioEl()
    .getByRole('button', { name: /unban spammer/i })
    .click();
  await viewer()
    .getByText(/can't chat in this show/i)
    .waitFor({ state: 'detached' });
  await say('Sorry, it will not happen again');
  await studioEl().getByText('Sorry, it will not happen again').waitFor();
});

test('the blocklist holds a message back until a moderator approves it', async () => {
  const terms = studioEl().getByRole('textbox', { name: /blocked words/i });
  await terms.fill('discount-code');
  await studioEl()
    .getByRole('button', { name: /save blocklist/i })
    .click();
  await say('Use my discount-code FREE50');
  await viewer()
    .getByText(/held for review/i)
    .waitFor();
  // A second shopper does not see it.
  const other = await loopbackContext(browser);
  const otherPage = await other.newPage();
  await otherPage.goto(server.storefrontUrl);
  await otherPage.locator('live-shop-viewer').getByText('Sorry, it will not happen again').waitFor();
  assert.equal(await otherPage.locator('live-shop-viewer').getByText('Use my discount-code FREE50').count(), 0);
  await studioEl()
    .getByRole('button', { name: /approve message from totallynew/i })
    .first()
    .click();
  await otherPage.locator('live-shop-viewer').getByText('Use my discount-code FREE50').waitFor();
  await other.close();
});
