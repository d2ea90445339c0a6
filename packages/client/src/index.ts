export {
  LiveShopClient,
  CHAT_CAP,
  initialState,
  type ConnectionState,
  type LiveShopState,
  type LiveShopClientOptions,
  type LiveShopClientEventMap,
} from './client.js';
export { LiveShopError, formatPrice, type ErrorBody, type ChatMessage, type Product, type PinsPayload, type ShowStatus, type Role } from '@live-shop/protocol';
export type { ShowSettings, SoldPayload, StockPayload, SalesSummary, ProductSales, OrderSummary, CheckoutRequest, CheckoutSession } from '@live-shop/protocol';
