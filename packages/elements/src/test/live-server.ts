import type { CreatedShow } from '@live-shop/protocol';

/**
 * The real reference server web-test-runner started for this run (web-test-runner.config.mjs):
 * its URL, and fresh shows created on the Node side (the admin key never enters the page).
 */
export async function liveServer(): Promise<{ url: string; createShow(): Promise<CreatedShow> }> {
  const { url } = (await (await fetch('/__live-shop-server')).json()) as { url: string };
  return {
    url,
    createShow: async () => (await (await fetch('/__live-shop-server/new-show')).json()) as CreatedShow,
  };
}
