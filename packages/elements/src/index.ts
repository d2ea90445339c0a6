export { LiveShopProductCard, type BuyDetail, type BuyErrorDetail, type CheckoutDetail } from './product-card/product-card.js';
export { LiveShopChat } from './chat/chat.js';
export { LiveShopPlayer } from './player/player.js';
export { LiveShopViewer } from './viewer/viewer.js';
export type { ProductPatch, HydrateProduct } from './viewer/hydration.js';
export type { CheckoutReturn } from './viewer/checkout-return.js';
export { LiveShopStudio } from './studio/studio.js';
export { ClientController } from './controllers/client-controller.js';
export { LiveShopClient, type LiveShopState, type LiveShopClientOptions, type ConnectionState } from '@live-shop/client';
export { LiveShopError, formatPrice } from '@live-shop/protocol';
export type {
  Product,
  ChatMessage,
  ShowStatus,
  PinsPayload,
  ErrorBody,
  Price,
  ShowSettings,
  SoldPayload,
  SalesSummary,
  CheckoutSession,
  Restriction,
  RestrictedViewer,
  ModerationState,
  ModeratorInfo,
  ModeratorInvite,
} from '@live-shop/protocol';
