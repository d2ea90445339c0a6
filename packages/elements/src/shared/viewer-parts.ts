// The viewer's parts as one module, so the /sdk bundle loads them as one chunk (see parts.ts), with the
// part names the viewer and the studio forward (exportparts).
export { LiveShopChat } from '../chat/chat.js';
export { LiveShopPlayer } from '../player/player.js';
export { LiveShopProductCard } from '../product-card/product-card.js';
export { CARD_PARTS, CHAT_PARTS, OVERLAYS_PARTS, PLAYER_PARTS, REACTIONS_PARTS } from './exported-parts.js';
// The viewer's pinned cards in step with the video (viewer/pinned-cards.ts): only the stage shows them.
export { PinnedCards } from '../viewer/pinned-cards.js';
