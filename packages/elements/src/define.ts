import { LiveShopChat } from './chat/chat.js';
import { LiveShopPlayer } from './player/player.js';
import { LiveShopProductCard } from './product-card/product-card.js';
import { LiveShopReactions } from './reactions/reactions.js';
import { LiveShopViewer } from './viewer/viewer.js';
import { defineElement as define } from './shared/define-element.js';

define('live-shop-product-card', LiveShopProductCard);
define('live-shop-chat', LiveShopChat);
define('live-shop-player', LiveShopPlayer);
define('live-shop-reactions', LiveShopReactions);
define('live-shop-viewer', LiveShopViewer);

/**
 * The studio is only ever used on the presenter's page, so storefronts don't pay for it: it is
 * loaded (and defined) as soon as a `<live-shop-studio>` is in the document, or when called.
 * Await `customElements.whenDefined('live-shop-studio')` to know when it is ready.
 */
export function loadStudio(): Promise<void> {
  return import('./studio/studio.js').then(({ LiveShopStudio }) => void define('live-shop-studio', LiveShopStudio));
}

// Importing this module on a server (Next.js, Astro SSR) must not throw: there is no document to watch there.
if (typeof document !== 'undefined') {
  const studios = document.getElementsByTagName('live-shop-studio');
  if (studios.length) void loadStudio();
  else {
    const watcher = new MutationObserver(() => {
      if (!studios.length) return;
      watcher.disconnect();
      void loadStudio();
    });
    watcher.observe(document, { childList: true, subtree: true });
  }
}

export { LiveShopChat, LiveShopPlayer, LiveShopProductCard, LiveShopReactions, LiveShopViewer };
export { LiveShopClient } from '@live-shop/client';
export { formatPrice, LiveShopError } from '@live-shop/protocol';
// Brings the `live-shop-*` entries of GlobalEventHandlersEventMap along with this entry point's types.
export type { LiveShopEventMap } from './events.js';
