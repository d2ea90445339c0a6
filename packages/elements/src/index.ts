export { LiveShopProductCard, type BuyDetail } from './product-card/product-card.js';
export { LiveShopChat } from './chat/chat.js';
export { LiveShopPlayer } from './player/player.js';
export { LiveShopViewer } from './viewer/viewer.js';
export { LiveShopStudio } from './studio/studio.js';
export { ClientController } from './controllers/client-controller.js';
export { LiveShopClient, type LiveShopState, type LiveShopClientOptions, type ConnectionState } from '@live-shop/client';
export { LiveShopError, formatPrice } from '@live-shop/protocol';
export type { Product, ChatMessage, ShowStatus, PinsPayload, ErrorBody } from '@live-shop/protocol';
