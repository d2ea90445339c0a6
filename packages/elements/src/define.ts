import { LiveShopChat } from './chat/chat.js';
import { LiveShopPlayer } from './player/player.js';
import { LiveShopProductCard } from './product-card/product-card.js';
import { loadReactions } from './reactions/load.js';
import { LiveShopViewer } from './viewer/viewer.js';
import { defineElement as define } from './shared/define-element.js';

define('live-shop-product-card', LiveShopProductCard);
define('live-shop-chat', LiveShopChat);
define('live-shop-player', LiveShopPlayer);
define('live-shop-viewer', LiveShopViewer);

/**
 * The studio is only ever used on the presenter's page, so storefronts don't pay for it: it is
 * loaded (and defined) as soon as a `<live-shop-studio>` is in the document, or when called.
 * Await `customElements.whenDefined('live-shop-studio')` to know when it is ready.
 */
export function loadStudio(): Promise<void> {
  return import('./studio/studio.js').then(({ LiveShopStudio }) => void define('live-shop-studio', LiveShopStudio));
}

/** Loads `load` once a `tag` is in the document (now, or when one is added). */
function whenUsed(tag: string, load: () => Promise<void>): void {
  const found = document.getElementsByTagName(tag);
  if (found.length) return void load();
  const watcher = new MutationObserver(() => {
    if (!found.length) return;
    watcher.disconnect();
    void load();
  });
  watcher.observe(document, { childList: true, subtree: true });
}

// Importing this module on a server (Next.js, Astro SSR) must not throw: there is no document to watch there.
if (typeof document !== 'undefined') {
  whenUsed('live-shop-studio', loadStudio);
  // The viewer loads reactions itself (they are in its shadow root); this is for a page using the tag alone.
  whenUsed('live-shop-reactions', loadReactions);
}

export { loadReactions };
export { LiveShopChat, LiveShopPlayer, LiveShopProductCard, LiveShopViewer };
export { LiveShopClient } from '@live-shop/client';
export { formatPrice, LiveShopError } from '@live-shop/protocol';
// Brings the `live-shop-*` entries of GlobalEventHandlersEventMap along with this entry point's types.
export type { LiveShopEventMap } from './events.js';
