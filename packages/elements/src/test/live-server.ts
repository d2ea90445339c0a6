import type { CreatedShow } from '@live-shop/protocol';

/**
 * The real reference server web-test-runner started for this run (web-test-runner.config.mjs):
 * its URL, and fresh shows created on the Node side (the admin key never enters the page).
 */
export async function liveServer(): Promise<{
  url: string;
  createShow(): Promise<CreatedShow>;
  /** A second server that does not allow this page's origin (LIVE_SHOP_ALLOWED_ORIGINS unset). */
  refusing: { url: string; createShow(): Promise<CreatedShow> };
  /** A third server with Web Push reminders on: its shows carry `webPushKey`. */
  push: { url: string; createShow(): Promise<CreatedShow> };
}> {
  const { url, refusingUrl, pushUrl } = (await (await fetch('/__live-shop-server')).json()) as {
    url: string;
    refusingUrl: string;
    pushUrl: string;
  };
  const createShow = (on: string) => async () =>
    (await (await fetch(`/__live-shop-server/new-show${on}`)).json()) as CreatedShow;
  return {
    url,
    createShow: createShow(''),
    refusing: { url: refusingUrl, createShow: createShow('?on=refusing') },
    push: { url: pushUrl, createShow: createShow('?on=push') },
  };
}
