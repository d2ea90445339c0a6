/** Debian Chromium through playwright-core, with the flags this machine needs and only loopback reachable. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** Chromium's fake camera and microphone, granted without a prompt; media may autoplay with sound. */
export const FAKE_MEDIA_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** A context that aborts every request leaving loopback (nothing here may touch the internet). */
export async function loopbackContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route(
    (url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}

/** A shopper on the demo storefront and the presenter in the studio, each in their own context (own storage, own tabs). */
export async function openShopAndStudio(
  browser: Browser,
  urls: { storefrontUrl: string; studioUrl: string },
  options: Parameters<Browser['newContext']>[0] = {},
  /** Scripts each page runs before its own (e.g. a stamped camera, a frame decoder). */
  initScripts: { storefront?: string[]; studio?: string[] } = {},
): Promise<{ shopper: BrowserContext; storefront: Page; studioContext: BrowserContext; studio: Page }> {
  const shopper = await loopbackContext(browser, { viewport: { width: 1280, height: 900 }, ...options });
  const studioContext = await loopbackContext(browser, { viewport: { width: 1440, height: 1000 }, ...options });
  const [storefront, studio] = await Promise.all([shopper.newPage(), studioContext.newPage()]);
  for (const content of initScripts.storefront ?? []) await storefront.addInitScript({ content });
  for (const content of initScripts.studio ?? []) await studio.addInitScript({ content });
  await storefront.goto(urls.storefrontUrl);
  await studio.goto(urls.studioUrl);
  return { shopper, storefront, studioContext, studio };
}
