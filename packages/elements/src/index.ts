export { LiveShopProductCard } from './product-card/product-card.js';
export {
  LiveShopEvent,
  type LiveShopEventName,
  type LiveShopEventMap,
  type BuyDetail,
  type BuyErrorDetail,
  type CheckoutDetail,
  type ConnectionErrorDetail,
  type ErrorDetail,
  type ProductsDetail,
  type ChatSendDetail,
  type NameChangeDetail,
  type SignInDetail,
  type ChatDeleteDetail,
  type ChatTimeoutDetail,
  type ChatBanDetail,
  type LiveShopBuyEvent,
  type LiveShopCheckoutEvent,
  type LiveShopBuyErrorEvent,
  type LiveShopConnectionErrorEvent,
  type LiveShopErrorEvent,
  type LiveShopProductsEvent,
  type LiveShopChatSendEvent,
  type LiveShopChatNameChangeEvent,
  type LiveShopNameChangeEvent,
  type LiveShopSignInEvent,
  type LiveShopChatDeleteEvent,
  type LiveShopChatTimeoutEvent,
  type LiveShopChatBanEvent,
  type LiveShopPlayerReadyEvent,
  type LiveShopPlayerErrorEvent,
  type PlayerErrorDetail,
  type LiveShopMiniPlayerEvent,
  type MiniPlayerDetail,
  type MiniPlayerMode,
  type ReactDetail,
  type LiveShopReactEvent,
} from './events.js';
export { LiveShopChat } from './chat/chat.js';
export { LiveShopPlayer } from './player/player.js';
export { LiveShopReactions } from './reactions/reactions.js';
export { LiveShopViewer } from './viewer/viewer.js';
export type { ProductPatch, HydrateProduct } from './viewer/hydration.js';
export type { CheckoutReturn } from '@live-shop/client';
export { LiveShopStudio } from './studio/studio.js';
// The co-host program (studio only: not in the viewer's define.js / CDN bundle).
export { Compositor, type Tile, type CompositorOptions, type CompositorStats } from './studio/stage/compositor.js';
export { AudioMixer, type AudioInputOptions } from './studio/stage/audio-mixer.js';
export { tileRects, tileGap, type Rect } from './studio/stage/layout.js';
export { ClientController } from './controllers/client-controller.js';
export {
  LiveShopClient,
  type LiveShopState,
  type LiveShopClientOptions,
  type ConnectionState,
} from '@live-shop/client';
export { LiveShopError, formatPrice } from '@live-shop/protocol';
export type {
  Product,
  ChatMessage,
  ShowStatus,
  PinsPayload,
  ErrorBody,
  Price,
  ShowSettings,
  ReactionKind,
  ReactionCounts,
  SoldPayload,
  SalesSummary,
  CheckoutSession,
  Restriction,
  RestrictedViewer,
  ModerationState,
  ModeratorInfo,
  ModeratorInvite,
} from '@live-shop/protocol';
