/**
 * The server's `/sdk/live-shop.js` (not an npm entry: npm builds import `define.js`). It defines
 * `<live-shop-viewer>` at once and every other element from its own chunk when its tag is in the
 * document: the viewer loads its player, chat and product card (one chunk) and its stage's layout as
 * it connects, so they arrive during the socket handshake instead of weighing on the first load.
 * Mux playback is registered too.
 */
import './mux.js';
import { LiveShopViewer } from './viewer/viewer.js';
import { defineElement } from './shared/define-element.js';
import { autoload, loadReactions, loadStudio, loadViewerParts } from './shared/parts.js';

defineElement('live-shop-viewer', LiveShopViewer);
autoload({
  'live-shop-player': loadViewerParts,
  'live-shop-chat': loadViewerParts,
  'live-shop-product-card': loadViewerParts,
  'live-shop-reactions': loadReactions,
  'live-shop-studio': loadStudio,
});

export { loadReactions, loadStudio, loadViewerParts };
export { LiveShopViewer };
export { LiveShopClient } from '@live-shop/client';
export { formatPrice, LiveShopError } from '@live-shop/protocol';
export type { LiveShopEventMap } from './events.js';
