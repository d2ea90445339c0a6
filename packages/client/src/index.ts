export {
  LiveShopClient,
  CHAT_CAP,
  initialState,
  type ConnectionState,
  type LiveShopState,
  type LiveShopClientOptions,
  type LiveShopClientEventMap,
  type You,
} from './client.js';
export { credentialKey, type CredentialStorage } from './credential.js';
export type { SocketOptions, WebSocketConstructor, WebSocketLike } from './socket.js';
export { LiveShopError, formatPrice, type ErrorBody, type ChatMessage, type Product, type PinsPayload, type ShowStatus, type Role } from '@live-shop/protocol';
export type { ShowSettings, SoldPayload, StockPayload, SalesSummary, ProductSales, OrderSummary, CheckoutRequest, CheckoutSession } from '@live-shop/protocol';
export type { Restriction, RestrictedViewer, ModerationState, ModeratorInfo, ModeratorInvite, ModeratorInvitePayload } from '@live-shop/protocol';
