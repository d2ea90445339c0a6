/**
 * Co-hosts end to end: the host's studio and a guest each in their own Chromium with their own fake
 * camera (a red and a blue y4m clip made here with ffmpeg), WebRTC between them, the host's program
 * (composited in the studio) published to the server's ffmpeg and played by the storefront's hls.js.
 * The storefront's decoded picture says who is on stage: red left and blue right in side by side.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../helpers/browser.js';
import { type Halves, makeColourClip, sampleHalves, waitForHalves } from '../helpers/stage.js';

const SCREENSHOTS = process.env.LIVE_SHOP_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/screenshots')
  : null;
const GUEST = 'Bea Guest';

let clips: string;
let server: RunningServer;
let hostBrowser: Browser;
let guestBrowser: Browser;
let studio: Page;
let storefront: Page;
let guest: Page;
let link: string;

before(async () => {
  clips = await mkdtemp(path.join(tmpdir(), 'live-shop-cohost-'));
  const [red, blue] = await Promise.all([makeColourClip(clips, 'red'), makeColourClip(clips, 'blue')]);
  server = await startServer();
  // Two browser processes, as on two machines: each has its own fake camera.
  [hostBrowser, guestBrowser] = await Promise.all([
    launchBrowser([...FAKE_MEDIA_ARGS, `--use-file-for-fake-video-capture=${red}`]),
    launchBrowser([...FAKE_MEDIA_ARGS, `--use-file-for-fake-video-capture=${blue}`]),
  ]);
  studio = await (await loopbackContext(hostBrowser, { viewport: { width: 1440, height: 1000 } })).newPage();
  storefront = await (await loopbackContext(hostBrowser)).newPage();
  guest = await (await loopbackContext(guestBrowser, { viewport: { width: 1280, height: 900 } })).newPage();
  await Promise.all([studio.goto(server.studioUrl), storefront.goto(server.storefrontUrl)]);
});

after(async () => {
  await Promise.all([hostBrowser?.close(), guestBrowser?.close()]);
  await server?.stop();
  if (clips) await rm(clips, { recursive: true, force: true });
});

const guestsPanel = () => studio.locator('live-shop-studio [part~="guests"]');
/** The guest's row in the host's Guests panel. */
const guestRow = (): Locator => guestsPanel().locator(`li[aria-label="${GUEST}"]`);
const where = () => guest.locator('live-shop-studio .where');
const layoutButton = (name: string) => guestsPanel().getByRole('radio', { name });

/** The guest's program `<video>` plays: its decoded frame count grows. */
async function guestProgramPlays(what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let first: Halves | null = null;
  let last: Halves | null = null;
  while (Date.now() < deadline) {
    last = await sampleHalves(guest, 'guest-program');
    if (first && last && last.frames > first.frames) return;
    first ??= last;
    await guest.waitForTimeout(250);
  }
  assert.fail(
    `${what}: the guest's program did not play (first ${JSON.stringify(first)}, last ${JSON.stringify(last)})`,
  );
}

test('the host invites a guest; the guest names themselves and joins backstage', async () => {
  await guestsPanel().getByRole('button', { name: 'Invite a guest' }).click();
  const input = guestsPanel().locator('input#guest-link');
  await input.waitFor({ timeout: 10_000 });
  link = await input.inputValue();
  const url = new URL(link);
  assert.equal(url.origin, server.origin);
  assert.match(url.hash, /^#token=./);
  assert.notEqual(url.hash, new URL(server.studioUrl).hash, 'a guest link, not the host token');

  await guest.goto(link);
  await guest.getByLabel('Your name on screen').fill(GUEST);
  await guest.getByRole('button', { name: 'Join backstage' }).click();
  await where()
    .filter({ hasText: /you are backstage/i })
    .waitFor({ timeout: 15_000 });
  await guestRow().waitFor({ timeout: 15_000 });
  await guestRow().getByRole('button', { name: 'Bring on stage' }).waitFor();
});

test('the host goes live: the storefront shows the host alone (red in both halves)', async () => {
  await studio.getByRole('button', { name: 'Go live' }).click();
  await storefront
    .locator('live-shop-viewer')
    .getByText(/^\s*live\s*$/i)
    .first()
    .waitFor({ timeout: 30_000 });
  await waitForHalves(storefront, 'storefront', { left: 'red', right: 'red' }, 'live, host alone');
});

test('the host brings the guest on stage: side by side, host red on the left, guest blue on the right', async () => {
  await guestRow().getByRole('button', { name: 'Bring on stage' }).click();
  // From solo, the first guest on stage switches the layout to side by side.
  await guestsPanel()
    .locator('[role="radio"][aria-checked="true"]', { hasText: 'Side by side' })
    .waitFor({ timeout: 10_000 });
  assert.equal(await layoutButton('Solo').getAttribute('aria-checked'), 'false');
  await guestRow().getByRole('button', { name: 'Send backstage' }).waitFor({ timeout: 10_000 });

  await waitForHalves(storefront, 'storefront', { left: 'red', right: 'blue' }, 'guest on stage');

  // The guest sees the program (who is on stage) and is told they are on stage, live.
  await where()
    .filter({ hasText: /you are on stage/i })
    .waitFor({ timeout: 15_000 });
  assert.match((await where().textContent()) ?? '', /viewers see and hear you/i);
  await guestProgramPlays('guest on stage');
  await waitForHalves(guest, 'guest-program', { left: 'red', right: 'blue' }, "the guest's program");

  if (SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
    // The studio fits the window: its Guests panel scrolls into view inside the panels under the preview.
    await studio.locator('live-shop-studio [part="guests"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await studio.screenshot({ path: path.join(SCREENSHOTS, 'studio-guest.png'), fullPage: true });
  }
});

test('the guest reloads the page: back on stage by itself (blue on the right again)', async () => {
  await guest.reload();
  await where()
    .filter({ hasText: /you are on stage/i })
    .waitFor({ timeout: 30_000 });
  assert.equal(await guest.getByRole('button', { name: 'Join backstage' }).count(), 0, 'joined without a click');
  // A new page: its program plays only once the host's studio linked to it again.
  await guestProgramPlays('after the guest reloaded');
  await waitForHalves(guest, 'guest-program', { left: 'red', right: 'blue' }, "the guest's program after reload");
  await waitForHalves(storefront, 'storefront', { left: 'red', right: 'blue' }, 'after the guest reloaded');
  await guestRow().getByRole('button', { name: 'Send backstage' }).waitFor();
});

test('the host removes the guest: only the host remains (red in both halves)', async () => {
  await guestRow()
    .getByRole('button', { name: `Remove ${GUEST}` })
    .click();
  await guestRow().waitFor({ state: 'detached', timeout: 15_000 });
  await waitForHalves(storefront, 'storefront', { left: 'red', right: 'red' }, 'guest removed');
  // The removed guest's link is revoked: their page no longer says they are on stage.
  const deadline = Date.now() + 15_000;
  let said = '';
  while (Date.now() < deadline) {
    said = (await where().count()) ? ((await where().first().textContent()) ?? '') : '';
    if (!/you are on stage/i.test(said)) break;
    await guest.waitForTimeout(250);
  }
  assert.doesNotMatch(said, /you are on stage/i);
});
